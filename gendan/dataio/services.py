"""The writes of imports and exports a request makes: keep an upload, confirm it, queue
an export.  The work itself runs in the worker (``jobs``, through ``tasks``).

An upload is kept as an ImportBatch and checked in the background (a dry run); the user
sees the progress, then every problem or a preview. Confirming runs the import again,
also in the background, because the data may have changed meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gendan.accounts.models import Team, User

from .exporting import export_kinds
from .importing import import_allowed, importer_for
from .models import ExportJob, ImportBatch
from .selectors import import_batch_stalled
from .tasks import export_job_task, import_batch_check_task, import_batch_run_task


def import_batch_create(
    *, user: User, kind: str, upload: File, team: Team | None = None
) -> ImportBatch:
    """Keep an uploaded file and queue its check; the batch says what the check found."""
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


@transaction.atomic
def import_batch_confirm(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a checked batch; refused for another user's batch or one imported.

    The batch row is locked while its status moves to "importing", so confirming twice
    queues one import; the second confirmation is refused.
    """
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


def export_job_create(*, user: User, kind: str, query: str) -> ExportJob:
    if kind not in export_kinds():
        raise ValidationError(_("There is no such list to export."))
    job = ExportJob.objects.create(user=user, kind=kind, query=query[:2000])
    export_job_task.enqueue(job.pk)
    job.refresh_from_db()
    return job
