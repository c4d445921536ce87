"""Reading mail history from files: an .mbox file, an .eml file, or a folder of them.

``mail_source(path)`` says how many messages there are (for a progress bar) before
handing them out one by one as raw bytes, so a large archive is never held in memory.
"""

from __future__ import annotations

import mailbox as mailbox_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from pathlib import Path

from django.utils.translation import gettext as _

EML_SUFFIXES = (".eml", ".msg.eml")
MBOX_SUFFIXES = (".mbox", ".mbx", ".mbs")


class MailSourceError(ValueError):
    pass


@dataclass
class SourceItem:
    label: str  # the file name, and the position in an mbox
    raw: bytes


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() in MBOX_SUFFIXES:
        return True
    if path.suffix.lower() in EML_SUFFIXES:
        return False
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


# A message starts with header lines ("Name: value"); one of these says it is mail.
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_MAIL_HEADERS = ("from", "date", "message-id", "subject", "to", "received", "return-path")
_HEAD_BYTES = 64 * 1024


def _looks_like_mail(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES).lstrip(b"\r\n")
    if head.startswith(b"From "):
        # Some programs save an .eml with the mbox envelope line first; the parser skips it.
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    if not _HEADER_LINE.match(head):
        return False
    headers = BytesHeaderParser().parsebytes(head)
    return any(name in headers for name in _MAIL_HEADERS)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and not p.name.startswith(".")
            and (p.suffix.lower() in EML_SUFFIXES + MBOX_SUFFIXES or _is_mbox(p))
        )
    if path.is_file():
        return [path]
    raise MailSourceError(_("%(path)s is neither a file nor a folder.") % {"path": path})


@dataclass
class MailSource:
    """The messages under ``path``; ``count`` is known before the first is read."""

    path: Path
    files: list[tuple[Path, int | None]]  # (file, message count for an mbox; None: one .eml)

    @property
    def count(self) -> int:
        return sum(1 if n is None else n for _path, n in self.files)

    def __iter__(self) -> Iterator[SourceItem]:
        for path, count in self.files:
            if count is None:
                yield SourceItem(path.name, path.read_bytes())
                continue
            archive = mailbox_lib.mbox(str(path), create=False)
            try:
                for index, key in enumerate(archive.iterkeys(), start=1):
                    yield SourceItem(f"{path.name} #{index}", archive.get_bytes(key))
            finally:
                archive.close()


def mail_source(path: str | Path) -> MailSource:
    root = Path(path)
    if not root.exists():
        raise MailSourceError(_("%(path)s does not exist.") % {"path": root})
    files: list[tuple[Path, int | None]] = []
    for file in _files(root):
        if _is_mbox(file):
            archive = mailbox_lib.mbox(str(file), create=False)
            try:
                files.append((file, len(archive)))  # one pass over the file for its index
            finally:
                archive.close()
            if files[-1][1] == 0 and file.stat().st_size:
                raise MailSourceError(
                    _("%(name)s: no messages found; an .mbox file starts with a 'From ' line.")
                    % {"name": file.name}
                )
        elif _looks_like_mail(file):
            files.append((file, None))
        else:
            # Nothing is imported from a folder with a stray file in it: the user says
            # which file to leave out rather than finding it silently skipped.
            raise MailSourceError(
                _(
                    "%(name)s is not a mail message (.eml) or an .mbox file: it does not "
                    "start with mail headers such as From:, Date: or Subject:."
                )
                % {"name": file.name}
            )
    return MailSource(root, files)
