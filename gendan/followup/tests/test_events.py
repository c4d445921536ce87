"""The follow-up's domain events: sent once per real change, on commit, carrying ids."""

import datetime as dt
import random

import pytest
from django.db import transaction

from gendan.accounts.models import User
from gendan.followup import events
from gendan.followup.bulk import milestones_plan_bulk
from gendan.followup.forecasts import order_recompute
from gendan.followup.models import DelayWarning, Milestone, OrderProgress
from gendan.followup.services import milestone_complete, milestone_set_status
from gendan.orders.models import Order

pytestmark = pytest.mark.django_db

LATE = dt.date(2027, 1, 10)  # deposit and more are overdue: the order will ship late

EVENTS = {
    "milestone_completed": events.milestone_completed,
    "milestone_reopened": events.milestone_reopened,
    "delay_warning_raised": events.delay_warning_raised,
    "delay_warning_cleared": events.delay_warning_cleared,
    "forecast_changed": events.forecast_changed,
}


@pytest.fixture
def sent():
    """name -> list of the keyword arguments each receiver call got."""
    calls: dict[str, list[dict]] = {name: [] for name in EVENTS}
    receivers = []
    for name, signal in EVENTS.items():

        def receiver(sender, signal=None, _name=name, **kwargs):
            calls[_name].append(kwargs)

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    yield calls
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def planned(confirmed_order, sent):
    """A confirmed order, planned; what confirming it sent is forgotten."""
    order = confirmed_order()
    for calls in sent.values():
        calls.clear()
    return order


def step(order, key):
    return Milestone.objects.select_related("step", "order").get(order=order, step__key=key)


def complete_on_time(order, m):
    """The merchandiser finishes the step on 5 November 2026."""
    day = dt.date(2026, 11, 5)
    return milestone_complete(actor=order.merchandiser, milestone=m, actual_date=day, today=day)


def recompute(order, today, capture):
    with capture(execute=True):
        return order_recompute(order=order, today=today, notify=False)


def test_completing_a_step_sends_milestone_completed_once_with_ids(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    m = step(order, "deposit_received")
    with django_capture_on_commit_callbacks(execute=True):
        complete_on_time(order, m)
    assert sent["milestone_completed"] == [
        {
            "milestone_id": m.pk,
            "order_id": order.pk,
            "actual_date": dt.date(2026, 11, 5),
            "actor_id": order.merchandiser.pk,
        }
    ]
    assert sent["milestone_reopened"] == []


def test_a_rolled_back_completion_sends_nothing(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    m = step(order, "deposit_received")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        complete_on_time(order, m)
        raise RuntimeError("the request failed after the step was saved")
    assert callbacks == []
    assert all(calls == [] for calls in sent.values())
    assert step(order, "deposit_received").status == "pending"


def test_reopening_a_done_step_sends_milestone_reopened_once(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    boss = User.objects.get(username="boss")
    m = step(order, "deposit_received")
    with django_capture_on_commit_callbacks(execute=True):
        complete_on_time(order, m)
        milestone_set_status(
            actor=boss, milestone=m, status="in_progress", today=dt.date(2026, 11, 5)
        )
        # Not a reopening: the step was not done.
        milestone_set_status(actor=boss, milestone=m, status="pending", today=dt.date(2026, 11, 5))
    assert sent["milestone_reopened"] == [
        {"milestone_id": m.pk, "order_id": order.pk, "status": "in_progress", "actor_id": boss.pk}
    ]


def test_a_late_forecast_raises_a_warning_once_and_moves_the_forecast_once(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    before = OrderProgress.objects.get(order=order).forecast_ship_date
    recompute(order, LATE, django_capture_on_commit_callbacks)
    warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
    after = OrderProgress.objects.get(order=order).forecast_ship_date
    assert after != before
    assert sent["delay_warning_raised"] == [
        {"warning_id": warning.pk, "order_id": order.pk, "days_late": warning.days_late}
    ]
    assert sent["forecast_changed"] == [
        {"order_id": order.pk, "old_forecast_ship_date": before, "new_forecast_ship_date": after}
    ]
    # The same day again changes nothing, so nothing is sent.
    recompute(order, LATE, django_capture_on_commit_callbacks)
    assert len(sent["delay_warning_raised"]) == 1
    assert len(sent["forecast_changed"]) == 1
    assert sent["delay_warning_cleared"] == []


def test_a_warning_whose_order_is_on_time_again_is_cleared_once(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    recompute(order, LATE, django_capture_on_commit_callbacks)
    warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
    # The customer accepts a much later date: the forecast is within the promise again.
    Order.objects.filter(pk=order.pk).update(promised_ship_date=dt.date(2027, 6, 30))
    recompute(order, LATE, django_capture_on_commit_callbacks)
    recompute(order, LATE, django_capture_on_commit_callbacks)
    assert sent["delay_warning_cleared"] == [{"warning_id": warning.pk, "order_id": order.pk}]


def test_a_rolled_back_recompute_sends_nothing(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        order_recompute(order=order, today=LATE, notify=False)
        raise RuntimeError("rolled back")
    assert all(calls == [] for calls in sent.values())
    assert not DelayWarning.objects.filter(order=order).exists()


def test_confirming_an_order_sends_its_first_forecast(confirmed_order, sent):
    order = confirmed_order()  # confirmed with the on-commit callbacks run
    progress = OrderProgress.objects.get(order=order)
    assert progress.forecast_ship_date is not None
    assert sent["forecast_changed"] == [
        {
            "order_id": order.pk,
            "old_forecast_ship_date": None,
            "new_forecast_ship_date": progress.forecast_ship_date,
        }
    ]
    assert sent["delay_warning_raised"] == []


def test_planning_in_bulk_sends_each_orders_forecast_and_its_warning(
    confirmed_order, sent, django_capture_on_commit_callbacks
):
    order = planned(confirmed_order, sent)
    # Planned again from scratch, in bulk, long after it should have shipped.
    Milestone.objects.filter(order=order).delete()
    OrderProgress.objects.filter(order=order).delete()
    DelayWarning.objects.filter(order=order).delete()
    order = Order.objects.select_related("customer").get(pk=order.pk)
    with django_capture_on_commit_callbacks(execute=True):
        result = milestones_plan_bulk([order], today=LATE, rng=random.Random(1))
    progress = OrderProgress.objects.get(order=order)
    assert sent["forecast_changed"] == [
        {
            "order_id": order.pk,
            "old_forecast_ship_date": None,
            "new_forecast_ship_date": progress.forecast_ship_date,
        }
    ]
    warnings = list(DelayWarning.objects.filter(order=order))
    assert result.warnings == len(warnings)
    assert sent["delay_warning_raised"] == [
        {"warning_id": w.pk, "order_id": order.pk, "days_late": w.days_late} for w in warnings
    ]
    assert all(isinstance(call["order_id"], int) for call in sent["forecast_changed"])
