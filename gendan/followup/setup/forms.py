"""Forms of the set-up pages: the SOP template editor and the calendar's exceptions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gendan.accounts.models import Role
from gendan.catalog.models import Category
from gendan.core.forms import DateInput, StyledForm, StyledFormMixin, model_choice
from gendan.customers.models import Customer

from ..models import Anchor, CalendarSide, Evidence, SopStep
from .services import StepInput

MAX_STEPS = 60


def step_key(text: str) -> str:
    """The key the service derives from a name or a typed key: lower case, underscores."""
    return slugify(text or "").replace("-", "_")[:50]


def split_keys(text: str) -> list[str]:
    """ "deposit_received, po_to_factory" (or one per line) -> the keys, in order, once each."""
    keys: list[str] = []
    for part in re.split(r"[,;\s]+", text or ""):
        key = step_key(part)
        if key and key not in keys:
            keys.append(key)
    return keys


class LookupSelectMultiple(forms.SelectMultiple):
    """A multiple select that renders only the chosen options; the rest load as you type."""

    def __init__(self, lookup_url: str | Promise, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**(attrs or {}), "data-lookup-multi": lookup_url})

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            # Read only the chosen rows, never the whole (possibly long) customer list.
            rows = queryset.filter(pk__in=[v for v in chosen if v.isdigit()]) if chosen else []
            choices = [choices.choice(obj) for obj in rows]  # type: ignore[attr-defined]
        groups = []
        for index, (option_value, label) in enumerate(choices):
            value_str = str(getattr(option_value, "value", option_value))
            if value_str in chosen:
                option = self.create_option(name, option_value, label, True, index)  # type: ignore[arg-type]
                groups.append((None, [option], index))
        return groups


class SopTemplateForm(StyledForm):
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(label=_("description"), max_length=255, required=False)
    is_default = forms.BooleanField(
        label=_("Default template"),
        required=False,
        help_text=_("Orders of customers and categories without a template of their own use it."),
    )
    customers = forms.ModelMultipleChoiceField(
        label=_("for customers"),
        queryset=Customer.objects.none(),
        required=False,
        widget=LookupSelectMultiple(reverse_lazy("customers:lookup")),
        help_text=_("Their orders use this template, before any category's."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("for product categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-enhance": ""}),
        help_text=_("Orders with products of these categories use it."),
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=255,
        required=False,
        help_text=_(
            "Shown in the version history, e.g. “Inspection 2 days earlier for EU buyers”."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, customers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "customers").queryset = customers


class StepForm(StyledFormMixin, forms.Form):
    key = forms.CharField(
        label=_("key"),
        max_length=50,
        required=False,
        help_text=_("Leave empty to make one from the English name."),
        widget=forms.TextInput(
            attrs={
                "class": "font-monospace",
                "data-step-key": "",
                "placeholder": _("from the name"),
            }
        ),
    )
    name = forms.CharField(label=_("name (English)"), max_length=100, required=False)
    name_zh = forms.CharField(label=_("name (Chinese)"), max_length=100, required=False)
    owner_role = forms.ChoiceField(
        label=_("owner role"), choices=Role.choices, initial=Role.MERCHANDISER
    )
    # Shorter labels than the models' so a step fits on two lines of the editor.
    anchor = forms.ChoiceField(
        label=_("counted from"),
        choices=[
            (Anchor.DEPENDENCIES, _("Dependencies")),
            (Anchor.CONFIRMED, _("Confirmation")),
            (Anchor.SHIP_DATE, _("Ship date")),
        ],
    )
    offset_days = forms.IntegerField(
        label=_("working days"),
        min_value=-365,
        max_value=365,
        initial=0,
        help_text=_("Negative: before the ship date."),
    )
    lead_days = forms.IntegerField(
        label=_("needs after its dependencies"),
        min_value=0,
        max_value=365,
        initial=1,
        required=False,
        help_text=_("Working days; for steps counted from the confirmation or the ship date."),
    )
    depends_on = forms.CharField(
        label=_("depends on"),
        max_length=2000,
        required=False,
        help_text=_("Keys of the steps it waits for, separated by commas."),
        widget=forms.TextInput(
            attrs={"list": "step-keys", "data-step-deps": "", "autocomplete": "off"}
        ),
    )
    evidence = forms.ChoiceField(
        label=_("evidence required"),
        choices=[
            (Evidence.NONE, _("None")),
            (Evidence.FILE, _("A file")),
            (Evidence.INSPECTION, _("Inspection passed")),
            (Evidence.PAYMENT, _("Payment received")),
        ],
    )
    customer_visible = forms.BooleanField(label=_("customer sees it"), required=False)
    calendar_side = forms.ChoiceField(
        label=_("calendar"),
        choices=[
            (CalendarSide.FACTORY, _("Factory")),
            (CalendarSide.CUSTOMER, _("Customer's country")),
        ],
    )
    is_ship_step = forms.BooleanField(
        label=_("ship step"),
        required=False,
        widget=forms.CheckboxInput(attrs={"data-ship-step": ""}),
    )
    done_on_confirm = forms.BooleanField(label=_("done when confirmed"), required=False)
    message_template = forms.CharField(
        label=_("message template"),
        max_length=100,
        required=False,
        help_text=_("Code of the message to the customer when it is done."),
    )

    def clean_key(self) -> str:
        return step_key(self.cleaned_data.get("key", ""))

    def clean_depends_on(self) -> list[str]:
        return split_keys(self.cleaned_data.get("depends_on", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("key"):
            data["key"] = step_key(data.get("name", ""))
        if data.get("anchor") != Anchor.DEPENDENCIES and data.get("lead_days") is None:
            data["lead_days"] = 1
        return data

    @property
    def is_blank(self) -> bool:
        """A new row the user added and left empty: ignored rather than an error."""
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("name_zh") or self.data.get(f"{self.prefix}-key"))

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            key=data["key"],
            name=data.get("name", ""),
            name_zh=data.get("name_zh", ""),
            owner_role=data["owner_role"],
            anchor=data["anchor"],
            offset_days=data.get("offset_days") or 0,
            depends_on=data.get("depends_on") or [],
            evidence=data["evidence"],
            customer_visible=bool(data.get("customer_visible")),
            lead_days=data["lead_days"] if data.get("lead_days") is not None else 1,
            calendar_side=data["calendar_side"],
            is_ship_step=bool(data.get("is_ship_step")),
            done_on_confirm=bool(data.get("done_on_confirm")),
            message_template=(data.get("message_template") or "").strip(),
        )


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].widget.attrs.update(
            {"class": "form-control form-control-sm", "min": "1", "aria-label": _("position")}
        )
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def kept_forms(self) -> list[StepForm]:
        """The rows to save, in the order the user put them (ORDER), without removed rows."""
        return [
            form
            for form in self.ordered_forms
            if not form.cleaned_data.get("DELETE") and not form.is_blank
        ]

    def step_inputs(self) -> list[StepInput]:
        return [form.step_input() for form in self.kept_forms()]


def step_formset(*, extra: int = 0) -> type[BaseStepFormSet]:
    return forms.formset_factory(  # type: ignore[return-value]
        StepForm,
        formset=BaseStepFormSet,
        extra=extra,
        can_delete=True,
        can_order=True,
        max_num=MAX_STEPS,
        validate_max=True,
    )


def step_initial(step: SopStep) -> dict[str, Any]:
    """A stored step as the editor's row shows it."""
    return {
        "key": step.key,
        "name": step.name,
        "name_zh": step.name_zh,
        "owner_role": step.owner_role,
        "anchor": step.anchor,
        "offset_days": step.offset_days,
        "lead_days": step.lead_days,
        # No space after the comma: the picker (Tom Select) splits on "," alone.
        "depends_on": ",".join(dep.key for dep in step.depends_on.all()),
        "evidence": step.evidence,
        "customer_visible": step.customer_visible,
        "calendar_side": step.calendar_side,
        "is_ship_step": step.is_ship_step,
        "done_on_confirm": step.done_on_confirm,
        "message_template": step.message_template,
        "ORDER": step.position,
    }


class CalendarDayForm(StyledForm):
    date_from = forms.DateField(label=_("date"), widget=DateInput)
    date_to = forms.DateField(
        label=_("until (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("For a range, e.g. the whole Chinese New Year shutdown."),
    )
    is_working = forms.TypedChoiceField(
        label=_("the factory"),
        choices=[("0", _("is closed (day off)")), ("1", _("works (working day)"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect(attrs={"class": "form-selectgroup-input"}),
    )
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Longer Chinese New Year break")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day is not None and not (dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31)):
                self.add_error(name, _("Choose a day between 2000 and 2100."))
        return data


class CountryPreviewForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Customer country"),
        choices=lambda: [("", _("Choose a country")), *countries],
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-enhance": ""}),
    )


class PreviewForm(forms.Form):
    """An example order for the template preview: confirmed on a day, promised N days later."""

    confirmed = forms.DateField(
        label=_("Confirmed on"), required=False, widget=DateInput(attrs={"class": "form-control"})
    )
    days = forms.IntegerField(
        label=_("Promised in (days)"),
        min_value=1,
        max_value=730,
        required=False,
        initial=60,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    country = forms.ChoiceField(
        label=_("Customer country"),
        choices=lambda: [("", _("Same as the factory")), *countries],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_confirmed(self) -> dt.date | None:
        day = self.cleaned_data.get("confirmed")
        if day is not None and not (dt.date(2000, 1, 1) <= day <= dt.date(2099, 12, 31)):
            raise forms.ValidationError(_("Choose a day between 2000 and 2099."))
        return day
