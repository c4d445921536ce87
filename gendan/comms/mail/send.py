"""Composing, replying and sending through a mailbox's own SMTP server.

A message gets our own Message-ID (on the mailbox's domain) and, as a reply, the
In-Reply-To and References that keep it in the customer's thread.  It is sent over
SMTP with the mailbox's settings and stored at once, from the very bytes that were
sent; when the Sent folder is fetched later, the copy there is recognised by its
Message-ID and only tells the stored row where it sits.
"""

from __future__ import annotations

import mimetypes
import re
import smtplib
from dataclasses import dataclass, field
from email.utils import format_datetime, formataddr, make_msgid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attachment, Direction, Mailbox, Message, Security
from ..registry import OrderFile, OrderFileProvider, OutgoingFile, order_file_providers
from .ingest import message_ingest
from .parse import Address

if TYPE_CHECKING:
    from gendan.accounts.models import User
    from gendan.customers.models import Customer
    from gendan.orders.models import Order

# References grow with every reply; servers and clients cope with a few dozen.
MAX_REFERENCES = 30


def _attachment_files(order: Order) -> list[OrderFile]:
    """Attachments of mail about the order."""
    attachments: QuerySet[Attachment] = (
        Attachment.objects.filter(message__order=order, is_skipped=False, is_inline=False)
        .exclude(file="")
        .select_related("message")
        .order_by("-message__sent_at")[:100]
    )
    return [
        OrderFile(f"attachment-{a.pk}", a.original_name, a.size, a.message.subject)
        for a in attachments
    ]


def _attachment_read(pk: int) -> OutgoingFile:
    attachment = Attachment.objects.get(pk=pk)
    with attachment.file.open("rb") as handle:
        return OutgoingFile(attachment.original_name, handle.read(), attachment.content_type)


# Mail attachments come after the files other apps offer (the follow-up's evidence).
ATTACHMENT_FILES = OrderFileProvider("attachment", _attachment_files, _attachment_read, 1000)


def order_file_read(key: str) -> OutgoingFile:
    """The file behind an order file's key ("evidence-12", "attachment-34")."""
    kind, _sep, pk = key.partition("-")
    provider = order_file_providers.get(kind)
    if provider is None:
        raise LookupError(key)
    return provider.read(int(pk))


@dataclass
class Draft:
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    body: str = ""


def order_files(order: Order) -> list[OrderFile]:
    """Files on the order that can go out with a message: those other apps offer (the
    follow-up's evidence of its steps), then attachments of mail about the order."""
    providers = sorted(order_file_providers.values(), key=lambda p: p.position)
    return [file for provider in providers for file in provider.files(order)]


# "Re:", and the German, Nordic and Chinese clients' own words for it, repeated or not.
_REPLY_PREFIXES = re.compile(
    r"^(?:\s*(?:re|aw|sv|antw|答复|回复)\s*(?:\[\d+\])?\s*[:：])+\s*", re.I
)


def _reply_subject(subject: str) -> str:
    """One "Re: " in front, however many the conversation has collected."""
    return f"Re: {_REPLY_PREFIXES.sub('', subject)}"


def _quote(message: Message) -> str:
    # The attribution goes to the customer, so it is in English, not the user's language.
    when = timezone.localtime(message.sent_at).strftime("%Y-%m-%d %H:%M")
    who = message.from_name or message.from_address
    quoted = "\n".join(f"> {line}" if line else ">" for line in message.body_text.splitlines())
    return f"\n\n\nOn {when}, {who} wrote:\n{quoted}\n"


def reply_draft(*, message: Message, own_addresses: set[str], reply_all: bool = True) -> Draft:
    """To, Cc, subject and quoted text for a reply (to all) to ``message``."""
    own = {a.lower() for a in own_addresses}
    if message.direction == Direction.INBOUND:
        to = [message.from_address]
    else:
        to = [p.get("address", "") for p in message.to]
    to = [a for a in dict.fromkeys(a.lower() for a in to if a) if a not in own]
    cc: list[str] = []
    if reply_all:
        others = [p.get("address", "") for p in [*message.to, *message.cc]]
        cc = [
            a for a in dict.fromkeys(a.lower() for a in others if a) if a not in own and a not in to
        ]
    return Draft(to=to, cc=cc, subject=_reply_subject(message.subject), body=_quote(message))


def _addresses(values: list[str], field_name: str) -> list[str]:
    result = []
    for value in values:
        address = value.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {field_name: _("“%(value)s” is not an e-mail address.") % {"value": address}}
            ) from None
        result.append(address)
    return list(dict.fromkeys(result))


class _SentOnce(EmailMessage):
    """An EmailMessage whose MIME form is built once, so what is stored is what was sent."""

    _mime: Any = None

    def message(self, *args: Any, **kwargs: Any) -> Any:
        if self._mime is None:
            self._mime = super().message(*args, **kwargs)
        return self._mime


def smtp_connection(mailbox: Mailbox, *, timeout: int | None = None) -> Any:
    """Django's SMTP backend with the mailbox's server and log-in (IMAP's when left empty)."""
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        username=mailbox.smtp_username or mailbox.imap_username,
        password=mailbox.smtp_password or mailbox.imap_password,
        use_tls=mailbox.smtp_security == Security.STARTTLS,
        use_ssl=mailbox.smtp_security == Security.SSL,
        timeout=timeout or settings.EMAIL_TIMEOUT,
        fail_silently=False,
    )


def sender_name(*, mailbox: Mailbox, actor: User) -> str:
    if mailbox.owner_id == actor.pk or mailbox.owner_id is None:
        return actor.get_full_name() or mailbox.name
    return mailbox.name


def mail_send(
    *,
    actor: User,
    mailbox: Mailbox,
    to: list[str],
    subject: str,
    body: str,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    files: list[OutgoingFile] | None = None,
    reply_to: Message | None = None,
    customer: Customer | None = None,
    order: Order | None = None,
) -> Message:
    """Send a message from ``mailbox`` and store it; a reply continues ``reply_to``'s thread.

    Access is the caller's check (``mailbox_can_send``).  Raises ValidationError naming
    the field for bad addresses, oversized attachments or a refusing server; nothing is
    stored unless the server accepted the message.
    """
    to_list = _addresses(to, "to")
    cc_list = _addresses(cc or [], "cc")
    bcc_list = _addresses(bcc or [], "bcc")
    if not (to_list or cc_list or bcc_list):
        raise ValidationError({"to": _("Give at least one recipient.")})
    if not mailbox.smtp_host:
        raise ValidationError(
            {"mailbox": _("This mailbox has no SMTP server; add one in its settings.")}
        )
    files = list(files or [])
    limit = settings.MAIL_ATTACHMENT_MAX_MB * 1024 * 1024
    if sum(f.size for f in files) > limit:
        raise ValidationError(
            {
                "attachments": _("Attachments may be %(limit)s in all.")
                % {"limit": filesizeformat(limit)}
            }
        )

    domain = mailbox.address.rsplit("@", 1)[-1]
    headers = {
        "Message-ID": make_msgid(domain=domain),
        "Date": format_datetime(timezone.now()),
    }
    if reply_to is not None and reply_to.message_id:
        references = re.findall(r"<[^<>]+>", reply_to.references)
        references = [*references, f"<{reply_to.message_id}>"][-MAX_REFERENCES:]
        headers["In-Reply-To"] = f"<{reply_to.message_id}>"
        headers["References"] = " ".join(references)

    email = _SentOnce(
        subject=subject.replace("\r", " ").replace("\n", " "),
        body=body,
        from_email=formataddr((sender_name(mailbox=mailbox, actor=actor), mailbox.address)),
        to=to_list,
        cc=cc_list,
        bcc=bcc_list,
        headers=headers,
        connection=smtp_connection(mailbox),
    )
    for file in files:
        content_type = (
            file.content_type or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        email.attach(file.name, file.content, content_type)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(str(a) for a in exc.recipients)
        raise ValidationError(
            {"to": _("The mail server refused: %(addresses)s") % {"addresses": refused}}
        ) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise ValidationError(
            _("The message could not be sent through %(server)s: %(error)s")
            % {"server": mailbox.smtp_host, "error": str(exc) or type(exc).__name__}
        ) from exc

    raw = email.message().as_bytes(linesep="\r\n")
    if customer is None and order is not None:
        customer = order.customer
    result = message_ingest(
        mailbox=mailbox,
        raw=raw,
        direction=Direction.OUTBOUND,
        created_by=actor,
        customer=customer,
        order=order,
        thread=reply_to.thread if reply_to is not None and reply_to.thread_id else None,
        bcc=[Address(name="", address=a.lower()) for a in bcc_list],
    )
    return result.message
