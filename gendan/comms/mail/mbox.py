"""Reading mail history from files: an .mbox file, an .eml file, or a folder of them.

``mail_source(path)`` says how many messages there are (for a progress bar) before
handing them out one by one as raw bytes, so a large archive is never held in memory.
"""

from __future__ import annotations

import mailbox as mailbox_lib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    raise MailSourceError(f"{path} is neither a file nor a folder")


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
        raise MailSourceError(f"{root} does not exist")
    files: list[tuple[Path, int | None]] = []
    for file in _files(root):
        if _is_mbox(file):
            archive = mailbox_lib.mbox(str(file), create=False)
            try:
                files.append((file, len(archive)))  # one pass over the file for its index
            finally:
                archive.close()
        else:
            files.append((file, None))
    return MailSource(root, files)
