"""Working days and office hours: the one rule every app uses.

Working-day arithmetic runs on a country's calendar plus the company's own exceptions.
For China the ``holidays`` package knows the statutory holidays and the weekend days
that are worked to make up for them (调休), e.g. Saturday 14 February 2026.

Office hours are 09:00–18:00 local time on that place's working days.  The company's own
calendar (the factory's, with its extra days off and worked days) is kept by the
follow-up app, which registers it with ``company_calendar_register``; until one is
registered, the company works on China's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from babel.core import get_global
from django.utils import timezone

ONE_DAY = dt.timedelta(days=1)
OFFICE_START = dt.time(9)
OFFICE_END = dt.time(18)


@lru_cache(maxsize=64)
def _public_holidays(country: str) -> holidays.HolidayBase | None:
    """One holidays object per country per process; it fills in years as they are asked."""
    try:
        return holidays.country_holidays(country.upper())
    except NotImplementedError:
        return None  # a country the package does not know: weekends only


@dataclass
class WorkingDays:
    """Which days are working days somewhere, and counting in them."""

    country: str = ""
    extra_working: frozenset[dt.date] = field(default_factory=frozenset)
    extra_off: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self._holidays = _public_holidays(self.country) if self.country else None
        self._weekend = set(self._holidays.weekend) if self._holidays is not None else {5, 6}

    def is_working(self, day: dt.date) -> bool:
        if day in self.extra_off:
            return False
        if day in self.extra_working:
            return True
        if self._holidays is not None:
            if day in self._holidays:
                return False
            if day.weekday() in self._weekend:
                return day in self._holidays.weekend_workdays  # 调休: a worked weekend day
            return True
        return day.weekday() not in self._weekend

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (before it when negative).

        Zero means ``start`` itself when it is a working day, else the next one.
        """
        step = ONE_DAY if days >= 0 else -ONE_DAY
        day = start
        if days == 0:
            while not self.is_working(day):
                day += ONE_DAY
            return day
        remaining = abs(days)
        while remaining:
            day += step
            if self.is_working(day):
                remaining -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``: counted in (start, end], negative if end is earlier."""
        if end == start:
            return 0
        sign, low, high = (1, start, end) if end > start else (-1, end, start)
        count = 0
        day = low + ONE_DAY
        while day <= high:
            if self.is_working(day):
                count += 1
            day += ONE_DAY
        return sign * count


def working_days_for_country(country: str) -> WorkingDays:
    """A customer's calendar: their country's public holidays and weekend."""
    return _country_calendar(country.upper())


@lru_cache(maxsize=256)
def _country_calendar(country: str) -> WorkingDays:
    return WorkingDays(country=country)


def working_days_from(calendar) -> WorkingDays:
    """A WorkCalendar row with its exceptions (one query)."""
    working: set[dt.date] = set()
    off: set[dt.date] = set()
    for day, is_working in calendar.days.values_list("date", "is_working"):
        (working if is_working else off).add(day)
    return WorkingDays(
        country=calendar.country, extra_working=frozenset(working), extra_off=frozenset(off)
    )


_company_calendar: list[Callable[[], WorkingDays]] = []


def company_calendar_register(provider: Callable[[], WorkingDays]) -> None:
    """Name the function that reads the company's calendar (one per project)."""
    _company_calendar[:] = [provider]


def company_working_days() -> WorkingDays:
    """The company's own calendar: its factory's, or China's when none is kept."""
    if _company_calendar:
        return _company_calendar[0]()
    return working_days_for_country("CN")


def zone_country(zone: str) -> str:
    """The country of an IANA zone ("Asia/Dubai" -> "AE"), or ''."""
    return str(get_global("zone_territories").get(zone, ""))


def in_office_hours(zone_name: str, *, country: str = "", at: dt.datetime | None = None) -> bool:
    """Is it office hours (09:00–18:00 on a working day of ``country``) in ``zone_name``?

    Without a country, the zone's own country decides the weekend and public holidays.
    """
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    local = (at or timezone.now()).astimezone(zone)
    calendar = working_days_for_country(country or zone_country(zone_name))
    return calendar.is_working(local.date()) and OFFICE_START <= local.time() < OFFICE_END
