"""Bad input is a 400 that names the field (or the line, or the filter) in error.

Errors found by the serializers and errors raised by the services come back in the
same shape, DRF's: {"field": ["message", ...]}.
"""

from __future__ import annotations

import pytest

from gendan.customers.models import Contact
from gendan.orders.models import Order


@pytest.fixture
def client(api_for, make_user, team_a):
    return api_for(make_user("sales", [team_a]))


@pytest.fixture
def order_payload(ours, product) -> dict:
    return {
        "customer": ours.customer.pk,
        "contact": ours.contact.pk,
        "currency": "EUR",
        "incoterm": "CIF",
        "incoterm_place": "Hamburg",
        "payment_term": "tt",
        "deposit_percent": "30",
        "promised_ship_date": "2027-01-15",
        "order_date": "2026-11-20",
        "lines": [
            {"product": product.pk, "quantity": "500", "unit": "pcs", "unit_price": "12.50"},
            {"description": "Sample set", "quantity": "1", "unit_price": "0"},
        ],
    }


def post_order(client, payload: dict):
    return client.post("/api/v1/orders/", payload, format="json")


def test_the_order_example_payload_creates_an_order(client, order_payload):
    response = post_order(client, order_payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["total_amount"] == "6250.000"
    assert [line["amount"] for line in body["lines"]] == ["6250.000", "0.000"]


def test_an_unknown_currency_is_refused_by_name(client, order_payload):
    response = post_order(client, {**order_payload, "currency": "XXX"})

    assert response.status_code == 400
    assert list(response.json()) == ["currency"]
    assert not Order.objects.filter(currency="XXX").exists()


def test_an_incoterm_that_is_not_incoterms_2020_is_refused_by_name(client, order_payload):
    response = post_order(client, {**order_payload, "incoterm": "FOBB"})

    assert response.status_code == 400
    assert list(response.json()) == ["incoterm"]


def test_a_negative_quantity_names_the_line_and_the_field(client, order_payload):
    lines = [order_payload["lines"][0], {**order_payload["lines"][1], "quantity": "-2"}]

    response = post_order(client, {**order_payload, "lines": lines})

    # DRF's shape for a list: the failing lines by index from 0, each with its fields.
    assert response.status_code == 400
    assert list(response.json()) == ["lines"]
    assert list(response.json()["lines"]) == ["1"]
    assert list(response.json()["lines"]["1"]) == ["quantity"]


def test_a_line_without_product_or_description_is_refused_by_the_service(client, order_payload):
    lines = [{"quantity": "5", "unit_price": "1.00"}]

    response = post_order(client, {**order_payload, "lines": lines})

    assert response.status_code == 400
    assert response.json() == {"lines": ["Line 1: choose a product or write a description."]}


def test_an_order_without_lines_is_refused(client, order_payload):
    response = post_order(client, {**order_payload, "lines": []})

    assert response.status_code == 400
    assert "lines" in response.json()


def test_a_missing_named_place_is_refused_by_name(client, order_payload):
    payload = dict(order_payload)
    del payload["incoterm_place"]

    response = post_order(client, payload)

    assert response.status_code == 400
    assert list(response.json()) == ["incoterm_place"]


def test_a_blank_named_place_is_refused_by_name(client, order_payload):
    response = post_order(client, {**order_payload, "incoterm_place": "  "})

    assert response.status_code == 400
    assert "incoterm_place" in response.json()


def test_a_usance_letter_of_credit_without_days_is_refused_by_the_service(client, order_payload):
    response = post_order(client, {**order_payload, "payment_term": "lc_usance"})

    assert response.status_code == 400
    assert response.json() == {"payment_days": ["Give the number of days for L/C usance."]}


def test_a_contact_of_another_customer_is_refused_by_name(client, order_payload, team_a):
    from gendan.customers.tests.factories import ContactFactory, CustomerFactory

    stranger = ContactFactory(customer=CustomerFactory(team=team_a))

    response = post_order(client, {**order_payload, "contact": stranger.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["contact"]


def test_a_bad_phone_number_on_a_contact_is_refused_by_name(client, ours):
    response = client.post(
        "/api/v1/contacts/",
        {
            "customer": ours.customer.pk,
            "name": "Jan Berg",
            "phone": "12",
            "whatsapp": "+49 30 1234567",
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert not Contact.objects.filter(name="Jan Berg").exists()


def test_a_good_phone_number_is_stored_in_e164(client, ours):
    response = client.post(
        "/api/v1/contacts/",
        {"customer": ours.customer.pk, "name": "Jan Berg", "phone": "030 1234567"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["phone"] == "+49301234567"


def test_a_bad_time_zone_on_a_customer_is_refused_by_name(client, ours):
    response = client.patch(
        f"/api/v1/customers/{ours.customer.pk}/",
        {"time_zone": "Europe/Hamborg", "version": ours.customer.version},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]
    assert "Europe/Hamborg" in response.json()["time_zone"][0]


def test_a_customer_with_orders_cannot_be_deleted_and_says_why(api_for, make_user, team_a, ours):
    client = api_for(make_user("manager", [team_a]))

    response = client.delete(
        f"/api/v1/customers/{ours.customer.pk}/", HTTP_IF_MATCH=f'"{ours.customer.version}"'
    )

    assert response.status_code == 400
    assert "has orders" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    ("url", "parameter", "value"),
    [
        ("/api/v1/orders/", "status", "shipping"),
        ("/api/v1/orders/", "customer", "abc"),
        ("/api/v1/orders/", "country", "Germany"),
        ("/api/v1/orders/", "updated_after", "yesterday"),
        ("/api/v1/orders/", "merchandiser", "999999"),
        ("/api/v1/customers/", "country", "XX"),
        ("/api/v1/customers/", "owner", "-1"),
        ("/api/v1/contacts/", "customer", "1.5"),
        ("/api/v1/products/", "is_active", "perhaps"),
        ("/api/v1/products/", "category", "999999"),
        ("/api/v1/products/", "updated_after", "2026-13-01"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_parameter(client, ours, url, parameter, value):
    response = client.get(url, {parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_filtering_by_another_teams_customer_is_refused_not_silently_empty(client, theirs):
    response = client.get("/api/v1/orders/", {"customer": theirs.customer.pk})

    assert response.status_code == 400
    assert list(response.json()) == ["customer"]


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.generic(
        "POST", "/api/v1/customers/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400


def test_a_form_encoded_body_is_refused_as_unsupported(client, team_a):
    response = client.post(
        "/api/v1/customers/", {"name": "Lyon", "country": "FR", "team": team_a.pk}
    )

    assert response.status_code == 415


def test_lines_adding_up_to_more_than_an_order_holds_are_a_400_not_a_server_error(
    client, order_payload
):
    # Each line fits the line amount column; together they overflow the order total's.
    line = {"description": "Bulk", "quantity": "60000000000", "unit_price": "10000"}

    response = post_order(client, {**order_payload, "lines": [line, line]})

    assert response.status_code == 400
    assert list(response.json()) == ["lines"]
    assert not Order.objects.filter(customer_po="", currency="EUR").exists()
