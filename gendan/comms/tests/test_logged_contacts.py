"""Logging a WeChat chat, Skype or phone call, or a meeting: one quick form (and the API)
that stores a message with its attachments in the customer's history."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.comms.models import Message, Thread
from gendan.orders.tests.factories import OrderFactory

from .chat_data import Buyer

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]
URL = "/log-contact/"
NOW = dt.datetime(2026, 11, 6, 8, 30, tzinfo=dt.UTC)  # 16:30 in Shanghai


def screenshot(name="wechat-1.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n a screenshot", content_type="image/png")


def test_the_url_is_named():
    assert reverse("comms:log_contact") == URL


def test_the_form_opens_at_now_in_the_users_time_zone_with_the_contact_chosen(
    client, merchandiser, buyer: Buyer
):
    client.force_login(merchandiser)

    with time_machine.travel(NOW, tick=False):
        response = client.get(URL, {"contact": buyer.contact.pk, "channel": "wechat"})

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["occurred_at"] == dt.datetime(
        2026, 11, 6, 16, 30, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert (form.initial["customer"], form.initial["contact"]) == (
        buyer.customer.pk,
        buyer.contact.pk,
    )
    assert 'value="2026-11-06T16:30"' in response.content.decode()


def test_a_wechat_chat_is_stored_with_its_screenshots(client, merchandiser, buyer: Buyer):
    order = OrderFactory.create(customer=buyer.customer, contact=buyer.contact)
    client.force_login(merchandiser)

    with time_machine.travel(NOW, tick=False):
        response = client.post(
            URL,
            {
                "occurred_at": "2026-11-06T15:10", "channel": "wechat", "direction": "in",
                "customer": buyer.customer.pk, "contact": buyer.contact.pk, "order": order.pk,
                "summary": "Hans asks to move loading to 20 Nov; agreed if the booking allows.",
                "attachments": [screenshot("wechat-1.png"), screenshot("wechat-2.png")],
            },
        )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == buyer.customer.get_absolute_url()
    message = Message.objects.get()
    assert (message.channel, message.direction) == ("wechat", "in")
    assert message.sent_at == dt.datetime(2026, 11, 6, 7, 10, tzinfo=dt.UTC)  # 15:10 Shanghai
    assert message.body_text.startswith("Hans asks to move loading")
    assert (message.customer, message.contact, message.order, message.team_id) == (
        buyer.customer, buyer.contact, order, buyer.customer.team_id,
    )  # fmt: skip
    assert (message.from_name, message.created_by) == ("Hans Weber", merchandiser)
    assert sorted(a.original_name for a in message.attachments.all()) == [
        "wechat-1.png",
        "wechat-2.png",
    ]
    assert {a.content_type for a in message.attachments.all()} == {"image/png"}
    thread = Thread.objects.get()
    assert (thread.channel, thread.customer, thread.message_count) == ("wechat", buyer.customer, 1)


@pytest.mark.parametrize("channel", ["skype", "phone", "meeting"])
def test_calls_and_meetings_are_logged_the_same_way(client, merchandiser, buyer: Buyer, channel):
    client.force_login(merchandiser)

    response = client.post(
        URL,
        {
            "occurred_at": "2026-01-05T10:00", "channel": channel, "direction": "out",
            "customer": buyer.customer.pk, "summary": "Discussed the new catalogue.",
        },
    )  # fmt: skip

    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.channel, message.direction, message.contact) == (channel, "out", None)
    assert message.from_name == merchandiser.get_full_name()


def test_the_form_names_what_is_missing_or_wrong(client, merchandiser, buyer: Buyer, team_a):
    from gendan.customers.tests.factories import ContactFactory, CustomerFactory

    other = ContactFactory.create(customer=CustomerFactory.create(team=team_a))
    client.force_login(merchandiser)

    with time_machine.travel(NOW, tick=False):
        response = client.post(
            URL,
            {
                "occurred_at": "2026-12-24T10:00", "channel": "fax", "direction": "out",
                "customer": buyer.customer.pk, "contact": other.pk, "summary": "  ",
            },
        )  # fmt: skip

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) >= {"channel", "contact", "summary"}
    assert not Message.objects.exists()


def test_a_contact_in_the_future_is_refused(client, merchandiser, buyer: Buyer):
    client.force_login(merchandiser)

    with time_machine.travel(NOW, tick=False):
        response = client.post(
            URL,
            {
                "occurred_at": "2026-11-07T10:00", "channel": "phone", "direction": "out",
                "customer": buyer.customer.pk, "summary": "Will call",
            },
        )  # fmt: skip

    assert "in the future" in response.context["form"].errors["occurred_at"][0]
    assert not Message.objects.exists()


def test_the_contact_choices_follow_the_customer(client, merchandiser, buyer: Buyer):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:log_contact_options"), {"customer": buyer.customer.pk})

    text = response.content.decode()
    assert 'id="log-contact-options"' in text
    assert f'value="{buyer.contact.pk}" selected' in text


def test_a_viewer_cannot_log(client, make_user, team_a, buyer: Buyer):
    client.force_login(make_user("viewer", [team_a]))

    assert client.get(URL).status_code == 403
    response = client.post(
        URL,
        {"occurred_at": "2026-01-05T10:00", "channel": "phone", "direction": "out",
         "customer": buyer.customer.pk, "summary": "x"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_another_teams_customer_cannot_be_chosen(client, make_user, team_b, buyer: Buyer):
    client.force_login(make_user("sales", [team_b]))

    response = client.post(
        URL,
        {"occurred_at": "2026-01-05T10:00", "channel": "phone", "direction": "out",
         "customer": buyer.customer.pk, "summary": "x"},
    )  # fmt: skip

    assert "customer" in response.context["form"].errors
    assert not Message.objects.exists()


def test_the_api_logs_a_call(merchandiser, buyer: Buyer):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=merchandiser).key}")

    response = api.post(
        "/api/v1/logged-contacts/",
        {
            "channel": "phone", "direction": "in", "occurred_at": "2026-01-05T10:00:00+08:00",
            "customer": buyer.customer.pk, "contact": buyer.contact.pk,
            "summary": "Hans called about the balance payment.",
        },
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    assert response.json()["channel"] == "phone"
    message = Message.objects.get()
    assert message.sent_at == dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)
    assert message.contact == buyer.contact


def test_the_api_takes_screenshots_as_multipart(merchandiser, buyer: Buyer):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=merchandiser).key}")

    response = api.post(
        "/api/v1/logged-contacts/",
        {
            "channel": "wechat", "occurred_at": "2026-01-05T10:00:00+08:00",
            "customer": buyer.customer.pk, "summary": "Chat about samples",
            "attachments": [screenshot()],
        },
        format="multipart",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    assert [a["original_name"] for a in response.json()["attachments"]] == ["wechat-1.png"]


def test_the_api_refuses_a_viewer(make_user, team_a, buyer: Buyer):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    viewer = make_user("viewer", [team_a])
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")

    response = api.post(
        "/api/v1/logged-contacts/",
        {
            "channel": "phone",
            "occurred_at": "2026-01-05T10:00:00Z",
            "customer": buyer.customer.pk,
            "summary": "x",
        },
        format="json",
    )

    assert response.status_code == 403
