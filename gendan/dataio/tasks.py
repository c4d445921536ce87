"""Background work of imports and exports, and the pruning of what they leave behind.

Each task is safe to run twice.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from .jobs import export_job_run, import_batch_check, import_batch_run
from .models import ExportJob, ImportBatch


@task()
def import_batches_prune(days: int = 30) -> int:
    """Uploaded import files that are a month old (imported or not) and their records."""
    return _prune(ImportBatch.objects.filter(created_at__lt=_days_ago(days)))


@task()
def import_batch_check_task(batch_id: int) -> None:
    import_batch_check(batch_id=batch_id)


@task()
def import_batch_run_task(batch_id: int) -> None:
    import_batch_run(batch_id=batch_id)


@task()
def export_job_task(job_id: int) -> None:
    export_job_run(job_id=job_id)


@task()
def export_jobs_prune(days: int = 2) -> int:
    """Finished exports are kept two days: long enough to download, not to pile up."""
    return _prune(ExportJob.objects.filter(created_at__lt=_days_ago(days)))


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _prune(rows: QuerySet[ImportBatch] | QuerySet[ExportJob]) -> int:
    """Delete the rows and their files, one by one (a file is not deleted with its row)."""
    count = 0
    for row in rows.iterator():
        if row.file:
            row.file.delete(save=False)
        row.delete()
        count += 1
    return count
