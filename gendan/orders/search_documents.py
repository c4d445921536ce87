"""What the search box finds of orders; registered in ``ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gendan.core.registry import SearchDocument, search_document_register

from .models import Order
from .selectors import orders_visible


def order_document(order: Order) -> dict[str, Any]:
    return {
        "team_id": order.team_id,
        "title": order.number,
        "keys": order.customer_po,
        "text": "\n".join(part for part in (order.incoterm_place, order.notes) if part),
    }


def register() -> None:
    search_document_register(
        SearchDocument(
            "order", Order, order_document,
            lambda user: orders_visible(user).select_related("customer"),
            label=_("Orders"), position=10, customer_path="customer_id",
        )
    )  # fmt: skip
