"""Two people changing one record: the second write, based on an old copy, is refused.

A detail GET answers with ETag "<version>".  A write may send it back in If-Match (a
mismatch is 412) or send the version in the body (a mismatch is 409); either way the
record is left as it was.
"""

from __future__ import annotations

import pytest

from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order


@pytest.fixture
def client(api_for, make_user, team_a):
    return api_for(make_user("sales", [team_a]))


@pytest.fixture
def records(ours, product):
    """Each versioned resource: its URL, a change to make, and how to read the record back."""
    return {
        "customers": (
            f"/api/v1/customers/{ours.customer.pk}/",
            {"city": "Bonn"},
            Customer,
            ours.customer.pk,
        ),
        "contacts": (
            f"/api/v1/contacts/{ours.contact.pk}/",
            {"title": "Buyer"},
            Contact,
            ours.contact.pk,
        ),
        "products": (
            f"/api/v1/products/{product.pk}/",
            {"name_zh": "新名字"},
            type(product),
            product.pk,
        ),
        "orders": (
            f"/api/v1/orders/{ours.order.pk}/",
            {"customer_po": "PO-7"},
            Order,
            ours.order.pk,
        ),
    }


def bump_version(model, pk: int) -> None:
    """Someone else saves the record meanwhile."""
    model.objects.filter(pk=pk).update(version=2)


RESOURCES = ["customers", "contacts", "products", "orders"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_detail_read_carries_the_version_as_etag_and_in_the_body(resource, client, records):
    url, _change, _model, _pk = records[resource]

    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_write_with_the_current_etag_in_if_match_succeeds_and_moves_the_etag_on(
    resource, client, records
):
    url, change, _model, _pk = records[resource]

    response = client.patch(url, change, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert response.json()["version"] == 2


@pytest.mark.parametrize("resource", RESOURCES)
def test_if_match_with_an_old_etag_is_412_and_changes_nothing(resource, client, records):
    url, change, model, pk = records[resource]
    bump_version(model, pk)
    before = client.get(url).json()

    response = client.patch(url, change, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    assert response.json()["current_version"] == 2
    assert response["ETag"] == '"2"'
    assert client.get(url).json() == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_stale_version_in_the_body_is_409_and_changes_nothing(resource, client, records):
    url, change, model, pk = records[resource]
    bump_version(model, pk)
    before = client.get(url).json()

    response = client.patch(url, {**change, "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert "version 1" in response.json()["detail"]
    assert client.get(url).json() == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_full_update_with_a_stale_version_is_409_too(resource, client, records):
    url, change, model, pk = records[resource]
    representation = client.get(url).json()
    bump_version(model, pk)

    response = client.put(url, {**representation, **change}, format="json")

    assert response.status_code == 409
    assert client.get(url).json()["version"] == 2


def test_what_was_read_can_be_written_back_with_its_version(client, records):
    """A client that PUTs the representation it read, changed, needs nothing else."""
    url, _change, _model, _pk = records["orders"]
    order = client.get(url).json()
    order["lines"].append({"description": "Spare lids", "quantity": "50", "unit_price": "0.80"})

    response = client.put(url, order, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert len(response.json()["lines"]) == 2


def test_a_stale_order_write_leaves_its_lines_alone(client, ours, records):
    url, _change, _model, _pk = records["orders"]
    before = client.get(url).json()
    bump_version(Order, ours.order.pk)

    response = client.patch(
        url,
        {
            "version": 1,
            "lines": [{"description": "Replacement line", "quantity": "1", "unit_price": "1"}],
        },
        format="json",
    )

    assert response.status_code == 409
    assert client.get(url).json()["lines"] == before["lines"]


def test_a_stale_status_change_is_409_and_the_status_stays(client, ours):
    bump_version(Order, ours.order.pk)

    response = client.post(
        f"/api/v1/orders/{ours.order.pk}/status/",
        {"status": "confirmed", "version": 1},
        format="json",
    )

    assert response.status_code == 409
    assert Order.objects.get(pk=ours.order.pk).status == "draft"


def test_a_status_change_with_an_old_if_match_is_412(client, ours):
    bump_version(Order, ours.order.pk)

    response = client.post(
        f"/api/v1/orders/{ours.order.pk}/status/",
        {"status": "confirmed"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 412
    assert Order.objects.get(pk=ours.order.pk).status == "draft"


def test_a_status_change_answers_with_the_new_etag(client, ours):
    response = client.post(
        f"/api/v1/orders/{ours.order.pk}/status/",
        {"status": "confirmed", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response["ETag"] == '"2"'


@pytest.mark.parametrize("header", ['W/"1"', '"7", "1"', "*"])
def test_if_match_accepts_a_weak_tag_a_list_and_a_star(header, client, records):
    url, change, _model, _pk = records["customers"]

    response = client.patch(url, change, format="json", HTTP_IF_MATCH=header)

    assert response.status_code == 200


def test_an_if_match_that_is_no_version_at_all_is_412(client, records):
    url, change, _model, _pk = records["customers"]

    response = client.patch(url, change, format="json", HTTP_IF_MATCH='"yesterday"')

    assert response.status_code == 412


def test_a_delete_with_an_old_if_match_is_412_and_deletes_nothing(api_for, make_user, team_a, ours):
    client = api_for(make_user("manager", [team_a]))
    bump_version(Order, ours.order.pk)

    response = client.delete(f"/api/v1/orders/{ours.order.pk}/", HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    assert Order.objects.filter(pk=ours.order.pk).exists()
