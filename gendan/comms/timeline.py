"""The messages on a customer's timeline (see ``gendan.core.timeline``): one source, one
filter per channel.  Registered in ``CommsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.functions import Substr

from gendan.core.registry import TimelineFilter, TimelineSource, timeline_filters, timeline_sources
from gendan.core.timeline import Cursor, Event, before

from .messages.selectors import MESSAGE_ROW_FIELDS
from .models import Attachment, Channel, Message

MESSAGE = "message"
RANK = 7


def message_events(
    *, customer_id: int, cursor: Cursor | None, n: int, filter: str = "", **_: Any
) -> list[Event]:
    qs = (
        Message.objects.filter(customer_id=customer_id)
        .filter(before("sent_at", cursor, RANK))
        .select_related("order", "thread")
        .only(
            *MESSAGE_ROW_FIELDS,
            "order_id",
            "customer_id",
            "order__number",
            "thread__subject",
            "thread__message_count",
        )  # fmt: skip
        .annotate(
            snippet=Substr("body_text", 1, 220),
            has_attachments=Exists(
                Attachment.objects.filter(message=OuterRef("pk"), is_inline=False)
            ),
        )
        .order_by("-sent_at", "-id")
    )
    if filter in Channel.values:
        qs = qs.filter(channel=filter)
    return [Event(MESSAGE, m.sent_at, m.pk, m) for m in qs[:n]]


def register() -> None:
    for position, (value, label) in enumerate(Channel.choices, start=1):
        timeline_filters.register(value, TimelineFilter(value, label, position=position))
    timeline_sources.register(
        MESSAGE,
        TimelineSource(
            MESSAGE, RANK, tuple(Channel.values), "comms/timeline_message.html", message_events
        ),
    )
