"""Shared reads of imports and exports: a user's own batches and jobs, and their progress."""

from __future__ import annotations

import time

from django.shortcuts import get_object_or_404

from gendan.accounts.models import User
from gendan.core.progress import progress_read

from .models import ExportJob, ImportBatch

# An import whose progress has not moved for this long stopped (a worker was killed):
# its transaction was rolled back, so it may be confirmed again.
STALLED_AFTER_SECONDS = 600


def import_progress_key(batch: ImportBatch) -> str:
    return f"import-{batch.pk}"


def export_progress_key(job: ExportJob) -> str:
    return f"export-{job.pk}"


def import_batch_stalled(batch: ImportBatch) -> bool:
    """Is this import marked as running although nothing has moved for a long time?"""
    if batch.status not in (ImportBatch.Status.IMPORTING, ImportBatch.Status.CHECKING):
        return False
    progress = progress_read(import_progress_key(batch))
    last = progress.updated if progress else batch.created_at.timestamp()
    return time.time() - last > STALLED_AFTER_SECONDS


def import_batch_get_for_user(*, user: User, pk: int) -> ImportBatch:
    """The user's own batch; another user's is not found rather than forbidden: its file
    name is private."""
    return get_object_or_404(ImportBatch, pk=pk, user=user)


def export_job_get_for_user(*, user: User, pk: int) -> ExportJob:
    """The user's own export; someone else's is not found: its filters may name their
    customers."""
    return get_object_or_404(ExportJob, pk=pk, user=user)
