"""Who may do what through the API: every resource, every role.

The rules are the pages' rules.  Users below are members of Team A only; "ours" are
Team A's records and "theirs" Team B's.  A record of a team the user is not in answers
404 as if it did not exist; a role that may read but not write gets 403 on a write.
"""

from __future__ import annotations

import pytest

from gendan.audit.models import SecurityEvent
from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.models import Contact, Customer
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.models import Order

from .fixtures import ROLES

SEE_ALL_TEAMS = {"admin", "manager"}
CHANGE_CUSTOMERS = {"admin", "manager", "sales", "merchandiser"}
DELETE_CUSTOMERS = {"admin", "manager"}
CHANGE_PRODUCTS = {"admin", "manager", "sales", "merchandiser", "purchasing"}
DELETE_PRODUCTS = {"admin", "manager"}
CHANGE_ORDERS = {"admin", "manager", "sales", "merchandiser"}
DELETE_ORDERS = {"admin", "manager"}

TEAM_SCOPED_ROLES = [role for role in ROLES if role not in SEE_ALL_TEAMS]


@pytest.fixture
def client_as(api_for, make_user, team_a):
    """An API client for a new user with ``role`` in Team A."""

    def make(role: str):
        return api_for(make_user(role, [team_a]))

    return make


def if_match(record) -> dict[str, str]:
    """The If-Match header naming the version ``record`` was read at: a write needs one."""
    return {"HTTP_IF_MATCH": f'"{record.version}"'}


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def order_payload(customer, product) -> dict:
    return {
        "customer": customer.pk,
        "currency": "USD",
        "incoterm": "FOB",
        "incoterm_place": "Ningbo",
        "promised_ship_date": "2027-03-01",
        "lines": [{"product": product.pk, "quantity": "100", "unit_price": "9.80"}],
    }


# --- customers ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_customers_of_its_teams_and_only_managers_see_all(
    role, client_as, ours, theirs
):
    response = client_as(role).get("/api/v1/customers/")

    assert response.status_code == 200
    expected = (
        {ours.customer.pk, theirs.customer.pk} if role in SEE_ALL_TEAMS else {ours.customer.pk}
    )
    assert ids(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_customer_of_its_team(role, client_as, ours):
    response = client_as(role).get(f"/api/v1/customers/{ours.customer.pk}/")

    assert response.status_code == 200
    assert response.json()["name"] == ours.customer.name


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_a_team_member_gets_404_for_another_teams_customer(role, client_as, theirs):
    client = client_as(role)
    url = f"/api/v1/customers/{theirs.customer.pk}/"

    assert client.get(url).status_code == 404
    assert (
        client.patch(url, {"city": "Bonn"}, format="json", **if_match(theirs.customer)).status_code
        == 404
    )
    assert client.delete(url, **if_match(theirs.customer)).status_code == 404
    assert client.get(f"{url}duplicates/").status_code == 404
    assert Customer.objects.get(pk=theirs.customer.pk).city == ""


@pytest.mark.parametrize("role", sorted(SEE_ALL_TEAMS))
def test_managers_and_admins_read_and_change_another_teams_customer(role, client_as, theirs):
    client = client_as(role)
    url = f"/api/v1/customers/{theirs.customer.pk}/"

    assert client.get(url).status_code == 200
    assert (
        client.patch(url, {"city": "Bonn"}, format="json", **if_match(theirs.customer)).status_code
        == 200
    )


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_customer_takes_a_role_that_changes_customers(role, client_as, team_a):
    response = client_as(role).post(
        "/api/v1/customers/",
        {"name": "Lyon Cuisine SARL", "country": "FR", "team": team_a.pk},
        format="json",
    )

    assert response.status_code == (201 if role in CHANGE_CUSTOMERS else 403)
    assert Customer.objects.filter(name="Lyon Cuisine SARL").exists() == (role in CHANGE_CUSTOMERS)


@pytest.mark.parametrize("role", ["sales", "merchandiser"])
def test_a_team_member_cannot_put_a_customer_in_another_team(role, client_as, team_b):
    response = client_as(role).post(
        "/api/v1/customers/",
        {"name": "Lyon Cuisine SARL", "country": "FR", "team": team_b.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "team" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_customer_takes_a_role_that_changes_customers(role, client_as, ours):
    response = client_as(role).patch(
        f"/api/v1/customers/{ours.customer.pk}/",
        {"city": "Bonn"},
        format="json",
        **if_match(ours.customer),
    )

    assert response.status_code == (200 if role in CHANGE_CUSTOMERS else 403)
    ours.customer.refresh_from_db()
    assert ours.customer.city == ("Bonn" if role in CHANGE_CUSTOMERS else "")


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_customer_takes_a_manager_or_an_admin(role, client_as, team_a):
    customer = CustomerFactory(team=team_a)

    response = client_as(role).delete(f"/api/v1/customers/{customer.pk}/", **if_match(customer))

    assert response.status_code == (204 if role in DELETE_CUSTOMERS else 403)
    assert Customer.objects.filter(pk=customer.pk).exists() == (role not in DELETE_CUSTOMERS)


@pytest.mark.parametrize("role", ROLES)
def test_merging_customers_takes_a_role_that_merges(role, client_as, ours, team_a):
    duplicate = CustomerFactory(team=team_a, name="Team A Buyer")

    response = client_as(role).post(
        f"/api/v1/customers/{ours.customer.pk}/merge/", {"duplicate": duplicate.pk}, format="json"
    )

    may_merge = role in {"admin", "manager", "sales"}
    assert response.status_code == (200 if may_merge else 403)
    assert Customer.objects.filter(pk=duplicate.pk).exists() == (not may_merge)


# --- contacts -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_contacts_of_its_teams(role, client_as, ours, theirs):
    response = client_as(role).get("/api/v1/contacts/")

    assert response.status_code == 200
    expected = {ours.contact.pk, theirs.contact.pk} if role in SEE_ALL_TEAMS else {ours.contact.pk}
    assert ids(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_contact_of_its_team(role, client_as, ours):
    assert client_as(role).get(f"/api/v1/contacts/{ours.contact.pk}/").status_code == 200


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_a_team_member_gets_404_for_another_teams_contact(role, client_as, theirs):
    client = client_as(role)
    url = f"/api/v1/contacts/{theirs.contact.pk}/"

    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "Buyer"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert Contact.objects.filter(pk=theirs.contact.pk, title="").exists()


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_contact_takes_a_role_that_changes_customers(role, client_as, ours):
    response = client_as(role).post(
        "/api/v1/contacts/", {"customer": ours.customer.pk, "name": "Anna Schmidt"}, format="json"
    )

    assert response.status_code == (201 if role in CHANGE_CUSTOMERS else 403)


@pytest.mark.parametrize("role", ["sales", "merchandiser"])
def test_a_team_member_cannot_add_a_contact_to_another_teams_customer(role, client_as, theirs):
    response = client_as(role).post(
        "/api/v1/contacts/", {"customer": theirs.customer.pk, "name": "Anna Schmidt"}, format="json"
    )

    assert response.status_code == 400
    assert "customer" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_changing_and_deleting_a_contact_takes_a_role_that_changes_customers(role, client_as, ours):
    client = client_as(role)
    url = f"/api/v1/contacts/{ours.contact.pk}/"

    changed = client.patch(
        url, {"title": "Head of purchasing"}, format="json", **if_match(ours.contact)
    )
    ours.contact.refresh_from_db()
    deleted = client.delete(url, **if_match(ours.contact))

    allowed = role in CHANGE_CUSTOMERS
    assert changed.status_code == (200 if allowed else 403)
    assert deleted.status_code == (204 if allowed else 403)
    assert Contact.objects.filter(pk=ours.contact.pk).exists() == (not allowed)


# --- products -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_product(role, client_as, product):
    client = client_as(role)

    listed = client.get("/api/v1/products/")
    detail = client.get(f"/api/v1/products/{product.pk}/")

    assert listed.status_code == 200
    assert ids(listed) == {product.pk}
    assert detail.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_creating_and_changing_products_takes_a_role_that_changes_products(
    role, client_as, product
):
    client = client_as(role)

    created = client.post(
        "/api/v1/products/", {"sku": "KT-200", "name": "Glass kettle"}, format="json"
    )
    changed = client.patch(
        f"/api/v1/products/{product.pk}/",
        {"name": "Steel kettle"},
        format="json",
        **if_match(product),
    )

    allowed = role in CHANGE_PRODUCTS
    assert created.status_code == (201 if allowed else 403)
    assert changed.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_product_takes_a_manager_or_an_admin(role, client_as):
    product = ProductFactory()

    response = client_as(role).delete(f"/api/v1/products/{product.pk}/", **if_match(product))

    assert response.status_code == (204 if role in DELETE_PRODUCTS else 403)


# --- orders ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_orders_of_its_teams(role, client_as, ours, theirs):
    response = client_as(role).get("/api/v1/orders/")

    assert response.status_code == 200
    expected = {ours.order.pk, theirs.order.pk} if role in SEE_ALL_TEAMS else {ours.order.pk}
    assert ids(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_an_order_of_its_team(role, client_as, ours):
    assert client_as(role).get(f"/api/v1/orders/{ours.order.pk}/").status_code == 200


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_a_team_member_gets_404_for_another_teams_order(role, client_as, theirs):
    client = client_as(role)
    url = f"/api/v1/orders/{theirs.order.pk}/"

    assert client.get(url).status_code == 404
    assert (
        client.patch(
            url, {"customer_po": "PO-9"}, format="json", **if_match(theirs.order)
        ).status_code
        == 404
    )
    assert client.post(f"{url}status/", {"status": "confirmed"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert Order.objects.filter(pk=theirs.order.pk, customer_po="", status="draft").exists()


def test_a_merchandiser_gets_404_for_another_teams_order(merchandiser, api_for, theirs):
    response = api_for(merchandiser).get(f"/api/v1/orders/{theirs.order.pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_creating_an_order_takes_a_role_that_changes_orders(role, client_as, ours, product):
    response = client_as(role).post(
        "/api/v1/orders/", order_payload(ours.customer, product), format="json"
    )

    assert response.status_code == (201 if role in CHANGE_ORDERS else 403)


@pytest.mark.parametrize("role", ["sales", "merchandiser"])
def test_a_team_member_cannot_create_an_order_for_another_teams_customer(
    role, client_as, theirs, product
):
    response = client_as(role).post(
        "/api/v1/orders/", order_payload(theirs.customer, product), format="json"
    )

    assert response.status_code == 400
    assert "customer" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_changing_an_order_and_its_status_takes_a_role_that_changes_orders(role, client_as, ours):
    client = client_as(role)
    url = f"/api/v1/orders/{ours.order.pk}/"

    changed = client.patch(
        url, {"customer_po": "PO-2026-17"}, format="json", **if_match(ours.order)
    )
    ours.order.refresh_from_db()
    confirmed = client.post(
        f"{url}status/", {"status": "confirmed"}, format="json", **if_match(ours.order)
    )

    allowed = role in CHANGE_ORDERS
    assert changed.status_code == (200 if allowed else 403)
    assert confirmed.status_code == (200 if allowed else 403)
    ours.order.refresh_from_db()
    assert ours.order.status == ("confirmed" if allowed else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_deleting_an_order_takes_a_manager_or_an_admin(role, client_as, ours):
    response = client_as(role).delete(f"/api/v1/orders/{ours.order.pk}/", **if_match(ours.order))

    assert response.status_code == (204 if role in DELETE_ORDERS else 403)
    assert Order.objects.filter(pk=ours.order.pk).exists() == (role not in DELETE_ORDERS)


# --- teams ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_its_own_teams_and_managers_all_teams(role, client_as, team_a, team_b):
    response = client_as(role).get("/api/v1/teams/")

    assert response.status_code == 200
    assert ids(response) == ({team_a.pk, team_b.pk} if role in SEE_ALL_TEAMS else {team_a.pk})


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_a_team_member_gets_404_for_a_team_they_are_not_in(role, client_as, team_a, team_b):
    client = client_as(role)

    assert client.get(f"/api/v1/teams/{team_a.pk}/").status_code == 200
    assert client.get(f"/api/v1/teams/{team_b.pk}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_create_and_change_teams(role, client_as, team_a):
    client = client_as(role)

    created = client.post("/api/v1/teams/", {"name": "Team C"}, format="json")
    changed = client.patch(f"/api/v1/teams/{team_a.pk}/", {"description": "Europe"}, format="json")

    assert created.status_code == (201 if role == "admin" else 403)
    assert changed.status_code == (200 if role == "admin" else 403)


def test_teams_cannot_be_deleted_through_the_api(client_as, team_a):
    assert client_as("admin").delete(f"/api/v1/teams/{team_a.pk}/").status_code == 405


# --- users ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_read_and_write_users(role, client_as, merchandiser):
    client = client_as(role)

    listed = client.get("/api/v1/users/")
    detail = client.get(f"/api/v1/users/{merchandiser.pk}/")
    created = client.post("/api/v1/users/", {"username": "lena", "role": "viewer"}, format="json")
    changed = client.patch(f"/api/v1/users/{merchandiser.pk}/", {"role": "sales"}, format="json")

    expected_read, expected_create = (200, 201) if role == "admin" else (403, 403)
    assert (listed.status_code, detail.status_code) == (expected_read, expected_read)
    assert created.status_code == expected_create
    assert changed.status_code == expected_read


# --- refusals are recorded ------------------------------------------------------------


def test_a_refused_write_is_recorded_in_the_security_log(client_as, ours):
    client_as("viewer").delete(f"/api/v1/orders/{ours.order.pk}/", **if_match(ours.order))

    event = SecurityEvent.objects.get(kind="permission_denied")
    assert event.path == f"/api/v1/orders/{ours.order.pk}/"
    assert event.user is not None and event.user.role == "viewer"
