"""Helpers shared by the write services of every app, and the writes of import batches."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User

    from .importing import ImportResult
    from .models import ImportBatch


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
# An upload is checked at once (a dry run) and kept as an ImportBatch; confirming runs
# the import again on the same file, because the data may have changed meanwhile.

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


def import_batch_create(
    *, user: User, kind: str, upload: File, team: Team | None = None
) -> ImportBatch:
    """Keep an uploaded file and check it without writing; the batch holds what was found."""
    from .importing import run_import
    from .models import ImportBatch

    upload.seek(0)
    data = upload.read()
    original_name = Path(upload.name or "upload").name[:255]
    result = run_import(
        kind=kind, data=data, filename=original_name, user=user, team=team, dry_run=True
    )
    batch = ImportBatch(
        kind=kind, user=user, team=team, original_name=original_name,
        status=ImportBatch.Status.FAILED if result.errors else ImportBatch.Status.PREVIEWED,
    )  # fmt: skip
    _keep_result(batch, result)
    batch.file.save(original_name, ContentFile(data), save=False)
    batch.save()
    return batch


@transaction.atomic
def import_batch_confirm(*, user: User, batch: ImportBatch) -> tuple[ImportBatch, ImportResult]:
    """Import a checked batch; refused for another user's batch or one already imported.

    The batch row stays locked until the import is committed, so a second confirmation
    waits for the first and then finds the batch imported.
    """
    from .importing import run_import
    from .models import ImportBatch

    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.user_id != user.pk:
        raise PermissionDenied(_("This import belongs to someone else."))
    if locked.status == ImportBatch.Status.IMPORTED:
        raise ValidationError(_("This file has already been imported."))
    if locked.status != ImportBatch.Status.PREVIEWED:
        raise ValidationError(_("This file has errors; correct them and upload it again."))
    try:
        with locked.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise ValidationError(_("The uploaded file is no longer there; upload it again.")) from None
    result = run_import(
        kind=locked.kind, data=data, filename=locked.original_name, user=user, team=locked.team
    )
    _keep_result(locked, result)
    if result.written:
        locked.status = ImportBatch.Status.IMPORTED
        locked.imported_at = timezone.now()
    else:
        locked.status = ImportBatch.Status.FAILED
    locked.save()
    return locked, result
