"""Conversations: the chat rule (one running conversation per contact and channel) and the
conversation counters the inbox sorts on.  Mail is threaded by ``mail.threading``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gendan.customers.models import Contact, Customer

from ..models import Message, Thread

if TYPE_CHECKING:
    pass


# --- Storing, linking and threading messages (every channel) -----------------------------


from typing import TYPE_CHECKING

from django.db.models import Count, Max

if TYPE_CHECKING:
    pass


def _chat_thread(
    *, channel: str, customer: Customer | None, contact: Contact | None, from_address: str
) -> Thread | None:
    """A chat (WhatsApp, WeChat, …) has one running conversation per contact."""
    messages = Message.objects.filter(channel=channel, thread__isnull=False)
    if contact is not None:
        messages = messages.filter(customer_id=contact.customer_id, contact=contact)
    elif customer is not None:
        messages = messages.filter(customer=customer, contact__isnull=True)
    elif from_address:
        messages = messages.filter(customer__isnull=True, from_address=from_address)
    else:
        return None
    thread_id = messages.order_by("-sent_at").values_list("thread_id", flat=True).first()
    return Thread.objects.get(pk=thread_id) if thread_id else None


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
