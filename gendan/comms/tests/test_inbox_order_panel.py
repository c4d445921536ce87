"""The order page's Messages panel: the order's conversations, new e-mail and reply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.core.testing import assert_queries, assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(team_a):
    return OrderFactory.create(customer=CustomerFactory.create(team=team_a), number="PI-2026-0012")


def panel(client, order):
    return client.get(reverse("comms:order_messages", args=[order.pk]), HTTP_HX_REQUEST="true")


def test_the_order_page_loads_the_panel(client, merchandiser, order):
    client.force_login(merchandiser)

    html = client.get(order.get_absolute_url()).content.decode()

    assert f'hx-get="/orders/{order.pk}/messages/"' in html


def test_it_lists_conversations_linked_to_the_order_or_holding_a_message_that_is(
    client, merchandiser, order
):
    linked = thread_start(customer=order.customer, order=order, subject="Shipment date")
    message_add(linked)
    mentions = thread_start(customer=order.customer, subject="General news")
    message_add(mentions, order=order)
    unrelated = thread_start(customer=order.customer, subject="Another order")
    message_add(unrelated)
    client.force_login(merchandiser)

    html = panel(client, order).content.decode()

    assert "Shipment date" in html and "General news" in html
    assert "Another order" not in html


def test_new_email_and_reply_lead_to_the_composer(client, merchandiser, order):
    thread = thread_start(customer=order.customer, order=order)
    newest = message_add(thread)
    client.force_login(merchandiser)

    html = panel(client, order).content.decode()

    try:
        compose = reverse("comms:compose")
    except NoReverseMatch:
        assert 'data-testid="new-email"' not in html
    else:
        assert f'href="{compose}?order={order.pk}"' in html
        assert f'href="{compose}?reply_to={newest.pk}"' in html


def test_another_teams_order_has_no_panel(client, merchandiser, team_b):
    theirs = OrderFactory.create(customer=CustomerFactory.create(team=team_b))
    client.force_login(merchandiser)

    assert panel(client, theirs).status_code == 404


def test_the_panel_makes_the_same_queries_for_1_and_10_conversations(client, merchandiser, order):
    def add(n):
        for i in range(n):
            thread = thread_start(customer=order.customer, order=order, subject=f"S{i}")
            message_add(thread, sent_at=timezone.now() - dt.timedelta(minutes=i),
                        attachments=[("a.pdf", b"%PDF", "application/pdf")])  # fmt: skip

    client.force_login(merchandiser)
    add(1)
    _, first = get_with_queries(client, reverse("comms:order_messages", args=[order.pk]),
                                HTTP_HX_REQUEST="true")  # fmt: skip
    add(14)
    response, second = get_with_queries(
        client, reverse("comms:order_messages", args=[order.pk]), HTTP_HX_REQUEST="true"
    )

    assert len(response.context["threads"]) == 10 and response.context["more"]
    assert_same_queries(first, second)
    # session, user, the user's teams, the order, its lines, the conversations, their
    # newest messages
    assert_queries(second, 7)
