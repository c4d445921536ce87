"""Reads of conversations, messages and attachments, with the access check."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User

from ..models import Attachment, Message, Thread

# The columns a list row of a message shows: who wrote to whom, when, on which channel.
MESSAGE_ROW_FIELDS = (
    "id",
    "thread_id",
    "channel",
    "direction",
    "subject",
    "from_address",
    "from_name",
    "to",
    "sent_at",
    "is_auto",
)


def threads_visible(user: User) -> QuerySet[Thread]:
    return scope_to_user(Thread.objects.all(), user)


def messages_visible(user: User) -> QuerySet[Message]:
    return scope_to_user(Message.objects.all(), user)


# --- One conversation, one message ---------------------------------------------------------
def thread_get_for_user(*, user: User, pk: int) -> Thread:
    return get_object_or_404(
        threads_visible(user).select_related("customer", "order", "team"), pk=pk
    )


def thread_messages(*, thread: Thread) -> list[Message]:
    """The conversation's messages in the order they were sent, with their attachments."""
    return list(
        thread.messages.select_related("mailbox", "contact", "created_by")
        .defer("raw")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("is_inline", "id"))
        )
        .order_by("sent_at", "id")
    )


def message_get_for_user(*, user: User, pk: int) -> Message:
    return get_object_or_404(
        messages_visible(user).select_related("customer", "order", "thread", "contact"), pk=pk
    )


def attachment_get_for_user(*, user: User, pk: int) -> Attachment:
    """An attachment of a message the user may see, else 404."""
    return get_object_or_404(
        Attachment.objects.select_related("message").filter(
            message__in=Subquery(messages_visible(user).values("pk"))
        ),
        pk=pk,
    )
