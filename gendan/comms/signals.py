"""Domain events of the communication hub, for the apps above it (search).

Unlike the order events these are sent inside the writing transaction: the search index
is derived data of the same database, so it commits or rolls back together with the
messages it describes.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

from .models import Message

# sender=Message, ids=list[int]: messages written or re-linked without Model.save()
# (bulk imports, plain UPDATEs that move them to another customer, team or order), and
# messages stored with their attachments (``messages_writing``).
messages_changed = Signal()

# The ids of messages being written in a ``messages_writing`` block, else None.
_writing: ContextVar[set[int] | None] = ContextVar("messages_writing", default=None)


def messages_changed_send(*, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        messages_changed.send(sender=Message, ids=wanted)


@contextmanager
def messages_writing() -> Iterator[None]:
    """Store a message with its attachments: saves of either inside the block are
    announced once, as ``messages_changed`` when it ends, not once per row."""
    if _writing.get() is not None:  # an outer block announces them
        yield
        return
    token = _writing.set(set())
    try:
        yield
        ids = _writing.get() or set()
    finally:
        _writing.reset(token)
    messages_changed_send(ids=ids)


def message_change_deferred(message_id: int | None) -> bool:
    """For receivers of Message and Attachment saves: True when the change of this message
    will be announced by ``messages_changed`` at the end of a ``messages_writing`` block."""
    pending = _writing.get()
    if pending is None or message_id is None:
        return False
    pending.add(message_id)
    return True
