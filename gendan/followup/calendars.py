"""Working-day arithmetic on a country's calendar plus the company's own exceptions.

For China the ``holidays`` package knows the statutory holidays and the weekend days
that are worked to make up for them (调休), e.g. Saturday 14 February 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


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


def factory_working_days() -> WorkingDays:
    """The company's factory calendar (China's by default)."""
    from .models import WorkCalendar

    calendar = WorkCalendar.objects.filter(is_factory_default=True).first()
    if calendar is None:
        return working_days_for_country("CN")
    return working_days_from(calendar)
