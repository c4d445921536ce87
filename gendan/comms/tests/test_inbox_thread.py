"""A conversation: its messages, safe HTML, remote images on request, attachments."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gendan.comms.mail.sanitize import sanitize_html
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.core.testing import assert_queries, assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
HTML = (
    '<p>Photo of the lid: <img src="https://img.example.com/lid.jpg" alt="lid"></p>'
    '<script>alert(1)</script><p onclick="steal()">质量问题</p>'
)


@pytest.fixture
def customer(team_a):
    return CustomerFactory.create(team=team_a, name="Rheinland Import AG")


@pytest.fixture
def html_thread(customer):
    thread = thread_start(customer=customer, subject="Lid defects")
    clean = sanitize_html(HTML)
    message = message_add(
        thread,
        body_html=clean.html,
        has_remote_images=clean.has_remote_images,
        body_text="Photo of the lid. 质量问题",
        sent_at=NOW - dt.timedelta(hours=2),
    )
    return thread, message


def srcdoc(html: str) -> str:
    match = re.search(r'srcdoc="([^"]*)"', html)
    assert match, "no iframe"
    return html_lib.unescape(match.group(1))


def test_it_shows_the_messages_in_the_order_they_were_sent(client, merchandiser, customer):
    thread = thread_start(customer=customer)
    message_add(thread, body_text="Message B", sent_at=NOW - dt.timedelta(hours=1))
    message_add(thread, body_text="Message A", sent_at=NOW - dt.timedelta(hours=3))
    message_add(thread, direction="out", body_text="Message C", sent_at=NOW)
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk])).content.decode()

    assert html.index("Message A") < html.index("Message B") < html.index("Message C")


def test_another_teams_conversation_message_and_attachment_are_not_found(
    client, merchandiser, team_b
):
    theirs = CustomerFactory.create(team=team_b)
    thread = thread_start(customer=theirs)
    message = message_add(thread, attachments=[("plan.pdf", b"%PDF", "application/pdf")])
    attachment = message.attachments.get()
    client.force_login(merchandiser)

    for url in (
        reverse("comms:thread", args=[thread.pk]),
        reverse("comms:message", args=[message.pk]),
        reverse("comms:message_body", args=[message.pk]),
        reverse("comms:attachment", args=[attachment.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_html_is_shown_in_a_sandboxed_iframe_without_scripts(client, merchandiser, html_thread):
    thread, _message = html_thread
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk])).content.decode()

    assert re.search(r'<iframe[^>]*sandbox="allow-same-origin allow-popups[^"]*"', html)
    assert "allow-scripts" not in html
    document = srcdoc(html)
    assert "<script" not in document and "onclick" not in document
    assert "质量问题" in document


def test_remote_images_are_held_back_until_asked_for(client, merchandiser, html_thread):
    thread, message = html_thread
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk])).content.decode()
    document = srcdoc(html)
    assert ' src="https://img.example.com/lid.jpg"' not in document
    assert 'data-remote-src="https://img.example.com/lid.jpg"' in document
    # Even an image the sanitiser missed could not load: the frame's policy forbids it.
    policy = html_lib.unescape(
        re.search(r'Content-Security-Policy" content="([^"]*)"', document)[1]
    )
    assert "img-src 'self'" in policy and "https:" not in policy
    assert 'data-testid="show-images"' in html

    shown = client.get(reverse("comms:message_body", args=[message.pk]), {"images": "1"})
    document = srcdoc(shown.content.decode())
    assert ' src="https://img.example.com/lid.jpg"' in document
    assert "https: http:" in html_lib.unescape(document)
    assert 'data-testid="show-images"' not in shown.content.decode()


def test_showing_images_of_one_message_leaves_the_others_blocked(client, merchandiser, html_thread):
    thread, message = html_thread
    clean = sanitize_html('<img src="https://tracker.example.com/p.gif">')
    other = message_add(thread, body_html=clean.html, has_remote_images=True, sent_at=NOW)
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk]), {"images": message.pk})

    documents = [srcdoc(part) for part in html.content.decode().split("<iframe")[1:]]
    assert ' src="https://img.example.com/lid.jpg"' in documents[0]
    assert ' src="https://tracker.example.com/p.gif"' not in documents[1]
    assert other.pk


def test_a_message_in_a_conversation_opens_the_conversation(client, merchandiser, html_thread):
    thread, message = html_thread
    client.force_login(merchandiser)

    response = client.get(reverse("comms:message", args=[message.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/inbox/threads/{thread.pk}/#message-{message.pk}"


def test_a_message_without_a_conversation_has_a_page_of_its_own(client, merchandiser, customer):
    call = message_add(
        None, channel="phone", customer=customer, subject="Call", body_text="Agreed on the ETD."
    )
    client.force_login(merchandiser)

    response = client.get(reverse("comms:message", args=[call.pk]))

    assert response.status_code == 200 and "Agreed on the ETD." in response.content.decode()


def test_attachments_download_under_their_original_names(client, merchandiser, customer):
    thread = thread_start(customer=customer)
    message = message_add(
        thread,
        attachments=[
            ("装箱单 packing list.xlsx", b"PK-data", "application/vnd.ms-excel"),
            ("page.html", b"<script>x</script>", "text/html"),
        ],
    )
    sheet, page = message.attachments.order_by("id")
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk])).content.decode()
    assert "装箱单 packing list.xlsx" in html

    response = client.get(reverse("comms:attachment", args=[sheet.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-data"
    assert "attachment;" in response["Content-Disposition"]
    assert "packing%20list.xlsx" in response["Content-Disposition"]

    # An HTML file is never shown as a page of this site.
    response = client.get(reverse("comms:attachment", args=[page.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "sandbox"


def test_an_attachment_too_large_to_keep_has_no_download(client, merchandiser, customer):
    thread = thread_start(customer=customer)
    message = message_add(thread)
    skipped = message.attachments.create(
        original_name="video.mp4", size=90_000_000, is_skipped=True
    )
    client.force_login(merchandiser)

    assert client.get(reverse("comms:attachment", args=[skipped.pk])).status_code == 404


def test_reply_buttons_lead_to_the_composer_when_there_is_one(client, merchandiser, html_thread):
    thread, message = html_thread
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[thread.pk])).content.decode()

    try:
        compose = reverse("comms:compose")
    except Exception:  # the composer is optional for this page
        assert 'data-testid="reply"' not in html
    else:
        assert f'href="{compose}?reply_to={message.pk}"' in html


def test_a_chat_is_shown_as_a_conversation_of_bubbles(client, merchandiser, customer):
    chat = thread_start(customer=customer, channel="whatsapp", subject="WhatsApp")
    message_add(chat, channel="whatsapp", body_text="Any news about the ETD?")
    message_add(chat, channel="whatsapp", direction="out", body_text="18 Dec 👍")
    client.force_login(merchandiser)

    html = client.get(reverse("comms:thread", args=[chat.pk])).content.decode()

    assert 'data-testid="chat"' in html and "18 Dec 👍" in html


def test_a_conversation_makes_the_same_queries_for_2_and_12_messages(
    client, merchandiser, customer
):
    thread = thread_start(customer=customer)

    def add(n: int) -> None:
        for i in range(n):
            message_add(
                thread,
                body_text=f"m{i}",
                attachments=[("a.pdf", b"%PDF", "application/pdf")],
                sent_at=NOW - dt.timedelta(minutes=i),
            )

    client.force_login(merchandiser)
    add(2)
    _, first = get_with_queries(client, reverse("comms:thread", args=[thread.pk]))
    add(10)
    _, second = get_with_queries(client, reverse("comms:thread", args=[thread.pk]))

    assert_same_queries(first, second)
    # session, user, the user's teams, the conversation with its customer and order, the
    # messages, their attachments, the customer's orders to link to, the notification
    # count, the linked customer shown in the link form's select
    assert_queries(second, 9)
