"""The message template pages and API: one row per code with its languages, the editor,
the preview against a real order, and who may change templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gendan.comms.message_templates.services import message_template_create
from gendan.comms.models import MessageTemplate
from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.orders.tests.factories import OrderFactory

from .chat_data import Buyer

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]


@pytest.fixture
def order(buyer: Buyer):
    return OrderFactory.create(
        customer=buyer.customer, contact=buyer.contact, number="PI-2026-0042",
        total_amount=Decimal("12345.5"), promised_ship_date=dt.date(2027, 1, 15),
    )  # fmt: skip


@pytest.fixture
def notice():
    english = message_template_create(
        actor=None, code="shipment-notice", language="en", name="Shipment notice",
        subject="{order_number} ships {ship_date}", body="Dear {contact}, {order_number} ships {ship_date}.",
    )  # fmt: skip
    message_template_create(
        actor=None, code="shipment-notice", language="de", name="Versandanzeige",
        body="Sehr geehrter {contact}, {order_number} wird am {ship_date} verladen.",
    )  # fmt: skip
    return english


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_list_shows_one_row_per_code_with_its_languages(client, merchandiser, notice):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:templates"))

    [row] = response.context["codes"]
    assert (row.code, row.name) == ("shipment-notice", "Shipment notice")
    assert [t.language for t in row.variants] == ["de", "en"]


def test_the_list_runs_the_same_queries_however_many_templates(client, merchandiser, notice):
    client.force_login(merchandiser)
    url = reverse("comms:templates")
    client.get(url)

    _response, few = get_with_queries(client, url)
    for n in range(5):
        message_template_create(actor=None, code=f"t{n}", language="en", name=f"T{n}", body="x")
        message_template_create(actor=None, code=f"t{n}", language="de", name=f"T{n}", body="x")
    _response, many = get_with_queries(client, url)

    # session, user, the unread-notification count in the header, and the templates in
    # one query (grouped by code on the page)
    assert_same_queries(few, many)
    assert len(many) == 4


def test_a_template_is_created_from_the_editor(client, merchandiser):
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:template_create"),
        {
            "code": "payment-reminder", "language": "en", "name": "Payment reminder",
            "channel": "email", "subject": "Balance for {order_number}",
            "body": "Dear {contact}, the balance of {balance_amount} is due.",
        },
    )  # fmt: skip

    template = MessageTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("comms:template_edit", args=[template.pk])
    assert (template.code, template.subject) == ("payment-reminder", "Balance for {order_number}")


def test_the_editor_names_an_unknown_placeholder(client, merchandiser):
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:template_create"),
        {"code": "x", "language": "en", "name": "X", "channel": "email", "body": "Hi {costumer}"},
    )

    assert response.status_code == 200
    assert "Unknown placeholder {costumer}" in response.context["form"].errors["body"][0]
    assert not MessageTemplate.objects.exists()


def test_add_a_language_starts_from_the_same_code(client, merchandiser, notice):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:template_create"), {"from": notice.pk})

    initial = response.context["form"].initial
    assert (initial["code"], initial["name"], initial["language"]) == (
        "shipment-notice",
        "Shipment notice",
        "",
    )


def test_the_preview_renders_the_text_being_edited_against_an_order(
    client, merchandiser, notice, order
):
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:template_edit", args=[notice.pk]),
        {
            "code": "shipment-notice", "language": "de", "name": "Versand", "channel": "email",
            "subject": "", "body": "{order_number}: {order_total}, {ship_date}", "order": order.pk,
        },
        HTTP_HX_REQUEST="true",
    )  # fmt: skip

    text = response.content.decode()
    assert response.status_code == 200
    assert "PI-2026-0042: 12.345,50\xa0$, 15. Januar 2027" in text
    notice.refresh_from_db()
    assert notice.language == "en"  # a preview saves nothing


def test_the_preview_names_the_missing_placeholder(client, merchandiser, notice, order):
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:template_edit", args=[notice.pk]),
        {"code": "x", "language": "en", "name": "X", "channel": "email", "body": "Tracking {tracking}",
         "order": order.pk, "preview": "1"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["preview"]["missing"] == ["tracking"]
    assert "{tracking} has no value" in response.content.decode()


def test_a_viewer_reads_templates_but_cannot_save(client, make_user, team_a, notice):
    client.force_login(make_user("viewer", [team_a]))

    page = client.get(reverse("comms:template_edit", args=[notice.pk]))
    save = client.post(
        reverse("comms:template_edit", args=[notice.pk]),
        {
            "code": "shipment-notice",
            "language": "en",
            "name": "Hacked",
            "channel": "email",
            "body": "x",
        },
    )
    delete = client.post(reverse("comms:template_delete", args=[notice.pk]))

    assert page.status_code == 200
    assert 'data-testid="template-save"' not in page.content.decode()
    assert (save.status_code, delete.status_code) == (403, 403)
    notice.refresh_from_db()
    assert notice.name == "Shipment notice"


def test_a_template_is_deleted(client, merchandiser, notice):
    client.force_login(merchandiser)

    response = client.post(reverse("comms:template_delete", args=[notice.pk]))

    assert response.status_code == 302
    assert list(MessageTemplate.objects.values_list("language", flat=True)) == ["de"]


# --- the API --------------------------------------------------------------------------
def test_the_api_lists_and_filters_templates(make_user, team_a, notice):
    api = api_as(make_user("viewer", [team_a]))

    everything = api.get("/api/v1/message-templates/").json()["results"]
    german = api.get("/api/v1/message-templates/", {"language": "de"}).json()["results"]

    assert {t["language"] for t in everything} == {"en", "de"}
    assert [t["name"] for t in german] == ["Versandanzeige"]


def test_the_api_creates_changes_and_deletes_a_template(merchandiser):
    api = api_as(merchandiser)

    created = api.post(
        "/api/v1/message-templates/",
        {"code": "sample-sent", "language": "en", "name": "Sample sent", "body": "Hi {contact}"},
        format="json",
    )
    pk = created.json()["id"]
    changed = api.patch(
        f"/api/v1/message-templates/{pk}/", {"body": "Hello {contact}"}, format="json"
    )
    duplicate = api.post(
        "/api/v1/message-templates/",
        {"code": "sample-sent", "language": "en", "name": "Again", "body": "x"},
        format="json",
    )
    deleted = api.delete(f"/api/v1/message-templates/{pk}/")

    assert created.status_code == 201
    assert (changed.status_code, changed.json()["body"]) == (200, "Hello {contact}")
    assert duplicate.status_code == 400
    assert deleted.status_code == 204
    assert not MessageTemplate.objects.exists()


def test_the_api_refuses_an_unknown_placeholder(merchandiser):
    response = api_as(merchandiser).post(
        "/api/v1/message-templates/",
        {"code": "x", "language": "en", "name": "X", "body": "Hi {nobody}"},
        format="json",
    )

    assert response.status_code == 400
    assert "Unknown placeholder {nobody}" in response.json()["body"][0]


def test_a_viewer_cannot_write_templates_over_the_api(make_user, team_a, notice):
    api = api_as(make_user("viewer", [team_a]))

    response = api.patch(f"/api/v1/message-templates/{notice.pk}/", {"name": "x"}, format="json")

    assert response.status_code == 403


def test_the_api_renders_a_template_for_an_order(merchandiser, notice, order):
    response = api_as(merchandiser).post(
        f"/api/v1/message-templates/{notice.pk}/render/", {"order": order.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "language": "en",
        "subject": "PI-2026-0042 ships January 15, 2027",
        "body": "Dear Hans Weber, PI-2026-0042 ships January 15, 2027.",
        "values": {
            "order_number": "PI-2026-0042",
            "ship_date": "January 15, 2027",
            "contact": "Hans Weber",
        },
    }


def test_the_api_render_names_the_missing_placeholder(merchandiser, order):
    template = message_template_create(
        actor=None,
        code="tracking",
        language="en",
        name="Tracking",
        body="{order_number} {tracking}",
    )
    api = api_as(merchandiser)

    missing = api.post(
        f"/api/v1/message-templates/{template.pk}/render/", {"order": order.pk}, format="json"
    )
    filled = api.post(
        f"/api/v1/message-templates/{template.pk}/render/",
        {"order": order.pk, "values": {"tracking": "MAEU1"}},
        format="json",
    )

    assert missing.status_code == 400
    assert missing.json()["missing_placeholders"] == ["tracking"]
    assert "{tracking} has no value" in missing.json()["detail"]
    assert filled.json()["body"] == "PI-2026-0042 MAEU1"


def test_the_api_will_not_render_another_teams_order(make_user, team_b, notice, order):
    response = api_as(make_user("merchandiser", [team_b])).post(
        f"/api/v1/message-templates/{notice.pk}/render/", {"order": order.pk}, format="json"
    )

    assert response.status_code == 404
