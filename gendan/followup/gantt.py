"""Where the bars of an order's timeline go: pure date arithmetic, no queries.

Each step is drawn from the moment what it depends on is done to its own date, twice:
thin and grey for the plan, thick for the forecast (or the actual finish once done).
Positions are percentages of the span from the earliest planned start to the latest
date on the chart, so the template only sets ``left`` and ``width``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .models import Milestone, MilestoneStatus

MIN_WIDTH = 0.9  # per cent: a step that starts and ends on one day still shows as a dot


@dataclass
class Bar:
    left: float
    width: float


@dataclass
class TimelineRow:
    milestone: Milestone
    planned: Bar
    actual: Bar | None  # None for a skipped step
    tone: str  # done, done-late, open, open-late, skipped
    slip_days: int  # calendar days the step's date is after its plan


@dataclass
class Tick:
    left: float
    date: dt.date


@dataclass
class Timeline:
    rows: list[TimelineRow] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    today: float | None = None
    ticks: list[Tick] = field(default_factory=list)
    monthly: bool = True


def _effective(m: Milestone) -> dt.date:
    if m.status == MilestoneStatus.DONE and m.actual_date:
        return m.actual_date
    return m.forecast_date


def build_timeline(
    milestones: list[Milestone],
    dependencies: dict[int, list[int]],
    *,
    today: dt.date,
    first_day: dt.date | None = None,
) -> Timeline:
    if not milestones:
        return Timeline()
    by_pk = {m.pk: m for m in milestones}
    spans: list[tuple[Milestone, dt.date, dt.date, dt.date, dt.date]] = []
    for m in milestones:
        deps = [by_pk[pk] for pk in dependencies.get(m.pk, []) if pk in by_pk]
        planned_start = max((d.planned_date for d in deps), default=first_day or m.planned_date)
        actual_start = max((_effective(d) for d in deps), default=planned_start)
        planned_start = min(planned_start, m.planned_date)
        actual_start = min(actual_start, _effective(m))
        spans.append((m, planned_start, m.planned_date, actual_start, _effective(m)))
    start = min(min(s[1], s[3]) for s in spans)
    end = max(max(s[2], s[4]) for s in spans)
    total = max((end - start).days, 1)

    def pct(day: dt.date) -> float:
        return round((day - start).days * 100 / total, 2)

    def bar(a: dt.date, b: dt.date) -> Bar:
        left = pct(a)
        width = max(pct(b) - left, MIN_WIDTH)
        return Bar(left=min(left, 100 - MIN_WIDTH), width=width)

    timeline = Timeline(start=start, end=end)
    for m, p_start, p_end, a_start, a_end in spans:
        slip = (a_end - m.planned_date).days
        if m.status == MilestoneStatus.SKIPPED:
            tone, actual = "skipped", None
        else:
            done = m.status == MilestoneStatus.DONE
            tone = ("done" if done else "open") + ("-late" if slip > 0 else "")
            actual = bar(a_start, a_end)
        timeline.rows.append(
            TimelineRow(
                milestone=m,
                planned=bar(p_start, p_end),
                actual=actual,
                tone=tone,
                slip_days=max(slip, 0),
            )
        )
    if start <= today <= end:
        timeline.today = pct(today)
    timeline.monthly = total > 62
    timeline.ticks = [Tick(left=pct(day), date=day) for day in _tick_days(start, end, total)]
    return timeline


def _tick_days(start: dt.date, end: dt.date, total: int) -> list[dt.date]:
    """The first of each month on a long chart, Mondays on a short one."""
    days: list[dt.date] = []
    if total > 62:
        day = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        while day <= end:
            days.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
    else:
        day = start + dt.timedelta(days=(7 - start.weekday()) % 7 or 7)
        while day <= end:
            days.append(day)
            day += dt.timedelta(days=7)
    return days
