"""Forecasts move along the step graph; delay warnings rise and clear with them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.followup.forecasts import order_recompute
from gendan.followup.models import DelayWarning, Milestone
from gendan.followup.services import (
    milestone_complete,
    milestone_reschedule,
    milestone_set_status,
)
from gendan.notify.models import Notification
from gendan.orders.services import order_update

pytestmark = pytest.mark.django_db

# The order is confirmed on 2 November 2026 and promised for 15 January 2027.
DOWNSTREAM_OF_PP_SAMPLE = {
    "production_start", "inline_inspection", "production_finished", "pre_shipment_inspection",
    "customs_declaration", "loading_etd", "bl_issued", "balance_received", "eta_delivered", "after_sales",
}  # fmt: skip


def dates(order):
    return {
        m.step.key: (m.planned_date, m.forecast_date)
        for m in Milestone.objects.filter(order=order).select_related("step")
    }


def step(order, key):
    return Milestone.objects.select_related("step", "owner", "order").get(
        order=order, step__key=key
    )


def complete(user, m, actual_date, today):
    """Complete a step, with a photo when the step asks for one."""
    files = [SimpleUploadedFile("photo.jpg", b"jpeg")] if m.step.evidence == "file" else []
    return milestone_complete(
        actor=user, milestone=m, actual_date=actual_date, today=today, files=files
    )


def finish_upstream(order, user, until, today):
    """Complete every step before ``until`` on its planned date."""
    for m in Milestone.objects.filter(order=order).select_related("step").order_by("position"):
        if m.step.key == until:
            return
        if m.status != "done":
            complete(user, m, min(m.planned_date, today), today)


def test_confirming_plans_every_step_and_marks_the_pi_done(confirmed_order):
    order = confirmed_order()
    milestones = list(
        Milestone.objects.filter(order=order).select_related("step").order_by("position")
    )
    assert len(milestones) == 17
    assert [m.status for m in milestones[:2]] == ["done", "done"]
    assert step(order, "loading_etd").planned_date == dt.date(2027, 1, 15)
    assert step(order, "deposit_received").planned_date == dt.date(2026, 11, 5)  # 3 working days
    assert step(order, "deposit_received").owner.username == "fay"
    assert step(order, "inline_inspection").owner.username == "quinn"
    assert step(order, "pp_sample_approved").owner.username == "mia"
    assert all(m.forecast_date == m.planned_date for m in milestones)
    assert not DelayWarning.objects.exists()


def test_confirming_twice_plans_once(confirmed_order, django_capture_on_commit_callbacks):
    from gendan.followup.services import milestones_instantiate

    order = confirmed_order()
    milestones_instantiate(order=order)
    assert Milestone.objects.filter(order=order).count() == 17


def test_a_late_finish_moves_every_dependant_and_nothing_else(confirmed_order):
    order = confirmed_order()
    mia = order.merchandiser
    due = step(order, "pp_sample_approved").planned_date
    finish_upstream(order, mia, "pp_sample_approved", due)
    complete(mia, step(order, "materials_ready"), due, due)  # a parallel step, done early
    before = dates(order)
    late = dt.date(2026, 12, 28)  # six weeks late: more than any slack after it
    complete(mia, step(order, "pp_sample_approved"), late, late)
    after = dates(order)
    moved = {
        key for key in after if after[key][1] != before[key][1] and key != "pp_sample_approved"
    }
    assert moved == DOWNSTREAM_OF_PP_SAMPLE
    # Each dependant moved later, never earlier, and every plan stayed where it was.
    for key in DOWNSTREAM_OF_PP_SAMPLE:
        assert after[key][1] > before[key][1], key
    assert {key: value[0] for key, value in after.items()} == {
        key: value[0] for key, value in before.items()
    }


def test_a_small_slip_inside_the_slack_does_not_move_the_ship_date(confirmed_order):
    order = confirmed_order()
    mia = order.merchandiser
    due = step(order, "booking").planned_date
    finish_upstream(order, mia, "booking", dt.date(2026, 12, 1))
    # Booking has slack before customs; two days late changes nothing downstream.
    complete(mia, step(order, "booking"), due + dt.timedelta(days=2), due + dt.timedelta(days=2))
    assert step(order, "loading_etd").forecast_date == dt.date(2027, 1, 15)
    assert not DelayWarning.objects.filter(order=order).exists()


def test_an_early_finish_never_pulls_a_forecast_before_its_plan(confirmed_order):
    order = confirmed_order()
    mia = order.merchandiser
    today = dt.date(2026, 11, 5)
    finish_upstream(order, mia, "po_to_factory", today)
    milestone_complete(
        actor=mia,
        milestone=step(order, "po_to_factory"),
        actual_date=dt.date(2026, 11, 4),
        today=today,
    )
    for key, (planned, forecast) in dates(order).items():
        assert forecast >= planned, key
        if key not in ("pi_sent", "pi_confirmed"):
            assert forecast == planned, key


def test_a_warning_is_raised_when_the_ship_forecast_passes_the_promise_and_cleared_when_it_recovers(
    confirmed_order,
):
    order = confirmed_order()
    mia = order.merchandiser
    today = dt.date(2027, 1, 6)
    finish_upstream(order, mia, "inline_inspection", dt.date(2026, 12, 1))
    inline = step(order, "inline_inspection")
    milestone_complete(actor=mia, milestone=inline, actual_date=today, today=today)
    warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
    assert warning.cause.step.key == "inline_inspection"
    assert warning.cause_slip_days > 0
    assert warning.days_late > 0
    assert warning.forecast_date > order.promised_ship_date
    notified = set(
        Notification.objects.filter(kind="delay_warning").values_list("user__username", flat=True)
    )
    assert {"quinn", "mia", "boss"} <= notified  # the cause's owner, the merchandiser, the manager

    # The customer accepts a later ship date: the forecast is within the promise again.
    order.refresh_from_db()
    order_update(
        actor=mia,
        order=order,
        expected_version=order.version,
        promised_ship_date=dt.date(2027, 2, 26),
    )
    from gendan.followup.forecasts import order_replan

    order_replan(order=order, today=today)
    warning.refresh_from_db()
    assert warning.cleared_at is not None
    assert not DelayWarning.objects.filter(order=order, cleared_at__isnull=True).exists()
    assert Notification.objects.filter(kind="delay_cleared", user__username="mia").exists()


def test_a_step_left_overdue_pushes_the_plan_as_days_pass(confirmed_order):
    order = confirmed_order()
    order_recompute(order=order, today=dt.date(2026, 11, 20))  # deposit was due on 5 November
    deposit = step(order, "deposit_received")
    assert deposit.forecast_date == dt.date(2026, 11, 20)
    assert step(order, "po_to_factory").forecast_date > step(order, "po_to_factory").planned_date


def test_the_owner_moves_a_forecast_with_a_reason(confirmed_order):
    order = confirmed_order()
    m = step(order, "materials_ready")
    with pytest.raises(ValidationError):
        milestone_reschedule(
            actor=m.owner,
            milestone=m,
            forecast_date=m.planned_date + dt.timedelta(days=7),
            reason=" ",
        )
    moved = milestone_reschedule(
        actor=m.owner,
        milestone=m,
        forecast_date=m.planned_date + dt.timedelta(days=7),
        reason="Fabric mill late",
        today=dt.date(2026, 11, 3),
    )
    assert moved.forecast_date == m.planned_date + dt.timedelta(days=7)
    assert (
        step(order, "production_start").forecast_date > step(order, "production_start").planned_date
    )


def test_someone_else_cannot_move_a_steps_forecast(confirmed_order, make_user, team_a):
    order = confirmed_order()
    m = step(order, "materials_ready")  # owned by purchasing
    other = make_user("qc", [team_a])
    with pytest.raises(PermissionDenied):
        milestone_reschedule(
            actor=other, milestone=m, forecast_date=m.planned_date, reason="why not"
        )


def test_a_file_step_needs_evidence(confirmed_order):
    order = confirmed_order()
    m = step(order, "pp_sample_approved")
    with pytest.raises(ValidationError) as caught:
        milestone_complete(
            actor=order.merchandiser,
            milestone=m,
            actual_date=dt.date(2026, 11, 20),
            today=dt.date(2026, 11, 20),
        )
    assert "evidence" in caught.value.message_dict


def test_a_step_cannot_be_done_in_the_future(confirmed_order):
    order = confirmed_order()
    with pytest.raises(ValidationError):
        milestone_complete(
            actor=order.merchandiser,
            milestone=step(order, "materials_ready"),
            actual_date=dt.date(2027, 1, 1),
            today=dt.date(2026, 11, 20),
        )


def test_skipping_needs_a_reason_and_keeps_the_chain_moving(confirmed_order):
    order = confirmed_order()
    m = step(order, "inline_inspection")
    with pytest.raises(ValidationError):
        milestone_set_status(actor=order.merchandiser, milestone=m, status="skipped")
    milestone_set_status(
        actor=order.merchandiser, milestone=m, status="skipped", reason="Repeat order, same factory"
    )
    assert step(order, "inline_inspection").status == "skipped"


def test_cancelling_an_order_clears_its_warning(
    confirmed_order, django_capture_on_commit_callbacks
):
    from gendan.orders.services import order_set_status

    order = confirmed_order()
    order_recompute(order=order, today=dt.date(2027, 1, 10))
    assert DelayWarning.objects.filter(order=order, cleared_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        order_set_status(actor=order.merchandiser, order=order, status="cancelled")
    assert not DelayWarning.objects.filter(order=order, cleared_at__isnull=True).exists()


def test_recomputing_costs_the_same_queries_for_any_order_size(
    confirmed_order, django_assert_max_num_queries
):
    order = confirmed_order()
    # savepoint, order, milestones with steps, their dependencies, factory calendar, its
    # exceptions, one bulk UPDATE of the moved forecasts, progress, open warning; raising
    # it: the warning, the managers, the notifications; release. Never one per step.
    with django_assert_max_num_queries(13):
        order_recompute(order=order, today=dt.date(2026, 11, 20))
