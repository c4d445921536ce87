"""Each night the open orders are recomputed, so a step left overdue raises its warning."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from gendan.accounts.models import User
from gendan.core.scheduler import SCHEDULES
from gendan.followup.models import DelayWarning, Milestone
from gendan.followup.tasks import forecasts_refresh_daily
from gendan.notify.models import Notification

pytestmark = pytest.mark.django_db


def test_the_scheduler_refreshes_the_forecasts_every_night():
    schedule = SCHEDULES["forecasts_refresh"]
    assert schedule.task == "gendan.followup.tasks.forecasts_refresh_daily"
    assert schedule.daily_at == dt.time(0, 15)


def test_a_step_nobody_touched_for_weeks_raises_the_warning_overnight(confirmed_order):
    # Confirmed on 2 November 2026, promised for 15 January 2027; nobody records anything.
    order = confirmed_order()
    assert not DelayWarning.objects.exists()

    with time_machine.travel(dt.datetime(2027, 1, 8, 0, 15, tzinfo=dt.UTC), tick=False):
        assert forecasts_refresh_daily.call() == 1

    deposit = Milestone.objects.get(order=order, step__key="deposit_received")
    assert deposit.forecast_date == dt.date(2027, 1, 8)  # still open: it cannot finish earlier
    warning = DelayWarning.objects.get(order=order, cleared_at__isnull=True)
    assert warning.forecast_date > order.promised_ship_date
    assert Notification.objects.filter(kind="delay_warning", user=order.merchandiser).exists()

    # Running it twice the same night raises nothing twice.
    with time_machine.travel(dt.datetime(2027, 1, 8, 0, 20, tzinfo=dt.UTC), tick=False):
        forecasts_refresh_daily.call()
    assert DelayWarning.objects.filter(order=order).count() == 1


def test_each_recipient_reads_the_warning_in_their_own_language(confirmed_order):
    confirmed_order()
    User.objects.filter(username="boss").update(language="zh-hans")
    User.objects.filter(username="mia").update(language="en")

    with (
        translation.override("en"),
        time_machine.travel(dt.datetime(2027, 1, 8, 0, 15, tzinfo=dt.UTC), tick=False),
    ):
        forecasts_refresh_daily.call()

    for_boss = Notification.objects.get(kind="delay_warning", user__username="boss")
    for_mia = Notification.objects.get(kind="delay_warning", user__username="mia")
    assert "天" in for_boss.title and "收到定金" in for_boss.title + for_boss.body
    assert "days late" in for_mia.title and "Deposit received" in for_mia.title
