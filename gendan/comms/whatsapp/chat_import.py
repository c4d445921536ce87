"""Importing WhatsApp "Export chat" files into a contact's WhatsApp conversation."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TypedDict, Unpack
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.customers.models import Contact
from gendan.dataio.models import ImportBatch

from ..messages.attachments import MB, attachment_from_bytes
from ..messages.record import message_build
from ..messages.threads import chat_thread_for, thread_count
from ..models import Attachment, Channel, Direction, Message
from ..signals import messages_changed_send
from ..whatsapp.importer import (
    ImportReport,
    PlannedMessage,
    chat_name_from_file,
    plan_import,
    resolve_me,
)
from .chat_file import ChatExport, read_export

if TYPE_CHECKING:
    from gendan.accounts.models import User

IMPORT_KIND = "whatsapp"


# --- WhatsApp chat exports ------------------------------------------------------------
def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": _("%(zone)s is not a time zone.") % {"zone": name}}
        ) from None
    return name


def whatsapp_export_import(
    *,
    actor: User | None,
    contact: Contact,
    data: bytes,
    filename: str,
    me: str = "",
    date_order: str = "",
    time_zone: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Import a WhatsApp "Export chat" file into the contact's WhatsApp conversation.

    Messages an earlier import stored are recognised by their key and left alone; a
    line that cannot be read is reported with its number and skipped.  Raises
    ``ExportError`` for a file that is no chat export, ValidationError when it cannot
    tell which sender is the user (``me``).  ``dry_run`` reports without writing.
    """
    export = read_export(data, filename=filename, date_order=date_order)
    chat_name = chat_name_from_file(filename) or chat_name_from_file(export.text_name)
    me = resolve_me(export.authors(), contact=contact, me=me.strip(), chat_name=chat_name)
    zone = _zone(time_zone or (actor.time_zone if actor is not None else settings.TIME_ZONE))
    report, planned = plan_import(
        export, contact=contact, me=me, time_zone=zone, file_name=filename, dry_run=dry_run
    )
    new = [p for p in planned if p.existing_id is None]
    report.attachments = sum(1 for p in new if p.source.attachment in export.media)
    refill = _media_to_refill(planned, export)
    report.media_added = len(refill)
    if dry_run or not (new or refill):
        return report
    with transaction.atomic():
        _store_export(actor=actor, contact=contact, export=export, new=new, refill=refill)
        history_record(
            actor=actor,
            record=contact,
            action=Action.IMPORT,
            subject=contact.customer,
            note=_("WhatsApp chat %(file)s: %(new)s new messages, %(existing)s already there.")
            % {"file": filename, "new": report.new, "existing": report.existing},
        )
    return report


def _media_to_refill(planned: list[PlannedMessage], export: ChatExport) -> list[PlannedMessage]:
    """Messages an earlier import (of the text alone) stored whose media the zip now has."""
    candidates = [
        p
        for p in planned
        if p.existing_id is not None and p.source.attachment and p.source.attachment in export.media
    ]
    if not candidates:
        return []
    have = set(
        Attachment.objects.filter(message_id__in=[p.existing_id for p in candidates]).values_list(
            "message_id", "original_name"
        )
    )
    owned = set(
        Message.objects.filter(
            pk__in=[p.existing_id for p in candidates], external_id__startswith="wa-export:"
        ).values_list("pk", flat=True)
    )
    return [
        p
        for p in candidates
        if p.existing_id in owned and (p.existing_id, p.source.attachment[:255]) not in have
    ]


def _store_export(
    *,
    actor: User | None,
    contact: Contact,
    export: ChatExport,
    new: list[PlannedMessage],
    refill: list[PlannedMessage],
) -> None:
    customer = contact.customer
    thread = chat_thread_for(channel=Channel.WHATSAPP, customer=customer, contact=contact)
    rows = []
    for p in new:
        source = p.source
        body = source.text
        if source.attachment and source.attachment not in export.media:
            # Exported without the file: keep the line that names it.
            body = "\n".join(part for part in (source.attachment_line, source.text) if part)
        inbound = p.direction == Direction.INBOUND
        # Built like every message (message_build), stored in bulk: a chat has thousands.
        rows.append(
            message_build(
                channel=Channel.WHATSAPP,
                direction=p.direction,
                thread=thread,
                link=False,
                external_id=p.key,
                sent_at=p.sent_at,
                body_text=body,
                from_name=source.author,
                from_address=contact.whatsapp if inbound else "",
                to=[] if inbound else [{"name": contact.name, "address": contact.whatsapp}],
                customer=customer,
                contact=contact,
                created_by=actor,
            )
        )
    Message.objects.bulk_create(rows, batch_size=500)
    attachments = []
    for p, message in zip(new, rows, strict=True):
        name = p.source.attachment
        if name and name in export.media:
            size = export.media_size(name) or 0
            too_big = size > settings.MAIL_ATTACHMENT_MAX_MB * MB
            data = None if too_big else export.media_bytes(name)
            attachments.append(attachment_from_bytes(message, name=name, data=data, size=size))
    if refill:
        existing = Message.objects.in_bulk([p.existing_id for p in refill])
        for p in refill:
            message = existing[p.existing_id]
            name = p.source.attachment
            size = export.media_size(name) or 0
            data = None if size > settings.MAIL_ATTACHMENT_MAX_MB * MB else export.media_bytes(name)
            attachments.append(attachment_from_bytes(message, name=name, data=data, size=size))
            Message.objects.filter(pk=message.pk).update(body_text=p.source.text)
    Attachment.objects.bulk_create(attachments, batch_size=200)
    thread_count(thread)
    # bulk_create and UPDATE send no post_save: the search index learns of them here.
    messages_changed_send(
        ids=[m.pk for m in rows] + [p.existing_id for p in refill if p.existing_id is not None]
    )


class ReadOptions(TypedDict, total=False):
    """How to read an export (see ``whatsapp_export_import``); each may be left empty."""

    me: str
    date_order: str
    time_zone: str


def whatsapp_import_check(
    *, user: User, contact: Contact, upload: File, **options: Unpack[ReadOptions]
) -> ImportBatch:
    """Read an uploaded export without storing its messages; keep the file and what it holds.

    The person then confirms (``whatsapp_import_confirm``) on the result page.
    """
    upload.seek(0)
    data = upload.read()
    original_name = PurePosixPath((upload.name or "chat.txt").replace("\\", "/")).name[:255]
    report = whatsapp_export_import(
        actor=user, contact=contact, data=data, filename=original_name, dry_run=True, **options
    )
    batch = ImportBatch(
        kind=IMPORT_KIND,
        user=user,
        team_id=contact.team_id,
        original_name=original_name,
        status=ImportBatch.Status.PREVIEWED,
    )
    _keep_report(batch, report)
    batch.preview["options"] = {
        "contact": contact.pk,
        "me": report.me,
        "date_order": options.get("date_order", ""),
        "time_zone": report.time_zone,
    }
    batch.file.save(original_name, ContentFile(data), save=False)
    batch.save()
    return batch


def _keep_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.row_count = report.messages_found
    batch.created_count = report.new
    batch.unchanged_count = report.existing
    batch.error_count = len(report.errors)
    batch.errors = [
        {"row": e.line, "column": "", "value": e.text, "message": e.message}
        for e in report.errors[:1000]
    ]
    batch.warnings = list(report.warnings)
    options = (batch.preview or {}).get("options", {})
    batch.preview = {"report": report.as_dict(), "options": options}


@transaction.atomic
def whatsapp_import_confirm(*, user: User, batch: ImportBatch) -> tuple[ImportBatch, ImportReport]:
    """Import a checked upload.  The batch stays locked until the import is committed, so
    a second click waits for the first and then finds it imported."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk, kind=IMPORT_KIND)
    if locked.user_id != user.pk:
        raise PermissionDenied(_("This import belongs to someone else."))
    if locked.status == ImportBatch.Status.IMPORTED:
        raise ValidationError(_("This chat has already been imported."))
    options = locked.preview.get("options", {})
    contact = Contact.objects.select_related("customer").get(pk=options["contact"])
    try:
        with locked.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise ValidationError(_("The uploaded file is no longer there; upload it again.")) from None
    report = whatsapp_export_import(
        actor=user, contact=contact, data=data, filename=locked.original_name,
        me=options.get("me", ""), date_order=options.get("date_order", ""),
        time_zone=options.get("time_zone", ""),
    )  # fmt: skip
    _keep_report(locked, report)
    locked.status = ImportBatch.Status.IMPORTED
    locked.imported_at = timezone.now()
    locked.save()
    return locked, report
