"""A backup names the key its stored passwords need; a restore elsewhere says what it cannot read."""

import pytest

from gendan.comms.tests.inbox_factories import MailboxFactory
from gendan.core.secrets import key_fingerprint, secrets_unreadable
from gendan.dataio.backup import backup_inspect
from gendan.dataio.management.commands.backup import describe

from .test_backup import fake_backup


def test_the_manifest_fingerprint_tells_whether_this_machine_has_the_key(tmp_path, settings):
    settings.MAILBOX_KEY = "the-company-key"
    same = fake_backup(
        tmp_path / "same.tar.gz",
        secrets={"key_setting": "MAILBOX_KEY", "key_fingerprint": key_fingerprint()},
    )
    other = fake_backup(
        tmp_path / "other.tar.gz",
        secrets={"key_setting": "MAILBOX_KEY", "key_fingerprint": "0123456789abcdef"},
    )
    old = fake_backup(tmp_path / "old.tar.gz")

    assert backup_inspect(same).key_matches is True
    assert backup_inspect(other).key_matches is False
    assert backup_inspect(old).key_matches is None
    assert any(
        "encrypted with another MAILBOX_KEY" in line for line in describe(backup_inspect(other))
    )
    assert "the-company-key" not in (tmp_path / "same.tar.gz").read_bytes().decode("latin-1")


@pytest.mark.django_db
def test_stored_passwords_another_key_cannot_read_are_listed(settings, team_a):
    settings.MAILBOX_KEY = "the-company-key"
    mailbox = MailboxFactory(team=team_a)
    mailbox.imap_password = "imap-secret"
    mailbox.smtp_password = "smtp-secret"
    mailbox.save()
    assert secrets_unreadable() == []

    settings.MAILBOX_KEY = "a-new-machines-key"

    unreadable = secrets_unreadable()
    assert len(unreadable) == 2
    assert all(line.startswith(f"mailbox {mailbox.pk}:") for line in unreadable)
    assert {line.split(": ")[1] for line in unreadable} == {"IMAP password", "SMTP password"}
