"""Completing, moving, starting, skipping and reassigning steps from My day and the order page."""

import datetime as dt

import pytest
from django.urls import reverse

from gendan.followup.models import DelayWarning, MilestoneEvidence
from gendan.notify.models import Notification

from .pages import finish_upstream, on, photo, step

pytestmark = pytest.mark.django_db


def complete_url(m):
    return reverse("followup:milestone_complete", args=[m.pk])


def test_completing_from_my_day_records_the_actual_date_and_moves_the_dependants(
    client, confirmed_order
):
    order = confirmed_order()
    mia = order.merchandiser
    sample = step(order, "pp_sample_approved")
    late = sample.planned_date + dt.timedelta(days=7)
    finish_upstream(order, mia, "pp_sample_approved", late)
    with on(late):
        client.force_login(mia)
        response = client.post(
            complete_url(sample),
            {
                "ctx": "day",
                "actual_date": late.isoformat(),
                "note": "Approved by mail",
                "evidence": photo(),
            },
        )
    assert response.status_code == 302 and response["Location"] == reverse("followup:my_day")
    sample = step(order, "pp_sample_approved")
    assert (sample.status, sample.actual_date, sample.completed_by) == ("done", late, mia)
    assert "Approved by mail" in sample.note
    assert MilestoneEvidence.objects.get(milestone=sample).original_name == "photo.jpg"
    # The step after it cannot start before the sample is approved: it moved past its plan.
    after = step(order, "production_start")
    assert after.forecast_date > late > after.planned_date


def test_a_late_enough_finish_raises_a_warning_shown_on_the_board_and_the_order(
    client, confirmed_order
):
    order = confirmed_order()
    mia = order.merchandiser
    late = order.promised_ship_date - dt.timedelta(days=1)
    finish_upstream(order, mia, "pp_sample_approved", late)
    sample = step(order, "pp_sample_approved")
    with on(late):
        client.force_login(mia)
        client.post(
            complete_url(sample),
            {"ctx": "day", "actual_date": late.isoformat(), "evidence": photo()},
        )
        warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
        board = client.get(reverse("followup:board")).content.decode()
        panel = client.get(reverse("followup:order_panel", args=[order.pk])).content.decode()

    assert warning.days_late > 0
    card = board[board.index(f'data-order="{order.number}"') - 200 :]
    card = card[: card.index("</a>")]
    assert "tone-late" in card and f"+{warning.days_late} d" in card
    assert f"Cause: {warning.cause.step.name}" in card
    assert 'data-testid="delay-warning"' in panel
    assert f"Ships {warning.days_late} days late" in panel
    assert warning.cause.step.name in panel
    assert Notification.objects.filter(user=mia, kind="delay_warning").exists()


def test_a_file_step_without_evidence_shows_the_error_in_place(client, confirmed_order):
    order = confirmed_order()
    mia = order.merchandiser
    sample = step(order, "pp_sample_approved")
    with on(sample.planned_date):
        client.force_login(mia)
        response = client.post(
            complete_url(sample),
            {"ctx": "panel", "actual_date": sample.planned_date.isoformat()},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#slot-{sample.pk}"
    body = response.content.decode()
    assert "needs a file as evidence" in body and "invalid-feedback" in body
    assert step(order, "pp_sample_approved").status == "pending"


def test_without_javascript_the_form_is_a_page_of_its_own(client, confirmed_order):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    client.force_login(order.merchandiser)
    response = client.get(complete_url(sample) + "?ctx=day")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and 'enctype="multipart/form-data"' in body
    assert 'href="/my-day/"' in body  # cancel goes back


def test_a_date_in_the_future_is_refused_on_its_field(client, confirmed_order):
    order = confirmed_order()
    m = step(order, "materials_ready")
    with on(m.planned_date):
        client.force_login(m.owner)
        response = client.post(
            complete_url(m), {"actual_date": (m.planned_date + dt.timedelta(days=3)).isoformat()}
        )
    assert response.status_code == 200
    assert "cannot be done in the future" in response.content.decode()


# --- Moving a forecast ------------------------------------------------------------------
def reschedule(client, m, **data):
    return client.post(reverse("followup:milestone_reschedule", args=[m.pk]), data)


def test_the_owner_moves_a_forecast_with_a_reason(client, confirmed_order):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    new = sample.planned_date + dt.timedelta(days=10)
    client.force_login(order.merchandiser)
    response = reschedule(
        client, sample, ctx="day", forecast_date=new.isoformat(), reason="Customer on holiday"
    )
    assert response.status_code == 302
    assert step(order, "pp_sample_approved").manual_forecast == new


def test_moving_a_forecast_needs_a_reason_shown_on_the_field(client, confirmed_order):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    client.force_login(order.merchandiser)
    new = sample.planned_date + dt.timedelta(days=10)
    response = reschedule(client, sample, forecast_date=new.isoformat(), reason=" ")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Say why the date moves" in body and "is-invalid" in body
    assert step(order, "pp_sample_approved").manual_forecast is None


def test_someone_who_neither_owns_the_step_nor_manages_cannot_move_it(client, confirmed_order):
    from gendan.accounts.models import User

    order = confirmed_order()
    sample = step(order, "pp_sample_approved")  # Mia's
    quinn = User.objects.get(username="quinn")
    client.force_login(quinn)
    assert client.get(reverse("followup:milestone_reschedule", args=[sample.pk])).status_code == 403
    new = sample.planned_date + dt.timedelta(days=10)
    response = reschedule(client, sample, forecast_date=new.isoformat(), reason="Why not")
    assert response.status_code == 403
    assert step(order, "pp_sample_approved").manual_forecast is None


def test_a_manager_moves_anyones_forecast(client, confirmed_order):
    from gendan.accounts.models import User

    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    client.force_login(User.objects.get(username="boss"))
    new = sample.planned_date + dt.timedelta(days=10)
    assert (
        reschedule(client, sample, forecast_date=new.isoformat(), reason="Re-plan").status_code
        == 302
    )
    assert step(order, "pp_sample_approved").manual_forecast == new


def test_the_move_button_shows_only_to_the_owner_or_a_manager(client, confirmed_order):
    from gendan.accounts.models import User

    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    move = reverse("followup:milestone_reschedule", args=[sample.pk])
    url = reverse("followup:order_panel", args=[order.pk])
    client.force_login(order.merchandiser)
    assert move in client.get(url).content.decode()
    client.force_login(User.objects.get(username="quinn"))
    assert move not in client.get(url).content.decode()


# --- Start, skip, reopen, reassign ----------------------------------------------------------
def test_starting_a_step_marks_it_in_progress(client, confirmed_order):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    client.force_login(order.merchandiser)
    response = client.post(
        reverse("followup:milestone_status", args=[sample.pk]),
        {"status": "in_progress", "ctx": "day"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 302 and response["Location"] == reverse("followup:my_day")
    assert step(order, "pp_sample_approved").status == "in_progress"


def test_skipping_needs_a_reason(client, confirmed_order):
    order = confirmed_order()
    inline = step(order, "inline_inspection")
    client.force_login(order.merchandiser)
    url = reverse("followup:milestone_skip", args=[inline.pk])
    assert "Say why the step is skipped" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Repeat order"}).status_code == 302
    inline = step(order, "inline_inspection")
    assert (inline.status, inline.skip_reason) == ("skipped", "Repeat order")


def test_only_a_manager_reopens_a_finished_step(client, confirmed_order):
    from gendan.accounts.models import User

    order = confirmed_order()
    pi = step(order, "pi_sent")
    url = reverse("followup:milestone_status", args=[pi.pk])
    client.force_login(order.merchandiser)
    assert client.post(url, {"status": "pending"}).status_code == 403
    assert step(order, "pi_sent").status == "done"
    client.force_login(User.objects.get(username="boss"))
    assert client.post(url, {"status": "pending"}).status_code == 302
    assert step(order, "pi_sent").status == "pending"


def test_a_step_goes_to_someone_in_the_orders_team_only(client, confirmed_order, make_user, team_b):
    from gendan.accounts.models import User

    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    url = reverse("followup:milestone_assign", args=[sample.pk])
    outsider = make_user("merchandiser", [team_b])
    client.force_login(order.merchandiser)
    response = client.post(url, {"owner": outsider.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    quinn = User.objects.get(username="quinn")
    assert client.post(url, {"owner": quinn.pk}).status_code == 302
    assert step(order, "pp_sample_approved").owner == quinn


def test_a_viewer_cannot_act_on_steps(client, confirmed_order, make_user, team_a):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    viewer = make_user("viewer", [team_a])
    client.force_login(viewer)
    assert client.get(complete_url(sample)).status_code == 403
    response = client.post(
        reverse("followup:milestone_status", args=[sample.pk]), {"status": "in_progress"}
    )
    assert response.status_code == 403
    assert step(order, "pp_sample_approved").status == "pending"


def test_another_teams_step_is_not_found(client, confirmed_order, make_user, team_b):
    order = confirmed_order()
    sample = step(order, "pp_sample_approved")
    client.force_login(make_user("merchandiser", [team_b]))
    for name in (
        "milestone_complete",
        "milestone_reschedule",
        "milestone_skip",
        "milestone_assign",
        "milestone_more",
    ):
        assert client.get(reverse(f"followup:{name}", args=[sample.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("followup:milestone_status", args=[sample.pk]), {"status": "in_progress"}
        ).status_code
        == 404
    )
