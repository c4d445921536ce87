from __future__ import annotations

from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gendan.accounts.models import User
from gendan.catalog.models import Product, Unit
from gendan.core.forms import DateInput, LookupSelect, StyledForm, StyledFormMixin, model_choice
from gendan.core.money import COMMON_CURRENCIES, currency_choices, minor_units
from gendan.customers.models import Contact, Customer

from .models import Incoterm, OrderStatus, PaymentTerm


class CurrencySelect(forms.Select):
    """Each option says how many decimals the currency has, for the running total."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-digits"] = str(minor_units(str(value)))
        return option


class OrderForm(StyledForm):
    customer = forms.ModelChoiceField(
        label=_("customer"),
        queryset=Customer.objects.none(),
        widget=LookupSelect(reverse_lazy("customers:lookup")),
    )
    contact = forms.ModelChoiceField(
        label=_("contact"), queryset=Contact.objects.none(), required=False
    )
    customer_po = forms.CharField(label=_("customer PO number"), max_length=60, required=False)
    order_date = forms.DateField(label=_("PI date"), widget=DateInput)
    currency = forms.ChoiceField(
        label=_("currency"), choices=currency_choices, widget=CurrencySelect
    )
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices)
    incoterm_place = forms.CharField(
        label=_("named place"), max_length=100, help_text=_("e.g. Ningbo for FOB, Hamburg for CIF")
    )
    payment_term = forms.ChoiceField(label=_("payment terms"), choices=PaymentTerm.choices)
    deposit_percent = forms.DecimalField(
        label=_("deposit %"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        required=False,
    )
    payment_days = forms.IntegerField(
        label=_("payment days"), min_value=1, max_value=365, required=False
    )
    promised_ship_date = forms.DateField(label=_("promised ship date"), widget=DateInput)
    sales_owner = forms.ModelChoiceField(
        label=_("sales owner"), queryset=User.objects.none(), required=False
    )
    merchandiser = forms.ModelChoiceField(
        label=_("merchandiser"), queryset=User.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "customer").queryset = customers
        users = User.objects.filter(is_active=True).order_by("first_name", "username")
        model_choice(self, "sales_owner").queryset = users
        model_choice(self, "merchandiser").queryset = users
        self.fields["customer"].widget.attrs["hx-get"] = reverse_lazy("orders:contact_options")
        self.fields["customer"].widget.attrs["hx-target"] = "#id_contact"
        self.fields["customer"].widget.attrs["hx-trigger"] = "change"
        chosen = self.data.get("customer") or self.initial.get("customer")
        customer_id = getattr(chosen, "pk", chosen)
        if customer_id and str(customer_id).isdigit():
            model_choice(self, "contact").queryset = Contact.objects.filter(
                customer_id=int(customer_id)
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("payment_term") == PaymentTerm.TT and data.get("deposit_percent") is None:
            data["deposit_percent"] = Decimal("0")
        if data.get("payment_term") != PaymentTerm.TT:
            data["deposit_percent"] = Decimal("0")
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class LineForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    product = forms.ModelChoiceField(
        label=_("product"),
        queryset=Product.objects.all(),
        required=False,
        widget=LookupSelect(reverse_lazy("catalog:lookup")),
    )
    description = forms.CharField(label=_("description"), max_length=500, required=False)
    quantity = forms.DecimalField(
        label=_("quantity"), min_value=Decimal("0.001"), max_digits=14, decimal_places=3
    )
    unit = forms.ChoiceField(label=_("unit"), choices=Unit.choices, initial=Unit.PCS)
    unit_price = forms.DecimalField(
        label=_("unit price"), min_value=Decimal("0"), max_digits=16, decimal_places=4
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        blank = not data.get("product") and not (data.get("description") or "").strip()
        filled = "quantity" in data or "unit_price" in data
        if blank and filled and not data.get("DELETE"):
            raise forms.ValidationError(_("Choose a product or write a description."))
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("An order needs at least one line."))


def line_formset(*, extra: int):
    return forms.formset_factory(
        LineForm,
        formset=BaseLineFormSet,
        extra=extra,
        can_delete=True,
        max_num=500,
        validate_max=True,
    )


class OrderFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All statuses"))] + OrderStatus.choices, required=False
    )
    merchandiser = forms.ModelChoiceField(
        label=_("merchandiser"), queryset=User.objects.none(), required=False
    )
    currency = forms.ChoiceField(
        label=_("currency"),
        choices=[("", _("All currencies"))] + [(c, c) for c in COMMON_CURRENCIES],
        required=False,
    )
    ship_from = forms.DateField(label=_("ship from"), required=False, widget=DateInput)
    ship_to = forms.DateField(label=_("ship to"), required=False, widget=DateInput)
    customer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("ship_date", _("Ship date, soonest")),
            ("-ship_date", _("Ship date, latest")),
            ("number", _("PI number")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "merchandiser").queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "username"
        )
        model_choice(self, "merchandiser").empty_label = _("All merchandisers")
