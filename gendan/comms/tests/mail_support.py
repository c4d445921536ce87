"""Building test messages."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

_sequence = itertools.count(1)


def make_mail(
    *,
    subject: str = "Hello",
    body: str = "Hello there.",
    sender: str = "Anna Schmidt <anna@schmidt-handel.de>",
    to: str = "mia@gendan.test",
    cc: str = "",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    html: str = "",
    charset: str = "utf-8",
    attachments: list[tuple[str, bytes, str]] | None = None,
    date: str | None = None,
) -> bytes:
    """A realistic message as bytes; ``message_id=""`` leaves the header out."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = date or format_datetime(timezone.now())
    if message_id is None:
        message_id = make_msgid(idstring=f"t{next(_sequence)}", domain="mail.test")
    if message_id:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, charset=charset)
    if html:
        message.add_alternative(html, subtype="html")
    for name, content, content_type in attachments or []:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()
