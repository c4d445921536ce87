"""My day: the signed-in user's due and overdue steps and tasks, and the next five working days."""

import datetime as dt

import pytest
from django.urls import reverse

from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.forecasts import order_recompute
from gendan.followup.models import Milestone, Task
from gendan.followup.services import task_create
from gendan.orders.tests.factories import OrderFactory

from .pages import default_steps, finish_upstream, on, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def mias_day(confirmed_order):
    """Mia's order with everything before the sample approval done on plan; the sample is
    two working days overdue on ``today``."""
    order = confirmed_order()
    mia = order.merchandiser
    sample = step(order, "pp_sample_approved")
    today = sample.planned_date + dt.timedelta(days=2)
    while today.weekday() >= 5:  # a working day, so "due" means today
        today += dt.timedelta(days=1)
    finish_upstream(order, mia, "pp_sample_approved", today)
    order_recompute(order=order, today=today)
    return order, mia, today


def test_my_day_lists_exactly_the_users_due_steps_and_tasks(client, mias_day, make_user, team_a):
    order, mia, today = mias_day
    colleague = make_user("merchandiser", [team_a], username="leo")
    mine = task_create(
        actor=mia, order=order, title="Send carton marks", assignee=mia, due_date=today
    )
    task_create(actor=mia, order=order, title="Leo's job", assignee=colleague, due_date=today)
    task_create(
        actor=mia, order=order, title="Later", assignee=mia, due_date=today + dt.timedelta(days=30)
    )
    done = task_create(actor=mia, order=order, title="Done already", assignee=mia, due_date=today)
    Task.objects.filter(pk=done.pk).update(done_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))

    with on(today):
        client.force_login(mia)
        response = client.get(reverse("followup:my_day"))

    assert response.status_code == 200
    day = response.context["day"]
    due = [*day.overdue, *day.due_today]
    assert [(m.order_id, m.step.key) for m in due] == [(order.pk, "pp_sample_approved")]
    assert (
        day.overdue[0].days_overdue == (today - step(order, "pp_sample_approved").planned_date).days
    )
    assert [task.pk for task in day.tasks_due] == [mine.pk]
    # Steps of the order that others own (materials, inspections) are not on Mia's day.
    assert all(m.owner_id == mia.pk for m in [*due, *day.upcoming])
    body = response.content.decode()
    assert order.number in body and "Send carton marks" in body
    assert "Leo&#x27;s job" not in body and "Done already" not in body and "Later" not in body
    assert "days overdue" in body


def test_the_next_five_working_days_are_listed_apart(client, mias_day):
    order, mia, today = mias_day
    with on(today):
        client.force_login(mia)
        day = client.get(reverse("followup:my_day")).context["day"]
    start = step(order, "production_start")
    assert start.forecast_date > today
    assert start.pk in [m.pk for m in day.upcoming]
    assert all(today < m.forecast_date <= day.horizon for m in day.upcoming)


def test_another_teams_steps_and_tasks_never_show(client, mias_day, team_b):
    order, mia, today = mias_day
    # Mia still owns a step and a task of a team she has left.
    other = OrderFactory(customer=CustomerFactory(team=team_b), status="confirmed")
    first = default_steps()[2]
    Milestone.objects.create(
        order=other, step=first, team=team_b, position=first.position, owner=mia,
        planned_date=today - dt.timedelta(days=3), forecast_date=today,
    )  # fmt: skip
    Task.objects.create(
        order=other, team=team_b, title="Old team's job", assignee=mia, due_date=today
    )
    with on(today):
        client.force_login(mia)
        response = client.get(reverse("followup:my_day"))
    body = response.content.decode()
    assert other.number not in body and "Old team" not in body


def test_a_day_with_nothing_due_says_what_to_do(client, make_user, team_a):
    nobody = make_user("merchandiser", [team_a])
    client.force_login(nobody)
    response = client.get(reverse("followup:my_day"))
    assert response.status_code == 200
    assert "Nothing due for you" in response.content.decode()


def test_on_a_day_off_what_is_due_on_the_next_working_day_counts(client, mias_day):
    order, mia, today = mias_day
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    order_recompute(order=order, today=saturday)
    with on(saturday):
        client.force_login(mia)
        response = client.get(reverse("followup:my_day"))
    day = response.context["day"]
    assert day.is_day_off and day.due_by > saturday
    assert "pp_sample_approved" in [m.step.key for m in day.overdue]
    assert "Overdue and due on" in response.content.decode()


def test_the_home_page_opens_my_day(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("followup:my_day")


def test_my_day_costs_the_same_queries_for_one_order_and_for_five(
    client, confirmed_order, mias_day
):
    order, mia, today = mias_day
    with on(today):
        client.force_login(mia)
        _, first = get_with_queries(client, reverse("followup:my_day"))
    for _ in range(4):
        more = confirmed_order()
        finish_upstream(more, mia, "pp_sample_approved", today)
        task_create(actor=mia, order=more, title="Check labels", assignee=mia, due_date=today)
    with on(today):
        response, second = get_with_queries(client, reverse("followup:my_day"))
    assert len(response.context["day"].overdue) == 5
    assert_same_queries(first, second)
    # session, user, teams, factory calendar and its exceptions, the steps, the tasks,
    # the delay warnings, the bell
    assert len(second) == 9
