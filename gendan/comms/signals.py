"""Domain events of the communication hub, for the apps above it (search).

Unlike the order events these are sent inside the writing transaction: the search index
is derived data of the same database, so it commits or rolls back together with the
messages it describes.
"""

from collections.abc import Iterable

from django.dispatch import Signal

from .models import Message

# sender=Message, ids=list[int]: messages written or re-linked without Model.save()
# (bulk imports, plain UPDATEs that move them to another customer, team or order).
messages_changed = Signal()


def messages_changed_send(*, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        messages_changed.send(sender=Message, ids=wanted)
