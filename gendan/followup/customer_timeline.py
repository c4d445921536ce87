"""The follow-up's events on a customer's timeline: milestones done, delay warnings raised
and cleared, tasks created and done.

Registered in ``FollowupConfig.ready()`` (see ``gendan.core.timeline``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.db.models import Model
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


@dataclass(frozen=True)
class _Source:
    """One kind of follow-up event: the rows of a customer's orders with a date in ``field``,
    newest first, each shown with ``related`` loaded."""

    key: str
    model: type[Model]
    field: str
    related: tuple[str, ...]
    extra: dict[str, Any] = dc_field(default_factory=dict)
    # A milestone records the day it was done, not the hour: it sorts at noon of that day.
    by_day: bool = False

    def __call__(self, *, customer_id: int, cursor: Cursor | None, n: int, **_: Any) -> list[Event]:
        older = day_before if self.by_day else before
        qs = (
            self.model._default_manager.filter(order__customer_id=customer_id, **self.extra)
            .filter(older(self.field, cursor, RANKS[self.key]))
            .select_related(*self.related)
            .order_by(f"-{self.field}", "-id")
        )
        at = day_time if self.by_day else (lambda value: value)
        return [Event(self.key, at(getattr(row, self.field)), row.pk, row) for row in qs[:n]]


milestones_done = _Source(
    MILESTONE_DONE,
    Milestone,
    "actual_date",
    ("step", "order", "completed_by"),
    {"status": MilestoneStatus.DONE, "actual_date__isnull": False},
    by_day=True,
)
warnings_raised = _Source(WARNING_RAISED, DelayWarning, "raised_at", ("order", "cause__step"))
warnings_cleared = _Source(
    WARNING_CLEARED, DelayWarning, "cleared_at", ("order",), {"cleared_at__isnull": False}
)
tasks_created = _Source(TASK_CREATED, Task, "created_at", ("order", "assignee", "created_by"))
tasks_done = _Source(TASK_DONE, Task, "done_at", ("order", "assignee"), {"done_at__isnull": False})


def register() -> None:
    timeline_filters.register(FOLLOWUP, TimelineFilter(FOLLOWUP, _("Follow-up"), position=110))
    for source in (milestones_done, warnings_raised, warnings_cleared, tasks_created, tasks_done):
        template = f"followup/timeline_{source.key}.html"
        timeline_sources.register(
            source.key, TimelineSource(source.key, RANKS[source.key], (FOLLOWUP,), template, source)
        )
