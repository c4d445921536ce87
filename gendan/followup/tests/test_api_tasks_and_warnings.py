"""Tasks and delay warnings over the API, scoped to the teams a user belongs to."""

from __future__ import annotations

import datetime as dt

import pytest

from gendan.followup.forecasts import order_recompute
from gendan.followup.models import DelayWarning, Task
from gendan.followup.services import task_create

from .api_support import (
    CHANGE_MILESTONES,
    ROLES,
    SEE_ALL_TEAMS,
    TEAM_SCOPED_ROLES,
    planned_order,
)

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two_teams(make_user, team_a, team_b):
    """A planned order in each team with a task, and a delay warning on each."""
    boss = make_user("manager", [team_a, team_b], username="boss")
    ours, theirs = planned_order(team_a), planned_order(team_b)
    tasks = {
        "ours": task_create(actor=boss, order=ours, title="Send the carton marks"),
        "theirs": task_create(actor=boss, order=theirs, title="Book the inspector"),
    }
    for order in (ours, theirs):  # nothing done by mid-January: both will ship late
        order_recompute(order=order, today=dt.date(2027, 1, 14), notify=False)
    warnings = {
        "ours": DelayWarning.objects.get(order=ours),
        "theirs": DelayWarning.objects.get(order=theirs),
    }
    return {"orders": {"ours": ours, "theirs": theirs}, "tasks": tasks, "warnings": warnings}


# --- Tasks ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_tasks_of_its_teams_and_only_managers_see_all(
    role, client_as, two_teams
):
    response = client_as(role).get("/api/v1/tasks/")
    assert response.status_code == 200
    expected = {two_teams["tasks"]["ours"].pk}
    if role in SEE_ALL_TEAMS:
        expected.add(two_teams["tasks"]["theirs"].pk)
    assert ids(response) == expected


def test_tasks_filter_by_order_assignee_done_and_due_date(client_as, make_user, team_a):
    ann = make_user("merchandiser", [team_a], username="ann")
    order, other = planned_order(team_a), planned_order(team_a)
    soon = task_create(
        actor=ann, order=order, title="Soon", assignee=ann, due_date=dt.date(2026, 11, 20)
    )
    later = task_create(actor=ann, order=order, title="Later", due_date=dt.date(2026, 12, 20))
    elsewhere = task_create(actor=ann, order=other, title="Elsewhere")
    Task.objects.filter(pk=later.pk).update(done_at=dt.datetime(2026, 11, 5, tzinfo=dt.UTC))
    client = client_as("sales")

    assert ids(client.get("/api/v1/tasks/", {"order": order.pk})) == {soon.pk, later.pk}
    assert ids(client.get("/api/v1/tasks/", {"assignee": ann.pk})) == {soon.pk}
    assert ids(client.get("/api/v1/tasks/", {"done": "true"})) == {later.pk}
    assert ids(client.get("/api/v1/tasks/", {"done": "false"})) == {soon.pk, elsewhere.pk}
    assert ids(client.get("/api/v1/tasks/", {"due_before": "2026-11-30"})) == {soon.pk}
    assert client.get("/api/v1/tasks/", {"done": "perhaps"}).status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_task_takes_a_role_that_works_on_orders(role, client_as, team_a):
    order = planned_order(team_a)
    response = client_as(role).post(
        "/api/v1/tasks/",
        {"order": order.pk, "title": "Ask for the shipping marks", "due_date": "2026-11-20"},
        format="json",
    )
    allowed = role in CHANGE_MILESTONES
    assert response.status_code == (201 if allowed else 403)
    assert Task.objects.filter(order=order).exists() == allowed
    if allowed:
        body = response.json()
        assert body["done"] is False and body["team"] == order.team_id


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_another_teams_task_is_404_and_its_order_cannot_be_named(role, client_as, two_teams):
    client = client_as(role)
    theirs = two_teams["tasks"]["theirs"]

    assert client.get(f"/api/v1/tasks/{theirs.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/tasks/{theirs.pk}/", {"done": True}, format="json").status_code
        == 404
    )
    created = client.post(
        "/api/v1/tasks/",
        {"order": two_teams["orders"]["theirs"].pk, "title": "Sneak in"},
        format="json",
    )
    assert created.status_code in (400, 403)
    if created.status_code == 400:
        assert "order" in created.json()
    assert not Task.objects.filter(title="Sneak in").exists()


def test_an_assignee_must_see_the_order(client_as, make_user, team_a, team_b):
    order = planned_order(team_a)
    outsider = make_user("merchandiser", [team_b])
    response = client_as("sales").post(
        "/api/v1/tasks/",
        {"order": order.pk, "title": "Check", "assignee": outsider.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "assignee" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_ticking_a_task_off_takes_a_role_that_works_on_orders(role, client_as, two_teams):
    task = two_teams["tasks"]["ours"]
    client = client_as(role)

    done = client.patch(f"/api/v1/tasks/{task.pk}/", {"done": True}, format="json")

    allowed = role in CHANGE_MILESTONES
    assert done.status_code == (200 if allowed else 403)
    task.refresh_from_db()
    assert task.is_done == allowed
    if allowed:
        assert done.json()["done"] is True and done.json()["done_at"]
        reopened = client.patch(f"/api/v1/tasks/{task.pk}/", {"done": False}, format="json")
        assert reopened.json()["done"] is False


def test_a_task_without_a_title_is_refused(client_as, team_a):
    order = planned_order(team_a)
    response = client_as("sales").post(
        "/api/v1/tasks/", {"order": order.pk, "title": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "title" in response.json()


# --- Delay warnings ---------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_warnings_of_its_teams(role, client_as, two_teams):
    response = client_as(role).get("/api/v1/delay-warnings/")
    assert response.status_code == 200
    expected = {two_teams["warnings"]["ours"].pk}
    if role in SEE_ALL_TEAMS:
        expected.add(two_teams["warnings"]["theirs"].pk)
    assert ids(response) == expected


def test_a_warning_names_its_order_and_the_step_that_caused_it(client_as, two_teams):
    warning = two_teams["warnings"]["ours"]
    body = client_as("merchandiser").get(f"/api/v1/delay-warnings/{warning.pk}/").json()
    assert body["order_number"] == two_teams["orders"]["ours"].number
    assert body["cause"] == warning.cause_id
    assert body["cause_key"] == warning.cause.step.key
    assert body["days_late"] == warning.days_late > 0
    assert body["is_open"] is True and body["cleared_at"] is None


def test_warnings_filter_by_open_order_and_team(client_as, two_teams, team_b):
    ours, theirs = two_teams["warnings"]["ours"], two_teams["warnings"]["theirs"]
    DelayWarning.objects.filter(pk=theirs.pk).update(
        cleared_at=dt.datetime(2027, 1, 20, tzinfo=dt.UTC)
    )
    client = client_as("manager")

    assert ids(client.get("/api/v1/delay-warnings/", {"open": "true"})) == {ours.pk}
    assert ids(client.get("/api/v1/delay-warnings/", {"open": "false"})) == {theirs.pk}
    assert ids(client.get("/api/v1/delay-warnings/", {"team": team_b.pk})) == {theirs.pk}
    order = two_teams["orders"]["ours"].pk
    assert ids(client.get("/api/v1/delay-warnings/", {"order": order})) == {ours.pk}


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_another_teams_warning_is_404_and_its_team_cannot_be_filtered(
    role, client_as, two_teams, team_b
):
    client = client_as(role)
    theirs = two_teams["warnings"]["theirs"]
    assert client.get(f"/api/v1/delay-warnings/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/delay-warnings/", {"team": team_b.pk}).status_code == 400


def test_warnings_are_read_only(client_as, two_teams):
    warning = two_teams["warnings"]["ours"]
    client = client_as("admin")
    assert client.post("/api/v1/delay-warnings/", {}, format="json").status_code == 405
    assert (
        client.patch(f"/api/v1/delay-warnings/{warning.pk}/", {}, format="json").status_code == 405
    )
    assert client.delete(f"/api/v1/delay-warnings/{warning.pk}/").status_code == 405
