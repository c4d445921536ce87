"""What apps above the communication hub plug into it, in their ``AppConfig.ready()``.

comms never imports the follow-up or the search: the follow-up gives message templates
their order-plan placeholders (ETD, ETA, tracking) and offers its evidence files as mail
attachments; the search answers the inbox's search box.  Each is a registry (or, for the
one search box, a hook) that comms reads when it needs the entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from gendan.core.registry import Registry

if TYPE_CHECKING:
    from gendan.accounts.models import User
    from gendan.orders.models import Order


# --- message template placeholders ------------------------------------------------------
class PlaceholderMissing(Exception):
    """A placeholder has no value; ``reason`` says why, in the user's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Placeholder:
    """A ``{name}`` a message template may use.

    ``value(values)`` returns its text from a ``PlaceholderValues`` (the chosen order,
    customer, contact, sender, and the template language's way of writing dates and
    amounts), or raises ``PlaceholderMissing``.  ``position`` orders the list the
    template editor shows.
    """

    name: str
    label: str | Promise
    example: str
    value: Callable[[Any], str] | None = None
    position: int = 100


# name -> placeholder; comms registers its own, the follow-up those of the order plan
placeholders = Registry[Placeholder]("message template placeholders")


def placeholder_register(placeholder: Placeholder) -> None:
    placeholders.register(placeholder.name, placeholder)


# --- files of an order that can go out with a mail -------------------------------------
@dataclass
class OutgoingFile:
    name: str
    content: bytes
    content_type: str = ""

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class OrderFile:
    """A file already on an order that can go out with a message."""

    key: str  # "<provider>-<id>": "evidence-12" or "attachment-34"
    name: str
    size: int
    source: str  # what it is: the step's name, or the message it came with


@dataclass(frozen=True)
class OrderFileProvider:
    """Files of one kind on an order: ``files(order)`` lists them (one query, at most 100),
    ``read(pk)`` returns one by the id in its key.  ``position`` orders the kinds."""

    key: str
    files: Callable[[Order], list[OrderFile]]
    read: Callable[[int], OutgoingFile]
    position: int = 100


order_file_providers = Registry[OrderFileProvider]("order files")


def order_file_provider_register(provider: OrderFileProvider) -> None:
    order_file_providers.register(provider.key, provider)


# --- the inbox's search box ------------------------------------------------------------
# One entry, "messages": (user, q, limit=) -> ids of the messages matching q that the
# user may see, best first.  The search app registers it; without it the box finds nothing.
message_search = Registry[Callable[..., list[int]]]("message search")


def message_search_ids(user: User, q: str, *, limit: int) -> list[int]:
    search = message_search.get("messages")
    return search(user, q, limit=limit) if search is not None else []
