"""Writes to products.  Pages, API, imports and commands all come here."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.concurrency import check_version
from gendan.core.services import apply_fields, validate

from .models import Category, Product

if TYPE_CHECKING:
    from typing_extensions import Unpack

PRODUCT_FIELDS = [
    "sku", "name", "name_zh", "description", "category", "hs_code", "unit", "units_per_carton",
    "carton_length_cm", "carton_width_cm", "carton_height_cm", "net_weight_kg", "gross_weight_kg",
    "is_active",
]  # fmt: skip


class ProductDetails(TypedDict, total=False):
    """A product's fields besides its SKU and name."""

    name_zh: str
    description: str
    category: Category | None
    hs_code: str
    unit: str
    units_per_carton: int | None
    carton_length_cm: Decimal | None
    carton_width_cm: Decimal | None
    carton_height_cm: Decimal | None
    net_weight_kg: Decimal | None
    gross_weight_kg: Decimal | None
    is_active: bool


class ProductChanges(ProductDetails, total=False):
    """What ``product_update`` may change."""

    sku: str
    name: str


def _clean(product: Product) -> None:
    product.sku = (product.sku or "").strip()
    product.name = (product.name or "").strip()
    product.hs_code = (product.hs_code or "").strip()


def category_get_or_create(name: str) -> Category | None:
    name = (name or "").strip()
    if not name:
        return None
    category, _created = Category.objects.get_or_create(name=name[:100])
    return category


@transaction.atomic
def product_create(
    *, actor: User | None, sku: str, name: str, **fields: Unpack[ProductDetails]
) -> Product:
    product = Product(sku=sku, name=name)
    apply_fields(product, dict[str, Any](fields), allowed=set(PRODUCT_FIELDS) - {"sku", "name"})
    _clean(product)
    validate(product)
    product.save()
    history_record(actor=actor, record=product, action=Action.CREATE)
    return product


@transaction.atomic
def product_update(
    *,
    actor: User | None,
    product: Product,
    expected_version: int | None,
    **fields: Unpack[ProductChanges],
) -> Product:
    locked = Product.objects.select_for_update().get(pk=product.pk)
    check_version(instance=locked, expected_version=expected_version)
    before = snapshot(locked, PRODUCT_FIELDS)
    apply_fields(locked, dict[str, Any](fields), allowed=set(PRODUCT_FIELDS))
    _clean(locked)
    validate(locked)
    changes = diff(before, snapshot(locked, PRODUCT_FIELDS))
    if changes:
        locked.version += 1
        locked.save()
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def product_delete(*, actor: User | None, product: Product) -> None:
    """A product on any order line is kept (deactivate it instead)."""
    try:
        history_record(actor=actor, record=product, action=Action.DELETE)
        product.delete()
    except models.ProtectedError:
        raise ValidationError(
            _("%(sku)s is on orders and cannot be deleted; mark it inactive instead.")
            % {"sku": product.sku}
        ) from None
