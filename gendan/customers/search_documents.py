"""What the search box finds of customers and contacts; registered in ``ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gendan.core.registry import SearchDocument, search_document_register

from .models import Contact, Customer
from .selectors import contacts_visible, customers_visible


def _join(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def customer_document(customer: Customer) -> dict[str, Any]:
    return {
        "team_id": customer.team_id,
        "title": customer.name,
        "keys": _join(customer.code, customer.domain),
        "text": _join(customer.city, customer.website, customer.address, customer.notes),
    }


def contact_document(contact: Contact) -> dict[str, Any]:
    return {
        "team_id": contact.team_id,
        "title": contact.name,
        "keys": _join(contact.email, contact.phone, contact.whatsapp, contact.wechat),
        "text": _join(contact.title, contact.skype, contact.notes),
    }


def register() -> None:
    search_document_register(
        SearchDocument(
            "customer", Customer, customer_document,
            lambda user: customers_visible(user).select_related("owner"),
            label=_("Customers"), position=20,
        )
    )  # fmt: skip
    search_document_register(
        SearchDocument(
            "contact", Contact, contact_document,
            lambda user: contacts_visible(user).select_related("customer"),
            label=_("Contacts"), position=40, customer_path="customer_id",
        )
    )  # fmt: skip
