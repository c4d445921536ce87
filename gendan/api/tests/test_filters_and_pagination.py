"""List filters, and cursor pagination that walks a whole list without gaps or repeats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gendan.catalog.models import Category, Product
from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.models import Customer, Tag
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.models import Order
from gendan.orders.tests.factories import OrderFactory


@pytest.fixture
def client(api_for, make_user, team_a):
    return api_for(make_user("sales", [team_a]))


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def walk(client, url: str, **params) -> list[int]:
    """Every id of a list, page by page, following the ``next`` links."""
    seen: list[int] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        seen.extend(row["id"] for row in response.json()["results"])
        next_url = response.json()["next"]
        if next_url is None:
            return seen
        response = client.get(next_url)


# --- pagination -----------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [1, 7, 23, 50])
def test_walking_the_order_pages_returns_every_order_once(page_size, client, team_a, team_b):
    customer = CustomerFactory(team=team_a)
    ours = {OrderFactory(customer=customer).pk for _ in range(23)}
    OrderFactory(customer=CustomerFactory(team=team_b))  # not ours: never listed

    seen = walk(client, "/api/v1/orders/", page_size=page_size)

    assert len(seen) == len(set(seen)), "an order appeared on two pages"
    assert set(seen) == ours
    assert seen == sorted(seen, reverse=True), "pages are newest first, by id"


def test_walking_pages_back_with_previous_returns_the_same_rows(client, team_a):
    customer = CustomerFactory(team=team_a)
    for _ in range(12):
        OrderFactory(customer=customer)
    first = client.get("/api/v1/orders/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_a_row_added_while_walking_neither_repeats_nor_hides_a_row(client, team_a):
    customer = CustomerFactory(team=team_a)
    before = {OrderFactory(customer=customer).pk for _ in range(10)}
    first = client.get("/api/v1/orders/", {"page_size": 4}).json()
    OrderFactory(customer=customer)  # newest, so it belongs before the cursor

    rest = walk(client, first["next"])

    seen = [row["id"] for row in first["results"]] + rest
    assert len(seen) == len(set(seen))
    assert set(seen) == before


def test_a_filtered_list_pages_through_only_the_matching_rows(client, team_a):
    customer = CustomerFactory(team=team_a)
    confirmed = {OrderFactory(customer=customer, status="confirmed").pk for _ in range(9)}
    for _ in range(5):
        OrderFactory(customer=customer, status="draft")

    seen = walk(client, "/api/v1/orders/", status="confirmed", page_size=4)

    assert sorted(seen) == sorted(confirmed)


@pytest.mark.parametrize("resource", ["customers", "contacts", "products", "teams", "users"])
def test_every_list_pages_without_gaps_or_repeats(resource, api_for, make_user, team_a):
    admin = make_user("admin", [team_a])
    for _ in range(7):
        contact = ContactFactory(customer=CustomerFactory(team=team_a))
        ProductFactory()
        make_user("viewer", [contact.team])

    seen = walk(api_for(admin), f"/api/v1/{resource}/", page_size=3)

    assert len(seen) == len(set(seen))
    model = {
        "customers": Customer,
        "contacts": contact.__class__,
        "products": Product,
        "teams": team_a.__class__,
        "users": admin.__class__,
    }[resource]
    assert set(seen) == set(model.objects.values_list("pk", flat=True))


def test_a_page_size_above_the_limit_is_cut_to_200(client, team_a):
    customer = CustomerFactory(team=team_a)
    Order.objects.bulk_create(
        OrderFactory.build(customer=customer, team=team_a, number=f"PI-B-{n:04d}")
        for n in range(205)
    )

    response = client.get("/api/v1/orders/", {"page_size": 1000})

    assert len(response.json()["results"]) == 200


def test_a_broken_cursor_is_a_404_not_a_server_error(client):
    response = client.get("/api/v1/orders/", {"cursor": "not-a-cursor"})

    assert response.status_code == 404


# --- filters --------------------------------------------------------------------------


def test_orders_filter_by_customer_status_country_merchandiser_and_update_time(
    client, team_a, make_user
):
    german = CustomerFactory(team=team_a, country="DE")
    french = CustomerFactory(team=team_a, country="FR", time_zone="Europe/Paris")
    mia = make_user("merchandiser", [team_a])
    a = OrderFactory(customer=german, status="confirmed", merchandiser=mia)
    b = OrderFactory(customer=german, status="draft")
    c = OrderFactory(customer=french, status="confirmed")
    long_ago = timezone.now() - dt.timedelta(days=30)
    Order.objects.filter(pk=b.pk).update(updated_at=long_ago)

    assert ids(client.get("/api/v1/orders/", {"customer": german.pk})) == {a.pk, b.pk}
    assert ids(client.get("/api/v1/orders/", {"status": "confirmed"})) == {a.pk, c.pk}
    assert ids(client.get("/api/v1/orders/", {"country": "FR"})) == {c.pk}
    assert ids(client.get("/api/v1/orders/", {"merchandiser": mia.pk})) == {a.pk}
    since = (long_ago + dt.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/orders/", {"updated_after": since})) == {a.pk, c.pk}
    assert ids(client.get("/api/v1/orders/", {"customer": german.pk, "status": "draft"})) == {b.pk}


def test_customers_filter_by_country_owner_tag_search_and_update_time(client, team_a, make_user):
    owner = make_user("sales", [team_a])
    berlin = CustomerFactory(team=team_a, name="Berliner Küchen GmbH", country="DE", owner=owner)
    paris = CustomerFactory(
        team=team_a, name="Paris Maison SARL", country="FR", time_zone="Europe/Paris"
    )
    paris.tags.add(Tag.objects.create(name="VIP"))
    Customer.objects.filter(pk=berlin.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))

    assert ids(client.get("/api/v1/customers/", {"country": "FR"})) == {paris.pk}
    assert ids(client.get("/api/v1/customers/", {"owner": owner.pk})) == {berlin.pk}
    assert ids(client.get("/api/v1/customers/", {"tag": "VIP"})) == {paris.pk}
    assert ids(client.get("/api/v1/customers/", {"q": "küchen"})) == {berlin.pk}
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/customers/", {"updated_after": since})) == {paris.pk}


def test_contacts_filter_by_customer(client, team_a):
    first, second = CustomerFactory(team=team_a), CustomerFactory(team=team_a)
    wanted = {ContactFactory(customer=first).pk, ContactFactory(customer=first).pk}
    ContactFactory(customer=second)

    assert ids(client.get("/api/v1/contacts/", {"customer": first.pk})) == wanted


def test_products_filter_by_search_category_activity_and_update_time(client):
    kettles = Category.objects.create(name="Kettles")
    kettle = ProductFactory(sku="KT-1", name="Glass kettle", category=kettles)
    toaster = ProductFactory(sku="TS-1", name="Toaster", is_active=False)
    Product.objects.filter(pk=toaster.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))

    assert ids(client.get("/api/v1/products/", {"q": "kettle"})) == {kettle.pk}
    assert ids(client.get("/api/v1/products/", {"category": kettles.pk})) == {kettle.pk}
    assert ids(client.get("/api/v1/products/", {"is_active": "false"})) == {toaster.pk}
    assert ids(client.get("/api/v1/products/", {"is_active": "true"})) == {kettle.pk}
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/products/", {"updated_after": since})) == {kettle.pk}


def test_a_naive_updated_after_is_read_in_the_server_time_zone(client, team_a):
    order = OrderFactory(customer=CustomerFactory(team=team_a))
    an_hour_ago = timezone.localtime() - dt.timedelta(hours=1)

    response = client.get(
        "/api/v1/orders/", {"updated_after": an_hour_ago.replace(tzinfo=None).isoformat()}
    )

    assert ids(response) == {order.pk}


@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v1/customers/", "/api/v1/products/"])
def test_updated_after_takes_any_offset_python_accepts(client, team_a, path):
    # PostgreSQL refuses offsets past ±15:59; the filter hands the moment over in UTC.
    OrderFactory(customer=CustomerFactory(team=team_a))

    assert client.get(path, {"updated_after": "2026-01-01T00:00:00-20:39"}).status_code == 200
    far = client.get(path, {"updated_after": "9999-12-31T23:59:00-20:00"})
    assert far.status_code == 400
    assert "updated_after" in far.json()
