"""The WhatsApp Cloud API webhook: Meta's handshake, signed notifications stored before
they are processed, messages linked to the contact by number, delivery reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from gendan.comms.models import Direction, Message, Thread, WebhookEvent

from .chat_data import (
    APP_SECRET,
    HANS_NUMBER,
    VERIFY_TOKEN,
    Buyer,
    inbound_payload,
    signature,
    status_payload,
)

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]
URL = "/webhooks/whatsapp/"


def post(client, payload, *, sign_with: str | None = APP_SECRET, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"HTTP_X_HUB_SIGNATURE_256": signature(body, sign_with)} if sign_with else {}
    return client.post(URL, data=body, content_type="application/json", **headers)


def test_the_url_is_named():
    assert reverse("comms:whatsapp_webhook") == URL


def test_the_handshake_echoes_the_challenge_for_the_right_token(client, webhook_settings):
    response = client.get(
        URL,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )

    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_the_handshake_is_refused_for_a_wrong_token_or_mode(client, webhook_settings, params):
    assert client.get(URL, params).status_code == 403


def test_the_handshake_is_refused_while_no_verify_token_is_set(client, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""

    response = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    )

    assert response.status_code == 403


def test_a_signed_message_is_stored_and_linked_to_the_contact_by_number(
    client, webhook_settings, buyer: Buyer
):
    payload = inbound_payload(
        wamid="wamid.HBgLNDkxNzAxMjM0NTY3OBUCABIYFjNFQjA", number=HANS_NUMBER,
        text="Is the container loaded?", timestamp=1767261600,
    )  # fmt: skip

    response = post(client, payload)

    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert event.signature_valid and event.processed_at is not None and event.error == ""
    assert json.loads(event.body) == payload
    assert event.headers["X-Hub-Signature-256"].startswith("sha256=")
    message = Message.objects.get()
    assert message.channel == "whatsapp" and message.direction == Direction.INBOUND
    assert message.external_id == "wamid.HBgLNDkxNzAxMjM0NTY3OBUCABIYFjNFQjA"
    assert message.body_text == "Is the container loaded?"
    assert message.sent_at == dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.UTC)
    assert (message.contact, message.customer, message.team_id) == (
        buyer.contact, buyer.customer, buyer.customer.team_id,
    )  # fmt: skip
    assert (message.from_address, message.from_name) == (HANS_NUMBER, "Hans Weber")
    assert message.thread == Thread.objects.get(customer=buyer.customer)


def test_a_notification_delivered_twice_stores_the_message_once(
    client, webhook_settings, buyer: Buyer
):
    payload = inbound_payload(wamid="wamid.ONCE", number=HANS_NUMBER, text="Hello")

    post(client, payload)
    post(client, payload)

    assert WebhookEvent.objects.count() == 2
    assert Message.objects.count() == 1


def test_a_bad_signature_is_refused_and_nothing_is_stored(client, webhook_settings, buyer: Buyer):
    payload = inbound_payload(
        wamid="wamid.FORGED", number=HANS_NUMBER, text="Pay to my new account"
    )

    response = post(client, payload, sign_with="not-the-app-secret")

    assert response.status_code == 403
    assert not WebhookEvent.objects.exists()
    assert not Message.objects.exists()


def test_a_missing_signature_is_refused(client, webhook_settings, buyer: Buyer):
    response = post(
        client, inbound_payload(wamid="wamid.X", number=HANS_NUMBER, text="x"), sign_with=None
    )

    assert response.status_code == 403
    assert not WebhookEvent.objects.exists()
    assert not Message.objects.exists()


def test_nothing_is_trusted_while_no_app_secret_is_set(client, settings, buyer: Buyer):
    settings.WHATSAPP_APP_SECRET = ""
    body = json.dumps(inbound_payload(wamid="wamid.X", number=HANS_NUMBER, text="x")).encode()

    response = client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature(body, ""),
    )

    assert response.status_code == 403
    assert not WebhookEvent.objects.exists()
    assert not Message.objects.exists()


def test_a_message_from_an_unknown_number_waits_unassigned(client, webhook_settings):
    post(
        client,
        inbound_payload(wamid="wamid.NEW", number="+971501234567", text="Price for 2000 pcs?"),
    )

    message = Message.objects.get()
    assert message.customer is None and message.contact is None and message.team is None
    assert message.from_address == "+971501234567"
    assert message.thread.subject_key == "whatsapp:number:+971501234567"


def test_delivery_reports_move_the_status_forward_only(client, webhook_settings, buyer: Buyer):
    sent = Message.objects.create(
        channel="whatsapp", direction="out", external_id="wamid.OUT1", delivery_status="accepted",
        sent_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), body_text="Your goods ship on Friday",
        customer=buyer.customer, contact=buyer.contact, team=buyer.customer.team,
    )  # fmt: skip

    for status, expected in [
        ("sent", "sent"),
        ("read", "read"),
        ("delivered", "read"),  # arrived late: a read message stays read
    ]:
        post(client, status_payload(wamid="wamid.OUT1", status=status))
        sent.refresh_from_db()
        assert sent.delivery_status == expected


def test_a_failed_delivery_is_recorded(client, webhook_settings, buyer: Buyer):
    sent = Message.objects.create(
        channel="whatsapp", direction="out", external_id="wamid.OUT2", delivery_status="sent",
        sent_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), body_text="Hello",
        customer=buyer.customer, contact=buyer.contact, team=buyer.customer.team,
    )  # fmt: skip

    post(client, status_payload(wamid="wamid.OUT2", status="failed"))

    sent.refresh_from_db()
    assert sent.delivery_status == "failed"


def test_an_image_keeps_its_caption_and_file_details(client, webhook_settings, buyer: Buyer):
    payload = inbound_payload(wamid="wamid.IMG", number=HANS_NUMBER, text="")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["type"] = "image"
    del message["text"]
    message["image"] = {
        "caption": "Damaged carton on arrival", "mime_type": "image/jpeg",
        "sha256": "abc", "id": "1479537139650973",
    }  # fmt: skip

    post(client, payload)

    stored = Message.objects.get()
    assert stored.body_text == "Damaged carton on arrival"
    attachment = stored.attachments.get()
    assert (attachment.content_type, attachment.content_id) == ("image/jpeg", "1479537139650973")


def test_a_signed_body_that_is_not_json_is_kept_with_its_error(client, webhook_settings):
    response = post(client, None, raw=b"not json at all")

    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert event.signature_valid and event.processed_at is not None
    assert "JSONDecodeError" in event.error


def test_a_body_over_the_limit_is_refused_unread_and_nothing_is_stored(
    client, webhook_settings, settings
):
    settings.WHATSAPP_WEBHOOK_MAX_BYTES = 4096
    body = b'{"entry": "' + b"x" * 20_000 + b'"}'

    response = client.post(
        URL, data=body, content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature(body, APP_SECRET),
    )  # fmt: skip

    assert response.status_code == 413
    assert not WebhookEvent.objects.exists()


def test_three_large_unsigned_posts_leave_the_database_as_it_was(client, webhook_settings):
    body = b"{" + b" " * 2_000_000 + b"}"
    for _ in range(3):
        response = client.post(URL, data=body, content_type="application/json")
        assert response.status_code in (403, 413)
    assert not WebhookEvent.objects.exists()
