"""An order's lines are read and written nested in the order.

On a change, a line with an id changes that line, a line without one is added and a
line left out is removed; the amounts and the total follow.
"""

from __future__ import annotations

import pytest

from gendan.orders.models import OrderLine
from gendan.orders.tests.factories import OrderLineFactory


@pytest.fixture
def client(api_for, make_user, team_a):
    return api_for(make_user("merchandiser", [team_a]))


def test_reading_an_order_gives_its_lines_with_amounts_and_the_total(client, ours):
    response = client.get(f"/api/v1/orders/{ours.order.pk}/")

    line = response.json()["lines"][0]
    assert line["quantity"] == "500.000"
    assert line["unit_price"] == "12.5000"
    assert line["amount"] == "6250.000"
    assert set(response.json()) >= {"total_amount", "currency", "version", "team", "status"}


def test_a_line_with_an_id_is_changed_one_without_is_added_and_one_left_out_is_removed(
    client, ours, product
):
    kept = ours.order.lines.get()
    dropped = OrderLineFactory(order=ours.order, position=2, product=product)

    response = client.patch(
        f"/api/v1/orders/{ours.order.pk}/",
        {
            "lines": [
                {"id": kept.pk, "product": product.pk, "quantity": "600", "unit_price": "12.00"},
                {
                    "description": "Gift boxes",
                    "quantity": "600",
                    "unit": "pcs",
                    "unit_price": "0.35",
                },
            ],
            "version": ours.order.version,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    lines = response.json()["lines"]
    assert [line["id"] for line in lines][0] == kept.pk
    assert [(line["position"], line["description"], line["amount"]) for line in lines] == [
        (1, product.name, "7200.000"),
        (2, "Gift boxes", "210.000"),
    ]
    assert response.json()["total_amount"] == "7410.000"
    assert not OrderLine.objects.filter(pk=dropped.pk).exists()


def test_a_patch_without_lines_leaves_the_lines_alone(client, ours):
    read = client.get(f"/api/v1/orders/{ours.order.pk}/")
    before = read.json()["lines"]

    response = client.patch(
        f"/api/v1/orders/{ours.order.pk}/",
        {"notes": "Rush"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )

    assert response.status_code == 200
    assert response.json()["lines"] == before


def test_a_line_sent_in_a_patch_must_be_a_whole_line(client, ours):
    line = ours.order.lines.get()

    response = client.patch(
        f"/api/v1/orders/{ours.order.pk}/",
        {"lines": [{"id": line.pk, "quantity": "2"}], "version": ours.order.version},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"lines": {"0": {"unit_price": ["This field is required."]}}}


def test_a_line_of_another_order_cannot_be_changed_through_this_one(client, ours, team_a):
    other = OrderLineFactory(order__customer__team=team_a)

    response = client.patch(
        f"/api/v1/orders/{ours.order.pk}/",
        {
            "lines": [
                {"id": other.pk, "description": "Hijack", "quantity": "1", "unit_price": "1"}
            ],
            "version": ours.order.version,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "lines" in response.json()
    assert OrderLine.objects.get(pk=other.pk).description != "Hijack"


def test_a_product_line_takes_the_products_name_and_unit_when_left_out(client, ours, product):
    response = client.post(
        "/api/v1/orders/",
        {
            "customer": ours.customer.pk,
            "incoterm_place": "Ningbo",
            "promised_ship_date": "2027-02-01",
            "lines": [{"product": product.pk, "quantity": "10", "unit_price": "3"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    line = response.json()["lines"][0]
    assert (line["description"], line["unit"]) == (product.name, product.unit)
    # Left out, the contact is the customer's main contact.
    assert response.json()["contact"] == ours.contact.pk


def test_the_number_read_may_be_sent_back_but_not_changed(client, ours):
    url = f"/api/v1/orders/{ours.order.pk}/"

    same = client.patch(
        url, {"number": ours.order.number, "version": ours.order.version}, format="json"
    )
    changed = client.patch(url, {"number": "PI-OTHER-1"}, format="json", HTTP_IF_MATCH=same["ETag"])

    assert same.status_code == 200
    assert changed.status_code == 400
    assert list(changed.json()) == ["number"]


def test_moving_an_order_through_its_statuses(client, ours):
    url = f"/api/v1/orders/{ours.order.pk}/status/"

    confirmed = client.post(
        url, {"status": "confirmed", "version": ours.order.version}, format="json"
    )
    skipped = client.post(
        url, {"status": "completed"}, format="json", HTTP_IF_MATCH=confirmed["ETag"]
    )

    assert confirmed.json()["status"] == "confirmed"
    assert skipped.status_code == 400
    assert list(skipped.json()) == ["status"]


def test_a_completed_order_cannot_be_changed(client, ours):
    ours.order.status = "completed"
    ours.order.save()

    response = client.patch(
        f"/api/v1/orders/{ours.order.pk}/",
        {"notes": "late"},
        format="json",
        HTTP_IF_MATCH=f'"{ours.order.version}"',
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
