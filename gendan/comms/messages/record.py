"""Storing a message of any channel, linked to its customer and in its conversation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction

from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from ..mail.linking import LinkContext, link_targets
from ..mail.threading import subject_key, thread_adopt_links, thread_find, thread_start
from ..models import Channel, Direction, Mailbox, MailboxFolder, Message, Thread
from .threads import chat_thread_for, thread_count

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User


# --- Storing, linking and threading messages (every channel) -----------------------------


# --- Storing, linking and threading messages (every channel) -----------------------------
def _counterpart_addresses(
    *, direction: str, from_address: str, to: list[dict], cc: list[dict], bcc: list[dict]
) -> list[str]:
    """The other side's addresses, most telling first: the sender of what we received,
    the recipients of what we sent."""
    recipients = [p.get("address", "") for p in [*to, *cc, *bcc]]
    if direction == Direction.INBOUND:
        return [from_address, *recipients]
    return recipients


def message_build(
    *,
    channel: str,
    direction: str,
    sent_at: dt.datetime,
    body_text: str = "",
    subject: str = "",
    from_address: str = "",
    from_name: str = "",
    to: list[dict] | None = None,
    cc: list[dict] | None = None,
    bcc: list[dict] | None = None,
    team: Team | None = None,
    customer: Customer | None = None,
    contact: Contact | None = None,
    order: Order | None = None,
    thread: Thread | None = None,
    link: bool = True,
    mailbox: Mailbox | None = None,
    folder: MailboxFolder | None = None,
    imap_uid: int | None = None,
    message_id: str = "",
    content_hash: str = "",
    in_reply_to: str = "",
    references: list[str] | None = None,
    body_html: str = "",
    has_remote_images: bool = False,
    is_auto: bool = False,
    external_id: str = "",
    delivery_status: str = "",
    created_by: User | None = None,
    link_context: LinkContext | None = None,
    raw: File | None = None,
) -> Message:
    """One message of any channel, not stored yet (``message_record`` stores it), linked to
    its customer and in its conversation.

    ``team`` is whose message it is when no customer is found (a mailbox's team, the
    WhatsApp number's team).  With ``link``, what is not given is found: the contact by
    address, else the customer by mail domain, and an order by its number in the subject
    or text.  ``thread`` continues a given conversation; else mail is threaded by
    Message-ID, In-Reply-To, References and subject, a chat by its contact.  ``raw``
    is the original .eml kept with a mail.  Duplicates are the caller's concern
    (``message_ingest`` checks the mailbox and Message-ID; chat the ``external_id``).
    """
    to, cc, bcc = list(to or []), list(cc or []), list(bcc or [])
    references = list(references or [])
    if link and (customer is None or order is None):
        targets = link_targets(
            addresses=_counterpart_addresses(
                direction=direction, from_address=from_address, to=to, cc=cc, bcc=bcc
            ),
            subject=subject,
            body=body_text,
            mailbox_team_id=team.pk if team else None,
            context=link_context,
        )
        if customer is None and targets.customer is not None:
            customer = targets.customer
            contact = contact or targets.contact
        elif (
            contact is None
            and targets.contact is not None
            and customer is not None
            and targets.contact.customer_id == customer.pk
        ):
            contact = targets.contact
        if order is None and targets.order is not None:
            order = targets.order
            customer = customer or order.customer

    if thread is None:
        if channel == Channel.EMAIL:
            thread = thread_find(
                message_id=message_id,
                in_reply_to=in_reply_to,
                references=references,
                subject_key=subject_key(subject),
                customer_id=customer.pk if customer else None,
                sent_at=sent_at,
            )
        else:
            thread = chat_thread_for(
                channel=channel, customer=customer, contact=contact, number=from_address
            )
    if thread is not None:
        # A reply from an unknown address in a known conversation belongs to its customer.
        if customer is None and thread.customer_id is not None:
            customer = Customer.objects.get(pk=thread.customer_id)
        if (
            order is None
            and thread.order_id is not None
            and thread.customer_id == (customer.pk if customer else None)
        ):
            order = Order.objects.get(pk=thread.order_id)

    team_id = customer.team_id if customer is not None else (team.pk if team else None)
    if team_id is None and thread is not None:
        team_id = thread.team_id
    message = Message(
        channel=channel,
        direction=direction,
        team_id=team_id,
        mailbox=mailbox,
        folder=folder,
        imap_uid=imap_uid,
        message_id=message_id[:995],
        content_hash=content_hash,
        in_reply_to=in_reply_to[:995],
        references=" ".join(f"<{r}>" for r in references),
        subject=subject[:1000],
        from_address=from_address[:320],
        from_name=from_name[:255],
        to=to,
        cc=cc,
        bcc=bcc,
        sent_at=sent_at,
        body_text=body_text,
        body_html=body_html,
        has_remote_images=has_remote_images,
        is_auto=is_auto,
        customer=customer,
        contact=contact if customer is not None and contact is not None else None,
        order=order,
        external_id=external_id,
        delivery_status=delivery_status,
        created_by=created_by,
    )
    if raw is not None:
        message.raw = raw
    if thread is None:
        thread = thread_start(message=message)
    message.thread = thread
    return message


@transaction.atomic
def message_record(message: Message) -> Message:
    """Store a message of any channel, as ``message_build`` made it, and count it in its
    conversation.  Every channel stores its messages here (a WhatsApp chat import, with
    thousands at once, builds them alike and stores them in bulk)."""
    thread = message.thread
    assert thread is not None
    message.save()
    links = (
        thread_adopt_links(thread=thread, message=message)
        if message.channel == Channel.EMAIL
        else {}
    )
    thread_count(thread, **links)
    thread.message_count += 1
    if thread.last_message_at is None or message.sent_at > thread.last_message_at:
        thread.last_message_at = message.sent_at
    return message
