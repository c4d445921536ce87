"""Helpers shared by the write services of every app, and the writes of import batches."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User

    from .importing import ImportResult
    from .models import ExportJob, ImportBatch


def apply_fields(instance: models.Model, changes: dict[str, Any], *, allowed: set[str]) -> None:
    """Set the given fields, refusing any a caller may not set."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed here.") for name in sorted(unknown)}
        )
    for name, value in changes.items():
        setattr(instance, name, value)


def validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Model validation: field validators, choices, constraints; raises with each field named."""
    instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


# --- imports --------------------------------------------------------------------------
# An upload is kept as an ImportBatch and checked in the background (a dry run); the user
# sees the progress, then every problem or a preview. Confirming runs the import again,
# also in the background, because the data may have changed meanwhile.

ERRORS_KEPT = 1000
# An import whose progress has not moved for this long stopped (a worker was killed):
# its transaction was rolled back, so it may be confirmed again.
STALLED_AFTER_SECONDS = 600


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


def import_progress_key(batch: ImportBatch) -> str:
    return f"import-{batch.pk}"


def _read_file(batch: ImportBatch) -> bytes:
    try:
        with batch.file.open("rb") as handle:
            return handle.read()
    except OSError:
        raise ValidationError(_("The uploaded file is no longer there; upload it again.")) from None


def import_batch_create(
    *, user: User, kind: str, upload: File, team: Team | None = None
) -> ImportBatch:
    """Keep an uploaded file and queue its check; the batch says what the check found."""
    from .importing import import_allowed, importer_for
    from .models import ImportBatch
    from .tasks import import_batch_check_task

    if not import_allowed(user, kind):
        raise PermissionDenied(
            _("You do not have permission to import %(kind)s.")
            % {"kind": importer_for(kind).title()}
        )
    upload.seek(0)
    data = upload.read()
    original_name = Path(upload.name or "upload").name[:255]
    batch = ImportBatch(
        kind=kind, user=user, team=team, original_name=original_name,
        status=ImportBatch.Status.CHECKING,
    )  # fmt: skip
    batch.file.save(original_name, ContentFile(data), save=False)
    batch.save()
    import_batch_check_task.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def import_batch_check(*, batch_id: int) -> ImportBatch:
    """The dry run of an uploaded file (a background task); running it twice is harmless."""
    from .importing import run_import
    from .models import ImportBatch
    from .progress import ProgressReporter, progress_clear

    batch = ImportBatch.objects.select_related("user", "team").get(pk=batch_id)
    if batch.status != ImportBatch.Status.CHECKING:
        return batch
    result = run_import(
        kind=batch.kind, data=_read_file(batch), filename=batch.original_name, user=batch.user,
        team=batch.team, dry_run=True, progress=ProgressReporter(import_progress_key(batch)),
    )  # fmt: skip
    _keep_result(batch, result)
    batch.status = ImportBatch.Status.FAILED if result.errors else ImportBatch.Status.PREVIEWED
    batch.save()
    progress_clear(import_progress_key(batch))
    return batch


def import_batch_stalled(batch: ImportBatch) -> bool:
    """Is this import marked as running although nothing has moved for a long time?"""
    import time

    from .models import ImportBatch
    from .progress import progress_read

    if batch.status not in (ImportBatch.Status.IMPORTING, ImportBatch.Status.CHECKING):
        return False
    progress = progress_read(import_progress_key(batch))
    last = progress.updated if progress else batch.created_at.timestamp()
    return time.time() - last > STALLED_AFTER_SECONDS


@transaction.atomic
def import_batch_confirm(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a checked batch; refused for another user's batch or one imported.

    The batch row is locked while its status moves to "importing", so confirming twice
    queues one import; the second confirmation is refused.
    """
    from .models import ImportBatch
    from .tasks import import_batch_run_task

    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.user_id != user.pk:
        raise PermissionDenied(_("This import belongs to someone else."))
    if locked.status == ImportBatch.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."))
    if locked.status == ImportBatch.Status.IMPORTING and not import_batch_stalled(locked):
        raise ValidationError(_("This file is being imported now."))
    if locked.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.IMPORTING):
        raise ValidationError(_("This file has errors; correct them and upload it again."))
    locked.status = ImportBatch.Status.IMPORTING
    locked.save(update_fields=["status"])
    import_batch_run_task.enqueue(locked.pk)
    locked.refresh_from_db()
    return locked


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """The import itself (a background task): all rows or none; running it twice is harmless."""
    from .importing import run_import
    from .models import ImportBatch
    from .progress import ProgressReporter, progress_clear

    batch = ImportBatch.objects.select_related("user", "team").get(pk=batch_id)
    if batch.status != ImportBatch.Status.IMPORTING:
        return batch
    result = run_import(
        kind=batch.kind, data=_read_file(batch), filename=batch.original_name, user=batch.user,
        team=batch.team, progress=ProgressReporter(import_progress_key(batch)),
    )  # fmt: skip
    _keep_result(batch, result)
    if result.written:
        batch.status = ImportBatch.Status.IMPORTED
        batch.imported_at = timezone.now()
    else:
        batch.status = ImportBatch.Status.FAILED
    batch.save()
    progress_clear(import_progress_key(batch))
    return batch


# --- exports --------------------------------------------------------------------------


def export_job_create(*, user: User, kind: str, query: str) -> ExportJob:
    from .exporting import EXPORTERS
    from .models import ExportJob
    from .tasks import export_job_task

    if kind not in EXPORTERS:
        raise ValidationError(_("There is no such list to export."))
    job = ExportJob.objects.create(user=user, kind=kind, query=query[:2000])
    export_job_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def export_progress_key(job: ExportJob) -> str:
    return f"export-{job.pk}"


def export_job_run(*, job_id: int) -> ExportJob:
    """Write a queued export (a background task); a finished job is left as it is."""
    from .models import ExportJob

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
    import tempfile

    from django.core.files import File
    from django.http import QueryDict

    from .exporting import counted, export_spec
    from .models import ExportJob
    from .progress import ProgressReporter, progress_clear
    from .xlsx import write_workbook

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
