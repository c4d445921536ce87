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


@task()
def import_batches_prune(days: int = 30) -> int:
    """Uploaded import files that are a month old (imported or not) and their records."""
    from .models import ImportBatch

    count = 0
    for batch in ImportBatch.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(days=days)
    ).iterator():
        batch.file.delete(save=False)
        batch.delete()
        count += 1
    return count


@task()
def import_batch_check_task(batch_id: int) -> None:
    from .services import import_batch_check

    import_batch_check(batch_id=batch_id)


@task()
def import_batch_run_task(batch_id: int) -> None:
    from .services import import_batch_run

    import_batch_run(batch_id=batch_id)


@task()
def export_job_task(job_id: int) -> None:
    from .services import export_job_run

    export_job_run(job_id=job_id)


@task()
def export_jobs_prune(days: int = 2) -> int:
    """Finished exports are kept two days: long enough to download, not to pile up."""
    from .models import ExportJob

    count = 0
    for job in ExportJob.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(days=days)
    ).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
