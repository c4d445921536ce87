"""Background work of imports and exports, and the pruning of what they leave behind.

Each task is safe to run twice.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from .jobs import export_job_run, import_batch_check, import_batch_run
from .models import ExportJob, ImportBatch


@task()
def import_batches_prune(days: int = 30) -> int:
    """Uploaded import files that are a month old (imported or not) and their records."""
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
    count = 0
    for job in ExportJob.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(days=days)
    ).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
