"""Linking conversations to customers and orders, and a lead from a sender in one step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gendan.audit.models import HistoryEntry
from gendan.comms.models import Message, Thread
from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.models import Contact, Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory
from gendan.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def loose(team_a) -> Thread:
    """An unassigned conversation in Team A's inbox."""
    thread = thread_start(team=team_a, subject="RFQ bamboo boards 竹砧板询价")
    message_add(thread, from_address="m.weber@kuechenwelt.test", from_name="Markus Weber")
    message_add(thread, direction="out", from_address="mia@exporter.test",
                to=[{"name": "Markus Weber", "address": "m.weber@kuechenwelt.test"}])  # fmt: skip
    return thread


def test_linking_moves_the_conversation_and_its_messages_to_the_customer(
    client, merchandiser, loose, team_a
):
    customer = CustomerFactory.create(team=team_a, name="Küchenwelt Handel GmbH")
    contact = ContactFactory.create(customer=customer, email="m.weber@kuechenwelt.test")
    order = OrderFactory.create(customer=customer)
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:thread_link", args=[loose.pk]),
        {"customer": customer.pk, "order": order.pk},
    )

    assert response.status_code == 302
    loose.refresh_from_db()
    assert (loose.customer, loose.order) == (customer, order)
    messages = list(loose.messages.order_by("sent_at"))
    assert {(m.customer_id, m.order_id, m.team_id) for m in messages} == {
        (customer.pk, order.pk, team_a.pk)
    }
    assert [m.contact_id for m in messages] == [contact.pk, contact.pk]
    assert HistoryEntry.objects.filter(
        subject_type="customers.customer", subject_id=customer.pk, record_type="comms.thread"
    ).exists()


def test_an_order_of_another_customer_is_refused(client, merchandiser, loose, team_a):
    customer = CustomerFactory.create(team=team_a)
    elsewhere = OrderFactory.create(customer=CustomerFactory.create(team=team_a))
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:thread_link", args=[loose.pk]),
        {"customer": customer.pk, "order": elsewhere.pk},
    )

    assert response.status_code == 400
    assert "belongs to another customer" in response.content.decode()
    loose.refresh_from_db()
    assert loose.customer is None


def test_a_customer_of_another_team_cannot_be_linked(client, merchandiser, loose, team_b):
    theirs = CustomerFactory.create(team=team_b)
    client.force_login(merchandiser)

    response = client.post(reverse("comms:thread_link", args=[loose.pk]), {"customer": theirs.pk})

    assert response.status_code == 400
    assert not Message.objects.filter(customer=theirs).exists()


def test_a_viewer_cannot_link(client, make_user, loose, team_a):
    viewer = make_user("viewer", [team_a])
    customer = CustomerFactory.create(team=team_a)
    client.force_login(viewer)

    response = client.post(reverse("comms:thread_link", args=[loose.pk]), {"customer": customer.pk})

    assert response.status_code == 403
    assert not Thread.objects.filter(customer=customer).exists()


def test_the_order_choices_follow_the_chosen_customer(client, merchandiser, team_a):
    customer = CustomerFactory.create(team=team_a)
    OrderFactory.create(customer=customer, number="PI-2026-0501")
    OrderFactory.create(number="PI-2026-0777")
    client.force_login(merchandiser)

    html = client.get(reverse("comms:link_orders"), {"customer": customer.pk}).content.decode()

    assert "PI-2026-0501" in html and "PI-2026-0777" not in html


def test_create_customer_from_sender_in_one_step(client, merchandiser, loose, team_a):
    first = loose.messages.get(direction="in")
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:customer_from_sender", args=[first.pk]),
        {"name": "Küchenwelt Handel GmbH", "country": "DE", "contact_name": "Markus Weber",
         "team": team_a.pk},
    )  # fmt: skip

    assert response.status_code == 302
    customer = Customer.objects.get(name="Küchenwelt Handel GmbH")
    assert (customer.stage, customer.domain, customer.team) == ("lead", "kuechenwelt.test", team_a)
    contact = Contact.objects.get(customer=customer)
    assert (contact.name, contact.email) == ("Markus Weber", "m.weber@kuechenwelt.test")
    loose.refresh_from_db()
    assert loose.customer == customer
    assert set(loose.messages.values_list("customer_id", flat=True)) == {customer.pk}
    # The new customer is found at once, and so are its messages, now in its team.
    assert "customer" in {hit.kind for hit in search(merchandiser, "küchenwelt")}
    assert {hit.object_id for hit in search(merchandiser, "竹砧板", kinds=["message"])} == set(
        loose.messages.values_list("pk", flat=True)
    )


def test_a_validation_error_leaves_nothing_half_written(client, merchandiser, loose, team_a):
    first = loose.messages.get(direction="in")
    Message.objects.filter(pk=first.pk).update(from_address="not-an-address@")
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:customer_from_sender", args=[first.pk]),
        {"name": "Half Written Ltd", "country": "DE", "team": team_a.pk},
    )

    assert response.status_code == 400
    assert not Customer.objects.filter(name="Half Written Ltd").exists()
    assert not Contact.objects.exists()
    loose.refresh_from_db()
    assert loose.customer is None


def test_a_missing_name_or_country_is_named_on_the_form(client, merchandiser, loose, team_a):
    first = loose.messages.get(direction="in")
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:customer_from_sender", args=[first.pk]), {"name": "", "team": team_a.pk}
    )

    assert response.status_code == 400
    form = response.context["lead_form"]
    assert set(form.errors) == {"name", "country"}
    assert not Customer.objects.exists()


def test_the_sender_of_another_teams_message_cannot_become_a_lead(
    client, merchandiser, team_b, team_a
):
    thread = thread_start(team=team_b)
    message = message_add(thread, from_address="x@other.test")
    client.force_login(merchandiser)

    response = client.post(
        reverse("comms:customer_from_sender", args=[message.pk]),
        {"name": "X", "country": "DE", "team": team_a.pk},
    )

    assert response.status_code == 404
    assert not Customer.objects.exists()


def test_the_unassigned_page_offers_the_lead_form_with_a_guess(client, merchandiser, loose):
    client.force_login(merchandiser)

    response = client.get(reverse("comms:thread", args=[loose.pk]))

    form = response.context["lead_form"]
    assert form.initial["name"] == "Kuechenwelt"
    assert form.initial["contact_name"] == "Markus Weber"
