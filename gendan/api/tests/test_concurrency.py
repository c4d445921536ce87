"""Two people changing one record: the second write, based on an old copy, is refused.

A detail GET answers with ETag "<version>".  A write may send it back in If-Match (a
mismatch is 412) or send the version in the body (a mismatch is 409); either way the
record is left as it was.  A write that sends neither is refused with 428, so leaving the
version out never overwrites someone else's change; ``If-Match: *`` is the explicit way
to write whatever the stored version.
"""

from __future__ import annotations

import pytest

from gendan.catalog.models import Product
from gendan.catalog.tests.factories import ProductFactory
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


# --- a write must name its version ----------------------------------------------------

DELETABLE = ["contacts", "products"]


@pytest.fixture
def deletable(ours):
    """Records nothing else refers to, so a delete is refused only for its version."""
    product = ProductFactory()
    return {
        "contacts": (f"/api/v1/contacts/{ours.contact.pk}/", None, Contact, ours.contact.pk),
        "products": (f"/api/v1/products/{product.pk}/", None, Product, product.pk),
    }


@pytest.fixture
def manager(api_for, make_user, team_a):
    return api_for(make_user("manager", [team_a]))


def assert_version_required(response) -> None:
    assert response.status_code == 428
    body = response.json()
    assert body["code"] == "precondition_required"
    assert "If-Match" in body["detail"]
    assert '"version"' in body["detail"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_patch_without_a_version_is_428_and_changes_nothing(resource, client, records):
    url, change, model, pk = records[resource]
    before = client.get(url).json()

    response = client.patch(url, change, format="json")

    assert_version_required(response)
    assert client.get(url).json() == before
    assert model.objects.get(pk=pk).version == 1


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_put_without_a_version_is_428_and_changes_nothing(resource, client, records):
    url, change, model, pk = records[resource]
    before = client.get(url).json()
    body = {**before, **change}
    del body["version"]

    response = client.put(url, body, format="json")

    assert_version_required(response)
    assert client.get(url).json() == before
    assert model.objects.get(pk=pk).version == 1


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_patch_with_the_version_in_the_body_succeeds(resource, client, records):
    url, change, model, pk = records[resource]

    response = client.patch(url, {**change, "version": 1}, format="json")

    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert model.objects.get(pk=pk).version == 2


@pytest.mark.parametrize("resource", ["customers", "contacts", "products", "orders"])
def test_a_delete_without_a_version_is_428_and_deletes_nothing(resource, manager, records):
    url, _change, model, pk = records[resource]

    response = manager.delete(url)

    assert_version_required(response)
    assert model.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("resource", DELETABLE)
def test_a_delete_with_the_current_etag_in_if_match_deletes(resource, manager, deletable):
    url, _change, model, pk = deletable[resource]

    response = manager.delete(url, HTTP_IF_MATCH='"1"')

    assert response.status_code == 204
    assert not model.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("resource", DELETABLE)
def test_a_delete_with_the_version_in_the_body_deletes(resource, manager, deletable):
    url, _change, model, pk = deletable[resource]

    response = manager.delete(url, {"version": 1}, format="json")

    assert response.status_code == 204
    assert not model.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("resource", DELETABLE)
def test_a_delete_with_a_stale_version_in_the_body_is_409_and_deletes_nothing(
    resource, manager, deletable
):
    url, _change, model, pk = deletable[resource]
    bump_version(model, pk)

    response = manager.delete(url, {"version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert model.objects.filter(pk=pk).exists()


def test_a_delete_with_a_version_that_is_no_number_is_400(manager, deletable):
    url, _change, model, pk = deletable["products"]

    response = manager.delete(url, {"version": "latest"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    assert model.objects.filter(pk=pk).exists()


def test_a_delete_with_if_match_star_deletes_whatever_the_version(manager, deletable):
    url, _change, model, pk = deletable["products"]
    bump_version(model, pk)

    response = manager.delete(url, HTTP_IF_MATCH="*")

    assert response.status_code == 204
    assert not model.objects.filter(pk=pk).exists()


def test_a_status_change_without_a_version_is_428_and_the_status_stays(client, ours):
    response = client.post(
        f"/api/v1/orders/{ours.order.pk}/status/", {"status": "confirmed"}, format="json"
    )

    assert_version_required(response)
    assert Order.objects.get(pk=ours.order.pk).status == "draft"


def test_a_status_change_with_the_current_etag_in_if_match_succeeds(client, ours):
    response = client.post(
        f"/api/v1/orders/{ours.order.pk}/status/",
        {"status": "confirmed"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"


def test_a_refused_write_without_permission_is_403_not_428(api_for, make_user, team_a, records):
    url, change, _model, _pk = records["customers"]

    response = api_for(make_user("viewer", [team_a])).patch(url, change, format="json")

    assert response.status_code == 403


def test_the_schema_documents_428_on_every_versioned_write(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    for path in ("/api/v1/customers/{id}/", "/api/v1/contacts/{id}/", "/api/v1/products/{id}/"):
        for method in ("put", "patch", "delete"):
            assert "428" in paths[path][method]["responses"], (path, method)
    assert "428" in paths["/api/v1/orders/{id}/"]["delete"]["responses"]
    assert "428" in paths["/api/v1/orders/{id}/status/"]["post"]["responses"]
    assert "428" in paths["/api/v1/sop-templates/{id}/"]["patch"]["responses"]
