"""Reading WhatsApp "Export chat" text: Android and iOS layouts in the date formats of
different phone locales, multi-line messages, system lines, attachments, invisible marks."""

from __future__ import annotations

import datetime as dt

import pytest

from gendan.comms.whatsapp.chat_file import ExportError, parse_chat, read_export

from .chat_data import chat_zip


def local(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    """A time as the export writes it: the phone's clock, without a zone."""
    return dt.datetime(year, month, day, hour, minute)  # noqa: DTZ001


LRM = "\u200e"
NNBSP = "\u202f"  # the narrow no-break space recent phones put before AM/PM

# One conversation, written by phones in six locales.  The second message has three
# lines; every file starts with WhatsApp's encryption notice.
ANDROID = {
    "dd/mm/yyyy, 24 h": (
        "31/12/2024, 21:41 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "31/12/2024, 21:41 - Hans Weber: Hello Amy, is the PI ready?\n"
        "01/01/2025, 09:05 - Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "13/01/2025, 17:30 - Hans Weber: Thanks!\n"
    ),
    "mm/dd/yy, 12 h with AM/PM": (
        "12/31/24, 9:41\u202fPM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "12/31/24, 9:41\u202fPM - Hans Weber: Hello Amy, is the PI ready?\n"
        "1/1/25, 9:05\u202fAM - Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "1/13/25, 5:30\u202fPM - Hans Weber: Thanks!\n"
    ),
    "dd.mm.yy, 24 h": (
        "31.12.24, 21:41 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen.\n"
        "31.12.24, 21:41 - Hans Weber: Hello Amy, is the PI ready?\n"
        "01.01.25, 09:05 - Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "13.01.25, 17:30 - Hans Weber: Thanks!\n"
    ),
    "yyyy/mm/dd, 24 h": (
        "2024/12/31 21:41 - 消息和通话已进行端到端加密。对话之外的任何人，甚至包括 WhatsApp 都无法读取或收听。\n"
        "2024/12/31 21:41 - Hans Weber: Hello Amy, is the PI ready?\n"
        "2025/01/01 09:05 - Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "2025/01/13 17:30 - Hans Weber: Thanks!\n"
    ),
}
IOS = {
    "[dd.mm.yy, HH:MM:SS]": (
        f"{LRM}[31.12.24, 21:41:00] Hans Weber: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "[31.12.24, 21:41:00] Hans Weber: Hello Amy, is the PI ready?\n"
        "[01.01.25, 09:05:00] Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "[13.01.25, 17:30:00] Hans Weber: Thanks!\n"
    ),
    "[mm/dd/yy, h:mm:ss AM/PM]": (
        f"{LRM}[12/31/24, 9:41:00{NNBSP}PM] Hans Weber: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        f"[12/31/24, 9:41:00{NNBSP}PM] Hans Weber: Hello Amy, is the PI ready?\n"
        f"[1/1/25, 9:05:00{NNBSP}AM] Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        f"[1/13/25, 5:30:00{NNBSP}PM] Hans Weber: Thanks!\n"
    ),
    "[yyyy/mm/dd HH:MM:SS]": (
        f"{LRM}[2024/12/31 21:41:00] Hans Weber: {LRM}Messages and calls are end-to-end encrypted.\n"
        "[2024/12/31 21:41:00] Hans Weber: Hello Amy, is the PI ready?\n"
        "[2025/01/01 09:05:00] Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "[2025/01/13 17:30:00] Hans Weber: Thanks!\n"
    ),
    "[dd/mm/yyyy, HH:MM:SS]": (
        f"{LRM}[31/12/2024, 21:41:00] Hans Weber: {LRM}Messages and calls are end-to-end encrypted.\n"
        "[31/12/2024, 21:41:00] Hans Weber: Hello Amy, is the PI ready?\n"
        "[01/01/2025, 09:05:00] Amy Li: Yes, attached.\nTotal USD 12,345.50\nDeposit 30%\n"
        "[13/01/2025, 17:30:00] Hans Weber: Thanks!\n"
    ),
}
EXPECTED = [
    (local(2024, 12, 31, 21, 41), "Hans Weber", "Hello Amy, is the PI ready?"),
    (local(2025, 1, 1, 9, 5), "Amy Li", "Yes, attached.\nTotal USD 12,345.50\nDeposit 30%"),
    (local(2025, 1, 13, 17, 30), "Hans Weber", "Thanks!"),
]


@pytest.mark.parametrize("text", ANDROID.values(), ids=ANDROID.keys())
def test_it_reads_android_exports_in_each_date_format(text):
    export = parse_chat(text)

    assert export.layout == "android"
    assert [(m.sent_at, m.author, m.text) for m in export.content] == EXPECTED
    assert export.errors == []
    assert sum(1 for m in export.messages if m.is_system) == 1


@pytest.mark.parametrize("text", IOS.values(), ids=IOS.keys())
def test_it_reads_ios_exports_in_each_date_format(text):
    export = parse_chat(text)

    assert export.layout == "ios"
    assert [(m.sent_at, m.author, m.text) for m in export.content] == EXPECTED
    assert export.errors == []
    # iOS writes the encryption notice as a message of the chat, after a mark.
    assert [m.line for m in export.messages if m.is_system] == [1]


def test_it_decides_day_or_month_first_from_a_date_that_settles_it():
    export = parse_chat(ANDROID["mm/dd/yy, 12 h with AM/PM"])

    assert (export.date_order, export.date_order_source) == ("mdy", "file")
    assert export.date_order_evidence == "12/31/24"


def test_it_uses_the_chosen_date_order_when_no_date_settles_it():
    text = "03/04/2025, 10:00 - Hans: one\n03/05/2025, 10:00 - Amy: two\n"

    assert parse_chat(text, date_order="mdy").content[0].sent_at == local(2025, 3, 4, 10, 0)
    assert parse_chat(text, date_order="dmy").content[0].sent_at == local(2025, 4, 3, 10, 0)


def test_it_guesses_day_first_when_the_first_part_goes_back_within_a_year():
    # 10/03 -> 02/04: the first part went back while the second went up, so it is the day.
    text = "10/03/2025, 10:00 - Hans: one\n02/04/2025, 10:00 - Amy: two\n"

    export = parse_chat(text)

    assert (export.date_order, export.date_order_source) == ("dmy", "guess")
    assert export.content[1].sent_at == local(2025, 4, 2, 10, 0)


def test_a_file_that_settles_the_order_overrides_a_wrong_choice_with_a_warning():
    export = parse_chat(ANDROID["dd/mm/yyyy, 24 h"], date_order="mdy")

    assert export.date_order == "dmy"
    assert export.content[0].sent_at == local(2024, 12, 31, 21, 41)
    assert "31/12/2024" in export.warnings[0]


def test_system_lines_are_recognised_and_left_out_of_the_content():
    text = (
        '31/12/2024, 21:41 - Hans Weber created group "Order PI-2026-0042"\n'
        "31/12/2024, 21:41 - Hans Weber added Amy Li\n"
        '31/12/2024, 21:42 - You changed the subject from "PI" to "PI: 0042"\n'
        "31/12/2024, 21:42 - Amy Li: Thanks for adding me\n"
        "31/12/2024, 21:43 - Hans Weber: This message was deleted\n"
    )

    export = parse_chat(text)

    assert [m.text for m in export.content] == ["Thanks for adding me"]
    assert sum(m.is_system for m in export.messages) == 3
    assert sum(m.is_deleted for m in export.messages) == 1


def test_a_person_writing_about_encryption_is_not_a_system_line():
    text = "31/12/2024, 21:41 - Hans Weber: Are our messages end-to-end encrypted?\n"

    assert [m.text for m in parse_chat(text).content] == ["Are our messages end-to-end encrypted?"]


def test_it_reads_attachments_in_both_layouts_with_their_captions():
    android = (
        "31/12/2024, 21:41 - Amy Li: IMG-20241231-WA0001.jpg (file attached)\nCarton marks, please confirm\n"
        "31/12/2024, 21:42 - Amy Li: PI-2026-0042.pdf (file attached)\n"
        "31/12/2024, 21:43 - Hans Weber: <Media omitted>\n"
    )
    ios = (
        f"[31.12.24, 21:41:05] Amy Li: {LRM}<attached: 00000012-PHOTO-2024-12-31-21-41-05.jpg>\n"
        f"[31.12.24, 21:43:00] Hans Weber: {LRM}image omitted\n"
    )

    a = parse_chat(android).content
    i = parse_chat(ios).content

    assert [(m.attachment, m.text) for m in a[:2]] == [
        ("IMG-20241231-WA0001.jpg", "Carton marks, please confirm"),
        ("PI-2026-0042.pdf", ""),
    ]
    assert a[2].media_omitted and a[2].attachment == ""
    assert i[0].attachment == "00000012-PHOTO-2024-12-31-21-41-05.jpg"
    assert i[1].media_omitted


def test_direction_marks_around_a_phone_number_author_are_removed():
    text = f"{LRM}[31.12.24, 21:41:05] \u202a+49 170 1234567\u202c: Hello\n"

    assert parse_chat(text).content[0].author == "+49 170 1234567"


def test_a_line_with_an_impossible_date_is_an_error_with_its_line_number():
    text = (
        "31/01/2025, 10:00 - Hans: one\n"
        "31/02/2025, 10:00 - Hans: not a day\nits second line\n"
        "01/03/2025, 10:00 - Amy: three\n"
    )

    export = parse_chat(text)

    assert [m.text for m in export.content] == ["one", "three"]
    assert [(e.line, e.text) for e in export.errors] == [(2, "31/02/2025, 10:00 - Hans: not a day")]
    assert "31/02/2025" in export.errors[0].message


def test_a_continuation_line_that_starts_like_a_date_stays_in_its_message():
    text = (
        "[31.12.24, 21:41:05] Hans Weber: New dates:\n"
        "15.01.25 10:00 pick-up at the factory\n"
        "[31.12.24, 21:42:00] Amy Li: OK\n"
    )

    content = parse_chat(text).content

    assert [m.text for m in content] == ["New dates:\n15.01.25 10:00 pick-up at the factory", "OK"]


def test_a_zip_from_an_iphone_gives_the_chat_and_its_media():
    data = chat_zip(
        f"[31.12.24, 21:41:05] Amy Li: {LRM}<attached: 00000012-PHOTO-2024-12-31-21-41-05.jpg>\n",
        {"00000012-PHOTO-2024-12-31-21-41-05.jpg": b"\xff\xd8\xff a photo"},
    )

    export = read_export(data, filename="WhatsApp Chat - Hans Weber.zip")

    assert export.text_name == "_chat.txt"
    assert export.media_bytes("00000012-PHOTO-2024-12-31-21-41-05.jpg") == b"\xff\xd8\xff a photo"


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"just some notes\nno dates here\n", "notes.txt", "No WhatsApp messages"),
        (b"31/12/2024, 21:41 - Hans: caf\xe9\n", "chat.txt", "not UTF-8"),
        (b"PK\x03\x04 broken", "chat.zip", "not a zip file"),
        (chat_zip("hello", {}, text_name="readme.md"), "chat.zip", "no chat text file"),
    ],
)
def test_a_file_that_is_no_chat_export_is_refused_with_a_reason(data, name, says):
    with pytest.raises(ExportError, match=says):
        read_export(data, filename=name)
