"""Fetching a mailbox over IMAP, incrementally.

For each folder (the inbox, and the Sent folder for what was sent from other programs)
``MailboxFolder`` remembers UIDVALIDITY and the last UID stored.  A run asks for the
UIDs above it, fetches them in batches and stores each message in its own transaction
together with the new ``last_uid``: a run killed at any point resumes after the last
message it stored.  When the server's UIDVALIDITY changes (the folder was rebuilt) the
UIDs mean nothing any more; the folder is read again from the start and Message-IDs
keep anything from being stored twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import logging
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.mailbox import BaseMailBox

from ..models import Mailbox, MailboxFolder, Security
from . import ingest
from .linking import LinkContext

logger = logging.getLogger("gendan.mail")

BATCH_SIZE = 25  # messages per FETCH command
RUN_LIMIT = 2000  # messages per folder per run; the next run goes on from there
FAILURES_PER_RUN = 5  # a folder stops after this many messages fail in one run
TIMEOUT = 30  # seconds for the connection and each command

_UID = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


@dataclass
class FolderResult:
    name: str
    role: str
    stored: int = 0
    already_stored: int = 0
    failed: int = 0
    more_waiting: bool = False
    error: str = ""


@dataclass
class FetchResult:
    folders: list[FolderResult] = field(default_factory=list)
    error: str = ""

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.folders)

    @property
    def ok(self) -> bool:
        return not self.error and not any(f.error for f in self.folders)


def imap_connect(mailbox: Mailbox, *, timeout: float = TIMEOUT) -> BaseMailBox:
    """A logged-in IMAP connection to ``mailbox``'s server (the caller logs out)."""
    client: BaseMailBox
    if mailbox.imap_security == Security.SSL:
        client = MailBox(
            mailbox.imap_host,
            mailbox.imap_port,
            timeout=timeout,
            ssl_context=ssl.create_default_context(),
        )
    elif mailbox.imap_security == Security.STARTTLS:
        client = MailBoxStartTls(
            mailbox.imap_host,
            mailbox.imap_port,
            timeout=timeout,
            ssl_context=ssl.create_default_context(),
        )
    else:
        client = MailBoxUnencrypted(mailbox.imap_host, mailbox.imap_port, timeout=timeout)
    try:
        client.login(mailbox.imap_username, mailbox.imap_password, initial_folder=None)
    except Exception:
        imap_logout(client)
        raise
    return client


def imap_logout(client: BaseMailBox) -> None:
    try:
        client.logout()
    except Exception:  # the connection may already be gone
        with contextlib.suppress(Exception):
            client.client.shutdown()


def server_folders(client: BaseMailBox) -> list[tuple[str, tuple[str, ...]]]:
    return [(info.name, tuple(info.flags)) for info in client.folder.list()]


def sent_folder_name(client: BaseMailBox, configured: str) -> str:
    """The configured Sent folder if the server has it, else the one flagged \\Sent."""
    folders = server_folders(client)
    names = {name for name, _flags in folders}
    if configured in names:
        return configured
    for name, flags in folders:
        if "\\Sent" in flags:
            return name
    lowered = {name.lower(): name for name in names}
    for guess in ("sent", "sent items", "sent messages", "inbox.sent", "已发送", "已發送"):
        if guess in lowered:
            return lowered[guess]
    return ""


def _parse_internaldate(meta: bytes) -> dt.datetime | None:
    match = _INTERNALDATE.search(meta)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _fetch_raw(
    client: BaseMailBox, uids: list[int]
) -> Iterator[tuple[int, bytes, dt.datetime | None]]:
    """(uid, raw bytes, INTERNALDATE) of ``uids``, in ascending UID order."""
    status, data = client.client.uid(
        "FETCH", ",".join(str(u) for u in uids), "(UID INTERNALDATE BODY.PEEK[])"
    )
    if status != "OK":
        raise imaplib.IMAP4.error(f"FETCH failed: {data!r}")
    records: list[list[bytes]] = []  # [metadata, literal]
    for item in data:
        if isinstance(item, tuple):
            records.append([item[0], item[1]])
        elif isinstance(item, bytes) and records:
            records[-1][0] += b" " + item  # some servers send UID after the literal
    found = []
    for meta, raw in records:
        match = _UID.search(meta)
        if match:
            found.append((int(match.group(1)), raw, _parse_internaldate(meta)))
    found.sort(key=lambda row: row[0])
    yield from found


def _folder_row(mailbox: Mailbox, name: str, role: str) -> MailboxFolder:
    row, _created = MailboxFolder.objects.get_or_create(
        mailbox=mailbox, name=name, defaults={"role": role}
    )
    if row.role != role:
        MailboxFolder.objects.filter(pk=row.pk).update(role=role)
        row.role = role
    return row


def folder_fetch(
    *,
    client: BaseMailBox,
    mailbox: Mailbox,
    name: str,
    role: str,
    context: LinkContext,
    limit: int = RUN_LIMIT,
) -> FolderResult:
    result = FolderResult(name=name, role=role)
    row = _folder_row(mailbox, name, role)
    status = client.folder.status(name, ["UIDVALIDITY", "UIDNEXT"])
    uidvalidity = status.get("UIDVALIDITY")
    if uidvalidity is not None and row.uidvalidity != uidvalidity:
        if row.uidvalidity is not None:
            logger.warning(
                "%s %s: UIDVALIDITY changed from %s to %s; reading the folder again",
                mailbox.address,
                name,
                row.uidvalidity,
                uidvalidity,
            )
        MailboxFolder.objects.filter(pk=row.pk).update(uidvalidity=uidvalidity, last_uid=0)
        row.uidvalidity, row.last_uid = uidvalidity, 0
    uidnext = status.get("UIDNEXT")
    if uidnext is not None and uidnext - 1 <= row.last_uid:
        return result  # nothing new: no SELECT, no SEARCH

    client.folder.set(name, readonly=True)
    # "UID n:*" always answers the highest UID, even when it is below n.
    uids = sorted(int(u) for u in client.uids(f"UID {row.last_uid + 1}:*") if int(u) > row.last_uid)
    if len(uids) > limit:
        uids, result.more_waiting = uids[:limit], True
    failed_at: int | None = None
    for start in range(0, len(uids), BATCH_SIZE):
        for uid, raw, internal_date in _fetch_raw(client, uids[start : start + BATCH_SIZE]):
            try:
                with transaction.atomic():
                    stored = ingest.message_ingest(
                        mailbox=mailbox,
                        raw=raw,
                        folder=row,
                        uid=uid,
                        received_at=internal_date,
                        link_context=context,
                    )
                    if failed_at is None:
                        # Committed with the message: a restart goes on after it.
                        MailboxFolder.objects.filter(pk=row.pk, last_uid__lt=uid).update(
                            last_uid=uid
                        )
            except Exception as exc:
                # Left for the next run (last_uid stays before it); the rest goes on, and
                # what is stored meanwhile is recognised when it comes round again.
                logger.exception("%s %s: UID %s could not be stored", mailbox.address, name, uid)
                result.failed += 1
                result.error = f"UID {uid}: {type(exc).__name__}: {exc}"[:500]
                failed_at = failed_at or uid
                if result.failed >= FAILURES_PER_RUN:
                    return result
                continue
            if stored.created:
                result.stored += 1
            else:
                result.already_stored += 1
    return result


def mailbox_fetch(*, mailbox: Mailbox, limit: int = RUN_LIMIT) -> FetchResult:
    """Fetch what is new in the mailbox's inbox and Sent folders; errors go to
    ``mailbox.last_error`` (and are cleared by the next good run)."""
    result = FetchResult()
    context = LinkContext.load()
    try:
        client = imap_connect(mailbox)
    except Exception as exc:  # refused log-in, unknown host, TLS, timeout
        result.error = describe_error(exc)
    else:
        try:
            folders = [(mailbox.inbox_folder or "INBOX", MailboxFolder.Role.INBOX)]
            if mailbox.sent_folder:
                sent = sent_folder_name(client, mailbox.sent_folder)
                if sent:
                    folders.append((sent, MailboxFolder.Role.SENT))
            for name, role in folders:
                try:
                    result.folders.append(
                        folder_fetch(
                            client=client,
                            mailbox=mailbox,
                            name=name,
                            role=role,
                            context=context,
                            limit=limit,
                        )
                    )
                except Exception as exc:
                    logger.exception("%s %s: fetch failed", mailbox.address, name)
                    result.folders.append(
                        FolderResult(name=name, role=role, error=describe_error(exc))
                    )
        finally:
            imap_logout(client)
    errors = [result.error] + [f"{f.name}: {f.error}" for f in result.folders if f.error]
    error_text = "\n".join(e for e in errors if e)[:2000]
    updates: dict[str, object] = {"last_error": error_text}
    if not result.error:
        updates["last_synced_at"] = mailbox.last_synced_at = timezone.now()
    Mailbox.objects.filter(pk=mailbox.pk).update(**updates)
    mailbox.last_error = error_text
    return result


def describe_error(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, socket.timeout | TimeoutError):
        return f"Timed out: {text}"
    return f"{type(exc).__name__}: {text}"[:500]
