"""Every list endpoint makes the same number of queries for 10 rows as for a full page.

A list that queried per row (an N+1) would grow with the rows; the count is pinned too,
with the queries it is made of.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gendan.accounts.tests.factories import TeamFactory
from gendan.catalog.models import Category
from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.models import Tag
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory


def customers(n: int, team, user) -> None:
    vip, oem = Tag.objects.get_or_create(name="VIP")[0], Tag.objects.get_or_create(name="OEM")[0]
    for _ in range(n):
        CustomerFactory.create(team=team, owner=user).tags.add(vip, oem)


def contacts(n: int, team, user) -> None:
    customer = CustomerFactory.create(team=team)
    for _ in range(n):
        ContactFactory.create(customer=customer)


def products(n: int, team, user) -> None:
    category = Category.objects.get_or_create(name="Kettles")[0]
    for _ in range(n):
        ProductFactory.create(category=category)


def orders(n: int, team, user) -> None:
    customer = CustomerFactory.create(team=team, owner=user)
    for _ in range(n):
        order = OrderFactory.create(customer=customer, merchandiser=user, sales_owner=user)
        OrderLineFactory.create(order=order, position=1)
        OrderLineFactory.create(order=order, position=2, product=None, description="Samples")


def teams(n: int, team, user) -> None:
    for _ in range(n):
        user.teams.add(TeamFactory.create())


def users(n: int, team, user) -> None:
    from gendan.accounts.tests.factories import UserFactory

    for _ in range(n):
        UserFactory.create(teams=[team, TeamFactory.create()])


# resource -> (role of the reader, rows made per call, queries of one list request)
CASES: dict[str, tuple[str, Callable, int]] = {
    # token, the user's teams, the page, the page's tags
    "customers": ("sales", customers, 4),
    # token, the user's teams, the page
    "contacts": ("sales", contacts, 3),
    # token, the page with categories
    "products": ("viewer", products, 2),
    # token, the user's teams, the page with customers and users, the page's lines
    "orders": ("merchandiser", orders, 4),
    # token, the user's teams, the page
    "teams": ("sales", teams, 3),
    # token, the page, the page's teams
    "users": ("admin", users, 3),
}


def list_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return [query["sql"] for query in context.captured_queries]


def explain(label: str, queries: list[str]) -> str:
    return f"{label}: {len(queries)} queries\n" + "\n".join(f"  {sql}" for sql in queries)


@pytest.mark.parametrize("resource", list(CASES))
def test_a_list_makes_the_same_queries_for_10_rows_as_for_a_full_page(
    resource, api_for, make_user, team_a
):
    role, make_rows, expected = CASES[resource]
    user = make_user(role, [team_a])
    client = api_for(user)
    url = f"/api/v1/{resource}/"

    make_rows(10, team_a, user)
    with_10 = list_queries(client, url)
    make_rows(50, team_a, user)
    with_60 = list_queries(client, url)

    assert len(client.get(url).json()["results"]) == 50
    if not (len(with_10) == len(with_60) == expected):
        pytest.fail(
            f"expected {expected} queries\n"
            + explain("10 rows", with_10)
            + "\n"
            + explain("60 rows", with_60)
        )


@pytest.mark.parametrize("resource", ["customers", "contacts", "products", "orders"])
def test_a_detail_read_makes_a_fixed_number_of_queries(
    resource, api_for, make_user, team_a, ours, product
):
    client = api_for(make_user("sales", [team_a]))
    pk = {
        "customers": ours.customer.pk,
        "contacts": ours.contact.pk,
        "products": product.pk,
        "orders": ours.order.pk,
    }
    OrderLineFactory.create(order=ours.order, position=2)

    queries = list_queries(client, f"/api/v1/{resource}/{pk[resource]}/")

    # token, (the user's teams,) the record with its related rows, (tags | lines)
    expected = {"customers": 4, "contacts": 3, "products": 2, "orders": 4}[resource]
    if len(queries) != expected:
        pytest.fail(f"expected {expected}\n" + explain(resource, queries))
