"""What the follow-up adds to an order's search document; registered in ``ready()``.

Orders sit below the follow-up and cannot read it, so the follow-up hands its text to
the order's document through ``search_text_providers``: why the order is late (the
reasons given when a step's forecast was moved, which include the open delay warning's
cause) and the comments on it.  Each provider reads a whole batch of orders in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from gendan.audit.models import Action, HistoryEntry
from gendan.core.registry import SearchTextProvider, search_text_provider_register
from gendan.orders.models import Order

from .models import Comment, Milestone

# How a step's history entry names its record and the order page it is shown on.
MILESTONE_RECORD = Milestone._meta.label_lower
ORDER_SUBJECT = Order._meta.label_lower
# A reschedule records the forecast's old and new date with the reason as its note.
RESCHEDULED = "forecast_date"


def _joined(pairs: Iterable[tuple[int, str]]) -> dict[int, str]:
    texts: dict[int, list[str]] = defaultdict(list)
    for order_id, text in pairs:
        if text and text not in texts[order_id]:
            texts[order_id].append(text)
    return {order_id: "\n".join(parts) for order_id, parts in texts.items()}


def _is_reschedule_reason(entry: HistoryEntry) -> bool:
    return (
        entry.record_type == MILESTONE_RECORD
        and entry.subject_type == ORDER_SUBJECT
        and entry.action == Action.UPDATE
        and bool(entry.note)
        and RESCHEDULED in (entry.changes or {})
    )


def order_delay_reasons(orders: list[Any]) -> dict[int, str]:
    """The reasons given for moving the orders' steps, oldest first."""
    entries = (
        HistoryEntry.objects.filter(
            subject_type=ORDER_SUBJECT,
            subject_id__in=[order.pk for order in orders],
            record_type=MILESTONE_RECORD,
            action=Action.UPDATE,
            changes__has_key=RESCHEDULED,
        )
        .exclude(note="")
        .order_by("at", "id")
        .values_list("subject_id", "note")
    )
    return _joined(entries)


def order_comments(orders: list[Any]) -> dict[int, str]:
    comments = (
        Comment.objects.filter(order_id__in=[order.pk for order in orders])
        .order_by("created_at", "id")
        .values_list("order_id", "body")
    )
    return _joined(comments)


def _order_of_reason(entry: HistoryEntry) -> int | None:
    return int(entry.subject_id) if _is_reschedule_reason(entry) else None


def _order_of_comment(comment: Comment) -> int | None:
    return comment.order_id


def register() -> None:
    search_text_provider_register(
        SearchTextProvider(
            "followup-delay-reasons", "order", order_delay_reasons,
            watch={HistoryEntry: _order_of_reason},
        )
    )  # fmt: skip
    search_text_provider_register(
        SearchTextProvider(
            "followup-comments", "order", order_comments, watch={Comment: _order_of_comment}
        )
    )
