"""The working-day calendar page: China's holidays and make-up days, the company's own days."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gendan.followup.calendars import factory_working_days
from gendan.followup.models import CalendarDay, Milestone, WorkCalendar

from .api_support import MANAGE_TEMPLATES, ROLES, planned_order

pytestmark = pytest.mark.django_db

NOT_MANAGERS = [role for role in ROLES if role not in MANAGE_TEMPLATES]


def day_kinds(body: str, section: str = "factory-year") -> dict[str, tuple[str, str]]:
    """date -> (kind, hover text) for the days of one year grid on the page."""
    marker = f'data-testid="{section}"'
    start = body.index(marker) + len(marker)
    end = body.find('data-testid="', start)  # the grid holds no other test ids
    grid = body[start : end if end != -1 else len(body)]
    cells = re.findall(r'data-date="([\d-]+)" data-kind="([\w-]+)"(?: title="([^"]*)")?', grid)
    return {date: (kind, title) for date, kind, title in cells}


def calendar() -> WorkCalendar:
    return WorkCalendar.objects.get(is_factory_default=True)


def test_the_calendar_shows_make_up_days_and_holidays_of_2026(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("followup:calendar"), {"year": "2026"})
    days = day_kinds(response.content.decode())

    assert response.status_code == 200
    assert days["2026-02-14"][0] == "make-up"  # Saturday worked before the Spring Festival
    assert days["2026-02-17"] == ("holiday", "Chinese New Year (Spring Festival)")
    assert days["2026-02-21"][0] == "weekend"
    assert days["2026-02-25"][0] == "working"
    assert days["2026-10-01"][0] == "holiday"
    assert len(days) == 365


def test_holiday_names_follow_the_page_language(client, merchandiser):
    client.force_login(merchandiser)
    client.cookies["django_language"] = "zh-hans"
    merchandiser.language = "zh-hans"
    merchandiser.save(update_fields=["language"])
    body = client.get(reverse("followup:calendar"), {"year": "2026"}).content.decode()
    assert day_kinds(body)["2026-02-17"] == ("holiday", "春节")


def test_the_year_defaults_to_this_year_and_stays_in_range(client, merchandiser):
    client.force_login(merchandiser)
    today = timezone.localdate()
    assert client.get(reverse("followup:calendar")).context["year"] == today.year
    assert client.get(reverse("followup:calendar"), {"year": "99999"}).context["year"] == 2099
    assert client.get(reverse("followup:calendar"), {"year": "abc"}).status_code == 200


def test_a_manager_adds_a_shutdown_range_and_it_shows_on_the_calendar(client, manager):
    client.force_login(manager)
    before = calendar().updated_at

    response = client.post(
        reverse("followup:calendar") + "?year=2026",
        {"date_from": "2026-02-24", "date_to": "2026-02-27", "is_working": "0",
         "note": "Longer Chinese New Year break"},
    )  # fmt: skip

    assert response.status_code == 302
    rows = CalendarDay.objects.filter(calendar=calendar()).order_by("date")
    assert [row.date.day for row in rows] == [24, 25, 26, 27]
    assert not any(row.is_working for row in rows)
    assert calendar().updated_at > before
    days = day_kinds(client.get(response["Location"]).content.decode())
    assert days["2026-02-25"] == ("shutdown", "Longer Chinese New Year break")


def test_a_working_saturday_counts_as_a_working_day(client, manager):
    client.force_login(manager)
    client.post(
        reverse("followup:calendar"),
        {"date_from": "2026-11-07", "is_working": "1", "note": "Rush order"},
    )
    assert factory_working_days().add(dt.date(2026, 11, 6), 1) == dt.date(2026, 11, 7)
    body = client.get(reverse("followup:calendar"), {"year": "2026"}).content.decode()
    assert day_kinds(body)["2026-11-07"][0] == "company-working"


def test_a_shutdown_moves_the_plans_of_orders_confirmed_afterwards_only(client, manager, team_a):
    first = planned_order(team_a)
    planned = {
        m.step.key: m.planned_date
        for m in Milestone.objects.filter(order=first).select_related("step")
    }
    deposit = planned["deposit_received"]
    client.force_login(manager)

    # The factory closes on the working days from the confirmation up to the deposit.
    client.post(
        reverse("followup:calendar"),
        {"date_from": "2026-11-03", "date_to": deposit.isoformat(), "is_working": "0"},
    )
    second = planned_order(team_a)

    again = {
        m.step.key: m.planned_date
        for m in Milestone.objects.filter(order=first).select_related("step")
    }
    assert again == planned
    moved = Milestone.objects.select_related("step").get(order=second, step__key="deposit_received")
    closed = factory_working_days()
    assert moved.planned_date > deposit
    assert all(
        closed.is_working(m.planned_date)
        for m in Milestone.objects.filter(order=second, step__calendar_side="factory")
    )


def test_a_manager_removes_a_company_day(client, manager):
    day = CalendarDay.objects.create(
        calendar=calendar(), date=dt.date(2026, 2, 24), is_working=False
    )
    client.force_login(manager)
    response = client.post(reverse("followup:calendar_day_delete", args=[day.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026")
    assert not CalendarDay.objects.exists()


def test_consecutive_days_are_listed_and_removed_together(client, manager):
    for day in (24, 25, 26):
        CalendarDay.objects.create(
            calendar=calendar(), date=dt.date(2026, 2, day), is_working=False, note="CNY"
        )
    saturday = CalendarDay.objects.create(
        calendar=calendar(), date=dt.date(2026, 2, 28), is_working=True, note="Rush"
    )
    client.force_login(manager)
    spans = client.get(reverse("followup:calendar"), {"year": "2026"}).context["exception_spans"]
    assert [(s.first.day, s.last.day, s.days, s.is_working) for s in spans] == [
        (24, 26, 3, False),
        (28, 28, 1, True),
    ]

    first = CalendarDay.objects.get(date=dt.date(2026, 2, 24))
    client.post(reverse("followup:calendar_day_delete", args=[first.pk]), {"until": "2026-02-28"})

    assert list(CalendarDay.objects.values_list("pk", flat=True)) == [saturday.pk]


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_others_read_the_calendar_but_cannot_change_it(role, client, make_user, team_a):
    day = CalendarDay.objects.create(
        calendar=calendar(), date=dt.date(2026, 2, 24), is_working=False
    )
    client.force_login(make_user(role, [team_a]))

    page = client.get(reverse("followup:calendar"), {"year": "2026"})
    assert page.status_code == 200
    assert 'data-testid="exception-form"' not in page.content.decode()
    added = client.post(
        reverse("followup:calendar"), {"date_from": "2026-03-02", "is_working": "0"}
    )
    removed = client.post(reverse("followup:calendar_day_delete", args=[day.pk]))
    assert (added.status_code, removed.status_code) == (403, 403)
    assert list(CalendarDay.objects.values_list("pk", flat=True)) == [day.pk]


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "date_to", "before the first"),
        ({"date_from": "2026-01-01", "date_to": "2026-06-30"}, "date_to", "at most 62 days"),
        ({"date_from": "1999-12-31"}, "date_from", "between 2000 and 2100"),
        ({"date_from": ""}, "date_from", "required"),
    ],
)
def test_a_bad_day_or_range_is_refused_naming_the_field(client, manager, data, field, fragment):
    client.force_login(manager)
    response = client.post(reverse("followup:calendar"), {"is_working": "0", **data})
    assert response.status_code == 200
    assert fragment in " ".join(response.context["form"].errors[field])
    assert not CalendarDay.objects.exists()


def test_a_customer_countrys_calendar_is_shown_read_only(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("followup:calendar"), {"year": "2026", "country": "DE"})
    body = response.content.decode()
    german = day_kinds(body, "country-year")
    assert german["2026-12-25"][0] == "holiday"
    assert german["2026-02-17"][0] == "working"  # no Spring Festival in Germany
    assert german["2026-02-14"][0] == "weekend"


def test_an_unknown_country_is_ignored(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("followup:calendar"), {"country": "XX"})
    assert response.status_code == 200
    assert response.context["country_months"] is None


def test_the_calendar_page_makes_a_fixed_number_of_queries(
    client, manager, django_assert_max_num_queries
):
    for offset in range(30):
        CalendarDay.objects.create(
            calendar=calendar(),
            date=dt.date(2026, 3, 1) + dt.timedelta(days=offset),
            is_working=False,
        )
    client.force_login(manager)
    # session, user, the calendar, its days of the year
    with django_assert_max_num_queries(5):
        client.get(reverse("followup:calendar"), {"year": "2026"})


def test_the_settings_page_links_to_the_follow_up_set_up(client, merchandiser):
    client.force_login(merchandiser)
    body = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("followup:templates") in body
    assert reverse("followup:calendar") in body
