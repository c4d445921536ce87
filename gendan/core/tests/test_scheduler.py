"""The scheduler enqueues each due job once, however many schedulers run."""

import datetime as dt

import pytest
import time_machine

from gendan.core.models import PeriodicJob
from gendan.core.scheduler import SCHEDULES, Schedule, job_claim, scheduler_tick

pytestmark = pytest.mark.django_db(transaction=True)

RUNS: list[str] = []


@pytest.fixture
def nightly(monkeypatch):
    RUNS.clear()
    schedule = Schedule(
        "test_nightly", "gendan.core.tests.test_scheduler.record_run", daily_at=dt.time(3, 0)
    )
    monkeypatch.setitem(SCHEDULES, schedule.name, schedule)
    for name in [n for n in SCHEDULES if n != schedule.name]:
        monkeypatch.delitem(SCHEDULES, name)
    return schedule


class _Task:
    def enqueue(self):
        RUNS.append("ran")


record_run = _Task()


def test_a_daily_job_is_due_at_its_local_time(nightly):
    # 03:00 in Shanghai is 19:00 UTC the day before.
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)):
        scheduler_tick()
    assert PeriodicJob.objects.get().next_run_at == dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)


def test_a_due_job_runs_once_and_is_moved_to_the_next_day(nightly):
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)):
        scheduler_tick()
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, 5, tzinfo=dt.UTC)):
        assert scheduler_tick() == ["test_nightly"]
        assert scheduler_tick() == []
    assert RUNS == ["ran"]
    assert PeriodicJob.objects.get().next_run_at == dt.datetime(2026, 11, 28, 19, 0, tzinfo=dt.UTC)


def test_two_schedulers_that_read_the_same_row_enqueue_once(nightly):
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)):
        scheduler_tick()
    now = dt.datetime(2026, 11, 27, 19, 1, tzinfo=dt.UTC)
    first_read = PeriodicJob.objects.get()
    second_read = PeriodicJob.objects.get()  # the other scheduler's stale copy
    assert job_claim(row=first_read, schedule=nightly, now=now) is True
    assert job_claim(row=second_read, schedule=nightly, now=now) is False
    assert RUNS == ["ran"]


def test_the_housekeeping_jobs_are_registered():
    from django.apps import apps

    apps.get_app_config("core").ready()  # idempotent registration
    assert {"sessions_clear_expired", "task_results_prune", "import_batches_prune"} <= set(
        SCHEDULES
    )
