"""A fetch whose process is killed (SIGKILL) half-way loses and duplicates nothing.

Everything runs as in production: ``manage.py fetch_mail`` in a process of its own, on a
SQLite file of its own, against the test session's Dovecot; the test kills it once some
messages are stored and runs it again.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from .mail_support import make_mail

pytestmark = pytest.mark.mail

MESSAGES = 300
MANAGE = Path(settings.BASE_DIR) / "manage.py"
SET_UP = """
from gendan.accounts.models import Team
from gendan.comms.models import Mailbox
box = Mailbox(name="Sales", address="{user}", team=Team.objects.create(name="Sales"),
              imap_host="{host}", imap_port={port}, imap_security="none",
              imap_username="{user}", inbox_folder="INBOX", sent_folder="Sent", smtp_host="")
box.imap_password = "{password}"
box.save()
"""


def _stored(database: Path) -> tuple[int, int]:
    """(messages, distinct Message-IDs) in the fetching process's database."""
    with sqlite3.connect(database, timeout=30) as db:
        total, distinct = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT message_id) FROM comms_message"
        ).fetchone()
    return total, distinct


def test_a_fetch_killed_mid_way_and_run_again_stores_every_message_once(
    imap_server, imap_user, deliver
):
    deliver(*[make_mail(subject=f"Order update {i}", body=f"Update {i}") for i in range(MESSAGES)])
    with tempfile.TemporaryDirectory() as data_dir:
        database = Path(data_dir) / "gendan.sqlite3"
        env = {**os.environ, "GENDAN_DATA_DIR": data_dir, "DATABASE_URL": f"sqlite:///{database}"}

        def manage(*args: str, **kwargs) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, str(MANAGE), *args], env=env, capture_output=True, text=True,
                check=True, **kwargs,
            )  # fmt: skip

        # As `make run` does: one secret key in the data directory for every process.
        manage("secret_key")
        manage("migrate", "-v0")
        server = imap_server
        manage("shell", "-c", SET_UP.format(
            user=imap_user, host=server.host, port=server.port, password=server.password,
        ))  # fmt: skip

        fetching = subprocess.Popen(
            [sys.executable, str(MANAGE), "fetch_mail"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while _stored(database)[0] < 20:
            assert fetching.poll() is None, "the fetch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        fetching.send_signal(signal.SIGKILL)
        fetching.wait()
        at_kill = _stored(database)[0]
        assert 20 <= at_kill < MESSAGES  # killed half-way

        manage("fetch_mail")
        assert _stored(database) == (MESSAGES, MESSAGES)
        manage("fetch_mail")  # and once more: nothing new, nothing twice
        assert _stored(database) == (MESSAGES, MESSAGES)
