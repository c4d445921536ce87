"""Importing mail history (.mbox, .eml, a folder of them) into a mailbox.

The command line (``import_mail``) and the browser upload (a ``MailImport`` run by a
background task) share ``mail_import_path``: each message goes through
``message_ingest`` like a fetched one, so an import run twice, or after a fetch of the
same mailbox, stores nothing twice.  A message that cannot be stored is counted and
named; it does not stop the others.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import Mailbox, MailImport
from . import ingest
from .linking import LinkContext
from .mbox import MailSourceError, mail_source

logger = logging.getLogger("gendan.mail")

ERRORS_KEPT = 50
PROGRESS_EVERY = 1.0  # seconds between progress reports


@dataclass
class ImportCounts:
    total: int = 0
    processed: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    error_count: int = 0


Progress = Callable[[ImportCounts], None]


def mail_import_path(
    *, mailbox: Mailbox, path: str | Path, progress: Progress | None = None
) -> ImportCounts:
    source = mail_source(path)
    counts = ImportCounts(total=source.count)
    context = LinkContext.load()
    if progress:
        progress(counts)
    reported = time.monotonic()
    for item in source:
        try:
            result = ingest.message_ingest(mailbox=mailbox, raw=item.raw, link_context=context)
        except Exception as exc:
            logger.exception("%s: %s could not be stored", mailbox.address, item.label)
            counts.error_count += 1
            if len(counts.errors) < ERRORS_KEPT:
                counts.errors.append(
                    {"item": item.label, "error": f"{type(exc).__name__}: {exc}"[:300]}
                )
        else:
            if result.created:
                counts.created += 1
            else:
                counts.duplicates += 1
        counts.processed += 1
        if progress and time.monotonic() - reported >= PROGRESS_EVERY:
            progress(counts)
            reported = time.monotonic()
    if progress:
        progress(counts)
    return counts


def import_directory(mail_import: MailImport) -> Path:
    return Path(settings.MEDIA_ROOT) / mail_import.directory


def mail_import_run(*, mail_import: MailImport) -> MailImport:
    """Run an uploaded import; safe to run again (what is stored is recognised)."""
    if mail_import.status == MailImport.Status.DONE:
        return mail_import
    MailImport.objects.filter(pk=mail_import.pk).update(
        status=MailImport.Status.RUNNING, started_at=timezone.now(), processed=0
    )

    def report(counts: ImportCounts) -> None:
        MailImport.objects.filter(pk=mail_import.pk).update(
            total=counts.total,
            processed=counts.processed,
            created_count=counts.created,
            duplicate_count=counts.duplicates,
            error_count=counts.error_count,
            errors=counts.errors,
            updated_at=timezone.now(),
        )

    directory = import_directory(mail_import)
    try:
        mail_import_path(mailbox=mail_import.mailbox, path=directory, progress=report)
    except (MailSourceError, OSError) as exc:
        MailImport.objects.filter(pk=mail_import.pk).update(
            status=MailImport.Status.FAILED,
            finished_at=timezone.now(),
            errors=[{"item": mail_import.original_name, "error": str(exc)[:300]}],
            error_count=1,
        )
    else:
        MailImport.objects.filter(pk=mail_import.pk).update(
            status=MailImport.Status.DONE, finished_at=timezone.now()
        )
        # The messages are stored (raw .eml included); the upload is not needed any more.
        shutil.rmtree(directory, ignore_errors=True)
    mail_import.refresh_from_db()
    return mail_import
