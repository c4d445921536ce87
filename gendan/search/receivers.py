"""Model signals keep the search index in step with the records.

The index is derived data, like a database index: updating it is no business logic, so
``post_save``/``post_delete`` receivers are the right place for it, and every write path
(pages, API, imports, mail ingest) is covered without knowing about search.  What is
indexed is what the apps registered (``gendan.core.registry.search_documents``, and the
models ``search_text_providers`` watch for the text they add to another app's documents).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save

from gendan.comms.signals import messages_changed
from gendan.core.registry import SearchDocument, search_documents, search_text_providers_of

from .services import (
    search_index,
    search_index_messages,
    search_index_records,
    search_remove,
    search_set_team_of_customer_records,
)


def _saved_receiver(registered: SearchDocument) -> Callable[..., None]:
    def saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loaddata: the fixtures' rows are indexed by search_reindex
            return
        if registered.defer is not None and registered.defer(instance):
            return  # indexed later, with others (see the app's search document)
        search_index(instance)
        if registered.kind == "customer" and not kwargs.get("created"):
            search_set_team_of_customer_records(instance)

    return saved


def _deleted_receiver(registered: SearchDocument) -> Callable[..., None]:
    def deleted(sender: type, instance: Any, **kwargs: Any) -> None:
        search_remove(registered.kind, instance.pk)

    return deleted


def _watch_receiver(
    registered: SearchDocument, owner_of: Callable[[Any], int | None]
) -> Callable[..., None]:
    def changed(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        owner = None if raw else owner_of(instance)
        if owner is not None:
            search_index_records(kind=registered.kind, ids=[owner])

    return changed


def _messages_changed(sender: type, ids: list[int], **kwargs: Any) -> None:
    search_index_messages(ids)


# Receivers are connected weakly by default; these closures are kept alive here.
_RECEIVERS: list[Callable[..., None]] = []


def connect() -> None:
    messages_changed.connect(_messages_changed, dispatch_uid="search-messages-changed")
    for registered in search_documents.values():
        model, name = registered.model, registered.kind
        saved, deleted = _saved_receiver(registered), _deleted_receiver(registered)
        _RECEIVERS.extend([saved, deleted])
        post_save.connect(saved, sender=model, dispatch_uid=f"search-save-{name}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"search-delete-{name}")
        watches = [("", registered.watch)] + [
            (f"-{provider.key}", provider.watch) for provider in search_text_providers_of(name)
        ]
        for source, watch in watches:
            for watched, owner_of in watch.items():
                changed = _watch_receiver(registered, owner_of)
                _RECEIVERS.append(changed)
                uid = f"search-{name}{source}-{watched.__name__}"
                post_save.connect(changed, sender=watched, dispatch_uid=f"{uid}-save")
                post_delete.connect(changed, sender=watched, dispatch_uid=f"{uid}-delete")
