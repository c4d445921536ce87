"""Background work of the communication hub; each task loads rows by id and is safe to run twice."""

from __future__ import annotations

import logging

from django_tasks import task

from .models import Mailbox, MailImport

logger = logging.getLogger("gendan.mail")


# --- Mail ----------------------------------------------------------------------------------
@task()
def mailbox_fetch(mailbox_id: int) -> dict[str, object]:
    """Fetch one mailbox's new mail (inbox and Sent folder)."""
    from .mail.imap import mailbox_fetch as fetch

    mailbox = Mailbox.objects.select_related("team").filter(pk=mailbox_id).first()
    if mailbox is None:
        return {"stored": 0, "error": "no such mailbox"}
    result = fetch(mailbox=mailbox)
    if result.error:
        logger.warning("%s: %s", mailbox.address, result.error)
    return {"stored": result.stored, "error": mailbox.last_error}


@task()
def mailboxes_fetch_due() -> int:
    """Every MAIL_FETCH_MINUTES: fetch every mailbox that has fetching on, each as its own task."""
    ids = list(Mailbox.objects.filter(is_active=True).values_list("pk", flat=True))
    for mailbox_id in ids:
        mailbox_fetch.enqueue(mailbox_id)
    return len(ids)


@task()
def mail_import(mail_import_id: int) -> dict[str, object]:
    """Import an uploaded .mbox/.eml history into its mailbox."""
    from .mail.importing import mail_import_run

    row = MailImport.objects.select_related("mailbox").filter(pk=mail_import_id).first()
    if row is None:
        return {"status": "missing"}
    row = mail_import_run(mail_import=row)
    return {"status": row.status, "created": row.created_count, "errors": row.error_count}
