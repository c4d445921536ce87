"""WeChat, Skype, phone calls and meetings, logged by hand."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from ..messages.attachments import MB
from ..messages.record import message_build, message_record
from ..models import Attachment, Channel, Direction, Message
from ..signals import messages_writing

if TYPE_CHECKING:
    from gendan.accounts.models import User


LOGGED_CHANNELS = (Channel.WECHAT, Channel.SKYPE, Channel.PHONE, Channel.MEETING)


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
    actor_name = actor.get_full_name() or actor.username
    inbound = direction == Direction.INBOUND
    with messages_writing():
        message = message_record(
            message_build(
                channel=channel,
                direction=direction,
                link=False,
                sent_at=occurred_at,
                body_text=summary,
                from_name=(contact.name if contact else customer.name) if inbound else actor_name,
                to=[]
                if inbound
                else [{"name": contact.name if contact else customer.name, "address": ""}],
                customer=customer,
                contact=contact,
                order=order,
                created_by=actor,
            )
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
    return message
