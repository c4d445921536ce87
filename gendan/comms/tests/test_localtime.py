"""The customer page's local-time panel: their time, today's common office hours with
ours (China, with its make-up working days), and the next public holidays."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gendan.comms.localtime.days import local_day, next_holiday
from gendan.core.calendars import working_days_for_country
from gendan.core.testing import assert_queries, get_with_queries
from gendan.customers.tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
CN = working_days_for_country("CN")


def at(year, month, day, hour, minute=0, zone="Asia/Shanghai") -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def day_for(country: str, zone: str, now: dt.datetime):
    return local_day(
        zone=zone, country=country, now=now, viewer_zone=SHANGHAI, our_calendar=CN, language="en"
    )


def hours(intervals) -> list[tuple[str, str]]:
    return [
        (f"{i.start.astimezone(SHANGHAI):%H:%M}", f"{i.end.astimezone(SHANGHAI):%H:%M}")
        for i in intervals
    ]


def test_a_german_customer_on_friday_morning_can_be_reached_now():
    # Friday 6 November 2026, 10:00 in Berlin is 17:00 in Shanghai.
    day = day_for("DE", "Europe/Berlin", at(2026, 11, 6, 10, zone="Europe/Berlin"))

    assert day.now.strftime("%a %H:%M") == "Fri 10:00"
    assert day.offset_hours == -7
    assert day.is_working_day and day.in_office_now
    assert hours(day.overlap) == [("16:00", "18:00")]
    assert day.overlap_now and not day.overlap_over
    assert day.next_overlap is None


def test_a_german_customer_on_friday_afternoon_is_past_our_common_hours():
    day = day_for("DE", "Europe/Berlin", at(2026, 11, 6, 15, zone="Europe/Berlin"))

    assert day.in_office_now
    assert hours(day.overlap) == [("16:00", "18:00")]
    assert day.overlap_over
    # The weekend comes next on both sides: Monday is the next chance.
    assert day.next_overlap.start.astimezone(SHANGHAI) == at(2026, 11, 9, 16)
    assert hours([day.next_overlap]) == [("16:00", "18:00")]


def test_summer_time_in_europe_moves_the_common_hours():
    # In July Berlin is six hours behind Shanghai: 15:00–18:00 together.
    day = day_for("DE", "Europe/Berlin", at(2026, 7, 10, 9, zone="Europe/Berlin"))

    assert day.offset_hours == -6
    assert hours(day.overlap) == [("15:00", "18:00")]


def test_a_saudi_customer_is_off_on_friday_and_saturday():
    friday = day_for("SA", "Asia/Riyadh", at(2026, 11, 6, 11, zone="Asia/Riyadh"))

    assert not friday.is_working_day and friday.off_reason == "weekend"
    assert friday.overlap == [] and not friday.in_office_now
    # Sunday they work and we do not; Monday both do, 14:00–18:00 our time.
    assert friday.next_overlap.start.astimezone(SHANGHAI) == at(2026, 11, 9, 14)
    assert hours([friday.next_overlap]) == [("14:00", "18:00")]

    sunday = day_for("SA", "Asia/Riyadh", at(2026, 11, 8, 11, zone="Asia/Riyadh"))
    assert sunday.is_working_day and sunday.in_office_now
    assert sunday.ours is None and sunday.overlap == []


def test_a_us_customer_on_thanksgiving_shows_the_holiday():
    day = day_for("US", "America/New_York", at(2026, 11, 26, 10, zone="America/New_York"))

    assert not day.is_working_day
    assert day.off_reason == "holiday"
    assert day.holiday_today == "Thanksgiving Day"
    assert day.next_holiday.name == "Thanksgiving Day"
    assert day.next_holiday_in == 0
    assert day.overlap == []


def test_a_us_customer_has_no_common_office_hours_with_china():
    day = day_for("US", "America/New_York", at(2026, 11, 24, 10, zone="America/New_York"))

    assert day.is_working_day and day.overlap == []
    assert day.next_overlap is None


def test_chinas_spring_festival_is_the_whole_shutdown_with_its_weekend():
    block = next_holiday("CN", today=dt.date(2026, 2, 1), calendar=CN, language="en")

    # 15–23 February 2026: the statutory days, the weekend and the substituted days off;
    # Saturday 14 February is worked (调休), so the block starts on Sunday.
    assert (block.start, block.end, block.days) == (dt.date(2026, 2, 15), dt.date(2026, 2, 23), 9)
    assert block.name == "Chinese New Year (Spring Festival)"


def test_holiday_names_follow_the_page_language_where_the_package_has_them():
    block = next_holiday("CN", today=dt.date(2026, 2, 1), calendar=CN, language="zh-hans")

    assert block.name == "春节"


def test_the_next_holiday_joins_a_weekend_after_it():
    block = next_holiday(
        "DE", today=dt.date(2026, 12, 1), calendar=working_days_for_country("DE"), language="en"
    )

    # Christmas Day and the Second Day of Christmas fall on Friday and Saturday.
    assert (block.start, block.end) == (dt.date(2026, 12, 25), dt.date(2026, 12, 27))
    assert block.name == "Christmas Day"


# --- the panel ------------------------------------------------------------------------
@pytest.fixture
def german(team_a):
    customer = CustomerFactory.create(team=team_a, country="DE", time_zone="Europe/Berlin")
    ContactFactory.create(customer=customer, name="Hans Weber", is_primary=True)
    ContactFactory.create(customer=customer, name="Lena Park", time_zone="Asia/Seoul")
    return customer


def test_the_panel_shows_the_overlap_holidays_and_contacts_in_other_zones(
    client, merchandiser, german
):
    client.force_login(merchandiser)

    with time_machine.travel(at(2026, 11, 6, 10, zone="Europe/Berlin"), tick=False):
        response = client.get(reverse("comms:customer_localtime", args=[german.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "10:00" in text and "Europe/Berlin" in text and "7 h behind you" in text
    assert "Good time now: you can reach them until 18:00 your time." in text
    assert "Christmas Day" in text  # their next public holiday
    assert "New Year" in text  # ours (China), with its days off
    lena = response.context["contact_days"][0]
    assert lena.contact.name == "Lena Park" and lena.country_name == "South Korea"
    assert lena.day.offset_hours == 1
    assert "Hans Weber" not in [row.contact.name for row in response.context["contact_days"]]


def test_the_panel_says_when_it_is_the_weekend_there(client, merchandiser, team_a):
    saudi = CustomerFactory.create(
        team=team_a, country="SA", time_zone="Asia/Riyadh", languages=["ar"]
    )
    client.force_login(merchandiser)

    with time_machine.travel(at(2026, 11, 6, 11, zone="Asia/Riyadh"), tick=False):
        text = client.get(reverse("comms:customer_localtime", args=[saudi.pk])).content.decode()

    assert "It is the weekend there." in text
    assert "Next common hours: Mon, Nov 9, 14:00–18:00." in text


def test_the_panel_says_when_it_is_a_holiday_there(client, merchandiser, team_a):
    american = CustomerFactory.create(team=team_a, country="US", time_zone="America/New_York")
    client.force_login(merchandiser)

    with time_machine.travel(at(2026, 11, 26, 10, zone="America/New_York"), tick=False):
        text = client.get(reverse("comms:customer_localtime", args=[american.pk])).content.decode()

    assert "Public holiday there today: Thanksgiving Day." in text


def test_the_panel_is_registered_on_the_customer_page(client, merchandiser, german):
    client.force_login(merchandiser)

    response = client.get(german.get_absolute_url())

    assert reverse("comms:customer_localtime", args=[german.pk]) in response.content.decode()


def test_the_panel_of_another_teams_customer_is_not_found(client, make_user, team_b, german):
    client.force_login(make_user("merchandiser", [team_b]))

    assert client.get(reverse("comms:customer_localtime", args=[german.pk])).status_code == 404


def test_a_viewer_sees_the_panel_without_the_actions(client, make_user, team_a, german):
    client.force_login(make_user("viewer", [team_a]))

    response = client.get(reverse("comms:customer_localtime", args=[german.pk]))

    assert response.status_code == 200
    assert 'data-testid="lt-log"' not in response.content.decode()


def test_the_panel_runs_a_fixed_number_of_queries(client, merchandiser, german):
    client.force_login(merchandiser)
    url = reverse("comms:customer_localtime", args=[german.pk])
    client.get(url)  # warm the session and the holiday tables

    for n in range(5):
        ContactFactory.create(customer=german, name=f"Buyer {n}", time_zone="Asia/Tokyo")
    _response, queries = get_with_queries(client, url)

    # session, user, the user's teams, customer (with owner and team), the factory
    # calendar, its exceptions, the contacts: the same for one contact or fifty
    assert_queries(queries, 7)
