"""A customer's timeline: every message, order event, milestone, delay warning and task.

The events come from seven sources (messages; order history; milestones done; delay
warnings raised and cleared; tasks created and done), merged newest first.  A page is
read with a cursor — the (time, source, id) of the last event shown — and each source
is asked for its first ``size + 1`` events before it, then the lists are merged and cut.
That is one query per source whatever the page number and however many events there
are, and the cursor is exact: no event is skipped or shown twice across pages, even
where several share a time.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from gendan.audit.models import Action, HistoryEntry
from gendan.audit.services import model_key
from gendan.customers.models import Customer
from gendan.followup.models import DelayWarning, Milestone, MilestoneStatus, Task
from gendan.orders.models import Order, OrderStatus

from .models import Attachment, Channel, Message

PAGE_SIZE = 20
# A milestone records the day it was done, not the hour: it sorts at noon of that day
# where the factory is (the server's time zone).
MILESTONE_HOUR = 12

# Filters: each message channel, plus the order and follow-up events.
ORDERS = "orders"
FOLLOWUP = "followup"
FILTERS: list[tuple[str, Any, str]] = [
    *[(value, label, "") for value, label in Channel.choices],
    (ORDERS, _("Orders"), ""),
    (FOLLOWUP, _("Follow-up"), ""),
]
FILTER_VALUES = {value for value, _label, _icon in FILTERS}

# Sources, in the order that breaks a tie in time (higher shows first).
MESSAGE, ORDER_EVENT, MILESTONE_DONE, WARNING_RAISED, WARNING_CLEARED, TASK_CREATED, TASK_DONE = (
    "message", "order", "milestone", "warning", "warning_cleared", "task", "task_done",
)  # fmt: skip
SOURCE_RANK = {
    MESSAGE: 7,
    ORDER_EVENT: 6,
    MILESTONE_DONE: 5,
    WARNING_RAISED: 4,
    WARNING_CLEARED: 3,
    TASK_CREATED: 2,
    TASK_DONE: 1,
}


@dataclass(frozen=True)
class Cursor:
    at: dt.datetime
    rank: int
    pk: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.rank, self.pk])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text:
            return None
        try:
            at, rank, pk = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            moment = dt.datetime.fromisoformat(at)
            if moment.tzinfo is None or not isinstance(rank, int) or not isinstance(pk, int):
                return None
            return cls(moment, rank, pk)
        except (ValueError, TypeError, binascii.Error):
            return None  # a mangled cursor starts from the top


@dataclass
class Event:
    source: str
    at: dt.datetime
    pk: int
    obj: Any

    @property
    def key(self) -> tuple[dt.datetime, int, int]:
        return (self.at, SOURCE_RANK[self.source], self.pk)

    @property
    def anchor(self) -> str:
        return f"{self.source}-{self.pk}"

    @property
    def status_change(self) -> tuple[str, str] | None:
        """An order event's status, before and after, as labels."""
        if self.source != ORDER_EVENT or "status" not in self.obj.changes:
            return None
        labels = dict(OrderStatus.choices)
        old, new = self.obj.changes["status"]
        return str(labels.get(old, old)), str(labels.get(new, new))


@dataclass
class TimelinePage:
    events: list[Event]
    next_cursor: str | None


def _before(field: str, cursor: Cursor | None, source: str) -> Q:
    """Rows of ``source`` that sort after the cursor (older, newest-first order)."""
    if cursor is None:
        return Q()
    rank = SOURCE_RANK[source]
    if rank < cursor.rank:
        return Q(**{f"{field}__lte": cursor.at})
    if rank > cursor.rank:
        return Q(**{f"{field}__lt": cursor.at})
    return Q(**{f"{field}__lt": cursor.at}) | Q(**{field: cursor.at, "pk__lt": cursor.pk})


def _factory_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def milestone_time(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(MILESTONE_HOUR), tzinfo=_factory_zone())


def _milestone_before(cursor: Cursor | None) -> Q:
    """Milestones done before the cursor, by their day (see MILESTONE_HOUR)."""
    if cursor is None:
        return Q()
    day = cursor.at.astimezone(_factory_zone()).date()
    noon = milestone_time(day)
    rank = SOURCE_RANK[MILESTONE_DONE]
    if noon < cursor.at or (noon == cursor.at and rank < cursor.rank):
        return Q(actual_date__lte=day)
    if noon > cursor.at or rank > cursor.rank:
        return Q(actual_date__lt=day)
    return Q(actual_date__lt=day) | Q(actual_date=day, pk__lt=cursor.pk)


def _messages(customer: Customer, channel: str, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        Message.objects.filter(customer=customer)
        .filter(_before("sent_at", cursor, MESSAGE))
        .select_related("order", "thread")
        .only(
            "id",
            "channel",
            "direction",
            "subject",
            "from_address",
            "from_name",
            "to",
            "sent_at",
            "is_auto",
            "thread_id",
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
    if channel:
        qs = qs.filter(channel=channel)
    return [Event(MESSAGE, m.sent_at, m.pk, m) for m in qs[:n]]


def _orders_of(customer: Customer) -> QuerySet[Any, Any]:
    return Order.objects.filter(customer=customer).values("pk")


def _order_events(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    # The history of an order is kept under the order (subject), so the index on
    # (subject_type, subject_id, at) serves this.
    qs = (
        HistoryEntry.objects.filter(
            subject_type=model_key(Order),
            subject_id__in=_orders_of(customer),
            record_type=model_key(Order),
        )
        .filter(Q(action=Action.CREATE) | Q(action=Action.UPDATE, changes__has_key="status"))
        .filter(_before("at", cursor, ORDER_EVENT))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [Event(ORDER_EVENT, entry.at, entry.pk, entry) for entry in qs[:n]]


def _milestones(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        Milestone.objects.filter(
            order__customer=customer, status=MilestoneStatus.DONE, actual_date__isnull=False
        )
        .filter(_milestone_before(cursor))
        .select_related("step", "order", "completed_by")
        .order_by("-actual_date", "-id")
    )
    return [Event(MILESTONE_DONE, milestone_time(m.actual_date), m.pk, m) for m in qs[:n]]  # type: ignore[arg-type]


def _warnings_raised(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        DelayWarning.objects.filter(order__customer=customer)
        .filter(_before("raised_at", cursor, WARNING_RAISED))
        .select_related("order", "cause__step")
        .order_by("-raised_at", "-id")
    )
    return [Event(WARNING_RAISED, w.raised_at, w.pk, w) for w in qs[:n]]


def _warnings_cleared(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        DelayWarning.objects.filter(order__customer=customer, cleared_at__isnull=False)
        .filter(_before("cleared_at", cursor, WARNING_CLEARED))
        .select_related("order")
        .order_by("-cleared_at", "-id")
    )
    return [Event(WARNING_CLEARED, w.cleared_at, w.pk, w) for w in qs[:n]]  # type: ignore[arg-type]


def _tasks_created(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        Task.objects.filter(order__customer=customer)
        .filter(_before("created_at", cursor, TASK_CREATED))
        .select_related("order", "assignee", "created_by")
        .order_by("-created_at", "-id")
    )
    return [Event(TASK_CREATED, t.created_at, t.pk, t) for t in qs[:n]]


def _tasks_done(customer: Customer, cursor: Cursor | None, n: int) -> list[Event]:
    qs = (
        Task.objects.filter(order__customer=customer, done_at__isnull=False)
        .filter(_before("done_at", cursor, TASK_DONE))
        .select_related("order", "assignee")
        .order_by("-done_at", "-id")
    )
    return [Event(TASK_DONE, t.done_at, t.pk, t) for t in qs[:n]]  # type: ignore[arg-type]


Source = Callable[[Customer, Cursor | None, int], list[Event]]


def _sources(channel: str) -> list[Source]:
    followup: list[Source] = [
        _milestones,
        _warnings_raised,
        _warnings_cleared,
        _tasks_created,
        _tasks_done,
    ]
    if channel == ORDERS:
        return [_order_events]
    if channel == FOLLOWUP:
        return followup
    if channel:
        return [lambda c, cur, n: _messages(c, channel, cur, n)]
    return [lambda c, cur, n: _messages(c, "", cur, n), _order_events, *followup]


def customer_timeline(
    *, customer: Customer, channel: str = "", cursor: str | None = None, size: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the customer's timeline, newest first (the caller checks access)."""
    channel = channel if channel in FILTER_VALUES else ""
    after = Cursor.decode(cursor)
    events: list[Event] = []
    for source in _sources(channel):
        events.extend(source(customer, after, size + 1))
    events.sort(key=lambda event: event.key, reverse=True)
    more = len(events) > size
    events = events[:size]
    next_cursor = None
    if more and events:
        last = events[-1]
        next_cursor = Cursor(last.at, SOURCE_RANK[last.source], last.pk).encode()
    return TimelinePage(events=events, next_cursor=next_cursor)
