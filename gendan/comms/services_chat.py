"""Writes for chat and logged contacts: WhatsApp (exports, Cloud API, webhooks), WeChat,
Skype, calls and meetings logged by hand, and message templates.

Every message lands in ``Message`` with its channel, direction, customer, contact and
team, in a conversation (``Thread``) per contact and channel, so the inbox and the
customer timeline show it like any mail.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.models import ImportBatch
from gendan.core.services import validate
from gendan.customers.geo import LANGUAGE_CODES
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from .models import Attachment, Channel, Direction, Message, MessageTemplate, Thread, WebhookEvent
from .signals import messages_changed_send
from .templating import RenderedMessage, template_check, template_render
from .whatsapp import cloud
from .whatsapp.export import ChatExport, read_export
from .whatsapp.importer import (
    ImportReport,
    PlannedMessage,
    chat_name_from_file,
    plan_import,
    resolve_me,
)

if TYPE_CHECKING:
    from gendan.accounts.models import User

logger = logging.getLogger("gendan.comms.chat")

LOGGED_CHANNELS = (Channel.WECHAT, Channel.SKYPE, Channel.PHONE, Channel.MEETING)
IMPORT_KIND = "whatsapp"
MB = 1024 * 1024
# Delivery reports may arrive out of order: a later state never goes back to an earlier one.
STATUS_RANK = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3}


# --- conversations --------------------------------------------------------------------
def chat_thread_for(
    *, channel: str, customer: Customer | None, contact: Contact | None = None, number: str = ""
) -> Thread:
    """The conversation with a contact on a channel (else with the customer, else a number)."""
    if contact is not None:
        key, subject = f"{channel}:contact:{contact.pk}", contact.name
    elif customer is not None:
        key, subject = f"{channel}:customer:{customer.pk}", customer.name
    else:
        key, subject = f"{channel}:number:{number}", number
    thread = Thread.objects.filter(channel=channel, subject_key=key).order_by("id").first()
    if thread is None:
        thread = Thread.objects.create(
            channel=channel,
            subject_key=key,
            subject=subject[:500],
            customer=customer,
            team_id=customer.team_id if customer is not None else None,
        )
    return thread


def thread_refresh(thread: Thread) -> None:
    """Keep the conversation's message count and last time (the inbox sorts on it)."""
    stats = Message.objects.filter(thread=thread).aggregate(n=Count("id"), last=Max("sent_at"))
    Thread.objects.filter(pk=thread.pk).update(
        message_count=stats["n"] or 0, last_message_at=stats["last"]
    )


def _check_order(order: Order | None, customer: Customer) -> None:
    if order is not None and order.customer_id != customer.pk:
        raise ValidationError(
            {
                "order": _("Order %(number)s is not an order of %(customer)s.")
                % {"number": order.number, "customer": customer.name}
            }
        )


def _attachment_from_bytes(
    message: Message, *, name: str, data: bytes | None, size: int
) -> Attachment:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    attachment = Attachment(
        message=message, original_name=name[:255], content_type=content_type, size=size
    )
    if data is None or size > settings.MAIL_ATTACHMENT_MAX_MB * MB:
        attachment.is_skipped = True
    else:
        attachment.file.save(PurePosixPath(name).name, ContentFile(data), save=False)
    return attachment


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
        rows.append(
            Message(
                channel=Channel.WHATSAPP,
                direction=p.direction,
                team_id=customer.team_id,
                thread=thread,
                external_id=p.key,
                sent_at=p.sent_at,
                body_text=body,
                from_name=source.author[:255],
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
            attachments.append(_attachment_from_bytes(message, name=name, data=data, size=size))
    if refill:
        existing = Message.objects.in_bulk([p.existing_id for p in refill])
        for p in refill:
            message = existing[p.existing_id]
            name = p.source.attachment
            size = export.media_size(name) or 0
            data = None if size > settings.MAIL_ATTACHMENT_MAX_MB * MB else export.media_bytes(name)
            attachments.append(_attachment_from_bytes(message, name=name, data=data, size=size))
            Message.objects.filter(pk=message.pk).update(body_text=p.source.text)
    Attachment.objects.bulk_create(attachments, batch_size=200)
    thread_refresh(thread)
    # bulk_create and UPDATE send no post_save: the search index learns of them here.
    messages_changed_send(
        ids=[m.pk for m in rows] + [p.existing_id for p in refill if p.existing_id is not None]
    )


def whatsapp_import_check(
    *,
    user: User,
    contact: Contact,
    upload: File,
    me: str = "",
    date_order: str = "",
    time_zone: str = "",
) -> ImportBatch:
    """Read an uploaded export without storing its messages; keep the file and what it holds.

    The person then confirms (``whatsapp_import_confirm``) on the result page.
    """
    upload.seek(0)
    data = upload.read()
    original_name = PurePosixPath((upload.name or "chat.txt").replace("\\", "/")).name[:255]
    report = whatsapp_export_import(
        actor=user, contact=contact, data=data, filename=original_name, me=me,
        date_order=date_order, time_zone=time_zone, dry_run=True,
    )  # fmt: skip
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
        "date_order": date_order,
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


# --- WeChat, Skype, calls and meetings, logged by hand ---------------------------------
@transaction.atomic
def logged_contact_create(
    *,
    actor: User,
    channel: str,
    direction: str,
    occurred_at: dt.datetime,
    customer: Customer,
    summary: str,
    contact: Contact | None = None,
    order: Order | None = None,
    files: Sequence[File] = (),
) -> Message:
    """Record a WeChat chat, Skype call, phone call or meeting: when, who, what was said,
    with screenshots or notes attached."""
    errors: dict[str, list[str]] = {}
    if channel not in LOGGED_CHANNELS:
        errors["channel"] = [_("Choose WeChat, Skype, phone call or meeting.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Say who contacted whom.")]
    if contact is not None and contact.customer_id != customer.pk:
        errors["contact"] = [
            _("%(contact)s is not a contact of %(customer)s.")
            % {"contact": contact.name, "customer": customer.name}
        ]
    if order is not None and order.customer_id != customer.pk:
        errors["order"] = [
            _("Order %(number)s is not an order of %(customer)s.")
            % {"number": order.number, "customer": customer.name}
        ]
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = [_("Write what was said or agreed.")]
    if timezone.is_naive(occurred_at):
        raise ValueError("occurred_at must be timezone-aware")
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors["occurred_at"] = [_("This is in the future; log a contact once it has happened.")]
    too_big = [f.name for f in files if (f.size or 0) > settings.MAIL_ATTACHMENT_MAX_MB * MB]
    if too_big:
        errors["attachments"] = [
            _("%(names)s: larger than %(size)s MB.")
            % {"names": ", ".join(str(n) for n in too_big), "size": settings.MAIL_ATTACHMENT_MAX_MB}
        ]
    if errors:
        raise ValidationError(errors)
    thread = chat_thread_for(channel=channel, customer=customer, contact=contact)
    actor_name = actor.get_full_name() or actor.username
    inbound = direction == Direction.INBOUND
    message = Message.objects.create(
        channel=channel,
        direction=direction,
        team_id=customer.team_id,
        thread=thread,
        sent_at=occurred_at,
        body_text=summary,
        from_name=(contact.name if contact else customer.name) if inbound else actor_name,
        to=[] if inbound else [{"name": contact.name if contact else customer.name, "address": ""}],
        customer=customer,
        contact=contact,
        order=order,
        created_by=actor,
    )
    for upload in files:
        name = PurePosixPath((upload.name or "file").replace("\\", "/")).name
        attachment = Attachment(
            message=message,
            original_name=name[:255],
            content_type=getattr(upload, "content_type", "")
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream",
            size=upload.size or 0,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    thread_refresh(thread)
    return message


# --- WhatsApp Cloud API: sending ------------------------------------------------------
def _whatsapp_number(contact: Contact) -> str:
    if not contact.whatsapp:
        raise ValidationError(
            {
                "contact": _(
                    "%(name)s has no WhatsApp number; add it to the contact in international "
                    "form, e.g. +49 170 1234567."
                )
                % {"name": contact.name}
            }
        )
    return contact.whatsapp


def _store_outbound(
    *,
    actor: User,
    contact: Contact,
    order: Order | None,
    body: str,
    result: cloud.SendResult,
) -> Message:
    customer = contact.customer
    with transaction.atomic():
        thread = chat_thread_for(channel=Channel.WHATSAPP, customer=customer, contact=contact)
        message = Message.objects.create(
            channel=Channel.WHATSAPP,
            direction=Direction.OUTBOUND,
            team_id=customer.team_id,
            thread=thread,
            external_id=result.message_id,
            delivery_status=result.status[:20],
            sent_at=timezone.now(),
            body_text=body,
            from_name=actor.get_full_name() or actor.username,
            to=[{"name": contact.name, "address": contact.whatsapp}],
            customer=customer,
            contact=contact,
            order=order,
            created_by=actor,
        )
        thread_refresh(thread)
    return message


def whatsapp_send_text(
    *,
    actor: User,
    contact: Contact,
    text: str,
    order: Order | None = None,
    client: cloud.CloudApiClient | None = None,
) -> Message:
    """Send a text through the Cloud API and store it; ``CloudApiError`` if WhatsApp refuses."""
    number = _whatsapp_number(contact)
    _check_order(order, contact.customer)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > 4096:
        raise ValidationError({"text": _("WhatsApp takes at most 4,096 characters.")})
    # The call to Meta happens outside any transaction: no lock is held while it runs.
    result = (client or cloud.CloudApiClient()).send_text(to=number, body=text)
    return _store_outbound(actor=actor, contact=contact, order=order, body=text, result=result)


def whatsapp_send_template(
    *,
    actor: User,
    contact: Contact,
    template: MessageTemplate,
    order: Order | None = None,
    given: dict[str, str] | None = None,
    client: cloud.CloudApiClient | None = None,
) -> Message:
    """Send a message template filled for the contact (and order).

    A WhatsApp template goes out as the template of that name approved in WhatsApp
    Manager, with its placeholders as named parameters; any other template as its text.
    A placeholder without a value raises ``MissingPlaceholders`` and nothing is sent.
    """
    number = _whatsapp_number(contact)
    _check_order(order, contact.customer)
    rendered: RenderedMessage = template_render(
        template, order=order, customer=contact.customer, contact=contact, sender=actor, given=given
    )
    api = client or cloud.CloudApiClient()
    if template.channel == Channel.WHATSAPP:
        result = api.send_template(
            to=number,
            name=template.code.replace("-", "_"),
            language=template.language,
            parameters=rendered.values,
        )
    else:
        result = api.send_text(to=number, body=rendered.body)
    return _store_outbound(
        actor=actor, contact=contact, order=order, body=rendered.body, result=result
    )


# --- WhatsApp Cloud API: webhooks -----------------------------------------------------
# Headers worth keeping with a webhook call; never cookies or credentials.
_KEPT_HEADERS = ("content-type", "user-agent", "x-hub-signature-256", "x-hub-signature")


def webhook_event_store(*, source: str, body: bytes, headers: dict[str, str]) -> WebhookEvent:
    """Keep a webhook call exactly as it came, before anything else looks at it."""
    kept = {
        k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS or k.lower().startswith("x-")
    }
    kept = {k: v for k, v in kept.items() if k.lower() not in ("x-csrftoken", "authorization")}
    return WebhookEvent.objects.create(
        source=source, headers=kept, body=body.decode("utf-8", errors="replace")
    )


def webhook_event_mark(
    *,
    event: WebhookEvent,
    signature_valid: bool | None = None,
    processed: bool = False,
    error: str = "",
) -> None:
    fields: dict[str, Any] = {}
    if signature_valid is not None:
        fields["signature_valid"] = signature_valid
    if processed:
        fields["processed_at"] = timezone.now()
    if error or processed:
        fields["error"] = error[:5000]
    WebhookEvent.objects.filter(pk=event.pk).update(**fields)
    for name, value in fields.items():
        setattr(event, name, value)


def contact_for_whatsapp_number(number: str) -> Contact | None:
    """The contact with this WhatsApp number (else this phone number), most recently changed first."""
    matches = list(
        Contact.objects.filter(Q(whatsapp=number) | Q(phone=number))
        .select_related("customer")
        .order_by("-updated_at", "-id")[:10]
    )
    matches.sort(key=lambda c: c.whatsapp != number)  # a WhatsApp match beats a phone match
    return matches[0] if matches else None


def whatsapp_inbound_store(
    *,
    wamid: str,
    number: str,
    profile_name: str,
    sent_at: dt.datetime,
    text: str,
    media: Sequence[dict[str, str]] = (),
) -> Message | None:
    """Store a message that came in through the Cloud API; None if it is stored already."""
    if Message.objects.filter(channel=Channel.WHATSAPP, external_id=wamid).exists():
        return None
    contact = contact_for_whatsapp_number(number)
    customer = contact.customer if contact is not None else None
    try:
        with transaction.atomic():
            thread = chat_thread_for(
                channel=Channel.WHATSAPP, customer=customer, contact=contact, number=number
            )
            message = Message.objects.create(
                channel=Channel.WHATSAPP,
                direction=Direction.INBOUND,
                team_id=customer.team_id if customer is not None else None,
                thread=thread,
                external_id=wamid,
                sent_at=sent_at,
                body_text=text,
                from_name=profile_name[:255],
                from_address=number,
                customer=customer,
                contact=contact,
            )
            for item in media:
                # Only what the webhook says about the file; the Cloud API media id is kept
                # (as the content id) so the file can be fetched later.
                Attachment.objects.create(
                    message=message,
                    original_name=(item.get("filename") or item.get("id") or "media")[:255],
                    content_type=item.get("mime_type", "")[:255],
                    content_id=item.get("id", "")[:255],
                )
            thread_refresh(thread)
    except IntegrityError:
        return None  # the same delivery, stored by a parallel call
    return message


def whatsapp_status_update(*, wamid: str, status: str) -> bool:
    """Move a sent message's delivery status forward (sent, delivered, read, failed)."""
    message = Message.objects.filter(channel=Channel.WHATSAPP, external_id=wamid).first()
    if message is None:
        return False
    current = message.delivery_status
    if status == "failed":
        if current in ("delivered", "read"):
            return False
    elif status in STATUS_RANK:
        if current == "failed" or STATUS_RANK.get(current, -1) >= STATUS_RANK[status]:
            return False
    else:
        return False
    Message.objects.filter(pk=message.pk).update(delivery_status=status)
    return True


# --- message templates ----------------------------------------------------------------
TEMPLATE_FIELDS = ["code", "language", "name", "channel", "subject", "body"]


def _check_template(template: MessageTemplate) -> None:
    errors: dict[str, list[Any]] = {}
    if template.language not in LANGUAGE_CODES:
        errors["language"] = [_("Unknown language code: %(code)s.") % {"code": template.language}]
    try:
        template_check(subject=template.subject, body=template.body)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    validate(template)


@transaction.atomic
def message_template_create(
    *,
    actor: User | None,
    code: str,
    language: str,
    name: str,
    body: str,
    channel: str = Channel.EMAIL,
    subject: str = "",
) -> MessageTemplate:
    template = MessageTemplate(
        code=(code or "").strip().lower(), language=(language or "").strip(), name=(name or "").strip(),
        channel=channel, subject=(subject or "").strip(), body=body or "",
    )  # fmt: skip
    _check_template(template)
    template.save()
    history_record(actor=actor, record=template, action=Action.CREATE)
    return template


@transaction.atomic
def message_template_update(
    *, actor: User | None, template: MessageTemplate, **fields: Any
) -> MessageTemplate:
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    locked = MessageTemplate.objects.select_for_update().get(pk=template.pk)
    before = snapshot(locked, TEMPLATE_FIELDS)
    for name, value in fields.items():
        text = value if isinstance(value, str) else ""
        if name == "code":
            text = text.strip().lower()
        elif name != "body":
            text = text.strip()
        setattr(locked, name, text)
    _check_template(locked)
    changes = diff(before, snapshot(locked, TEMPLATE_FIELDS))
    if changes:
        locked.save()
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def message_template_delete(*, actor: User | None, template: MessageTemplate) -> None:
    history_record(actor=actor, record=template, action=Action.DELETE)
    template.delete()
