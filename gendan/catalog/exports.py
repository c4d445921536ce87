"""Excel export of the product list, with the list's filters."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.core.xlsx import Column
from gendan.dataio.exporting import ExportSpec, queryset_spec

from .selectors import PRODUCT_SORTS, product_list


def product_columns() -> list[Column]:
    return [
        Column(_("SKU"), lambda p: p.sku, 14),
        Column(_("English name"), lambda p: p.name, 30),
        Column(_("Chinese name"), lambda p: p.name_zh, 20),
        Column(_("Category"), lambda p: p.category.name if p.category else "", 16),
        Column(_("HS code"), lambda p: p.hs_code, 12),
        Column(_("Unit"), lambda p: p.unit, 8),
        Column(_("Units per carton"), lambda p: p.units_per_carton, 10),
        Column(_("Carton length (cm)"), lambda p: p.carton_length_cm, 10),
        Column(_("Carton width (cm)"), lambda p: p.carton_width_cm, 10),
        Column(_("Carton height (cm)"), lambda p: p.carton_height_cm, 10),
        Column(_("Net weight per carton (kg)"), lambda p: p.net_weight_kg, 10),
        Column(_("Gross weight per carton (kg)"), lambda p: p.gross_weight_kg, 10),
        Column(_("CBM per carton"), lambda p: p.carton_cbm, 10),
        Column(_("Active"), lambda p: _("yes") if p.is_active else _("no"), 8),
        Column(_("Specification"), lambda p: p.description, 40),
    ]


def product_export(*, user: User, params: QueryDict) -> ExportSpec:
    from .views import filters_from_params

    _form, filters = filters_from_params(params)
    qs = product_list(filters=filters).order_by(PRODUCT_SORTS.get(filters.sort, "sku"), "pk")[
        : settings.EXPORT_MAX_ROWS
    ]
    return queryset_spec(
        qs, filename="products", sheet_title=_("Products"), columns=product_columns()
    )
