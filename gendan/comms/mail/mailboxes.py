"""Mailboxes and history imports: settings with encrypted passwords, uploads of .mbox/.eml."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.services import apply_fields, validate

from ..models import Mailbox, MailImport

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User


# --- Storing, linking and threading messages (every channel) -----------------------------


# --- Mail: mailboxes and history imports ---------------------------------------------------
MAILBOX_FIELDS = [
    "name", "address", "owner", "team", "imap_host", "imap_port", "imap_security",
    "imap_username", "inbox_folder", "sent_folder", "smtp_host", "smtp_port", "smtp_security",
    "smtp_username", "is_active",
]  # fmt: skip
# What the history shows of a change; passwords only as "changed", never their value.
_PASSWORD_CHANGED = "••••••"


def _mailbox_check(mailbox: Mailbox) -> None:
    mailbox.address = (mailbox.address or "").strip().lower()
    owner = mailbox.owner if mailbox.owner_id else None
    if owner is not None and not owner.teams.filter(pk=mailbox.team_id).exists():
        raise ValidationError({"owner": _("The owner must be a member of the mailbox's team.")})
    validate(mailbox)


def _set_passwords(
    mailbox: Mailbox, imap_password: str | None, smtp_password: str | None
) -> list[str]:
    changed = []
    if imap_password is not None and imap_password != "":
        mailbox.imap_password = imap_password
        changed.append("imap_password")
    if smtp_password is not None and smtp_password != "":
        mailbox.smtp_password = smtp_password
        changed.append("smtp_password")
    return changed


@transaction.atomic
def mailbox_create(
    *,
    actor: User | None,
    team: Team,
    name: str,
    address: str,
    imap_host: str,
    imap_username: str,
    imap_password: str,
    smtp_password: str = "",
    **fields: Any,
) -> Mailbox:
    """A new mailbox; its passwords are stored encrypted (``MAILBOX_KEY``)."""
    if not imap_password:
        raise ValidationError({"imap_password": _("Enter the mailbox's password.")})
    mailbox = Mailbox(
        team=team, name=name, address=address, imap_host=imap_host, imap_username=imap_username
    )
    apply_fields(mailbox, fields, allowed=set(MAILBOX_FIELDS))
    _set_passwords(mailbox, imap_password, smtp_password)
    _mailbox_check(mailbox)
    mailbox.save()
    history_record(actor=actor, record=mailbox, action=Action.CREATE)
    return mailbox


@transaction.atomic
def mailbox_update(
    *,
    actor: User | None,
    mailbox: Mailbox,
    imap_password: str | None = None,
    smtp_password: str | None = None,
    **fields: Any,
) -> Mailbox:
    """Change a mailbox; a password left empty (None or '') keeps the stored one."""
    locked = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    before = snapshot(locked, MAILBOX_FIELDS)
    apply_fields(locked, fields, allowed=set(MAILBOX_FIELDS))
    changed_passwords = _set_passwords(locked, imap_password, smtp_password)
    _mailbox_check(locked)
    locked.save()
    changes = diff(before, snapshot(locked, MAILBOX_FIELDS))
    for name in changed_passwords:
        changes[name] = [_PASSWORD_CHANGED, _PASSWORD_CHANGED]
    history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def mail_import_create(
    *, actor: User, mailbox: Mailbox, files: list[tuple[str, Iterable[bytes]]]
) -> MailImport:
    """Keep uploaded .mbox/.eml files and start importing them in the background.

    ``files`` are (original name, chunks); they are saved under random names.
    """
    if not files:
        raise ValidationError({"files": _("Choose an .mbox or .eml file.")})
    directory = f"mail/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    root = Path(settings.MEDIA_ROOT) / directory
    root.mkdir(parents=True, exist_ok=False)
    for index, (name, chunks) in enumerate(files, start=1):
        # The original name stays in the saved one, so a message about the file names it.
        stem = get_valid_filename(Path(name).stem)[:80] or "upload"
        suffix = ".eml" if name.lower().endswith(".eml") else ".mbox"
        with (root / f"{index:05d}-{stem}{suffix}").open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    names = [name for name, _chunks in files]
    label = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(more)s more")
        % {
            "first": names[0],
            "more": len(names) - 1,
        }
    )
    mail_import = MailImport.objects.create(
        mailbox=mailbox, user=actor, original_name=str(label)[:255], directory=directory
    )
    from ..tasks import mail_import as mail_import_task

    transaction.on_commit(lambda: mail_import_task.enqueue(mail_import.pk))
    return mail_import


def mailbox_fetch_enqueue(*, mailbox: Mailbox) -> None:
    """Fetch the mailbox's new mail in the background, once the current transaction commits."""
    from ..tasks import mailbox_fetch

    transaction.on_commit(lambda: mailbox_fetch.enqueue(mailbox.pk))
