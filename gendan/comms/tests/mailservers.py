"""Real mail servers for tests (and for trying the mail pages by hand).

``DovecotServer`` runs Debian's Dovecot as a throwaway IMAP server on a free port, with
its own configuration and Maildir tree: any user name logs in with the one password.
``SmtpSink`` runs aiosmtpd and keeps what it receives.  Both start in well under a
second; each pytest-xdist worker starts its own.

    python -m gendan.comms.tests.mailservers     # start both, print their ports, wait
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
PASSWORD = "secret"

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/run/state
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
lda_mailbox_autocreate = yes
namespace inbox {{
  inbox = yes
  separator = .
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/mail/%u
}}
# No chroot: an unprivileged user (make test without root) cannot chroot.
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dovecot_available() -> bool:
    return Path(DOVECOT).exists()


def _run_as() -> dict[str, object]:
    """As root, mail is handled by the package's dovecot user (Dovecot never runs mail
    processes as root); as anyone else, everything runs as that user."""
    if os.geteuid() == 0:
        owner = pwd.getpwnam("dovecot")
        return {
            "internal_user": "dovecot", "internal_group": "dovecot", "login_user": "dovenull",
            "uid": owner.pw_uid, "gid": owner.pw_gid,
        }  # fmt: skip
    me = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(me.pw_gid).gr_name
    return {
        "internal_user": me.pw_name, "internal_group": group, "login_user": me.pw_name,
        "uid": me.pw_uid, "gid": me.pw_gid,
    }  # fmt: skip


@dataclass
class DovecotServer:
    host: str = "127.0.0.1"
    port: int = 0
    password: str = PASSWORD
    directory: Path = field(default_factory=Path)
    process: subprocess.Popen | None = None

    @property
    def conf(self) -> Path:
        return self.directory / "dovecot.conf"

    def start(self, timeout: float = 10) -> DovecotServer:
        # Not pytest's tmp_path: its base is mode 0700 and the dovecot user must get in.
        self.directory = Path(tempfile.mkdtemp(prefix="dovecot-"))
        self.directory.chmod(0o755)
        mail = self.directory / "mail"
        mail.mkdir()
        run_as = _run_as()
        os.chown(mail, int(run_as["uid"]), int(run_as["gid"]))  # type: ignore[call-overload]
        self.port = free_port()
        self.conf.write_text(
            DOVECOT_CONF.format(d=self.directory, port=self.port, password=self.password, **run_as)
        )
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.conf)])
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log() or "dovecot did not start"
                self.stop()
                raise RuntimeError(log)
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    def login(self, user: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(user, self.password)
        return client

    def deliver(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        """Put ``messages`` into ``user``'s folder (created if need be), in this order."""
        client = self.login(user)
        try:
            if folder.upper() != "INBOX":
                client.create(folder)  # an existing folder answers NO; that is fine
            for raw in messages:
                status, data = client.append(
                    folder, None, imaplib.Time2Internaldate(time.time()), raw
                )
                if status != "OK":
                    raise RuntimeError(f"APPEND to {folder} failed: {data!r}")
        finally:
            client.logout()

    def doveadm(self, *args: str) -> str:
        result = subprocess.run(
            [DOVEADM, "-c", str(self.conf), *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def log(self) -> str:
        path = self.directory / "dovecot.log"
        return path.read_text() if path.exists() else ""


class SmtpSink:
    """aiosmtpd on a free port; ``messages`` holds (mail_from, rcpt_tos, raw bytes)."""

    def __init__(self, *, login: str = "", password: str = "") -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.credentials = (login.encode(), password.encode()) if login else None
        self.controller: Any = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (
            (auth_data.login, auth_data.password) == self.credentials
        )
        # handled=False: aiosmtpd then answers 535 itself instead of leaving the client waiting
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        kwargs: dict[str, Any] = {}
        if self.credentials:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False}
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port(), **kwargs)
        self.controller.start()
        return self

    @property
    def host(self) -> str:
        assert self.controller is not None
        return self.controller.hostname

    @property
    def port(self) -> int:
        assert self.controller is not None
        return self.controller.port

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


if __name__ == "__main__":  # pragma: no cover - a manual helper
    import signal

    def _interrupt(*_args: object) -> None:
        raise KeyboardInterrupt  # SIGTERM (kill) stops both servers as Ctrl-C does

    signal.signal(signal.SIGTERM, _interrupt)
    imap = DovecotServer().start()
    smtp = SmtpSink(login="demo", password=PASSWORD).start()
    print(  # noqa: T201
        f"IMAP 127.0.0.1:{imap.port} (any user, password {PASSWORD!r}, no TLS); "
        f"SMTP 127.0.0.1:{smtp.port} (user 'demo'); Ctrl-C stops both"
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        smtp.stop()
        imap.stop()
