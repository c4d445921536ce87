from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.accounts.forms import VersionedModelForm
from gendan.core.forms import StyledForm

from .models import Category, Product


class ProductForm(VersionedModelForm):
    class Meta:
        model = Product
        fields = [
            "sku", "name", "name_zh", "category", "description", "hs_code", "unit", "units_per_carton",
            "carton_length_cm", "carton_width_cm", "carton_height_cm", "net_weight_kg", "gross_weight_kg",
            "is_active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProductFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
    )
    active = forms.ChoiceField(
        label=_("active"),
        required=False,
        choices=[
            ("", _("Active and inactive")),
            ("1", _("Active only")),
            ("0", _("Inactive only")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("sku", _("SKU")), ("name", _("Name")), ("updated", _("Recently changed"))],
    )
