"""Importing products from spreadsheets (the columns of the product export)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gendan.dataio.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ChoiceParser,
    ImportContext,
    Importer,
    ImportField,
    ParsedRow,
    WriteUnit,
    bulk_filter,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_text,
    same_values,
)

from .models import Category, Product, Unit
from .services import category_get_or_create, product_create, product_update

PRODUCT_SERVICE_FIELDS = [
    "name", "name_zh", "description", "hs_code", "unit", "units_per_carton", "carton_length_cm",
    "carton_width_cm", "carton_height_cm", "net_weight_kg", "gross_weight_kg", "is_active",
]  # fmt: skip

units = ChoiceParser(lambda: Unit.choices)


def parse_hs_code(value: Any, ctx: ImportContext | None = None) -> str:
    """An HS code; typed into Excel as a number, 8516.10 arrives as 8516.1 and is mended."""
    if isinstance(value, float) and not value.is_integer():
        text = format(value, ".15g")
        head, _dot, tail = text.partition(".")
        # HS subheadings come in pairs of digits; a dropped trailing zero is the only loss.
        return f"{head}.{tail}0" if len(tail) % 2 else text
    return parse_text(value)


class ProductImporter(Importer):
    kind = "products"
    permission = "products.change"
    list_url_name = "catalog:list"

    def title(self) -> str:
        return _("products")

    def fields(self) -> list[ImportField]:
        return [
            ImportField("sku", _lazy("SKU"), required=True),
            ImportField("name", _lazy("English name")),
            ImportField("name_zh", _lazy("Chinese name")),
            ImportField("category", _lazy("Category")),
            ImportField("hs_code", _lazy("HS code"), parse_hs_code),
            ImportField("unit", _lazy("Unit"), units),
            ImportField("units_per_carton", _lazy("Units per carton"), parse_int),
            ImportField("carton_length_cm", _lazy("Carton length (cm)"), parse_decimal),
            ImportField("carton_width_cm", _lazy("Carton width (cm)"), parse_decimal),
            ImportField("carton_height_cm", _lazy("Carton height (cm)"), parse_decimal),
            ImportField("net_weight_kg", _lazy("Net weight per carton (kg)"), parse_decimal),
            ImportField("gross_weight_kg", _lazy("Gross weight per carton (kg)"), parse_decimal),
            ImportField("cbm", _lazy("CBM per carton"), ignored=True),
            ImportField("is_active", _lazy("Active"), parse_bool),
            ImportField("description", _lazy("Specification")),
        ]

    def plan(self, ctx: ImportContext, rows: list[ParsedRow]) -> list[WriteUnit]:
        # Every row is checked, also one with a cell that could not be read, so that all of
        # a row's problems are reported at once; a failed row is never written.
        live = list(rows)
        existing = {
            p.sku: p
            for p in bulk_filter(
                Product.objects.all(), "sku", [r.get("sku") for r in live if r.has("sku")]
            )
        }
        ctx.cache["categories"] = {c.name.lower(): c for c in Category.objects.all()}
        units: list[WriteUnit] = []
        seen: dict[str, int] = {}
        for row in live:
            sku = row.get("sku")
            if not sku:
                ctx.error(row, "sku", _("Give the SKU."))
                continue
            if sku in seen:
                ctx.error(
                    row, "sku", _("This product is already in row %(row)s.") % {"row": seen[sku]}
                )
                continue
            seen[sku] = row.number
            product = existing.get(sku)
            if product is None and "name" not in row.raw:
                ctx.error(row, "name", _("Give the English name of the new product."))
                continue
            units.append(WriteUnit(rows=[row], data=product))
        return units

    def write(self, ctx: ImportContext, unit: WriteUnit) -> str:
        row = unit.rows[0]
        fields = {key: row.get(key) for key in PRODUCT_SERVICE_FIELDS if row.has(key)}
        if row.has("category"):
            # Not cached once created: a failed row's savepoint takes a new category with it.
            name = row.get("category")
            fields["category"] = ctx.cache["categories"].get(
                name.lower()
            ) or category_get_or_create(name)
        product: Product | None = unit.data
        if product is None:
            product_create(actor=ctx.user, sku=row.get("sku"), name=fields.pop("name"), **fields)
            return CREATE
        if same_values(product, fields):
            return UNCHANGED
        saved = product_update(actor=ctx.user, product=product, expected_version=None, **fields)
        return UNCHANGED if saved.version == product.version else UPDATE
