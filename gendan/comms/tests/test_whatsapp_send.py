"""Sending WhatsApp through the Cloud API: the request the client makes, the message
stored with its wamid, templates, Meta's refusals, and who may send."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.comms.message_templates.rendering import MissingPlaceholders
from gendan.comms.message_templates.services import message_template_create
from gendan.comms.models import Message, Thread
from gendan.comms.whatsapp.cloud import CloudApiClient, CloudApiError
from gendan.comms.whatsapp.sending import whatsapp_send_template, whatsapp_send_text
from gendan.orders.tests.factories import OrderFactory

from .chat_data import ACCESS_TOKEN, HANS_NUMBER, PHONE_NUMBER_ID, Buyer, FakeCloudApi

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]


@pytest.fixture
def order(buyer: Buyer):
    return OrderFactory.create(
        customer=buyer.customer, contact=buyer.contact, number="PI-2026-0042",
        total_amount=Decimal("12345.5"), promised_ship_date=dt.date(2027, 1, 15),
    )  # fmt: skip


def test_the_client_posts_the_documented_text_request(cloud_api: FakeCloudApi):
    result = CloudApiClient().send_text(to=HANS_NUMBER, body="Hello Hans")

    request = cloud_api.requests[0]
    assert request.path == f"/v21.0/{PHONE_NUMBER_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": HANS_NUMBER,
        "type": "text",
        "text": {"preview_url": False, "body": "Hello Hans"},
    }
    assert (result.message_id, result.wa_id, result.status) == (
        "wamid.TEST0001",
        "4917012345678",
        "accepted",
    )


def test_the_client_posts_a_template_with_named_parameters(cloud_api: FakeCloudApi):
    CloudApiClient().send_template(
        to=HANS_NUMBER, name="shipment_notice", language="de",
        parameters={"contact": "Hans Weber", "order_number": "PI-2026-0042"},
    )  # fmt: skip

    assert cloud_api.requests[0].body["template"] == {
        "name": "shipment_notice",
        "language": {"code": "de"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "parameter_name": "contact", "text": "Hans Weber"},
                    {"type": "text", "parameter_name": "order_number", "text": "PI-2026-0042"},
                ],
            }
        ],
    }


def test_metas_error_message_is_raised_clearly(cloud_api: FakeCloudApi):
    cloud_api.refuse(message="(#131030) Recipient phone number not in allowed list", code=131030)

    with pytest.raises(CloudApiError) as refused:
        CloudApiClient().send_text(to=HANS_NUMBER, body="Hello")

    assert "Recipient phone number not in allowed list" in refused.value.message
    assert (refused.value.code, refused.value.status) == (131030, 400)


def test_a_number_not_in_e164_is_refused_before_calling(cloud_api: FakeCloudApi):
    with pytest.raises(CloudApiError, match="E.164"):
        CloudApiClient().send_text(to="0170 1234567", body="Hello")
    assert cloud_api.requests == []


def test_an_unreachable_api_is_a_clear_error(settings):
    settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9/v21.0"  # nothing listens there
    settings.WHATSAPP_PHONE_NUMBER_ID, settings.WHATSAPP_ACCESS_TOKEN = (
        PHONE_NUMBER_ID,
        ACCESS_TOKEN,
    )

    with pytest.raises(CloudApiError, match="could not be reached"):
        CloudApiClient(timeout=2).send_text(to=HANS_NUMBER, body="Hello")


def test_sending_a_text_stores_the_outbound_message_with_its_wamid(
    cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    message = whatsapp_send_text(
        actor=merchandiser, contact=buyer.contact, text="Loaded today", order=order
    )

    assert cloud_api.requests[0].body["to"] == HANS_NUMBER
    assert (message.channel, message.direction, message.external_id) == (
        "whatsapp",
        "out",
        "wamid.TEST0001",
    )
    assert (message.delivery_status, message.body_text) == ("accepted", "Loaded today")
    assert (message.contact, message.customer, message.order, message.created_by) == (
        buyer.contact, buyer.customer, order, merchandiser,
    )  # fmt: skip
    assert message.thread == Thread.objects.get(subject_key=f"whatsapp:contact:{buyer.contact.pk}")


def test_a_whatsapp_template_is_sent_as_the_approved_template(
    cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    message_template_create(
        actor=None, code="order-shipped", language="en", name="Order shipped", channel="whatsapp",
        body="Hello {contact}, {order_number} ships on {ship_date}.",
    )  # fmt: skip
    german = message_template_create(
        actor=None, code="order-shipped", language="de", name="Versand", channel="whatsapp",
        body="Hallo {contact}, {order_number} wird am {ship_date} verladen.",
    )  # fmt: skip

    message = whatsapp_send_template(
        actor=merchandiser, contact=buyer.contact, template=german, order=order
    )

    sent = cloud_api.requests[0].body
    assert sent["type"] == "template"
    assert sent["template"]["name"] == "order_shipped"
    assert sent["template"]["language"] == {"code": "de"}
    assert sent["template"]["components"][0]["parameters"] == [
        {"type": "text", "parameter_name": "contact", "text": "Hans Weber"},
        {"type": "text", "parameter_name": "order_number", "text": "PI-2026-0042"},
        {"type": "text", "parameter_name": "ship_date", "text": "15. Januar 2027"},
    ]
    assert message.body_text == "Hallo Hans Weber, PI-2026-0042 wird am 15. Januar 2027 verladen."


def test_an_email_template_is_sent_as_its_text(
    cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    notice = message_template_create(
        actor=None, code="notice", language="en", name="Notice", body="{order_number} is ready."
    )

    whatsapp_send_template(actor=merchandiser, contact=buyer.contact, template=notice, order=order)

    assert cloud_api.requests[0].body["text"]["body"] == "PI-2026-0042 is ready."


def test_a_missing_placeholder_sends_nothing(
    cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    notice = message_template_create(
        actor=None, code="tracking", language="en", name="Tracking", body="Tracking {tracking}"
    )

    with pytest.raises(MissingPlaceholders, match=r"\{tracking\} has no value"):
        whatsapp_send_template(
            actor=merchandiser, contact=buyer.contact, template=notice, order=order
        )

    assert cloud_api.requests == []
    assert not Message.objects.exists()


def test_a_refused_message_is_not_stored(cloud_api: FakeCloudApi, buyer: Buyer, merchandiser):
    cloud_api.refuse(message="(#131047) Re-engagement message", code=131047)

    with pytest.raises(CloudApiError, match="Re-engagement message"):
        whatsapp_send_text(actor=merchandiser, contact=buyer.contact, text="Hello")

    assert not Message.objects.exists()


def test_a_contact_without_a_whatsapp_number_is_refused(
    cloud_api: FakeCloudApi, buyer: Buyer, merchandiser
):
    buyer.contact.whatsapp = ""

    with pytest.raises(Exception, match="has no WhatsApp number"):
        whatsapp_send_text(actor=merchandiser, contact=buyer.contact, text="Hello")
    assert cloud_api.requests == []


# --- the page -------------------------------------------------------------------------
def test_the_page_sends_a_text_and_goes_back_to_the_customer(
    client, cloud_api: FakeCloudApi, buyer: Buyer, merchandiser
):
    client.force_login(merchandiser)
    url = reverse("comms:whatsapp_send")

    page = client.get(url, {"contact": buyer.contact.pk})
    response = client.post(
        url, {"contact": buyer.contact.pk, "kind": "text", "text": "Loaded today"}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == buyer.customer.get_absolute_url()
    assert Message.objects.get().body_text == "Loaded today"


def test_the_page_opened_from_an_order_writes_to_its_contact(
    client, cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:whatsapp_send"), {"order": order.pk})

    assert response.context["form"].initial["contact"] == buyer.contact.pk
    assert response.context["form"].initial["order"] == order.pk


def test_the_page_asks_for_a_value_the_order_does_not_give(
    client, cloud_api: FakeCloudApi, buyer: Buyer, order, merchandiser
):
    message_template_create(
        actor=None,
        code="tracking",
        language="en",
        name="Tracking",
        body="{order_number}: tracking {tracking}",
    )
    client.force_login(merchandiser)
    url = reverse("comms:whatsapp_send")
    data = {
        "contact": buyer.contact.pk,
        "order": order.pk,
        "kind": "template",
        "template": "tracking",
    }

    form = client.get(url, data)
    refused = client.post(url, data)
    sent = client.post(url, {**data, "value_tracking": "MAEU123456789"})

    assert "value_tracking" in form.context["form"].fields
    assert refused.status_code == 200
    assert "{tracking} has no value" in refused.content.decode()
    assert len(cloud_api.requests) == 1
    assert sent.status_code == 302
    assert Message.objects.get().body_text == "PI-2026-0042: tracking MAEU123456789"


def test_metas_refusal_is_shown_on_the_page(
    client, cloud_api: FakeCloudApi, buyer: Buyer, merchandiser
):
    cloud_api.refuse(message="(#131026) Message undeliverable", code=131026)
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:whatsapp_send"), {"contact": buyer.contact.pk, "kind": "text", "text": "Hi"}
    )

    assert response.status_code == 200
    assert "Message undeliverable" in response.content.decode()
    assert not Message.objects.exists()


def test_a_viewer_cannot_send(client, cloud_api: FakeCloudApi, buyer: Buyer, make_user, team_a):
    client.force_login(make_user("viewer", [team_a]))

    response = client.post(
        reverse("comms:whatsapp_send"), {"contact": buyer.contact.pk, "kind": "text", "text": "Hi"}
    )

    assert response.status_code == 403
    assert cloud_api.requests == []


def test_another_teams_contact_cannot_be_chosen(
    client, cloud_api: FakeCloudApi, buyer: Buyer, make_user, team_b
):
    client.force_login(make_user("merchandiser", [team_b]))

    response = client.post(
        reverse("comms:whatsapp_send"), {"contact": buyer.contact.pk, "kind": "text", "text": "Hi"}
    )

    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert cloud_api.requests == []


# --- the API --------------------------------------------------------------------------
@pytest.fixture
def api(merchandiser):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=merchandiser).key}")
    return client


def test_the_api_sends_a_text(api, cloud_api: FakeCloudApi, buyer: Buyer):
    response = api.post(
        "/api/v1/whatsapp/send/", {"contact": buyer.contact.pk, "text": "Hello"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["external_id"] == "wamid.TEST0001"
    assert response.json()["direction"] == "out"


def test_the_api_names_the_missing_placeholder(api, cloud_api: FakeCloudApi, buyer: Buyer, order):
    message_template_create(actor=None, code="tracking", language="en", name="T", body="{tracking}")

    response = api.post(
        "/api/v1/whatsapp/send/",
        {"contact": buyer.contact.pk, "template": "tracking", "order": order.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["missing_placeholders"] == ["tracking"]
    assert cloud_api.requests == []


def test_the_api_passes_metas_refusal_on(api, cloud_api: FakeCloudApi, buyer: Buyer):
    cloud_api.refuse(message="(#131030) Recipient phone number not in allowed list", code=131030)

    response = api.post(
        "/api/v1/whatsapp/send/", {"contact": buyer.contact.pk, "text": "Hi"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == 131030
    assert "not in allowed list" in response.json()["detail"]


def test_the_api_says_when_whatsapp_is_not_set_up(api, settings, buyer: Buyer):
    settings.WHATSAPP_PHONE_NUMBER_ID = ""

    response = api.post(
        "/api/v1/whatsapp/send/", {"contact": buyer.contact.pk, "text": "Hi"}, format="json"
    )

    assert response.status_code == 503
    assert "not set up" in response.json()["detail"]
