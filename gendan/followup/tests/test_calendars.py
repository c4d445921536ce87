"""Working days on China's statutory calendar, make-up days included, and company exceptions."""

import datetime as dt

import pytest

from gendan.core.calendars import WorkingDays, working_days_for_country
from gendan.followup.calendars import factory_working_days
from gendan.followup.models import CalendarDay, WorkCalendar

CN = WorkingDays(country="CN")


def test_a_make_up_saturday_counts_and_the_spring_festival_does_not():
    # Friday 13 February 2026: Saturday the 14th is worked (调休); the 15th–23rd are off.
    assert CN.add(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert CN.add(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 24)


def test_counting_back_skips_the_same_days():
    assert CN.add(dt.date(2026, 2, 24), -1) == dt.date(2026, 2, 14)
    assert CN.add(dt.date(2026, 2, 24), -2) == dt.date(2026, 2, 13)


def test_an_ordinary_weekend_is_skipped():
    assert CN.add(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # Friday -> Monday


def test_zero_days_rolls_a_day_off_forward():
    assert CN.add(dt.date(2026, 10, 1), 0) == dt.date(2026, 10, 8)  # National Day week
    assert CN.add(dt.date(2026, 11, 27), 0) == dt.date(2026, 11, 27)


def test_working_days_between_two_dates():
    assert CN.between(dt.date(2026, 2, 13), dt.date(2026, 2, 24)) == 2
    assert CN.between(dt.date(2026, 2, 24), dt.date(2026, 2, 13)) == -2
    assert CN.between(dt.date(2026, 11, 27), dt.date(2026, 11, 27)) == 0


def test_a_customers_country_keeps_its_own_weekend():
    saudi = working_days_for_country("SA")  # Friday and Saturday
    assert saudi.add(dt.date(2026, 11, 26), 1) == dt.date(2026, 11, 29)  # Thursday -> Sunday
    germany = working_days_for_country("DE")
    assert germany.add(dt.date(2026, 12, 24), 1) == dt.date(
        2026, 12, 28
    )  # Christmas, Boxing Day, weekend


def test_an_unknown_country_has_weekends_only():
    assert working_days_for_country("ZZ").add(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)


@pytest.mark.django_db
def test_the_company_adds_shutdown_days_and_working_saturdays():
    calendar = WorkCalendar.objects.get(is_factory_default=True)
    CalendarDay.objects.create(
        calendar=calendar, date=dt.date(2026, 2, 24), is_working=False, note="Longer CNY break"
    )
    CalendarDay.objects.create(
        calendar=calendar, date=dt.date(2026, 11, 28), is_working=True, note="Rush Saturday"
    )
    factory = factory_working_days()
    assert factory.add(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 25)
    assert factory.add(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 28)


def test_a_promise_on_chinese_new_years_eve_ships_and_clears_customs_before_it():
    from gendan.followup.planning import Node, plan

    nodes = {
        "customs": Node(key="customs", name="Customs", anchor="ship_date", offset=-1, calendar=CN),
        "loading": Node(
            key="loading",
            name="Loading",
            anchor="ship_date",
            offset=0,
            calendar=CN,
            deps=["customs"],
        ),
    }
    plan(nodes, confirmed=dt.date(2026, 12, 1), ship_date=dt.date(2027, 2, 5))  # 除夕, a holiday
    assert nodes["loading"].planned == dt.date(2027, 2, 4)
    assert nodes["customs"].planned == dt.date(2027, 2, 3)
