"""Importing a WhatsApp export into a contact's conversation: messages with their
direction, media from the zip, and re-imports that add only what is new."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from gendan.comms.models import Attachment, Message, Thread
from gendan.comms.whatsapp.chat_import import whatsapp_export_import
from gendan.search.selectors import search

from .chat_data import Buyer, chat_zip

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]

LRM = "\u200e"
SHANGHAI = ZoneInfo("Asia/Shanghai")

SHORT = (
    "31/12/2024, 21:41 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    "31/12/2024, 21:41 - Hans Weber: Hello Amy, is the PI ready?\n"
    "01/01/2025, 09:05 - Amy Li: Yes, attached.\nTotal USD 12,345.50\n"
    "01/01/2025, 09:06 - Amy Li: ok\n"
    "01/01/2025, 09:06 - Amy Li: ok\n"
)
LONGER = SHORT + (
    "02/01/2025, 10:00 - Hans Weber: Deposit paid today.\n02/01/2025, 10:01 - Amy Li: ok\n"
)


def run(contact, text: str | bytes, *, filename="WhatsApp Chat with Hans Weber.txt", **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return whatsapp_export_import(
        actor=None,
        contact=contact,
        data=data,
        filename=filename,
        time_zone="Asia/Shanghai",
        **kwargs,
    )


def test_it_stores_each_message_with_its_direction_in_the_contacts_conversation(buyer: Buyer):
    report = run(buyer.contact, SHORT)

    assert (report.new, report.existing, report.system_lines) == (4, 0, 1)
    assert report.me == "Amy Li"  # the sender who is not the contact
    rows = list(Message.objects.order_by("sent_at", "id"))
    assert [(m.direction, m.from_name, m.body_text) for m in rows] == [
        ("in", "Hans Weber", "Hello Amy, is the PI ready?"),
        ("out", "Amy Li", "Yes, attached.\nTotal USD 12,345.50"),
        ("out", "Amy Li", "ok"),
        ("out", "Amy Li", "ok"),
    ]
    first = rows[0]
    assert first.sent_at == dt.datetime(2024, 12, 31, 21, 41, tzinfo=SHANGHAI)
    assert first.channel == "whatsapp"
    assert (first.customer, first.contact, first.team_id) == (
        buyer.customer, buyer.contact, buyer.customer.team_id,
    )  # fmt: skip
    thread = Thread.objects.get()
    assert {m.thread_id for m in rows} == {thread.pk}
    assert (thread.message_count, thread.customer, thread.team_id) == (
        4, buyer.customer, buyer.customer.team_id,
    )  # fmt: skip
    assert thread.last_message_at == rows[-1].sent_at


def test_importing_a_longer_export_later_adds_only_the_new_messages(buyer: Buyer):
    run(buyer.contact, SHORT)

    report = run(buyer.contact, LONGER)

    assert (report.new, report.existing) == (2, 4)
    assert Message.objects.count() == 6
    # The two "ok" in the same minute stay two; the third "ok" a day later is new.
    assert Message.objects.filter(body_text="ok").count() == 3
    assert Thread.objects.get().message_count == 6


def test_importing_the_same_file_twice_adds_nothing(buyer: Buyer):
    run(buyer.contact, LONGER)

    report = run(buyer.contact, LONGER)

    assert (report.new, report.existing) == (0, 6)
    assert Message.objects.count() == 6


def test_a_dry_run_reports_without_writing(buyer: Buyer):
    report = run(buyer.contact, SHORT, dry_run=True)

    assert report.new == 4
    assert report.sample[0]["text"] == "Hello Amy, is the PI ready?"
    assert not Message.objects.exists()
    assert not Thread.objects.exists()


def test_media_from_a_zip_is_attached_to_its_message(buyer: Buyer):
    text = (
        f"[31.12.24, 21:41:05] Hans Weber: Please send photos\n"
        f"[01.01.25, 09:05:00] Amy Li: {LRM}<attached: 00000012-PHOTO-2025-01-01-09-05-00.jpg>\n"
        f"[01.01.25, 09:06:00] Amy Li: {LRM}<attached: 00000013-DOCUMENT-2025-01-01-09-06-00.pdf>\n"
    )
    data = chat_zip(
        text,
        {
            "00000012-PHOTO-2025-01-01-09-05-00.jpg": b"\xff\xd8\xff a carton photo",
            "00000013-DOCUMENT-2025-01-01-09-06-00.pdf": b"%PDF-1.4 the PI",
        },
    )

    report = run(buyer.contact, data, filename="WhatsApp Chat - Hans Weber.zip")

    assert (report.new, report.attachments) == (3, 2)
    photo = Attachment.objects.get(original_name__endswith=".jpg")
    assert photo.message.from_name == "Amy Li"
    assert photo.message.body_text == ""
    assert photo.content_type == "image/jpeg"
    assert photo.size == len(b"\xff\xd8\xff a carton photo")
    with photo.file.open("rb") as handle:
        assert handle.read() == b"\xff\xd8\xff a carton photo"


def test_media_exported_later_in_a_zip_is_added_to_messages_imported_from_the_text(
    buyer: Buyer,
):
    text = (
        "31/12/2024, 21:41 - Hans Weber: Please send photos\n"
        "01/01/2025, 09:05 - Amy Li: IMG-20250101-WA0001.jpg (file attached)\nCarton marks\n"
    )
    first = run(buyer.contact, text)
    message = Message.objects.get(from_name="Amy Li")
    assert first.missing_media == ["IMG-20250101-WA0001.jpg"]
    assert message.body_text == "IMG-20250101-WA0001.jpg (file attached)\nCarton marks"

    again = run(
        buyer.contact,
        chat_zip(
            text,
            {"IMG-20250101-WA0001.jpg": b"\xff\xd8 jpeg"},
            text_name="WhatsApp Chat with Hans Weber.txt",
        ),
        filename="WhatsApp Chat with Hans Weber.zip",
    )

    assert (again.new, again.existing, again.media_added) == (0, 2, 1)
    message.refresh_from_db()
    assert message.body_text == "Carton marks"
    assert [a.original_name for a in message.attachments.all()] == ["IMG-20250101-WA0001.jpg"]


def test_the_users_own_name_decides_the_direction_in_a_group_chat(buyer: Buyer):
    text = (
        "31/12/2024, 21:41 - Hans Weber: Meet our QC manager\n"
        "31/12/2024, 21:42 - Petra Schulz: Hello everyone\n"
        "31/12/2024, 21:43 - Amy Li: Welcome Petra\n"
    )
    with pytest.raises(ValidationError) as refused:
        run(buyer.contact, text)
    assert "Hans Weber, Petra Schulz, Amy Li" in refused.value.message_dict["me"][0]

    run(buyer.contact, text, me="amy li")

    assert list(Message.objects.order_by("sent_at").values_list("from_name", "direction")) == [
        ("Hans Weber", "in"),
        ("Petra Schulz", "in"),
        ("Amy Li", "out"),
    ]


def test_a_name_that_writes_nothing_in_the_chat_is_refused(buyer: Buyer):
    with pytest.raises(ValidationError, match="writes no message"):
        run(buyer.contact, SHORT, me="Somebody Else")
    assert not Message.objects.exists()


def test_the_same_chat_for_another_contact_is_stored_again(buyer: Buyer):
    from gendan.customers.tests.factories import ContactFactory

    colleague = ContactFactory.create(customer=buyer.customer, name="Hans Weber Jr.")
    run(buyer.contact, SHORT)

    report = run(colleague, SHORT, me="Amy Li")

    assert report.new == 4
    assert Thread.objects.count() == 2


def test_the_command_imports_a_file_and_prints_counts_and_line_errors(buyer: Buyer, tmp_path):
    path = tmp_path / "WhatsApp Chat with Hans Weber.txt"
    path.write_text(SHORT + "31/02/2025, 10:00 - Hans Weber: impossible date\n")
    out, err = StringIO(), StringIO()

    call_command(
        "import_whatsapp", str(path), "--contact", str(buyer.contact.pk),
        "--time-zone", "Europe/Berlin", stdout=out, stderr=err,
    )  # fmt: skip

    assert "4 new, 0 already there, 1 system lines left out" in out.getvalue()
    assert "Line 7:" in err.getvalue() and "31/02/2025" in err.getvalue()
    assert Message.objects.count() == 4
    first = Message.objects.order_by("sent_at")[0]
    assert first.sent_at == dt.datetime(2024, 12, 31, 21, 41, tzinfo=ZoneInfo("Europe/Berlin"))

    call_command("import_whatsapp", str(path), "--contact", str(buyer.contact.pk), stdout=out)
    assert "0 new, 4 already there" in out.getvalue()


def test_the_command_dry_run_writes_nothing(buyer: Buyer, tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(SHORT)
    out = StringIO()

    call_command(
        "import_whatsapp", str(path), "--contact", str(buyer.contact.pk), "--dry-run", stdout=out
    )

    assert "Dry run, nothing written: 4 new" in out.getvalue()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [(None, "Cannot read"), (b"no chat in here\n", "No WhatsApp messages")],
)
def test_the_command_exits_with_status_1_on_a_file_it_cannot_read(
    buyer: Buyer, tmp_path, content, says
):
    path = tmp_path / "chat.txt"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=says) as failed:
        call_command("import_whatsapp", str(path), "--contact", str(buyer.contact.pk))

    assert failed.value.returncode == 1


def test_imported_messages_are_found_by_search(buyer: Buyer, make_user):
    run(buyer.contact, SHORT + "02/01/2025, 10:00 - Hans Weber: Please send carton photos\n")
    merchandiser = make_user("merchandiser", [buyer.customer.team])

    hits = [(hit.kind, hit.object_id) for hit in search(merchandiser, "photos")]
    assert hits == [("message", Message.objects.get(body_text__contains="photos").pk)]
