"""Importing history: import_mail on .mbox, .eml and folders, and the browser upload."""

from __future__ import annotations

import io
import mailbox as mailbox_lib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.models import MailImport, Message, Thread
from gendan.customers.tests.factories import ContactFactory, CustomerFactory

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


def _mbox(path: Path, messages: list[bytes]) -> Path:
    archive = mailbox_lib.mbox(str(path))
    for raw in messages:
        archive.add(raw)
    archive.flush()
    archive.close()
    return path


def _history() -> list[bytes]:
    return [
        make_mail(subject="Inquiry: garden lights", message_id="<h1@schmidt-handel.de>"),
        make_mail(
            subject="Re: Inquiry: garden lights",
            sender="mia@gendan.test",
            to="anna@schmidt-handel.de",
            message_id="<h2@gendan.test>",
            in_reply_to="<h1@schmidt-handel.de>",
        ),
        make_mail(subject="No Message-ID here", message_id=""),
    ]


def _import(path: Path, mailbox) -> str:
    out = io.StringIO()
    call_command("import_mail", str(path), "--mailbox", mailbox.name, stdout=out)
    return out.getvalue()


def test_import_mail_reads_an_mbox_and_a_second_run_stores_nothing(tmp_path, mailbox, mail_team):
    schmidt = CustomerFactory(domain="schmidt-handel.de", team=mail_team)
    ContactFactory(customer=schmidt, email="anna@schmidt-handel.de")
    path = _mbox(tmp_path / "archive.mbox", _history())

    first = _import(path, mailbox)
    assert "3 messages read" in first and "3 stored, 0 already stored, 0 could not be read" in first
    assert Message.objects.filter(customer=schmidt).count() == 3
    replied = Thread.objects.get(subject="Inquiry: garden lights")
    assert replied.customer == schmidt and replied.message_count == 2

    second = _import(path, mailbox)
    assert "0 stored, 3 already stored" in second
    assert Message.objects.count() == 3
    no_id = Message.objects.get(subject="No Message-ID here")
    assert len(no_id.message_id) == 64 and no_id.message_id == no_id.content_hash


def test_import_mail_reads_one_eml_and_a_folder_of_them_once(tmp_path, mailbox):
    history = _history()
    folder = tmp_path / "Outlook export"
    (folder / "2026").mkdir(parents=True)
    for index, raw in enumerate(history):
        (folder / "2026" / f"message {index}.eml").write_bytes(raw)
    single = tmp_path / "one.eml"
    single.write_bytes(history[0])

    assert "1 stored" in _import(single, mailbox)
    assert "2 stored, 1 already stored" in _import(folder, mailbox)
    assert "0 stored, 3 already stored" in _import(folder, mailbox)
    assert Message.objects.count() == 3


def test_an_import_after_a_fetch_of_the_same_mail_stores_nothing_twice(tmp_path, mailbox, deliver):
    history = _history()
    deliver(*history)
    mailbox_fetch(mailbox=mailbox)
    assert "0 stored, 3 already stored" in _import(_mbox(tmp_path / "a.mbox", history), mailbox)
    assert Message.objects.count() == 3


def test_import_mail_names_an_unknown_mailbox(tmp_path, mailbox):
    with pytest.raises(CommandError, match="No mailbox is called 'nobody'"):
        call_command("import_mail", str(tmp_path), "--mailbox", "nobody")


def test_a_file_that_is_not_mail_is_refused_and_nothing_is_stored(tmp_path, mailbox):
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Anna about the carton marks.\nShip before CNY.\n")

    with pytest.raises(CommandError, match="notes.txt is not a mail message"):
        _import(notes, mailbox)
    assert Message.objects.count() == 0


def test_an_mbox_with_no_message_in_it_is_refused(tmp_path, mailbox):
    junk = tmp_path / "archive.mbox"
    junk.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(CommandError, match="archive.mbox: no messages found"):
        _import(junk, mailbox)


def test_one_stray_file_in_a_folder_stops_the_import_before_anything_is_stored(tmp_path, mailbox):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a.eml").write_bytes(_history()[0])
    (folder / "b.eml").write_bytes(b"\x89PNG\r\n\x1a\n not mail at all")

    with pytest.raises(CommandError, match="b.eml is not a mail message"):
        _import(folder, mailbox)
    assert Message.objects.count() == 0


def test_the_browser_upload_imports_in_the_background_with_progress(
    client, merchandiser, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(merchandiser)
    page = client.get(reverse("comms:mail_import"))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    buffer = io.BytesIO()
    for raw in _history():
        buffer.write(
            b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + raw.replace(b"\r\n", b"\n") + b"\n"
        )
    upload = SimpleUploadedFile("Thunderbird Inbox.mbox", buffer.getvalue(), "application/mbox")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("comms:mail_import"), {"mailbox": mailbox.pk, "mail_files": [upload]}
        )
    row = MailImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("comms:mail_import_detail", args=[row.pk])
    assert (row.status, row.total, row.processed, row.created_count) == ("done", 3, 3, 3)
    assert row.original_name == "Thunderbird Inbox.mbox"
    assert Message.objects.count() == 3

    status = client.get(
        reverse("comms:mail_import_status", args=[row.pk]), HTTP_ACCEPT="application/json"
    ).json()
    assert status == {
        "id": row.pk, "status": "done", "status_display": "Imported", "total": 3,
        "processed": 3, "percent": 100, "created": 3, "duplicates": 0, "errors": 0,
        "finished": True,
    }  # fmt: skip
    card = client.get(reverse("comms:mail_import_status", args=[row.pk]), HTTP_HX_REQUEST="true")
    body = card.content.decode()
    assert 'data-status="done"' in body and "hx-trigger" not in body  # polling stops when done
    assert "100%" in body


def test_a_running_import_page_polls_for_its_progress(client, merchandiser, mailbox):
    row = MailImport.objects.create(
        mailbox=mailbox, user=merchandiser, original_name="big.mbox", directory="x",
        status="running", total=200, processed=50,
    )  # fmt: skip
    client.force_login(merchandiser)
    body = client.get(reverse("comms:mail_import_detail", args=[row.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "25%" in body
    assert "50 of 200 messages read" in body


def test_another_users_import_and_mailbox_are_not_found(client, make_user, team_b, mailbox):
    outsider = make_user("sales", [team_b], username="olga")
    row = MailImport.objects.create(
        mailbox=mailbox, user=mailbox.owner, original_name="a.mbox", directory="x"
    )
    client.force_login(outsider)
    assert client.get(reverse("comms:mail_import_detail", args=[row.pk])).status_code == 404
    response = client.post(
        reverse("comms:mail_import"),
        {"mailbox": mailbox.pk, "mail_files": [SimpleUploadedFile("a.eml", _history()[0])]},
    )
    assert response.status_code == 200 and not MailImport.objects.exclude(pk=row.pk).exists()


def test_an_eml_saved_with_the_mbox_envelope_line_first_is_read(tmp_path, mailbox):
    saved = tmp_path / "from-thunderbird.eml"
    saved.write_bytes(b"From - Mon Jan  5 09:12:44 2026\n" + make_mail(subject="Carton marks"))

    assert "1 stored" in _import(saved, mailbox)
    assert Message.objects.get().subject == "Carton marks"


def test_an_uploaded_file_that_is_not_mail_is_named_by_its_own_name(
    client, merchandiser, mailbox, django_capture_on_commit_callbacks
):
    good = SimpleUploadedFile("anna.eml", make_mail(subject="Quotation"))
    notes = SimpleUploadedFile("meeting notes.eml", b"Call Anna on Monday about the marks.\n")
    client.force_login(merchandiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comms:mail_import"), {"mailbox": mailbox.pk, "mail_files": [good, notes]}
        )

    row = MailImport.objects.get()
    assert row.status == "failed"
    assert "meeting_notes.eml is not a mail message" in row.errors[0]["error"]
    assert Message.objects.count() == 0
