"""Conversations: which one a message belongs to, one rule per kind of channel, and the
counters the inbox sorts on.

Mail is threaded by its headers and subject (``mail.threading.thread_find``); a chat
(WhatsApp, WeChat, Skype, calls, meetings) has one running conversation per contact and
channel (``chat_thread_for``).  ``thread_count`` keeps every conversation's message
count and last time, whichever way its messages came.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from gendan.customers.models import Contact, Customer

from ..models import Message, Thread


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


def thread_count(thread: Thread, **fields: object) -> None:
    """Recount the conversation's messages and its last time (the inbox sorts on it), in
    one UPDATE, from its messages: right however many were added, and by whom.  ``fields``
    (a mail conversation's newly found customer or order) go into the same UPDATE."""
    messages = Message.objects.filter(thread_id=OuterRef("pk"))
    Thread.objects.filter(pk=thread.pk).update(
        **fields,
        message_count=Coalesce(
            Subquery(messages.values("thread_id").annotate(n=Count("id")).values("n")[:1]), 0
        ),
        last_message_at=Subquery(messages.order_by("-sent_at").values("sent_at")[:1]),
    )
