"""The work the background worker does: checking and importing a file, writing an export.

Each is safe to run twice.  ``tasks`` wraps them; ``services`` queues those tasks.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gendan.core.progress import ProgressReporter, progress_clear
from gendan.core.xlsx import write_workbook

from .exporting import counted, export_spec
from .importing import ImportResult, run_import
from .models import ExportJob, ImportBatch
from .selectors import export_progress_key, import_progress_key

ERRORS_KEPT = 1000


def _keep_result(batch: ImportBatch, result: ImportResult) -> None:
    batch.row_count = result.row_count
    batch.created_count, batch.updated_count, batch.unchanged_count = (
        result.created,
        result.updated,
        result.unchanged,
    )
    batch.error_count = len(result.errors)
    batch.errors = [error.as_dict() for error in result.errors[:ERRORS_KEPT]]
    batch.warnings = list(result.warnings)
    batch.preview = {
        "columns": result.columns,
        "rows": [{"row": p.row, "action": p.action, "values": p.values} for p in result.preview],
    }


def read_batch_file(batch: ImportBatch) -> bytes:
    """The uploaded file of ``batch``; a ValidationError saying so if it is gone."""
    try:
        with batch.file.open("rb") as handle:
            return handle.read()
    except OSError:
        raise ValidationError(_("The uploaded file is no longer there; upload it again.")) from None


def import_batch_check(*, batch_id: int) -> ImportBatch:
    """The dry run of an uploaded file (a background task); running it twice is harmless."""
    return _import_batch(batch_id, running=ImportBatch.Status.CHECKING, dry_run=True)


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """The import itself (a background task): all rows or none; running it twice is harmless."""
    return _import_batch(batch_id, running=ImportBatch.Status.IMPORTING, dry_run=False)


def _import_batch(batch_id: int, *, running: str, dry_run: bool) -> ImportBatch:
    """Run a batch's file through its import, if the batch is still ``running``; keep the result."""
    batch = ImportBatch.objects.select_related("user", "team").get(pk=batch_id)
    if batch.status != running:
        return batch
    # The worker has no request: the errors and warnings kept for the preview page (and
    # its error report) are written in the uploader's language.
    with translation.override(batch.user.language or None):
        result = run_import(
            kind=batch.kind, data=read_batch_file(batch), filename=batch.original_name, user=batch.user,
            team=batch.team, dry_run=dry_run, progress=ProgressReporter(import_progress_key(batch)),
        )  # fmt: skip
    _keep_result(batch, result)
    if dry_run:
        batch.status = ImportBatch.Status.FAILED if result.errors else ImportBatch.Status.PREVIEWED
    elif result.written:
        batch.status = ImportBatch.Status.IMPORTED
        batch.imported_at = timezone.now()
    else:
        batch.status = ImportBatch.Status.FAILED
    batch.save()
    progress_clear(import_progress_key(batch))
    return batch


def export_job_run(*, job_id: int) -> ExportJob:
    """Write a queued export (a background task); a finished job is left as it is."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING):
        return job
    # The worker has no request: write the file as the page would have, in the user's
    # language and time zone.
    with (
        translation.override(job.user.language or None),
        timezone.override(job.user.time_zone or settings.TIME_ZONE),
    ):
        return _export_job_write(job)


def _export_job_write(job: ExportJob) -> ExportJob:
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    spec = export_spec(job.kind, user=job.user, params=QueryDict(job.query))
    total = spec.count(None)
    stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
    try:
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            write_workbook(
                handle.name, sheet_title=spec.sheet_title, columns=spec.columns,
                rows=counted(spec.rows, ProgressReporter(export_progress_key(job)), total),
            )  # fmt: skip
            job.filename = f"{spec.filename}-{stamp}.xlsx"
            handle.seek(0)
            job.file.save(job.filename, File(handle), save=False)
    except Exception as exc:  # the user is told; the log keeps the trace
        job.status, job.error = ExportJob.Status.FAILED, str(exc)[:2000]
        job.save(update_fields=["status", "error"])
        raise
    job.status, job.row_count, job.finished_at = ExportJob.Status.DONE, total, timezone.now()
    job.save(update_fields=["status", "file", "filename", "row_count", "finished_at"])
    progress_clear(export_progress_key(job))
    return job
