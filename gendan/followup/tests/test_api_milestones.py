"""An order's milestones over the API: read them, complete, reschedule, start or skip a step."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.followup.models import DelayWarning, Milestone

from .api_support import (
    CHANGE_MILESTONES,
    CONFIRMED,
    ROLES,
    SEE_ALL_TEAMS,
    TEAM_SCOPED_ROLES,
    planned_order,
    token_client,
)

pytestmark = pytest.mark.django_db

MILESTONE_FIELDS = {
    "id", "order", "key", "name", "name_zh", "position", "owner", "owner_name", "planned_date",
    "forecast_date", "actual_date", "status", "skip_reason", "note", "depends_on",
    "evidence_required", "evidence", "on_critical_chain", "customer_visible", "is_ship_step",
}  # fmt: skip


def step(order, key) -> Milestone:
    return Milestone.objects.select_related("step", "owner").get(order=order, step__key=key)


def at(day: dt.date):
    """Run as if it were ``day`` in the office."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


# --- Reading ----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_milestones_of_an_order_of_its_team(role, client_as, team_a):
    order = planned_order(team_a)
    response = client_as(role).get(f"/api/v1/orders/{order.pk}/milestones/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 17
    assert [row["position"] for row in rows] == sorted(row["position"] for row in rows)
    assert set(rows[0]) == MILESTONE_FIELDS


def test_a_milestone_shows_its_dates_owner_dependencies_and_evidence(client_as, make_user, team_a):
    fay = make_user("finance", [team_a], username="fay")
    order = planned_order(team_a)
    rows = {
        row["key"]: row
        for row in client_as("sales")
        .get(f"/api/v1/orders/{order.pk}/milestones/")
        .json()["results"]
    }

    deposit, pi = rows["deposit_received"], rows["pi_confirmed"]
    stored = step(order, "deposit_received")
    assert deposit["name"] == "Deposit received" and deposit["name_zh"] == "收到定金"
    assert deposit["planned_date"] == stored.planned_date.isoformat()
    assert deposit["forecast_date"] == deposit["planned_date"]
    assert deposit["actual_date"] is None and deposit["status"] == "pending"
    assert deposit["owner"] == fay.pk and deposit["owner_name"] == str(fay)
    assert deposit["depends_on"] == [pi["id"]]
    assert deposit["evidence_required"] == "payment" and deposit["evidence"] == []
    assert deposit["customer_visible"] is True
    assert pi["status"] == "done" and pi["actual_date"] == CONFIRMED.isoformat()
    assert rows["loading_etd"]["is_ship_step"] is True
    assert rows["loading_etd"]["on_critical_chain"] is True


@pytest.mark.parametrize("role", TEAM_SCOPED_ROLES)
def test_another_teams_order_and_milestones_are_404(role, client_as, team_b):
    order = planned_order(team_b)
    milestone = step(order, "deposit_received")
    client = client_as(role)

    assert client.get(f"/api/v1/orders/{order.pk}/milestones/").status_code == 404
    assert client.get(f"/api/v1/milestones/{milestone.pk}/").status_code == 404
    for action, body in [
        ("complete", {"actual_date": "2026-11-03"}),
        ("reschedule", {"forecast_date": "2026-12-01", "reason": "Late"}),
        ("status", {"status": "in_progress"}),
    ]:
        assert (
            client.post(
                f"/api/v1/milestones/{milestone.pk}/{action}/", body, format="json"
            ).status_code
            == 404
        )
    assert step(order, "deposit_received").status == "pending"


@pytest.mark.parametrize("role", sorted(SEE_ALL_TEAMS))
def test_managers_and_admins_read_another_teams_milestones(role, client_as, team_b):
    order = planned_order(team_b)
    client = client_as(role)
    assert client.get(f"/api/v1/orders/{order.pk}/milestones/").status_code == 200
    assert client.get(f"/api/v1/milestones/{step(order, 'booking').pk}/").status_code == 200


def test_an_unknown_order_is_404(client_as):
    assert client_as("manager").get("/api/v1/orders/999999/milestones/").status_code == 404


# --- Completing -------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_completing_a_step_takes_a_role_that_works_on_orders(role, client_as, team_a):
    order = planned_order(team_a)
    milestone = step(order, "po_to_factory")

    with at(dt.date(2026, 11, 10)):
        response = client_as(role).post(
            f"/api/v1/milestones/{milestone.pk}/complete/",
            {"actual_date": "2026-11-09", "note": "PO signed"},
            format="json",
        )

    allowed = role in CHANGE_MILESTONES
    assert response.status_code == (200 if allowed else 403)
    assert step(order, "po_to_factory").status == ("done" if allowed else "pending")
    if allowed:
        assert response.json()["actual_date"] == "2026-11-09"
        assert response.json()["status"] == "done"


def test_a_late_finish_moves_the_forecasts_and_raises_a_warning_in_delay_warnings(
    client_as, team_a
):
    order = planned_order(team_a)
    inline = step(order, "inline_inspection")
    late = inline.planned_date + dt.timedelta(days=42)
    downstream = ["production_finished", "pre_shipment_inspection", "loading_etd"]
    before = {key: step(order, key).forecast_date for key in downstream}
    client = client_as("qc")

    with at(late):
        response = client.post(
            f"/api/v1/milestones/{inline.pk}/complete/",
            {"actual_date": late.isoformat()},
            format="json",
        )
        warnings = client.get("/api/v1/delay-warnings/", {"open": "true"}).json()["results"]

    assert response.status_code == 200, response.json()
    for key in downstream:
        assert step(order, key).forecast_date > before[key], key
    assert step(order, "loading_etd").forecast_date > order.promised_ship_date
    [warning] = warnings
    assert warning["order"] == order.pk and warning["is_open"] is True
    assert warning["days_late"] > 0
    assert warning["promised_date"] == order.promised_ship_date.isoformat()
    assert DelayWarning.objects.get(pk=warning["id"]).cause_id is not None


def test_a_step_that_needs_a_file_takes_one_as_multipart(client_as, team_a):
    order = planned_order(team_a)
    sample = step(order, "pp_sample_approved")
    client = client_as("merchandiser")
    url = f"/api/v1/milestones/{sample.pk}/complete/"

    with at(dt.date(2026, 11, 20)):
        without = client.post(url, {"actual_date": "2026-11-20"}, format="json")
        photo = SimpleUploadedFile("golden-sample.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")
        with_file = client.post(
            url, {"actual_date": "2026-11-20", "evidence": photo}, format="multipart"
        )

    assert without.status_code == 400
    assert "evidence" in without.json()
    assert with_file.status_code == 200, with_file.json()
    [evidence] = with_file.json()["evidence"]
    assert evidence["name"] == "golden-sample.jpg"
    assert evidence["size"] == 6
    assert evidence["url"] is None or evidence["url"].endswith(f"/{evidence['id']}/")


def test_other_writes_stay_json_only(client_as, team_a):
    order = planned_order(team_a)
    milestone = step(order, "booking")
    response = client_as("manager").post(
        f"/api/v1/milestones/{milestone.pk}/reschedule/",
        {"forecast_date": "2027-01-05", "reason": "Vessel full"},
        format="multipart",
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"actual_date": "2099-01-01"}, "actual_date"),
        ({"actual_date": "yesterday"}, "actual_date"),
        ({}, "actual_date"),
    ],
)
def test_a_bad_completion_is_refused_naming_the_field(client_as, team_a, body, field):
    order = planned_order(team_a)
    milestone = step(order, "booking")
    response = client_as("merchandiser").post(
        f"/api/v1/milestones/{milestone.pk}/complete/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_step_done_already_cannot_be_completed_again(client_as, team_a):
    order = planned_order(team_a)
    milestone = step(order, "pi_sent")
    response = client_as("sales").post(
        f"/api/v1/milestones/{milestone.pk}/complete/", {"actual_date": "2026-11-02"}, format="json"
    )
    assert response.status_code == 400
    assert "already done" in " ".join(response.json()["non_field_errors"])


# --- Rescheduling -----------------------------------------------------------------------
def test_rescheduling_needs_a_reason(client_as, team_a):
    order = planned_order(team_a)
    milestone = step(order, "booking")
    client = client_as("manager")
    url = f"/api/v1/milestones/{milestone.pk}/reschedule/"

    blank = client.post(url, {"forecast_date": "2027-01-06", "reason": " "}, format="json")
    missing = client.post(url, {"forecast_date": "2027-01-06"}, format="json")

    assert blank.status_code == 400 and "reason" in blank.json()
    assert missing.status_code == 400 and "reason" in missing.json()
    assert step(order, "booking").manual_forecast is None


def test_the_owner_moves_a_forecast_and_the_steps_after_it_follow(make_user, team_a):
    pat = make_user("purchasing", [team_a], username="pat")
    order = planned_order(team_a)
    materials = step(order, "materials_ready")
    assert materials.owner == pat
    later = materials.planned_date + dt.timedelta(days=14)

    with at(CONFIRMED):
        response = token_client(pat).post(
            f"/api/v1/milestones/{materials.pk}/reschedule/",
            {"forecast_date": later.isoformat(), "reason": "Fabric mill is late"},
            format="json",
        )

    assert response.status_code == 200, response.json()
    assert response.json()["forecast_date"] == later.isoformat()
    start = step(order, "production_start")
    assert start.forecast_date > start.planned_date


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_or_a_manager_moves_a_forecast(role, client_as, make_user, team_a):
    make_user("purchasing", [team_a], username="pat")
    order = planned_order(team_a)
    materials = step(order, "materials_ready")  # owned by pat

    with at(CONFIRMED):
        response = client_as(role).post(
            f"/api/v1/milestones/{materials.pk}/reschedule/",
            {"forecast_date": "2026-12-20", "reason": "Just because"},
            format="json",
        )

    allowed = role in SEE_ALL_TEAMS
    assert response.status_code == (200 if allowed else 403)
    assert (step(order, "materials_ready").manual_forecast is not None) == allowed


def test_a_forecast_years_away_is_refused(client_as, team_a):
    order = planned_order(team_a)
    response = client_as("manager").post(
        f"/api/v1/milestones/{step(order, 'booking').pk}/reschedule/",
        {"forecast_date": "9999-12-31", "reason": "Typo"},
        format="json",
    )
    assert response.status_code == 400
    assert "forecast_date" in response.json()


# --- Status -----------------------------------------------------------------------------
def test_skipping_needs_a_reason_and_done_goes_through_complete(client_as, team_a):
    order = planned_order(team_a)
    inline = step(order, "inline_inspection")
    client = client_as("qc")
    url = f"/api/v1/milestones/{inline.pk}/status/"

    no_reason = client.post(url, {"status": "skipped"}, format="json")
    done = client.post(url, {"status": "done"}, format="json")
    skipped = client.post(url, {"status": "skipped", "reason": "Repeat order"}, format="json")

    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert done.status_code == 400 and "status" in done.json()
    assert skipped.status_code == 200
    assert skipped.json()["status"] == "skipped"
    assert skipped.json()["skip_reason"] == "Repeat order"


@pytest.mark.parametrize("role", ROLES)
def test_starting_a_step_takes_a_role_that_works_on_orders(role, client_as, team_a):
    order = planned_order(team_a)
    booking = step(order, "booking")
    response = client_as(role).post(
        f"/api/v1/milestones/{booking.pk}/status/", {"status": "in_progress"}, format="json"
    )
    assert response.status_code == (200 if role in CHANGE_MILESTONES else 403)


def test_only_a_manager_reopens_a_finished_step(client_as, team_a):
    order = planned_order(team_a)
    pi = step(order, "pi_sent")
    url = f"/api/v1/milestones/{pi.pk}/status/"
    assert client_as("sales").post(url, {"status": "pending"}, format="json").status_code == 403
    reopened = client_as("manager").post(url, {"status": "pending"}, format="json")
    assert reopened.status_code == 200
    assert reopened.json()["actual_date"] is None
