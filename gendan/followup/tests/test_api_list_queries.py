"""The follow-up's list endpoints make the same queries for 5 rows as for 40.

A list that queried per row (an N+1) would grow with the rows; each count is pinned too,
with the queries it is made of.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gendan.catalog.models import Category
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.models import DelayWarning, Milestone, MilestoneEvidence, Task
from gendan.followup.setup.services import StepInput, sop_template_create
from gendan.orders.tests.factories import OrderFactory

from .api_support import planned_order, token_client

pytestmark = pytest.mark.django_db


def chain(count: int) -> list[StepInput]:
    steps = [StepInput(key="s0", name="Step 0", anchor="confirmed", offset_days=1)]
    steps += [
        StepInput(key=f"s{n}", name=f"Step {n}", depends_on=[f"s{n - 1}"], offset_days=1)
        for n in range(1, count)
    ]
    steps[-1].is_ship_step = True
    return steps


def list_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(response.json()["results"]), [query["sql"] for query in context.captured_queries]


def assert_constant(expected: int, few: list[str], many: list[str]) -> None:
    if not (len(few) == len(many) == expected):
        listing = "\n".join(f"  {sql}" for sql in many)
        pytest.fail(f"expected {expected} queries, ran {len(few)} and {len(many)}:\n{listing}")


def test_templates_list_in_a_fixed_number_of_queries(make_user, team_a):
    manager = make_user("manager", [team_a])
    client = token_client(make_user("viewer", [team_a]))
    category = Category.objects.create(name="Kettles")

    def make(count: int) -> None:
        for _ in range(count):
            sop_template_create(
                actor=manager, name="Template", steps=chain(3),
                customers=[CustomerFactory(team=team_a)], categories=[category],
            )  # fmt: skip

    make(4)  # and the default template
    rows, few = list_queries(client, "/api/v1/sop-templates/")
    assert rows == 5
    make(35)
    rows, many = list_queries(client, "/api/v1/sop-templates/")
    assert rows == 40
    # token, the page with current versions, their steps, the steps' dependencies,
    # the versions, the customers, the categories
    assert_constant(7, few, many)


def test_an_orders_milestones_list_in_a_fixed_number_of_queries(make_user, team_a):
    manager = make_user("manager", [team_a])
    client = token_client(make_user("sales", [team_a]))

    def order_with(count: int):
        customer = CustomerFactory(team=team_a)
        sop_template_create(
            actor=manager, name=f"{count} steps", steps=chain(count), customers=[customer]
        )
        order = planned_order(team_a, customer=customer)
        for milestone in Milestone.objects.filter(order=order):
            MilestoneEvidence.objects.create(
                milestone=milestone, file="evidence/photo.jpg", original_name="photo.jpg"
            )
        return order

    rows, few = list_queries(client, f"/api/v1/orders/{order_with(5).pk}/milestones/")
    assert rows == 5
    rows, many = list_queries(client, f"/api/v1/orders/{order_with(40).pk}/milestones/")
    assert rows == 40
    # token, the user's teams, the order, the page with steps and owners, the
    # dependencies, the evidence files
    assert_constant(6, few, many)


def test_tasks_list_in_a_fixed_number_of_queries(make_user, team_a):
    user = make_user("merchandiser", [team_a])
    client = token_client(user)
    order = OrderFactory(customer=CustomerFactory(team=team_a))

    def make(count: int) -> None:
        Task.objects.bulk_create(
            Task(order=order, team=team_a, title="Call the factory", assignee=user, created_by=user)
            for _ in range(count)
        )

    make(5)
    rows, few = list_queries(client, "/api/v1/tasks/?done=false")
    assert rows == 5
    make(35)
    rows, many = list_queries(client, "/api/v1/tasks/?done=false")
    assert rows == 40
    # token, the user's teams, the page
    assert_constant(3, few, many)


def test_delay_warnings_list_in_a_fixed_number_of_queries(make_user, team_a):
    client = token_client(make_user("qc", [team_a]))
    planned = planned_order(team_a)
    cause = Milestone.objects.filter(order=planned).first()

    def make(count: int) -> None:
        for _ in range(count):
            order = OrderFactory.create(customer=CustomerFactory.create(team=team_a))
            DelayWarning.objects.create(
                order=order, team=team_a, cause=cause, cause_slip_days=3,
                promised_date=dt.date(2027, 1, 15), forecast_date=dt.date(2027, 1, 20), days_late=5,
            )  # fmt: skip

    make(5)
    rows, few = list_queries(client, "/api/v1/delay-warnings/?open=true")
    assert rows == 5
    make(35)
    rows, many = list_queries(client, "/api/v1/delay-warnings/?open=true")
    assert rows == 40
    # token, the user's teams, the page with orders and causes' steps
    assert_constant(3, few, many)
