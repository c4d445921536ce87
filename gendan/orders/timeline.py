"""The orders' events on a customer's timeline: an order created, its status changed.

Registered in ``OrdersConfig.ready()`` (see ``gendan.core.timeline``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gendan.audit.models import Action, HistoryEntry
from gendan.audit.services import model_key
from gendan.core.registry import TimelineFilter, TimelineSource, timeline_filters, timeline_sources
from gendan.core.timeline import Cursor, Event, before

from .models import Order, OrderStatus

ORDERS = "orders"
ORDER_EVENT = "order"
RANK = 6


def _status_change(entry: HistoryEntry) -> tuple[str, str] | None:
    if "status" not in entry.changes:
        return None
    labels = dict(OrderStatus.choices)
    old, new = entry.changes["status"]
    return str(labels.get(old, old)), str(labels.get(new, new))


def order_events(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    # The history of an order is kept under the order (subject), so the index on
    # (subject_type, subject_id, at) serves this.
    qs = (
        HistoryEntry.objects.filter(
            subject_type=model_key(Order),
            subject_id__in=Order.objects.filter(customer_id=customer_id).values("pk"),
            record_type=model_key(Order),
        )
        .filter(Q(action=Action.CREATE) | Q(action=Action.UPDATE, changes__has_key="status"))
        .filter(before("at", cursor, RANK))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [
        Event(ORDER_EVENT, entry.at, entry.pk, entry, status_change=_status_change(entry))
        for entry in qs[:n]
    ]


def register() -> None:
    timeline_filters.register(ORDERS, TimelineFilter(ORDERS, _("Orders"), position=100))
    timeline_sources.register(
        ORDER_EVENT,
        TimelineSource(ORDER_EVENT, RANK, (ORDERS,), "orders/timeline_event.html", order_events),
    )
