"""Keeping the search index in step with the records it describes.

Each app registers what it indexes in ``gendan.core.registry.search_documents`` (its
``search_documents.py``): how a record becomes a document, who may open it, which other
models change it.  ``search_index(obj)`` writes one record's entry (one upsert); the
receivers in ``receivers.py`` call it whenever a registered record (or one it watches) is
saved, so pages, API, imports and mail ingest need not know about search.
Higher apps add text to a kind's documents through ``search_text_providers`` (the
follow-up adds an order's delay reasons and comments): one query per provider per batch.
Rows written with ``bulk_create`` (demo data, benchmarks) send no signals: run
``manage.py search_reindex`` after them, which calls ``search_reindex`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Subquery

from gendan.core.registry import SearchDocument, search_documents, search_text_providers_of

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


def document_for(obj: models.Model) -> Document | None:
    """The index entry of a record of a registered kind (None for any other model)."""
    registered = _registered(type(obj))
    if registered is None:
        return None
    return _documents(registered, [obj])[0]


def _registered(model: type) -> SearchDocument | None:
    return next((d for d in search_documents.values() if d.model is model), None)


def _document(registered: SearchDocument, obj: Any, extra: list[str]) -> Document:
    fields = registered.build(obj)
    text = "\n".join(part for part in (fields.get("text") or "", *extra) if part)
    return Document(
        kind=registered.kind,
        object_id=obj.pk,
        team_id=fields.get("team_id"),
        title=fields.get("title") or "",
        keys=fields.get("keys") or "",
        text=text,
    )


def _documents(registered: SearchDocument, rows: list[Any]) -> list[Document]:
    """The documents of a batch of records, with what other apps add to them (one query
    per provider for the whole batch)."""
    extra: dict[int, list[str]] = {}
    if rows:
        for provider in search_text_providers_of(registered.kind):
            for pk, text in provider.texts(rows).items():
                if text:
                    extra.setdefault(pk, []).append(text)
    return [_document(registered, row, extra.get(row.pk, [])) for row in rows]


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
    search_index_records(kind=Kind.MESSAGE, ids=[message_id])


def search_index_records(*, kind: str, ids: Iterable[int]) -> None:
    """Index these records of ``kind`` again, e.g. after they were changed with a plain
    UPDATE (messages linked to a customer) or something of theirs changed."""
    registered = search_documents[kind]
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), REINDEX_BATCH):
        rows = list(_rows(registered).filter(pk__in=wanted[start : start + REINDEX_BATCH]))
        _upsert([document.entry() for document in _documents(registered, rows)])


def search_index_messages(ids: Iterable[int]) -> None:
    """Index these messages again, e.g. after they were linked with a plain UPDATE."""
    search_index_records(kind=Kind.MESSAGE, ids=ids)


def search_set_team_of_customer_records(customer: models.Model) -> None:
    """The customer's contacts, orders and messages are found by the customer's team.

    Moving a customer to another team (or merging one into it) moves those rows with a
    plain UPDATE, which sends no signals; their entries follow here.
    """
    for registered in search_documents.values():
        if not registered.customer_path:
            continue
        kind, model = registered.kind, registered.model
        ids = model._base_manager.filter(**{registered.customer_path: customer.pk}).values("pk")
        SearchEntry.objects.filter(kind=kind, object_id__in=Subquery(ids)).exclude(
            team_id=customer.team_id  # type: ignore[attr-defined]
        ).update(team_id=customer.team_id)  # type: ignore[attr-defined]


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


def _rows(registered: SearchDocument) -> models.QuerySet[Any]:
    return (
        registered.rows()
        if registered.rows is not None
        else registered.model._default_manager.all()
    )


def search_index_incomplete(*, kind: str) -> bool:
    """Whether ``kind`` has records without an entry (rows written in bulk, a restore)."""
    model = search_documents[kind].model
    return model._base_manager.count() != SearchEntry.objects.filter(kind=kind).count()


def search_reindex(
    *, kind: str, batch_size: int = REINDEX_BATCH, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild every entry of ``kind`` from its records; returns how many were written.

    Each batch is one transaction, so a long run holds the write lock briefly at a time
    and a stopped run leaves what it wrote.  Entries whose record is gone are deleted.
    """
    registered = search_documents[kind]
    model = registered.model
    written = 0
    for rows in _batches(_rows(registered), batch_size):
        documents = _documents(registered, rows)
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
