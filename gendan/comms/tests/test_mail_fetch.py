"""Fetching a mailbox from a real IMAP server (Dovecot): incremental, resumable, idempotent."""

from __future__ import annotations

import pytest

from gendan.comms.mail import ingest
from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.models import MailboxFolder, Message

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


class Killed(BaseException):
    """Stands for the process being killed: nothing in the fetch catches it."""


def _inbox(mailbox) -> MailboxFolder:
    return MailboxFolder.objects.get(mailbox=mailbox, role=MailboxFolder.Role.INBOX)


def _count_ingests(monkeypatch) -> list[int | None]:
    seen: list[int | None] = []
    real = ingest.message_ingest

    def counting(**kwargs):
        seen.append(kwargs.get("uid"))
        return real(**kwargs)

    monkeypatch.setattr(ingest, "message_ingest", counting)
    return seen


def test_a_second_fetch_reads_only_the_messages_that_arrived_since(mailbox, deliver, monkeypatch):
    deliver(*[make_mail(subject=f"Quotation {i}") for i in range(1, 4)])
    first = mailbox_fetch(mailbox=mailbox)
    assert first.ok and first.stored == 3
    assert _inbox(mailbox).last_uid == 3

    deliver(*[make_mail(subject=f"Quotation {i}") for i in range(4, 6)])
    ingested = _count_ingests(monkeypatch)
    second = mailbox_fetch(mailbox=mailbox)

    assert second.stored == 2 and ingested == [4, 5]  # the first three are not read again
    assert Message.objects.filter(mailbox=mailbox).count() == 5
    assert sorted(Message.objects.values_list("imap_uid", flat=True)) == [1, 2, 3, 4, 5]
    assert _inbox(mailbox).last_uid == 5
    mailbox.refresh_from_db()
    assert mailbox.last_error == "" and mailbox.last_synced_at is not None


def test_a_fetch_killed_after_the_second_of_four_messages_resumes_without_loss_or_duplicates(
    mailbox, deliver, monkeypatch
):
    deliver(*[make_mail(subject=f"Packing list {i}") for i in range(1, 5)])
    real = ingest.message_ingest
    calls: list[int] = []

    def killed_on_the_third(**kwargs):
        calls.append(kwargs["uid"])
        if len(calls) == 3:
            raise Killed
        return real(**kwargs)

    monkeypatch.setattr(ingest, "message_ingest", killed_on_the_third)
    with pytest.raises(Killed):
        mailbox_fetch(mailbox=mailbox)
    assert Message.objects.count() == 2
    assert _inbox(mailbox).last_uid == 2  # committed with the second message

    monkeypatch.setattr(ingest, "message_ingest", real)
    again = mailbox_fetch(mailbox=mailbox)

    assert again.stored == 2
    subjects = sorted(Message.objects.values_list("subject", flat=True))
    assert subjects == [f"Packing list {i}" for i in range(1, 5)]  # each once
    assert _inbox(mailbox).last_uid == 4


def test_a_message_that_fails_is_fetched_again_next_time_and_the_rest_go_on(
    mailbox, deliver, monkeypatch
):
    deliver(*[make_mail(subject=f"Invoice {i}") for i in range(1, 5)])
    real = ingest.message_ingest
    failed_once: list[int] = []

    def fails_once_on_the_third(**kwargs):
        if kwargs["uid"] == 3 and not failed_once:
            failed_once.append(3)
            raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(ingest, "message_ingest", fails_once_on_the_third)
    first = mailbox_fetch(mailbox=mailbox)

    assert first.stored == 3 and first.folders[0].failed == 1
    mailbox.refresh_from_db()
    assert "UID 3" in mailbox.last_error and "disk full" in mailbox.last_error
    assert _inbox(mailbox).last_uid == 2  # stays before the failed one

    second = mailbox_fetch(mailbox=mailbox)
    assert second.stored == 1 and second.folders[0].already_stored == 1
    assert Message.objects.count() == 4
    assert _inbox(mailbox).last_uid == 4
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_running_the_fetch_again_stores_nothing_new(mailbox, deliver, monkeypatch):
    deliver(*[make_mail(subject=f"Sample {i}") for i in range(1, 4)])
    mailbox_fetch(mailbox=mailbox)
    ingested = _count_ingests(monkeypatch)

    assert mailbox_fetch(mailbox=mailbox).stored == 0
    assert ingested == []  # UIDNEXT says there is nothing new: nothing is downloaded

    # Even reading everything again (the folder state lost) stores nothing twice.
    MailboxFolder.objects.filter(mailbox=mailbox).update(last_uid=0)
    again = mailbox_fetch(mailbox=mailbox)
    assert again.stored == 0 and again.folders[0].already_stored == 3
    assert Message.objects.count() == 3


def test_a_new_uidvalidity_reads_the_folder_again_and_stores_only_what_is_new(
    mailbox, deliver, imap_server, imap_user
):
    deliver(*[make_mail(subject=f"Booking {i}") for i in range(1, 4)])
    mailbox_fetch(mailbox=mailbox)
    before = _inbox(mailbox).uidvalidity

    imap_server.doveadm("mailbox", "update", "-u", imap_user, "--uid-validity", "4242", "INBOX")
    deliver(make_mail(subject="Booking 4"))
    result = mailbox_fetch(mailbox=mailbox)

    folder = _inbox(mailbox)
    assert before != 4242 and folder.uidvalidity == 4242
    assert result.stored == 1 and result.folders[0].already_stored == 3
    assert Message.objects.count() == 4
    assert folder.last_uid == 4


def test_mail_in_the_sent_folder_is_stored_as_outgoing(mailbox, deliver):
    deliver(
        make_mail(
            subject="Your quotation",
            sender=f"Mia <{mailbox.address}>",
            to="Anna <anna@schmidt-handel.de>",
        ),
        folder="Sent",
    )
    deliver(make_mail(subject="Re: Your quotation"))
    result = mailbox_fetch(mailbox=mailbox)

    assert [(f.role, f.stored) for f in result.folders] == [("inbox", 1), ("sent", 1)]
    sent = Message.objects.get(subject="Your quotation")
    assert sent.direction == "out" and sent.folder.role == "sent"
    assert Message.objects.get(subject="Re: Your quotation").direction == "in"


def test_a_wrong_password_is_kept_as_the_mailbox_error(mailbox):
    mailbox.imap_password = "wrong"
    mailbox.save()
    result = mailbox_fetch(mailbox=mailbox)

    assert not result.ok
    mailbox.refresh_from_db()
    assert "authenticat" in mailbox.last_error.lower() or "login" in mailbox.last_error.lower()
    assert mailbox.last_synced_at is None
