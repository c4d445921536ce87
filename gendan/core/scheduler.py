"""Periodic work: what runs when, and the claim that keeps two schedulers from doubling it.

Apps register schedules in their ``AppConfig.ready()`` with ``register``; the
``scheduler`` command calls ``scheduler_tick`` in a loop and the worker runs the tasks.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicJob

logger = logging.getLogger("gendan.scheduler")


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str  # dotted path of a task (django_tasks)
    every: dt.timedelta | None = None
    daily_at: dt.time | None = None  # wall-clock time in settings.TIME_ZONE

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        if self.every is not None:
            return moment + self.every
        assert self.daily_at is not None
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = dt.datetime.combine(local.date(), self.daily_at, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1), self.daily_at, tzinfo=zone
            )
        return candidate.astimezone(dt.UTC)


SCHEDULES: dict[str, Schedule] = {}


def register(schedule: Schedule) -> None:
    if (schedule.every is None) == (schedule.daily_at is None):
        raise ValueError(f"{schedule.name}: give either every or daily_at")
    SCHEDULES[schedule.name] = schedule


def scheduler_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job that is due and that this scheduler wins the claim for."""
    now = now or timezone.now()
    enqueued: list[str] = []
    rows = {row.name: row for row in PeriodicJob.objects.filter(name__in=list(SCHEDULES))}
    for name, schedule in SCHEDULES.items():
        row = rows.get(name)
        if row is None:
            try:
                with transaction.atomic():
                    PeriodicJob.objects.create(name=name, next_run_at=schedule.next_after(now))
            except IntegrityError:
                pass  # another scheduler registered it first
            continue
        if row.next_run_at <= now and job_claim(row=row, schedule=schedule, now=now):
            enqueued.append(name)
    for name in enqueued:
        logger.info("enqueued %s", name)
    return enqueued


def job_claim(*, row: PeriodicJob, schedule: Schedule, now: dt.datetime) -> bool:
    """Move the job's next run on, if no one else has since ``row`` was read; enqueue if so."""
    with transaction.atomic():
        claimed = PeriodicJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=schedule.next_after(now), last_run_at=now
        )
        if claimed:
            transaction.on_commit(import_string(schedule.task).enqueue)
    return bool(claimed)


def seconds_until_next_run(*, now: dt.datetime | None = None, ceiling: float = 30.0) -> float:
    now = now or timezone.now()
    soonest = PeriodicJob.objects.filter(name__in=list(SCHEDULES)).order_by("next_run_at").first()
    if soonest is None:
        return ceiling
    return max(0.5, min(ceiling, (soonest.next_run_at - now).total_seconds()))
