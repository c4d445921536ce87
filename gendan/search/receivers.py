"""Model signals keep the search index in step with the records.

The index is derived data, like a database index: updating it is no business logic, so
``post_save``/``post_delete`` receivers are the right place for it, and every write path
(pages, API, imports, mail ingest) is covered without knowing about search.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from gendan.catalog.models import Product
from gendan.comms.models import Attachment, Message
from gendan.comms.signals import message_change_deferred, messages_changed
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from .models import Kind
from .services import (
    search_index,
    search_index_messages,
    search_reindex_message,
    search_remove,
    search_set_team_of_customer_records,
)

INDEXED: dict[type, str] = {
    Customer: Kind.CUSTOMER,
    Contact: Kind.CONTACT,
    Order: Kind.ORDER,
    Product: Kind.PRODUCT,
    Message: Kind.MESSAGE,
}


def _saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the fixtures' rows are indexed by search_reindex
        return
    if sender is Message and message_change_deferred(instance.pk):
        return  # stored with its attachments: indexed once, by messages_changed
    search_index(instance)
    if sender is Customer and not kwargs.get("created"):
        search_set_team_of_customer_records(instance)


def _deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    search_remove(INDEXED[sender], instance.pk)


def _attachment_changed(
    sender: type, instance: Attachment, raw: bool = False, **kwargs: Any
) -> None:
    if not raw and not message_change_deferred(instance.message_id):
        search_reindex_message(instance.message_id)


def _messages_changed(sender: type, ids: list[int], **kwargs: Any) -> None:
    search_index_messages(ids)


def connect() -> None:
    messages_changed.connect(_messages_changed, dispatch_uid="search-messages-changed")
    for model in INDEXED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    post_save.connect(_attachment_changed, sender=Attachment, dispatch_uid="search-attachment-save")
    post_delete.connect(
        _attachment_changed, sender=Attachment, dispatch_uid="search-attachment-delete"
    )
