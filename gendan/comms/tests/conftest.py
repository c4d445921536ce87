"""Fixtures for the communication tests: real IMAP (Dovecot) and SMTP (aiosmtpd) servers.

``imap_server`` is one Dovecot per test session (per xdist worker), on a free port; each
test gets an IMAP user of its own (``imap_user``), so tests never see each other's mail.
``deliver(raw, ...)`` puts messages into that user's folders.  ``smtp_server`` is an
aiosmtpd per test with SMTP AUTH; ``mailbox`` is a Mailbox row wired to both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest

from .mailservers import PASSWORD, DovecotServer, SmtpSink, dovecot_available

SMTP_LOGIN = "gendan-smtp"


@pytest.fixture(scope="session")
def imap_server() -> Iterator[DovecotServer]:
    if not dovecot_available():
        pytest.fail(
            "The mail tests need Dovecot (Debian package dovecot-imapd): "
            "run scripts/system-deps.sh test"
        )
    server = DovecotServer().start()
    yield server
    server.stop()


@pytest.fixture
def imap_user() -> str:
    return f"u{uuid.uuid4().hex[:12]}@gendan.test"


@pytest.fixture
def deliver(imap_server: DovecotServer, imap_user: str) -> Callable[..., None]:
    """deliver(raw, raw2, ..., folder="INBOX"): append messages to the test's IMAP user."""

    def put(*messages: bytes, folder: str = "INBOX") -> None:
        imap_server.deliver(imap_user, *messages, folder=folder)

    return put


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    sink = SmtpSink(login=SMTP_LOGIN, password=PASSWORD).start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_team(team_a):
    return team_a


@pytest.fixture
def mailbox(db, imap_server: DovecotServer, imap_user: str, merchandiser, mail_team):
    """The merchandiser's mailbox on the test servers (SMTP: see ``smtp_mailbox``)."""
    from gendan.comms.models import Mailbox

    box = Mailbox(
        name="Mia",
        address=imap_user,
        owner=merchandiser,
        team=mail_team,
        imap_host=imap_server.host,
        imap_port=imap_server.port,
        imap_security="none",
        imap_username=imap_user,
        inbox_folder="INBOX",
        sent_folder="Sent",
        smtp_host="",
    )
    box.imap_password = imap_server.password
    box.save()
    return box


@pytest.fixture
def smtp_mailbox(mailbox, smtp_server: SmtpSink):
    mailbox.smtp_host = smtp_server.host
    mailbox.smtp_port = smtp_server.port
    mailbox.smtp_security = "none"
    mailbox.smtp_username = SMTP_LOGIN
    mailbox.smtp_password = PASSWORD
    mailbox.save()
    return mailbox
