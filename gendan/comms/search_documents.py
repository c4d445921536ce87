"""What the search box finds of messages; registered in ``CommsConfig.ready()``.

A message is found by its subject, text, people and its attachments' names.  A message
stored with its attachments (``signals.messages_writing``) is indexed once, when all
are stored: its saves and its attachments' are deferred to ``messages_changed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.registry import SearchDocument, search_document_register

from .mail.sanitize import html_to_text
from .models import Attachment, Message
from .signals import message_change_deferred

# The length of text the search index keeps (gendan.search.services.MAX_TEXT).
TEXT_MAX = 20_000


def _join(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def _addresses(people: Iterable[dict[str, str]]) -> list[str]:
    return [f"{p.get('name', '')} {p.get('address', '')}".strip() for p in people]


def message_document(message: Message) -> dict[str, Any]:
    # The words of the HTML body, for a message that came without a text part.
    body = message.body_text or " ".join(html_to_text(message.body_html).split())
    # Chats have no subject: their first words stand in for one.
    title = message.subject or " ".join(body.split())[:120]
    people = _join(
        message.from_name, message.from_address, *_addresses(message.to), *_addresses(message.cc)
    )
    return {
        "team_id": message.team_id,
        "title": title,
        "keys": _join(*(a.original_name for a in message.attachments.all())),
        # The body first: a snippet without a match shows the start of the text.  A long
        # thread quotes itself over and over; what matters is near the top.
        "text": _join(body[: TEXT_MAX - len(people) - 1], people),
    }


def message_rows() -> QuerySet[Message]:
    return Message.objects.defer("raw", "references", "body_html").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.only("message_id", "original_name"))
    )


def messages_visible_for_search(user: User) -> QuerySet[Message]:
    return (
        scope_to_user(Message.objects.all(), user)
        .select_related("customer", "order", "thread")
        .defer("body_html", "raw", "references")
    )


def _attachment_message(attachment: Attachment) -> int | None:
    return None if message_change_deferred(attachment.message_id) else attachment.message_id


def register() -> None:
    search_document_register(
        SearchDocument(
            "message", Message, message_document, messages_visible_for_search,
            label=_("Messages"), position=30, rows=message_rows, customer_path="customer_id",
            watch={Attachment: _attachment_message},
            defer=lambda message: message_change_deferred(message.pk),
        )
    )  # fmt: skip
