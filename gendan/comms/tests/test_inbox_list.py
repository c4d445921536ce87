"""The inbox: the conversations of the user's teams, newest first, with filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gendan.comms.tests.inbox_factories import MailboxFactory, message_add, thread_start
from gendan.core.testing import assert_queries, assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def rows(response) -> list[int]:
    return [thread.pk for thread in response.context["page"].rows]


@pytest.fixture
def customer(team_a):
    return CustomerFactory.create(team=team_a, name="Rheinland Import AG")


def test_it_lists_the_teams_conversations_newest_first(client, merchandiser, customer, team_b):
    older = thread_start(customer=customer, subject="Older")
    message_add(older, sent_at=NOW - dt.timedelta(days=2))
    newer = thread_start(customer=customer, subject="Newer")
    message_add(newer, sent_at=NOW - dt.timedelta(hours=1))
    other_team = thread_start(customer=CustomerFactory.create(team=team_b), subject="Theirs")
    message_add(other_team, sent_at=NOW)
    client.force_login(merchandiser)

    response = client.get(reverse("comms:inbox"))

    assert response.status_code == 200
    assert rows(response) == [newer.pk, older.pk]
    assert b"Theirs" not in response.content


def test_a_row_shows_sender_subject_snippet_customer_order_and_attachment(
    client, merchandiser, customer
):
    order = OrderFactory.create(customer=customer, number="PI-2026-0012")
    thread = thread_start(customer=customer, order=order, subject="Shipment date")
    message_add(
        thread,
        from_name="Christian Hoffmann",
        body_text="Could you confirm the ETD?",
        attachments=[("PL.xlsx", b"x", "application/vnd.ms-excel")],
    )
    client.force_login(merchandiser)

    html = client.get(reverse("comms:inbox")).content.decode()

    for text in ("Christian Hoffmann", "Shipment date", "Could you confirm the ETD?",
                 "Rheinland Import AG", "PI-2026-0012", 'data-testid="attachment-icon"'):  # fmt: skip
        assert text in html
    assert "title=\"Customer's local time: " in html


def test_the_unassigned_tab_lists_conversations_without_a_customer(
    client, merchandiser, customer, team_a
):
    linked = thread_start(customer=customer)
    message_add(linked)
    loose = thread_start(team=team_a, subject="RFQ bamboo boards")
    message_add(loose, from_address="new@buyer.test")
    client.force_login(merchandiser)

    response = client.get(reverse("comms:inbox"), {"unassigned": "on"})

    assert rows(response) == [loose.pk]
    assert 'data-testid="unassigned-badge"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"channel": "whatsapp"}, ["chat"]),
        ({"direction": "out"}, ["sent"]),
        ({"q": "延期"}, ["sent"]),
        ({"q": "ETD"}, ["mail"]),
    ],
)
def test_filters_narrow_the_list(client, merchandiser, customer, params, expected):
    threads = {
        "mail": thread_start(customer=customer, subject="Shipment"),
        "sent": thread_start(customer=customer, subject="Delay"),
        "chat": thread_start(customer=customer, channel="whatsapp", subject="Chat"),
    }
    message_add(threads["mail"], body_text="When is the ETD?")
    message_add(threads["sent"], direction="out", body_text="交货延期两周")
    message_add(threads["chat"], body_text="hi")
    client.force_login(merchandiser)

    response = client.get(reverse("comms:inbox"), params)

    assert set(rows(response)) == {threads[name].pk for name in expected}


def test_the_customer_order_and_mailbox_filters(client, merchandiser, customer, team_a):
    other = CustomerFactory.create(team=team_a)
    order = OrderFactory.create(customer=customer)
    box = MailboxFactory.create(team=team_a)
    by_order = thread_start(customer=customer, subject="About the order")
    message_add(by_order, order=order)
    by_mailbox = thread_start(customer=other, subject="Other customer")
    message_add(by_mailbox, mailbox=box)
    client.force_login(merchandiser)
    url = reverse("comms:inbox")

    assert rows(client.get(url, {"customer": customer.pk})) == [by_order.pk]
    assert rows(client.get(url, {"order": order.pk})) == [by_order.pk]
    assert rows(client.get(url, {"mailbox": box.pk})) == [by_mailbox.pk]


def test_it_pages_with_a_cursor_without_gaps_or_repeats(client, merchandiser, customer):
    made = []
    for n in range(35):
        thread = thread_start(customer=customer, subject=f"T{n}")
        # Some share a time: the cursor must still keep them apart.
        message_add(thread, sent_at=NOW - dt.timedelta(minutes=n // 2))
        made.append(thread.pk)
    client.force_login(merchandiser)

    first = client.get(reverse("comms:inbox"))
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("comms:inbox"), {"cursor": cursor})

    seen = rows(first) + rows(second)
    assert len(rows(first)) == 30 and second.context["page"].next_cursor is None
    assert sorted(seen) == sorted(made) and len(set(seen)) == 35


def test_the_list_makes_the_same_queries_for_3_and_30_conversations(client, merchandiser, customer):
    def add(n: int) -> None:
        for i in range(n):
            order = OrderFactory.create(customer=customer)
            thread = thread_start(customer=customer, order=order, subject=f"S{i}")
            message_add(thread, attachments=[("a.pdf", b"%PDF", "application/pdf")])

    client.force_login(merchandiser)
    add(3)
    _, first = get_with_queries(client, reverse("comms:inbox"))
    add(27)
    response, second = get_with_queries(client, reverse("comms:inbox"))

    assert len(response.context["page"].rows) == 30
    # session, user, the user's teams, the page of conversations with their customers and
    # orders, their newest messages, the notification count, the mailboxes for the filter
    assert_same_queries(first, second)
    assert_queries(second, 7)


def test_an_htmx_request_gets_the_results_only(client, merchandiser, customer):
    message_add(thread_start(customer=customer))
    client.force_login(merchandiser)

    response = client.get(reverse("comms:inbox"), HTTP_HX_REQUEST="true")

    assert response.content.decode().lstrip().startswith('<div id="inbox-results"')


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("comms:inbox"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_customer_of_another_team_as_filter_matches_nothing(
    client, merchandiser, customer, team_b
):
    message_add(thread_start(customer=customer))
    theirs = CustomerFactory.create(team=team_b)
    client.force_login(merchandiser)

    response = client.get(reverse("comms:inbox"), {"customer": theirs.pk})

    assert rows(response) == []
