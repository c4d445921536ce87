"""Possible duplicates of a customer, and folding one into the other."""

from __future__ import annotations

import pytest

from gendan.customers.models import Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory


@pytest.fixture
def client(api_for, make_user, team_a):
    return api_for(make_user("sales", [team_a]))


def test_duplicates_lists_the_look_alikes_the_user_can_see(client, team_a, team_b):
    survivor = CustomerFactory(team=team_a, name="Nordic Kitchen AB", domain="nordickitchen.se")
    same_domain = CustomerFactory(team=team_a, name="NK Trading", domain="nordickitchen.se")
    similar = CustomerFactory(team=team_a, name="Nordic Kitchen")
    CustomerFactory(team=team_b, name="Nordic Kitchen A.B.")  # another team's: not shown
    CustomerFactory(team=team_a, name="Sunrise Electric")

    response = client.get(f"/api/v1/customers/{survivor.pk}/duplicates/")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    assert set(rows) == {same_domain.pk, similar.pk}
    assert rows[same_domain.pk]["reason"] == "same mail domain (nordickitchen.se)"
    assert rows[similar.pk]["reason"] == "similar name"


def test_merging_moves_contacts_and_orders_and_deletes_the_duplicate(client, team_a):
    survivor = CustomerFactory(team=team_a, name="Nordic Kitchen AB")
    duplicate = CustomerFactory(team=team_a, name="Nordic Kitchen", city="Malmö")
    contact = ContactFactory(customer=duplicate)
    order = OrderFactory(customer=duplicate)

    response = client.post(
        f"/api/v1/customers/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["city"] == "Malmö"
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    assert not Customer.objects.filter(pk=duplicate.pk).exists()
    contact.refresh_from_db()
    order.refresh_from_db()
    assert (contact.customer_id, order.customer_id) == (survivor.pk, survivor.pk)


def test_a_duplicate_of_another_team_cannot_be_merged(client, team_a, team_b):
    survivor = CustomerFactory(team=team_a)
    duplicate = CustomerFactory(team=team_b)

    response = client.post(
        f"/api/v1/customers/{survivor.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["duplicate"]
    assert Customer.objects.filter(pk=duplicate.pk).exists()


def test_a_customer_cannot_be_merged_into_itself(client, ours):
    response = client.post(
        f"/api/v1/customers/{ours.customer.pk}/merge/",
        {"duplicate": ours.customer.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A customer cannot be merged into itself."]}
