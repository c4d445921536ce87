"""Housekeeping that runs on a schedule; each task is safe to run twice."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def sessions_clear_expired() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task()
def task_results_prune(days: int = 14) -> int:
    """Finished background-task records older than ``days`` go; failures stay a month."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    done = DBTaskResult.objects.filter(
        status="SUCCESSFUL", finished_at__lt=now - dt.timedelta(days=days)
    )
    failed = DBTaskResult.objects.filter(
        status="FAILED", finished_at__lt=now - dt.timedelta(days=30)
    )
    return done.delete()[0] + failed.delete()[0]
