"""GET/PATCH /api/v1/messages/ and GET /api/v1/search/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gendan.comms.mail.sanitize import sanitize_html
from gendan.comms.models import Thread
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def api_for(db):
    """An API client that authenticates as a user with their token."""

    def make(user) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def customer(team_a):
    return CustomerFactory.create(team=team_a, name="Rheinland Import AG")


@pytest.fixture
def message(customer):
    order = OrderFactory.create(customer=customer, number="PI-2026-0012")
    thread = thread_start(customer=customer, order=order, subject="PI-2026-0012 交货延期")
    clean = sanitize_html('<p onclick="x()">Hi <img src="https://t.example.com/p.gif"></p>')
    return message_add(
        thread,
        body_text="交货延期两周",
        body_html=clean.html,
        has_remote_images=True,
        cc=[{"name": "Einkauf", "address": "einkauf@rheinland.test"}],
        attachments=[("装箱单.xlsx", b"PK-data", "application/vnd.ms-excel")],
    )


def test_a_message_has_its_fields(api_for, merchandiser, message):
    body = api_for(merchandiser).get(f"/api/v1/messages/{message.pk}/").json()

    assert body["channel"] == "email" and body["direction"] == "in"
    assert body["subject"] == "PI-2026-0012 交货延期"
    assert body["cc"] == [{"name": "Einkauf", "address": "einkauf@rheinland.test"}]
    assert body["participants"][0] == "buyer@customer.test"
    assert "onclick" not in body["body_html"] and 'data-remote-src="https://' in body["body_html"]
    assert (body["thread"], body["customer"], body["order"]) == (
        message.thread_id, message.customer_id, message.order_id
    )  # fmt: skip
    [attachment] = body["attachments"]
    assert (attachment["name"], attachment["size"]) == ("装箱单.xlsx", 7)
    assert attachment["url"].endswith(
        f"/api/v1/messages/{message.pk}/attachments/{attachment['id']}/"
    )


def test_an_attachment_downloads_through_the_api(api_for, merchandiser, message):
    attachment = message.attachments.get()

    response = api_for(merchandiser).get(
        f"/api/v1/messages/{message.pk}/attachments/{attachment.pk}/"
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-data"


def test_another_teams_message_is_not_found(api_for, make_user, team_b, message):
    outsider = make_user("sales", [team_b])
    client = api_for(outsider)

    assert client.get(f"/api/v1/messages/{message.pk}/").status_code == 404
    assert client.get("/api/v1/messages/").json()["results"] == []
    attachment = message.attachments.get()
    url = f"/api/v1/messages/{message.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["customer", "contact", "order", "thread", "channel", "direction"])
def test_each_filter_narrows_the_list(api_for, merchandiser, customer, message, name):
    other_customer = CustomerFactory.create(team=customer.team)
    contact = ContactFactory.create(customer=customer)
    other = message_add(
        thread_start(customer=other_customer, channel="whatsapp"),
        direction="out",
        channel="whatsapp",
    )
    message.contact = contact
    message.save()
    value = {
        "customer": customer.pk, "contact": contact.pk, "order": message.order_id,
        "thread": message.thread_id, "channel": "email", "direction": "in",
    }[name]  # fmt: skip

    results = api_for(merchandiser).get("/api/v1/messages/", {name: value}).json()["results"]

    assert [row["id"] for row in results] == [message.pk]
    assert other.pk


def test_a_customer_the_user_cannot_see_is_a_400(api_for, merchandiser, team_b, message):
    theirs = CustomerFactory.create(team=team_b)

    response = api_for(merchandiser).get("/api/v1/messages/", {"customer": theirs.pk})

    assert response.status_code == 400
    assert "customer" in response.json()


def test_patch_links_the_message_and_its_conversation(api_for, merchandiser, team_a):
    thread = thread_start(team=team_a, subject="RFQ")
    first = message_add(thread, from_address="new@buyer.test")
    second = message_add(thread, direction="out")
    customer = CustomerFactory.create(team=team_a)
    order = OrderFactory.create(customer=customer)

    response = api_for(merchandiser).patch(
        f"/api/v1/messages/{first.pk}/", {"order": order.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["customer"], response.json()["order"]) == (customer.pk, order.pk)
    second.refresh_from_db()
    assert (second.customer_id, second.order_id) == (customer.pk, order.pk)
    assert Thread.objects.get(pk=thread.pk).customer_id == customer.pk

    response = api_for(merchandiser).patch(
        f"/api/v1/messages/{first.pk}/", {"order": None}, format="json"
    )
    assert response.json()["order"] is None and response.json()["customer"] == customer.pk


def test_patch_changes_nothing_but_the_links(api_for, merchandiser, message):
    response = api_for(merchandiser).patch(
        f"/api/v1/messages/{message.pk}/", {"subject": "rewritten"}, format="json"
    )

    assert response.status_code == 400
    message.refresh_from_db()
    assert message.subject == "PI-2026-0012 交货延期"


def test_patch_refuses_an_order_of_another_customer(api_for, merchandiser, message, team_a):
    elsewhere = OrderFactory.create(customer=CustomerFactory.create(team=team_a))

    response = api_for(merchandiser).patch(
        f"/api/v1/messages/{message.pk}/",
        {"customer": message.customer_id, "order": elsewhere.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "order" in response.json()


def test_put_and_delete_are_not_allowed(api_for, merchandiser, message):
    client = api_for(merchandiser)

    assert client.put(f"/api/v1/messages/{message.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/messages/{message.pk}/").status_code == 405


def list_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in context.captured_queries]


def test_the_list_makes_the_same_queries_for_5_and_40_messages(api_for, merchandiser, customer):
    client = api_for(merchandiser)
    thread = thread_start(customer=customer)

    def add(n):
        for i in range(n):
            message_add(
                thread,
                sent_at=NOW - dt.timedelta(minutes=i),
                attachments=[("a.pdf", b"%PDF", "application/pdf")],
            )

    add(5)
    _, five = list_queries(client, "/api/v1/messages/")
    add(35)
    response, forty = list_queries(client, "/api/v1/messages/")

    assert len(response.json()["results"]) == 40
    # token and user, the user's teams, the page, the page's attachments
    assert len(five) == len(forty) == 4, "\n".join(forty)


def test_search_finds_records_of_every_kind_the_user_may_see(
    api_for, merchandiser, make_user, team_b, message
):
    body = api_for(merchandiser).get("/api/v1/search/", {"q": "PI-2026-0012"}).json()

    kinds = [hit["kind"] for hit in body["results"]]
    assert kinds[0] == "order" and "message" in kinds
    hit = next(h for h in body["results"] if h["kind"] == "message")
    assert hit["id"] == message.pk and hit["url"].startswith("/inbox/threads/")

    outsider = api_for(make_user("sales", [team_b]))
    assert outsider.get("/api/v1/search/", {"q": "延期"}).json()["results"] == []


def test_search_by_kind_and_limit(api_for, merchandiser, message):
    client = api_for(merchandiser)

    body = client.get("/api/v1/search/", {"q": "延期", "kind": "order"}).json()
    assert body["results"] == []
    body = client.get("/api/v1/search/", {"q": "延期", "kind": "message", "limit": 1}).json()
    assert [hit["kind"] for hit in body["results"]] == ["message"]
    assert "<mark>" not in body["results"][0]["snippet"] and "延期" in body["results"][0]["snippet"]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": " -- "}, {"q": "x", "kind": "planet"},
                                    {"q": "x", "limit": 500}])  # fmt: skip
def test_search_rejects_what_it_cannot_answer(api_for, merchandiser, params):
    assert api_for(merchandiser).get("/api/v1/search/", params).status_code == 400


def test_search_makes_the_same_queries_for_few_and_many_hits(api_for, merchandiser, customer):
    client = api_for(merchandiser)
    thread = thread_start(customer=customer, subject="质量 report")
    CustomerFactory.create(team=customer.team, name="质量 Trading")

    def add(n):
        for i in range(n):
            message_add(thread, body_text=f"质量 report {i}")

    add(1)
    _, few = list_queries(client, "/api/v1/search/?q=质量")
    add(30)
    response, many = list_queries(client, "/api/v1/search/?q=质量")

    assert len(response.json()["results"]) == 20
    assert {hit["kind"] for hit in response.json()["results"]} == {"customer", "message"}
    # token and user, the user's teams, the search, then the hits' records: one query per kind
    assert len(many) == len(few) == 5, "\n".join(many)
