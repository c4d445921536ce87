"""Conversations and messages for the inbox, search and timeline tests.

Rows are written directly (not through ingest), so each test states exactly the messages
it needs: who sent them, when, to which team and customer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from gendan.accounts.models import Team
from gendan.comms.models import Attachment, Mailbox, Message, Thread
from gendan.customers.models import Customer
from gendan.orders.models import Order

_ids = itertools.count(1)


def thread_start(
    *,
    team: Team | None = None,
    customer: Customer | None = None,
    order: Order | None = None,
    channel: str = "email",
    subject: str = "Order question",
) -> Thread:
    return Thread.objects.create(
        team=team or (customer.team if customer else None),
        customer=customer,
        order=order,
        channel=channel,
        subject=subject,
        subject_key=subject.lower(),
    )


def message_add(
    thread: Thread | None = None,
    *,
    direction: str = "in",
    sent_at: dt.datetime | None = None,
    subject: str | None = None,
    body_text: str = "Hello",
    body_html: str = "",
    has_remote_images: bool = False,
    from_address: str = "buyer@customer.test",
    from_name: str = "Anna Buyer",
    to: list[dict[str, str]] | None = None,
    cc: list[dict[str, str]] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    channel: str | None = None,
    team: Team | None = None,
    customer: Customer | None = None,
    order: Order | None = None,
    mailbox: Mailbox | None = None,
    **extra: Any,
) -> Message:
    """A message in ``thread`` (updating its counters), with attachments (name, bytes, type)."""
    sent_at = sent_at or timezone.now()
    message = Message.objects.create(
        thread=thread,
        channel=channel or (thread.channel if thread else "email"),
        direction=direction,
        team=team or (thread.team if thread else (customer.team if customer else None)),
        customer=customer if customer is not None else (thread.customer if thread else None),
        order=order if order is not None else (thread.order if thread else None),
        mailbox=mailbox,
        subject=subject if subject is not None else (thread.subject if thread else ""),
        body_text=body_text,
        body_html=body_html,
        has_remote_images=has_remote_images,
        from_address=from_address,
        from_name=from_name,
        to=to if to is not None else [{"name": "Mia", "address": "mia@exporter.test"}],
        cc=cc or [],
        sent_at=sent_at,
        message_id=f"m{next(_ids)}@test",
        **extra,
    )
    for name, content, content_type in attachments or []:
        attachment = Attachment(
            message=message, original_name=name, content_type=content_type, size=len(content)
        )
        attachment.file.save(f"a{next(_ids)}.bin", ContentFile(content), save=False)
        attachment.save()
    if thread is not None:
        thread.message_count += 1
        if thread.last_message_at is None or sent_at > thread.last_message_at:
            thread.last_message_at = sent_at
        thread.save(update_fields=["message_count", "last_message_at"])
    return message


class MailboxFactory(factory.django.DjangoModelFactory[Mailbox]):
    class Meta:
        model = Mailbox

    name = factory.Sequence(lambda n: f"Sales {n}")
    address = factory.Sequence(lambda n: f"sales{n}@exporter.test")
    imap_host = "127.0.0.1"
    imap_username = factory.SelfAttribute("address")
