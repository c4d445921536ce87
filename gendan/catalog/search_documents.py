"""What the search box finds of products (everyone may); registered in ``ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gendan.core.registry import SearchDocument, search_document_register

from .models import Product


def product_document(product: Product) -> dict[str, Any]:
    return {
        "team_id": None,
        "title": product.name,
        "keys": "\n".join(part for part in (product.sku, product.name_zh) if part),
        "text": "\n".join(part for part in (product.hs_code, product.description) if part),
    }


def register() -> None:
    search_document_register(
        SearchDocument(
            "product", Product, product_document,
            lambda user: Product.objects.select_related("category"),
            label=_("Products"), position=50,
        )
    )  # fmt: skip
