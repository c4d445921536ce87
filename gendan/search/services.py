"""Keeping the search index in step with the records it describes.

``search_index(obj)`` writes one record's entry (one upsert); the receivers in
``receivers.py`` call it whenever a customer, contact, order, product, message or
attachment is saved, so pages, API, imports and mail ingest need not know about search.
Rows written with ``bulk_create`` (demo data, benchmarks) send no signals: run
``manage.py search_reindex`` after them, which calls ``search_reindex`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch, Subquery

from gendan.catalog.models import Product
from gendan.comms.mail.sanitize import html_to_text
from gendan.comms.models import Attachment, Message
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from .models import Kind, SearchEntry
from .text import index_text

# A long e-mail thread quotes itself over and over; what matters is near the top.
MAX_TEXT = 20_000
REINDEX_BATCH = 2_000


@dataclass
class Document:
    """What the index learns about one record."""

    kind: str
    object_id: int
    team_id: int | None
    title: str
    # Words that identify the record (codes, numbers, addresses): ranked like the title.
    keys: str
    text: str

    def entry(self) -> SearchEntry:
        title = " ".join(self.title.split())[:500]
        text = self.text[:MAX_TEXT]
        return SearchEntry(
            kind=self.kind,
            object_id=self.object_id,
            team_id=self.team_id,
            title=title,
            text=text,
            title_tokens=index_text(f"{title} {self.keys}"),
            tokens=index_text(text),
        )


def _join(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def customer_document(customer: Customer) -> Document:
    return Document(
        kind=Kind.CUSTOMER,
        object_id=customer.pk,
        team_id=customer.team_id,
        title=customer.name,
        keys=_join(customer.code, customer.domain),
        text=_join(customer.city, customer.website, customer.address, customer.notes),
    )


def contact_document(contact: Contact) -> Document:
    return Document(
        kind=Kind.CONTACT,
        object_id=contact.pk,
        team_id=contact.team_id,
        title=contact.name,
        keys=_join(contact.email, contact.phone, contact.whatsapp, contact.wechat),
        text=_join(contact.title, contact.skype, contact.notes),
    )


def order_document(order: Order) -> Document:
    return Document(
        kind=Kind.ORDER,
        object_id=order.pk,
        team_id=order.team_id,
        title=order.number,
        keys=order.customer_po,
        text=_join(order.incoterm_place, order.notes),
    )


def product_document(product: Product) -> Document:
    return Document(
        kind=Kind.PRODUCT,
        object_id=product.pk,
        team_id=None,
        title=product.name,
        keys=_join(product.sku, product.name_zh),
        text=_join(product.hs_code, product.description),
    )


def _addresses(people: Iterable[dict[str, str]]) -> list[str]:
    return [f"{p.get('name', '')} {p.get('address', '')}".strip() for p in people]


def message_document(message: Message, attachment_names: Iterable[str]) -> Document:
    # The words of the HTML body, for a message that came without a text part.
    body = message.body_text or " ".join(html_to_text(message.body_html).split())
    # Chats have no subject: their first words stand in for one.
    title = message.subject or " ".join(body.split())[:120]
    people = _join(
        message.from_name, message.from_address, *_addresses(message.to), *_addresses(message.cc)
    )
    return Document(
        kind=Kind.MESSAGE,
        object_id=message.pk,
        team_id=message.team_id,
        title=title,
        keys=_join(*attachment_names),
        # The body first: a snippet without a match shows the start of the text.
        text=_join(body[: MAX_TEXT - len(people) - 1], people),
    )


def _attachment_names(message: Message) -> list[str]:
    return [a.original_name for a in message.attachments.all()]


def document_for(obj: models.Model) -> Document | None:
    if isinstance(obj, Message):
        return message_document(obj, _attachment_names(obj))
    if isinstance(obj, Customer):
        return customer_document(obj)
    if isinstance(obj, Contact):
        return contact_document(obj)
    if isinstance(obj, Order):
        return order_document(obj)
    if isinstance(obj, Product):
        return product_document(obj)
    return None


def _upsert(entries: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["team", "title", "text", "title_tokens", "tokens", "updated_at"],
    )


def search_index(obj: models.Model) -> None:
    """Write (or rewrite) the index entry of one record."""
    document = document_for(obj)
    if document is not None:
        _upsert([document.entry()])


def search_remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search_reindex_message(message_id: int) -> None:
    """Index a message again, e.g. after an attachment of it was stored or deleted."""
    message = Message.objects.filter(pk=message_id).first()
    if message is not None:
        search_index(message)


def search_index_messages(ids: Iterable[int]) -> None:
    """Index these messages again, e.g. after they were linked with a plain UPDATE."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), REINDEX_BATCH):
        rows = list(_message_rows().filter(pk__in=wanted[start : start + REINDEX_BATCH]))
        _upsert([document.entry() for document in _message_docs(rows)])


def search_set_team_of_customer_records(customer: Customer) -> None:
    """The customer's contacts, orders and messages are found by the customer's team.

    Moving a customer to another team (or merging one into it) moves those rows with a
    plain UPDATE, which sends no signals; their entries follow here.
    """
    sources: list[tuple[str, type[models.Model]]] = [
        (Kind.CONTACT, Contact),
        (Kind.ORDER, Order),
        (Kind.MESSAGE, Message),
    ]
    for kind, model in sources:
        ids = model._base_manager.filter(customer_id=customer.pk).values("pk")
        SearchEntry.objects.filter(kind=kind, object_id__in=Subquery(ids)).exclude(
            team_id=customer.team_id
        ).update(team_id=customer.team_id)


# --- Bulk: the reindex command ------------------------------------------------------------
def _batches(qs: models.QuerySet[Any], size: int) -> Iterator[list[Any]]:
    """Rows in primary-key order, ``size`` at a time, without one huge result set."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _message_rows() -> models.QuerySet[Message]:
    return Message.objects.defer("raw", "references", "body_html").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.only("message_id", "original_name"))
    )


def _message_docs(rows: list[Message]) -> list[Document]:
    documents = []
    for message in rows:
        if not message.body_text:
            # Deferred above: fetch the HTML only for the few messages without text.
            message.refresh_from_db(fields=["body_html"])
        documents.append(message_document(message, _attachment_names(message)))
    return documents


REINDEXERS: dict[str, tuple[Callable[[], models.QuerySet[Any]], Callable[[Any], Document]]] = {
    Kind.CUSTOMER: (Customer.objects.all, customer_document),
    Kind.CONTACT: (Contact.objects.all, contact_document),
    Kind.ORDER: (Order.objects.all, order_document),
    Kind.PRODUCT: (Product.objects.all, product_document),
}


def search_index_incomplete(*, kind: str) -> bool:
    """Whether ``kind`` has records without an entry (rows written in bulk, a restore)."""
    model = Message if kind == Kind.MESSAGE else REINDEXERS[kind][0]().model
    return model._base_manager.count() != SearchEntry.objects.filter(kind=kind).count()


def search_reindex(
    *, kind: str, batch_size: int = REINDEX_BATCH, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild every entry of ``kind`` from its records; returns how many were written.

    Each batch is one transaction, so a long run holds the write lock briefly at a time
    and a stopped run leaves what it wrote.  Entries whose record is gone are deleted.
    """
    if kind == Kind.MESSAGE:
        rows_of: Callable[[], models.QuerySet[Any]] = _message_rows
        model: type[models.Model] = Message
    else:
        rows_of, builder = REINDEXERS[kind]
        model = rows_of().model
    written = 0
    for rows in _batches(rows_of(), batch_size):
        documents = _message_docs(rows) if kind == Kind.MESSAGE else [builder(row) for row in rows]
        with transaction.atomic():
            _upsert([document.entry() for document in documents])
        written += len(documents)
        if progress:
            progress(written)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind).exclude(
            object_id__in=Subquery(model._base_manager.values("pk"))
        ).delete()
    return written
