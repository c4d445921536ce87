"""Search never shows another team's records; products are everyone's."""

from __future__ import annotations

import pytest

from gendan.catalog.tests.factories import ProductFactory
from gendan.comms.messages.linking import message_link
from gendan.comms.models import Message
from gendan.customers.tests.factories import CustomerFactory
from gendan.search.selectors import search
from gendan.search.services import search_index

pytestmark = pytest.mark.django_db


def found(user, q):
    return {(hit.kind, hit.object_id) for hit in search(user, q)}


def test_another_teams_messages_customers_contacts_and_orders_are_never_found(
    merchandiser, ours, theirs
):
    hits = found(merchandiser, "延期") | found(merchandiser, "haushaltswaren")
    hits |= found(merchandiser, "muller") | found(merchandiser, "PI-2026-0099")
    hits |= found(merchandiser, "Bravo")

    assert ("message", ours.message.pk) in hits
    theirs_ids = {
        ("message", theirs.message.pk),
        ("customer", theirs.customer.pk),
        ("contact", theirs.contact.pk),
        ("order", theirs.order.pk),
    }
    assert hits.isdisjoint(theirs_ids)


def test_a_manager_finds_every_teams_records(manager, ours, theirs):
    hits = found(manager, "延期")

    assert {("message", ours.message.pk), ("message", theirs.message.pk)} <= hits


def test_products_are_found_by_everyone(make_user, team_b, ours):
    product = ProductFactory.create(name="Bamboo cutting board", name_zh="竹砧板")
    outsider = make_user("viewer", [team_b])

    assert found(outsider, "砧板") == {("product", product.pk)}


def test_a_user_without_teams_finds_only_products(make_user, ours):
    ProductFactory.create(name="Alpha kettle")
    loner = make_user("sales", [])

    assert {kind for kind, _pk in found(loner, "alpha")} == {"product"}


def test_a_message_without_a_team_is_not_found_by_team_members(merchandiser, ours):
    Message.objects.filter(pk=ours.message.pk).update(team=None)

    assert ("message", ours.message.pk) not in found(merchandiser, "延期")


def test_an_entry_left_behind_by_a_bulk_update_does_not_leak(merchandiser, ours, team_b):
    # A plain UPDATE sends no signal, so the entry still says team A; the record check
    # after the search drops it all the same.
    Message.objects.filter(pk=ours.message.pk).update(team=team_b)

    assert ("message", ours.message.pk) not in found(merchandiser, "延期")


def test_a_message_linked_to_a_customer_is_found_by_the_customers_team(merchandiser, ours):
    Message.objects.filter(pk=ours.message.pk).update(team=None, customer=None)
    message = Message.objects.get(pk=ours.message.pk)
    search_index(message)  # as the ingest leaves an unmatched message: in no team
    assert ("message", message.pk) not in found(merchandiser, "延期")

    customer = CustomerFactory.create(team=ours.customer.team)
    message_link(actor=None, message=message, customer=customer)

    assert ("message", message.pk) in found(merchandiser, "延期")
