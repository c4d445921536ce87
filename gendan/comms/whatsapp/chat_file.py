"""Reading WhatsApp's "Export chat" files (.txt, or .zip with the media).

There is no published format.  Each message starts on a line with a timestamp, and the
shape of that line depends on the phone and its locale:

    Android  31/12/2024, 21:41 - Hans Weber: text      12/31/24, 9:41 PM - Hans: text
    iOS      [31.12.24, 21:41:05] Hans Weber: text     [2024/12/31 21:41:05] Hans: text

Lines without a timestamp continue the message above.  A line whose rest has no
``author: `` is a system line (encryption notice, "X created group").  The order of day
and month is decided over the whole file: a part above 12 settles it; otherwise the
caller's choice, otherwise how the parts change from message to message.

Phones put invisible marks into the file: U+200E (left-to-right mark) before iOS lines
and attachments, U+202A/U+202C around phone numbers, U+202F (narrow no-break space)
before AM/PM.  They are removed or read as spaces before matching.

This module only reads; ``importer.py`` turns the result into messages.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

DATE_ORDERS = ("dmy", "mdy", "ymd")

# Direction marks and the byte-order mark: never part of what anyone wrote.
_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP_MARKS = str.maketrans("", "", _MARKS)
# Spaces a phone may put in a timestamp; one character each, so positions stay the same.
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2007": " "})

_HEADER = re.compile(
    r"""
    (?P<open>\[)?
    (?P<date>\d{1,4}[./-]\ ?\d{1,2}[./-]\ ?\d{1,4})\.?      # 31/12/2024  12/31/24  31.12.24  2024/12/31  13. 6. 2018.
    ,?\ ?
    (?:(?P<ampm_pre>上午|下午|午前|午後|오전|오후)\ ?)?
    [^\d\[\]:]{0,5}?                                        # a word such as "klo" or "um"
    (?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)
    (?:\ ?(?P<ampm>[ap]\.?\ ?m\.?|上午|下午|午前|午後))?
    (?P<close>\])?
    (?P<sep>\ -\ |:\ |\ )
    (?P<rest>.*)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DATE_SPLIT = re.compile(r"[./-]\ ?")
_TIME_SPLIT = re.compile(r"[:.]")

# Lines WhatsApp writes itself.  Matched in the part before ": " (Android), or in an iOS
# text that starts with a left-to-right mark, never in what a person wrote.
_SYSTEM = re.compile(
    r"""
      end-to-end[ -]encrypt | ende-zu-ende-verschlüsselt | de\ extremo\ a\ extremo
    | de\ bout\ en\ bout | crittografati | de\ ponta\ a\ ponta | 端到端加密
    | \bcreated\ (?:the\ )?group\b | \bcreated\ this\ group\b | \bhat\ die\ gruppe
    | \bchanged\ (?:the|this\ group'?s)\ (?:subject|icon|description|settings|group\ (?:name|description|icon))
    | \bchanged\ the\ group\b | \bchanged\ their\ phone\ number | \bchanged\ to\ \+
    | \bsecurity\ code\b.*\bchanged | \bsicherheitsnummer\b
    | \bjoined\ using\ this\ group'?s\ invite\ link | \bjoined\ using\ an\ invite
    | \bthis\ chat\ is\ with\ a\ business\ account | \bthis\ business\ (?:uses|is\ now|works)
    | \bturned\ (?:on|off)\ disappearing\ messages | \bnow\ an\ admin\b | \bno\ longer\ an\ admin\b
    | \bpinned\ a\ message\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Events an iOS export writes as a message of the chat or a member, after a mark.
_SYSTEM_EVENTS = re.compile(
    r"""
      ^(?:you\ )?(?:added|removed)\ .+ | \ (?:added|removed)\ .+ | \bleft$ | \bis\ a\ contact\b
    | \bmissed\ (?:voice|video)\ call\b | ^(?:voice|video)\ call\b | disappearing\ messages
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DELETED = re.compile(
    r"^(?:this\ message\ was\ deleted|you\ deleted\ this\ message|diese\ nachricht\ wurde\ gelöscht"
    r"|du\ hast\ diese\ nachricht\ gelöscht|se\ eliminó\ este\ mensaje|eliminaste\ este\ mensaje"
    r"|ce\ message\ a\ été\ supprimé|vous\ avez\ supprimé\ ce\ message|此消息已删除|你删除了此消息"
    r"|您删除了此消息)\.?$",
    re.VERBOSE | re.IGNORECASE,
)
_EDITED = re.compile(
    r"\s*<(?:this\ message\ was\ edited|diese\ nachricht\ wurde\ bearbeitet|se\ editó\ este\ mensaje"
    r"|ce\ message\ a\ été\ modifié|此消息已编辑|已编辑)>$",
    re.VERBOSE | re.IGNORECASE,
)
# Attachments: iOS "<attached: 00000012-PHOTO-2024-12-31-21-41-05.jpg>" (the label is
# localised: "<Anhang: …>"), older iOS "2015-08-04-PHOTO-00004762.jpg <attached>",
# Android "IMG-20241231-WA0001.jpg (file attached)" ("(Datei angehängt)", …).
_ATTACHED_IOS = re.compile(r"^<(?P<label>[^<>:]{1,40}):\s*(?P<name>[^<>]+?)\s*>$")
_ATTACHED_IOS_OLD = re.compile(r"^(?P<name>[^<>]+?\.\w{1,6})\s*<(?P<label>[^<>]{1,40})>$")
_ATTACHED_ANDROID = re.compile(r"^(?P<name>[^()<>]+?\.\w{1,6})\s+\((?P<label>[^()]{1,40})\)$")
_ATTACHED_LABELS = {
    "file attached", "attached", "datei angehängt", "angehängt", "archivo adjunto", "adjunto",
    "fichier joint", "file allegato", "allegato", "arquivo anexado", "anexado",
    "bestand bijgevoegd", "dosya ekli", "файл прикреплен", "файл прикреплён", "附件", "文件附件",
    "已附加文件", "ملف مرفق",
}  # fmt: skip
_WA_MEDIA_NAME = re.compile(
    r"^(?:(?:IMG|VID|PTT|AUD|DOC|STK)-\d{8}-WA\d+.*|\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER|GIF|DOCUMENT)-.+"
    r"|\d{4}-\d{2}-\d{2}-(?:PHOTO|VIDEO|AUDIO|STICKER|GIF)-.+)\.\w{1,6}$",
    re.IGNORECASE,
)
# "<Media omitted>", "<Medien ausgeschlossen>", iOS "image omitted", "document omitted".
_OMITTED = re.compile(
    r"^(?:<[^<>]{3,40}>|(?:image|video|audio|gif|sticker|document|contact\ card|video\ note)\ omitted)$",
    re.VERBOSE | re.IGNORECASE,
)


class ExportError(Exception):
    """The file is not a chat export that can be read; nothing is imported from it."""


@dataclass(frozen=True)
class LineError:
    line: int
    text: str
    message: str


@dataclass
class ChatMessage:
    line: int  # where the message starts in the chat text, counted from 1
    sent_at: dt.datetime  # naive: the exporting phone's local time
    author: str  # "" for a system line
    text: str
    attachment: str = ""  # the attached media file's name
    attachment_line: str = ""  # the line that named it, as the export wrote it
    media_omitted: bool = False
    is_system: bool = False
    is_deleted: bool = False
    edited: bool = False

    @property
    def is_content(self) -> bool:
        """A message someone wrote (or sent a file with), as opposed to WhatsApp's own lines."""
        return not (self.is_system or self.is_deleted)


@dataclass
class ChatExport:
    messages: list[ChatMessage]
    layout: str  # "android" or "ios"
    date_order: str  # "dmy", "mdy" or "ymd"
    # How the date order was found: "file" (a date settles it), "choice" (given by the
    # person importing), "guess" (from how the dates change).
    date_order_source: str
    date_order_evidence: str = ""  # the date that settled it, e.g. "31/12/2024"
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line_count: int = 0
    text_name: str = ""
    media: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    archive: zipfile.ZipFile | None = None

    @property
    def content(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.is_content]

    def authors(self) -> Counter[str]:
        """Who wrote how many messages, most first."""
        return Counter(m.author for m in self.content if m.author)

    def media_size(self, name: str) -> int | None:
        info = self.media.get(name)
        return info.file_size if info is not None else None

    def media_bytes(self, name: str) -> bytes | None:
        info = self.media.get(name)
        if info is None or self.archive is None:
            return None
        return self.archive.read(info)


# --- the file -------------------------------------------------------------------------
MAX_CHAT_TEXT_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 20_000


def read_export(
    data: bytes,
    *,
    filename: str,
    date_order: str = "",
    max_unpacked_bytes: int = 4 * 1024**3,
) -> ChatExport:
    """Read an export: a chat text file, or a zip with the chat text and the media files."""
    name = PurePosixPath((filename or "chat.txt").replace("\\", "/")).name
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".zip"):
        archive = _open_zip(data, name=name, max_unpacked_bytes=max_unpacked_bytes)
        entry = _chat_text_entry(archive, name=name)
        text = _decode(archive.read(entry), name=entry.filename)
        media: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if info.is_dir() or info is entry:
                continue
            media.setdefault(PurePosixPath(info.filename).name, info)
        export = parse_chat(text, date_order=date_order, media_names=set(media))
        export.archive, export.media = archive, media
        export.text_name = PurePosixPath(entry.filename).name
        return export
    if len(data) > MAX_CHAT_TEXT_BYTES:
        raise ExportError(_("%(name)s is too large for a chat export.") % {"name": name})
    export = parse_chat(_decode(data, name=name), date_order=date_order)
    export.text_name = name
    return export


def _open_zip(data: bytes, *, name: str, max_unpacked_bytes: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExportError(
            _("%(name)s is not a zip file that can be opened.") % {"name": name}
        ) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ExportError(_("%(name)s holds too many files for a chat export.") % {"name": name})
    if any(info.flag_bits & 0x1 for info in infos):
        raise ExportError(_("%(name)s is password-protected.") % {"name": name})
    # A zip bomb would fill the disk long before the upload limit is reached.
    if sum(info.file_size for info in infos) > max_unpacked_bytes:
        raise ExportError(
            _("%(name)s unpacks to more than the chat import allows.") % {"name": name}
        )
    return archive


def _chat_text_entry(archive: zipfile.ZipFile, *, name: str) -> zipfile.ZipInfo:
    """iOS calls the chat ``_chat.txt``; Android "WhatsApp Chat with Hans.txt" (localised)."""
    texts = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".txt")
        and not PurePosixPath(info.filename).name.startswith("._")
    ]
    for info in texts:
        if PurePosixPath(info.filename).name == "_chat.txt":
            return _checked_size(info)
    chats = [info for info in texts if "whatsapp" in info.filename.lower()]
    if len(chats) == 1:
        return _checked_size(chats[0])
    if texts:
        # Several text files: the chat is the one whose lines start with timestamps.
        for info in sorted(texts, key=lambda i: -i.file_size):
            head = archive.read(info)[:4096].decode("utf-8", "replace").translate(_STRIP_MARKS)
            if any(_HEADER.match(line.translate(_SPACES)) for line in head.splitlines()[:20]):
                return _checked_size(info)
    raise ExportError(
        _(
            '%(name)s holds no chat text file (_chat.txt or "WhatsApp Chat with ….txt"). '
            "Export the chat again and upload the zip as WhatsApp made it."
        )
        % {"name": name}
    )


def _checked_size(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    if info.file_size > MAX_CHAT_TEXT_BYTES:
        raise ExportError(_("The chat text in the zip is too large."))
    return info


def _decode(data: bytes, *, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(
            _(
                "%(name)s is not UTF-8 text (an unreadable byte at position %(position)s). "
                "Upload the .txt or .zip file exactly as WhatsApp exported it."
            )
            % {"name": name, "position": exc.start}
        ) from None


# --- the text -------------------------------------------------------------------------
@dataclass
class _Header:
    index: int  # 0-based line index
    match: re.Match[str]
    clean: str  # the line without direction marks
    parts: tuple[int, int, int]
    lengths: tuple[int, int, int]
    date_text: str

    @property
    def shape(self) -> tuple[bool, str]:
        return (bool(self.match.group("open")), self.match.group("sep"))


def parse_chat(
    text: str, *, date_order: str = "", media_names: set[str] | None = None
) -> ChatExport:
    """The messages of a chat export's text, with the errors of lines that cannot be read."""
    if date_order and date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, not {date_order!r}")
    lines = re.split(r"\r\n|\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    candidates = []
    for index, raw in enumerate(lines):
        clean = _lstrip_marks(raw)
        match = _HEADER.match(clean.translate(_SPACES))
        if match is None:
            continue
        date_text = match.group("date")
        pieces = [p.strip() for p in _DATE_SPLIT.split(date_text.rstrip(". "))]
        if len(pieces) != 3 or not all(p.isdigit() for p in pieces):
            continue
        candidates.append(
            _Header(
                index=index,
                match=match,
                clean=clean,
                parts=(int(pieces[0]), int(pieces[1]), int(pieces[2])),
                lengths=(len(pieces[0]), len(pieces[1]), len(pieces[2])),
                date_text=date_text,
            )
        )
    if not candidates:
        raise ExportError(
            _(
                "No WhatsApp messages were found: no line starts with a date and time. "
                'Upload the file that WhatsApp\'s "Export chat" made.'
            )
        )
    # A message line's shape ([date time] or "date, time - ") is the same all through a
    # file; a continuation line that happens to start with a date does not count.
    shape = Counter(c.shape for c in candidates).most_common(1)[0][0]
    headers = [c for c in candidates if c.shape == shape]
    order, source, evidence = _date_order(headers, choice=date_order)
    export = ChatExport(
        messages=[],
        layout="ios" if shape[0] else "android",
        date_order=order,
        date_order_source=source,
        date_order_evidence=evidence,
        line_count=len(lines),
    )
    if date_order and source == "file" and order != date_order:
        export.warnings.append(
            _(
                "The file writes dates as %(order)s (see %(date)s), so the date order you chose "
                "was not used."
            )
            % {"order": order_label(order), "date": evidence}
        )
    by_index = {h.index: h for h in headers}
    current: ChatMessage | None = None
    skipping = False  # the lines after a header that could not be read
    body: list[str] = []

    def finish() -> None:
        if current is not None:
            _finish(current, body, media_names or set())
            export.messages.append(current)

    for index, raw in enumerate(lines):
        header = by_index.get(index)
        if header is None:
            if current is not None and not skipping:
                body.append(raw.replace("\u200e", ""))
            continue
        finish()
        current, body = None, []
        try:
            sent_at = _timestamp(header, order)
        except ValueError as exc:
            export.errors.append(LineError(line=index + 1, text=raw[:200], message=str(exc)))
            skipping = True
            continue
        skipping = False
        rest = header.clean[header.match.start("rest") :]
        current = _message(index + 1, sent_at, rest)
        body = [current.text]
    finish()
    return export


def _lstrip_marks(line: str) -> str:
    return line.lstrip(_MARKS)


def _date_order(headers: list[_Header], *, choice: str) -> tuple[str, str, str]:
    """(order, how it was found, the date that settled it)."""
    for h in headers:
        if h.lengths[0] == 4:
            return "ymd", "file", h.date_text
    if choice == "ymd":
        return "ymd", "choice", ""
    day_first = next((h for h in headers if h.parts[0] > 12), None)
    month_first = next((h for h in headers if h.parts[1] > 12), None)
    if day_first and not month_first:
        return "dmy", "file", day_first.date_text
    if month_first and not day_first:
        return "mdy", "file", month_first.date_text
    if day_first and month_first:
        # Mixed: go with what most lines say; the others become errors on their lines.
        days = sum(1 for h in headers if h.parts[0] > 12)
        months = sum(1 for h in headers if h.parts[1] > 12)
        chosen = day_first if days >= months else month_first
        return ("dmy" if days >= months else "mdy"), "file", chosen.date_text
    if choice:
        return choice, "choice", ""
    # Within a year the month never goes back while the day does, at every month's end;
    # and the day changes more often than the month.
    first_back = second_back = first_changes = second_changes = 0
    for prev, h in zip(headers, headers[1:], strict=False):
        if prev.parts[2] != h.parts[2]:
            continue
        first_back += h.parts[0] < prev.parts[0]
        second_back += h.parts[1] < prev.parts[1]
        first_changes += h.parts[0] != prev.parts[0]
        second_changes += h.parts[1] != prev.parts[1]
    if first_back and not second_back:
        return "dmy", "guess", ""
    if second_back and not first_back:
        return "mdy", "guess", ""
    if second_changes > first_changes:
        return "mdy", "guess", ""
    return "dmy", "guess", ""


def order_label(order: str) -> str:
    return {
        "dmy": _("day/month/year"),
        "mdy": _("month/day/year"),
        "ymd": _("year/month/day"),
    }.get(order, order)


def _timestamp(header: _Header, order: str) -> dt.datetime:
    a, b, c = header.parts
    if order == "ymd":
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    if year < 100:
        year += 2000  # WhatsApp exports start in 2009
    pieces = [int(p) for p in _TIME_SPLIT.split(header.match.group("time"))]
    hour, minute = pieces[0], pieces[1]
    second = pieces[2] if len(pieces) > 2 else 0
    marker = header.match.group("ampm") or header.match.group("ampm_pre") or ""
    marker = re.sub(r"[.\s]", "", marker).lower()
    if marker in ("am", "上午", "午前", "오전"):
        if not 1 <= hour <= 12:
            raise ValueError(
                _("%(time)s is not a 12-hour time.") % {"time": header.match.group("time")}
            )
        hour = 0 if hour == 12 else hour
    elif marker in ("pm", "下午", "午後", "오후"):
        if not 1 <= hour <= 12:
            raise ValueError(
                _("%(time)s is not a 12-hour time.") % {"time": header.match.group("time")}
            )
        hour = hour if hour == 12 else hour + 12
    try:
        return dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - the phone's local time; the importer gives it a zone
    except ValueError:
        raise ValueError(
            _("%(date)s %(time)s is not a valid date and time (read as %(order)s).")
            % {
                "date": header.date_text,
                "time": header.match.group("time"),
                "order": order_label(order),
            }
        ) from None


def _message(line: int, sent_at: dt.datetime, rest: str) -> ChatMessage:
    """A message from the rest of its first line: "Author: text", or a system line."""
    author, separator, text = rest.partition(": ")
    if not separator and rest.endswith(":") and len(rest) > 1:
        author, separator, text = rest[:-1], ":", ""  # an empty message (a lone attachment)
    author = author.translate(_STRIP_MARKS).strip()
    if not separator or not author or len(author) > 100:
        return ChatMessage(line=line, sent_at=sent_at, author="", text=rest, is_system=True)
    if _SYSTEM.search(author):
        # Android: 'You changed the subject from "A" to "B: C"' has a ": " of its own.
        return ChatMessage(line=line, sent_at=sent_at, author="", text=rest, is_system=True)
    plain = text.translate(_STRIP_MARKS)
    ios_system = text.startswith("\u200e") and (
        _SYSTEM.search(plain) or _SYSTEM_EVENTS.search(plain)
    )
    message = ChatMessage(line=line, sent_at=sent_at, author=author, text=text)
    if ios_system:
        message.is_system = True
    return message


def _finish(message: ChatMessage, body: list[str], media_names: set[str]) -> None:
    """Join the lines, and read attachments, omitted media, deleted and edited markers."""
    text = "\n".join(body).replace("\u200e", "")
    if message.is_system:
        message.text = text.strip()
        return
    edited = _EDITED.search(text)
    if edited:
        text = text[: edited.start()]
        message.edited = True
    first, _newline, caption = text.partition("\n")
    first = first.strip()
    name = _attachment_name(first, media_names)
    if name:
        message.attachment, message.attachment_line = name, first
        text = caption
    elif _OMITTED.match(first) and not caption.strip():
        message.media_omitted = True
    elif _DELETED.match(text.strip()):
        message.is_deleted = True
    message.text = text.strip("\n").rstrip()


def _attachment_name(line: str, media_names: set[str]) -> str:
    match = _ATTACHED_IOS.match(line)
    if match:
        return match.group("name").strip()
    for pattern in (_ATTACHED_IOS_OLD, _ATTACHED_ANDROID):
        match = pattern.match(line)
        if match is None:
            continue
        name = match.group("name").strip()
        label = match.group("label").strip().lower()
        if name in media_names or label in _ATTACHED_LABELS or _WA_MEDIA_NAME.match(name):
            return name
    return ""
