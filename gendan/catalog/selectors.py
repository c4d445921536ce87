from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gendan.core.filtering import any_matches

from .models import Product

PRODUCT_SORTS = {"sku": "sku", "name": "name", "updated": "-updated_at"}
# What the search box looks in.
PRODUCT_SEARCH = ("sku__icontains", "name__icontains", "name_zh__icontains", "hs_code__startswith")


@dataclass
class ProductFilters:
    q: str = ""
    category: int | None = None
    active: bool | None = None
    sort: str = "sku"


def product_list(*, filters: ProductFilters) -> QuerySet[Product]:
    """Products are shared by all teams; every signed-in user may read them."""
    qs = Product.objects.select_related("category")
    if filters.q:
        qs = qs.filter(any_matches(filters.q.strip(), *PRODUCT_SEARCH))
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs


def product_get(*, pk: int) -> Product:
    return get_object_or_404(Product.objects.select_related("category"), pk=pk)
