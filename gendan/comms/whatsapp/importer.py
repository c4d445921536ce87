"""Turning a read chat export into a plan: which messages are new, who sent them, when.

The writes happen in ``gendan.comms.whatsapp.chat_import.whatsapp_export_import``; this module
only reads the database (to find the messages an earlier import stored).

Each message gets a stable key in ``Message.external_id``: a hash of its local
timestamp, author, text and attachment, plus its ordinal among identical messages (two
"ok" in the same minute are two messages).  A longer export of the same chat produces
the same keys for the messages both exports hold, so importing it adds only the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gendan.comms.models import Channel, Direction, Message
from gendan.customers.models import Contact

from .chat_file import ChatExport, ChatMessage, LineError

KEY_PREFIX = "wa-export"
SAMPLE_SIZE = 6
_CHUNK = 500

# "WhatsApp Chat with Hans Weber.txt", "WhatsApp Chat - Hans Weber.zip",
# "WhatsApp-Chat mit Hans.txt", "Chat de WhatsApp con Hans.txt", "Conversa do WhatsApp com …".
_CHAT_NAME = re.compile(
    r"whatsapp[\s-]*chat\s*(?:with|mit|con|com|avec|met|ile|с|-)\s+(?P<a>.+)"
    r"|chat\s+(?:de|do|di|van)\s+whatsapp\s+(?:con|com|avec|met|with)\s+(?P<b>.+)"
    r"|conversa\s+do\s+whatsapp\s+com\s+(?P<c>.+)",
    re.IGNORECASE,
)


@dataclass
class AuthorSummary:
    name: str
    count: int
    direction: str


@dataclass
class PlannedMessage:
    source: ChatMessage
    key: str
    direction: str
    sent_at: dt.datetime
    existing_id: int | None = None  # the message an earlier import stored


@dataclass
class ImportReport:
    """What an import found and did; kept with the upload for the result page."""

    file_name: str
    layout: str
    date_order: str
    date_order_source: str
    date_order_evidence: str
    time_zone: str
    me: str
    contact_id: int
    messages_found: int = 0
    new: int = 0
    existing: int = 0
    system_lines: int = 0
    deleted: int = 0
    attachments: int = 0  # media files attached to the new messages
    media_added: int = 0  # media attached to messages an earlier import stored without it
    missing_media: list[str] = field(default_factory=list)
    authors: list[AuthorSummary] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    first_at: str = ""
    last_at: str = ""
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        values = dict(data)
        values["authors"] = [AuthorSummary(**a) for a in values.get("authors", [])]
        values["errors"] = [LineError(**e) for e in values.get("errors", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def chat_name_from_file(filename: str) -> str:
    """The other party's name as WhatsApp wrote it into the file name, or ''."""
    stem = PurePosixPath((filename or "").replace("\\", "/")).stem
    match = _CHAT_NAME.search(stem)
    if not match:
        return ""
    name = next(g for g in match.groups() if g)
    return re.sub(r"\s*\(\d+\)$", "", name).strip()  # "… (1)" from a second download


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.findall(r"\w+", text))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _is_contact(author: str, contact: Contact, chat_name: str) -> bool:
    digits = _digits(author)
    if len(digits) >= 7 and not re.search(r"[^\d\s+()\-.]", author):
        # An unsaved number: "+49 170 1234567".
        return digits in {_digits(contact.whatsapp), _digits(contact.phone)} - {""}
    author_key = _norm(author)
    if not author_key:
        return False
    for name in (contact.name, chat_name):
        key = _norm(name or "")
        if not key:
            continue
        if key == author_key:
            return True
        words, author_words = set(key.split()), set(author_key.split())
        shorter, longer = sorted((words, author_words), key=len)
        if shorter and shorter <= longer:
            return True  # "Hans" or "Hans Weber (Müller GmbH)" for the contact "Hans Weber"
    return False


def resolve_me(authors: Counter[str], *, contact: Contact, me: str, chat_name: str) -> str:
    """Which author is the person who exported the chat (their messages go out).

    Given: it must be one of the authors.  Not given: the author who is not the contact,
    when there is exactly one such.  '' when every message is the contact's.
    """
    names = list(authors)
    if me:
        wanted = _norm(me)
        for name in names:
            if _norm(name) == wanted:
                return name
        raise ValidationError(
            {
                "me": _("%(me)s writes no message in this chat. The senders are: %(names)s.")
                % {"me": me, "names": ", ".join(names) or "—"}
            }
        )
    others = [name for name in names if not _is_contact(name, contact, chat_name)]
    if len(others) == 1 and len(names) > 1:
        return others[0]
    if not others:
        return ""
    raise ValidationError(
        {
            "me": _(
                "Which sender are you? The chat has %(names)s; give your name as it appears in "
                "the chat, so your messages are stored as sent to the customer."
            )
            % {"names": ", ".join(names)}
        }
    )


def message_key(*, contact_id: int, message: ChatMessage, ordinal: int) -> str:
    raw = "\x1f".join(
        [
            message.sent_at.isoformat(),
            message.author,
            message.text,
            message.attachment,
            str(ordinal),
        ]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{contact_id}:{digest}"


def plan_import(
    export: ChatExport,
    *,
    contact: Contact,
    me: str,
    time_zone: str,
    file_name: str,
    dry_run: bool,
) -> tuple[ImportReport, list[PlannedMessage]]:
    """The report and every message of the export, each marked new or already stored."""
    zone = ZoneInfo(time_zone)
    report = ImportReport(
        file_name=file_name,
        layout=export.layout,
        date_order=export.date_order,
        date_order_source=export.date_order_source,
        date_order_evidence=export.date_order_evidence,
        time_zone=time_zone,
        me=me,
        contact_id=contact.pk,
        errors=list(export.errors),
        warnings=list(export.warnings),
        dry_run=dry_run,
    )
    report.system_lines = sum(1 for m in export.messages if m.is_system)
    report.deleted = sum(1 for m in export.messages if m.is_deleted)
    authors = export.authors()
    report.authors = [
        AuthorSummary(
            name=name,
            count=count,
            direction=Direction.OUTBOUND if me and name == me else Direction.INBOUND,
        )
        for name, count in authors.most_common()
    ]
    if me and me not in authors:
        report.warnings.append(_("None of the messages is from you (%(me)s).") % {"me": me})

    seen: Counter[tuple[Any, ...]] = Counter()
    planned: list[PlannedMessage] = []
    for message in export.content:
        identity = (message.sent_at, message.author, message.text, message.attachment)
        ordinal = seen[identity]
        seen[identity] += 1
        planned.append(
            PlannedMessage(
                source=message,
                key=message_key(contact_id=contact.pk, message=message, ordinal=ordinal),
                direction=Direction.OUTBOUND if me and message.author == me else Direction.INBOUND,
                sent_at=message.sent_at.replace(tzinfo=zone),
            )
        )
    report.messages_found = len(planned)
    if planned:
        report.first_at = min(p.sent_at for p in planned).isoformat()
        report.last_at = max(p.sent_at for p in planned).isoformat()
    _mark_existing(planned, contact=contact)
    report.existing = sum(1 for p in planned if p.existing_id is not None)
    report.new = len(planned) - report.existing
    new = [p for p in planned if p.existing_id is None]
    report.missing_media = sorted(
        {p.source.attachment for p in planned if p.source.attachment} - set(export.media)
    )
    # The first and the last new messages: enough to see that the directions are right.
    half = SAMPLE_SIZE // 2
    picks = new if len(new) <= SAMPLE_SIZE else new[:half] + new[-half:]
    report.sample = [_sample(p) for p in picks]
    return report, planned


def _sample(planned: PlannedMessage) -> dict[str, Any]:
    source = planned.source
    return {
        "line": source.line,
        "sent_at": planned.sent_at.isoformat(),
        "author": source.author,
        "direction": planned.direction,
        "text": source.text[:300],
        "attachment": source.attachment,
    }


def _mark_existing(planned: list[PlannedMessage], *, contact: Contact) -> None:
    """Find what an earlier import, or the Cloud API, already stored."""
    by_key = {p.key: p for p in planned}
    keys = list(by_key)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for pk, key in Message.objects.filter(
            channel=Channel.WHATSAPP, external_id__in=chunk
        ).values_list("pk", "external_id"):
            by_key[key].existing_id = pk
    if not planned:
        return
    # Messages that came in or went out through the Cloud API have a wamid, not a key;
    # the same text in the same minute from the same side is the same message.
    low = min(p.sent_at for p in planned) - dt.timedelta(minutes=2)
    high = max(p.sent_at for p in planned) + dt.timedelta(minutes=2)
    api_messages: dict[tuple[str, str, int], int] = {}
    for pk, direction, body, sent_at in Message.objects.filter(
        channel=Channel.WHATSAPP,
        contact=contact,
        external_id__startswith="wamid.",
        sent_at__range=(low, high),
    ).values_list("pk", "direction", "body_text", "sent_at"):
        minute = int(sent_at.timestamp() // 60)
        api_messages[(direction, body.strip(), minute)] = pk
    if not api_messages:
        return
    for p in planned:
        if p.existing_id is not None:
            continue
        minute = int(p.sent_at.timestamp() // 60)
        for candidate in (minute, minute - 1, minute + 1):
            found = api_messages.get((p.direction, p.source.text.strip(), candidate))
            if found is not None:
                p.existing_id = found
                break
