"""WhatsApp Cloud API webhooks: calls kept as they came, messages and delivery reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gendan.customers.models import Contact

from ..messages.record import message_build, message_record
from ..models import Attachment, Channel, Direction, Message, WebhookEvent
from ..signals import messages_writing

if TYPE_CHECKING:
    pass

# Delivery reports may arrive out of order: a later state never goes back to an earlier one.
STATUS_RANK = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3}


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
        with transaction.atomic(), messages_writing():
            message = message_record(
                message_build(
                    channel=Channel.WHATSAPP,
                    direction=Direction.INBOUND,
                    link=False,
                    external_id=wamid,
                    sent_at=sent_at,
                    body_text=text,
                    from_name=profile_name,
                    from_address=number,
                    customer=customer,
                    contact=contact,
                )
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
