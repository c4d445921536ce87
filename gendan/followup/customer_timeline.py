"""The follow-up's events on a customer's timeline: milestones done, delay warnings raised
and cleared, tasks created and done.

Registered in ``FollowupConfig.ready()`` (see ``gendan.core.timeline``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gendan.core.registry import TimelineFilter, TimelineSource, timeline_filters, timeline_sources
from gendan.core.timeline import Cursor, Event, before, day_before, day_time

from .models import DelayWarning, Milestone, MilestoneStatus, Task

FOLLOWUP = "followup"
# Sources, with the rank that breaks a tie in time (higher shows first).
MILESTONE_DONE, WARNING_RAISED, WARNING_CLEARED, TASK_CREATED, TASK_DONE = (
    "milestone", "warning", "warning_cleared", "task", "task_done",
)  # fmt: skip
RANKS = {MILESTONE_DONE: 5, WARNING_RAISED: 4, WARNING_CLEARED: 3, TASK_CREATED: 2, TASK_DONE: 1}


def milestones_done(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    # A milestone records the day it was done, not the hour: it sorts at noon of that day.
    qs = (
        Milestone.objects.filter(
            order__customer_id=customer_id, status=MilestoneStatus.DONE, actual_date__isnull=False
        )
        .filter(day_before("actual_date", cursor, RANKS[MILESTONE_DONE]))
        .select_related("step", "order", "completed_by")
        .order_by("-actual_date", "-id")
    )
    return [
        Event(MILESTONE_DONE, day_time(m.actual_date), m.pk, m)  # type: ignore[arg-type]
        for m in qs[:n]
    ]


def warnings_raised(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    qs = (
        DelayWarning.objects.filter(order__customer_id=customer_id)
        .filter(before("raised_at", cursor, RANKS[WARNING_RAISED]))
        .select_related("order", "cause__step")
        .order_by("-raised_at", "-id")
    )
    return [Event(WARNING_RAISED, w.raised_at, w.pk, w) for w in qs[:n]]


def warnings_cleared(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    qs = (
        DelayWarning.objects.filter(order__customer_id=customer_id, cleared_at__isnull=False)
        .filter(before("cleared_at", cursor, RANKS[WARNING_CLEARED]))
        .select_related("order")
        .order_by("-cleared_at", "-id")
    )
    return [Event(WARNING_CLEARED, w.cleared_at, w.pk, w) for w in qs[:n]]  # type: ignore[arg-type]


def tasks_created(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    qs = (
        Task.objects.filter(order__customer_id=customer_id)
        .filter(before("created_at", cursor, RANKS[TASK_CREATED]))
        .select_related("order", "assignee", "created_by")
        .order_by("-created_at", "-id")
    )
    return [Event(TASK_CREATED, t.created_at, t.pk, t) for t in qs[:n]]


def tasks_done(*, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
    qs = (
        Task.objects.filter(order__customer_id=customer_id, done_at__isnull=False)
        .filter(before("done_at", cursor, RANKS[TASK_DONE]))
        .select_related("order", "assignee")
        .order_by("-done_at", "-id")
    )
    return [Event(TASK_DONE, t.done_at, t.pk, t) for t in qs[:n]]  # type: ignore[arg-type]


def register() -> None:
    timeline_filters.register(FOLLOWUP, TimelineFilter(FOLLOWUP, _("Follow-up"), position=110))
    for key, events in [
        (MILESTONE_DONE, milestones_done),
        (WARNING_RAISED, warnings_raised),
        (WARNING_CLEARED, warnings_cleared),
        (TASK_CREATED, tasks_created),
        (TASK_DONE, tasks_done),
    ]:
        template = f"followup/timeline_{key}.html"
        timeline_sources.register(
            key, TimelineSource(key, RANKS[key], (FOLLOWUP,), template, events)
        )
