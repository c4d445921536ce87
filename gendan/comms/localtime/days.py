"""Where the customer's day stands: their local time, when their office hours meet ours
today, and the next public holidays on both sides.

Office hours are 09:00–18:00 local time on working days.  Their working days come from
their country's calendar (weekend and public holidays from the ``holidays`` package:
Friday–Saturday in Saudi Arabia); ours from the company's factory calendar (China's,
with the weekend days worked to make up for holidays, 调休), in ``settings.TIME_ZONE``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from gendan.core.calendars import (
    OFFICE_END,
    OFFICE_START,
    WorkingDays,
    working_days_for_country,
)

ONE_DAY = dt.timedelta(days=1)
# How far ahead the next common office hours are looked for.
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class Interval:
    start: dt.datetime  # aware
    end: dt.datetime

    def intersect(self, other: Interval) -> Interval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Interval(start, end) if start < end else None

    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class HolidayBlock:
    """A run of days off around one or more public holidays."""

    start: dt.date
    end: dt.date
    name: str
    country: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def is_on(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class BarSegment:
    left: float  # percent of the viewer's day
    width: float
    start: dt.datetime
    end: dt.datetime


@dataclass
class LocalDay:
    zone: str
    country: str
    now: dt.datetime  # in their zone
    offset_hours: float  # their clock minus the viewer's
    is_working_day: bool  # today, where they are
    off_reason: str  # "", "weekend" or "holiday"
    holiday_today: str
    in_office_now: bool
    theirs: list[Interval] = field(default_factory=list)  # their office hours on the viewer's day
    ours: Interval | None = None  # our office hours today (None: our day off)
    overlap: list[Interval] = field(default_factory=list)
    overlap_now: bool = False
    next_overlap: Interval | None = None  # the next one, when today's is over or there is none
    next_holiday: HolidayBlock | None = None
    bar_theirs: list[BarSegment] = field(default_factory=list)
    bar_ours: list[BarSegment] = field(default_factory=list)
    bar_overlap: list[BarSegment] = field(default_factory=list)
    bar_now: float = 0.0

    @property
    def offset_text(self) -> str:
        """The hours between their clock and the viewer's, e.g. "7" or "2.5"."""
        hours = abs(self.offset_hours)
        return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}".rstrip("0")

    @property
    def next_holiday_in(self) -> int | None:
        if self.next_holiday is None:
            return None
        return max((self.next_holiday.start - self.now.date()).days, 0)

    @property
    def overlap_hours(self) -> float:
        return sum(i.hours() for i in self.overlap)

    @property
    def overlap_over(self) -> bool:
        return bool(self.overlap) and all(i.end <= self.now for i in self.overlap)


def holiday_language(country: str, language: str) -> str | None:
    """The ``holidays`` language for names on a page in ``language`` (None: the default)."""
    supported = set(getattr(_holiday_class(country), "supported_languages", ()) or ())
    wanted = ["zh_CN", "en_US"] if (language or "").startswith("zh") else ["en_US", "en_GB"]
    return next((code for code in wanted if code in supported), None)


@lru_cache(maxsize=64)
def _holiday_class(country: str) -> type | None:
    try:
        return type(holidays.country_holidays(country))
    except NotImplementedError:
        return None


@lru_cache(maxsize=128)
def _holidays(country: str, language: str | None) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, language=language)
    except NotImplementedError:
        return None


def next_holiday(
    country: str, *, today: dt.date, calendar: WorkingDays, language: str
) -> HolidayBlock | None:
    """The next public holiday on or after ``today`` with the days off around it.

    The block runs over the neighbouring days that are not worked there (a weekend, the
    company's own extra days off), so China's Spring Festival reads as the nine days the
    factory is closed, not the three statutory ones.
    """
    if not country:
        return None
    names = _holidays(country.upper(), holiday_language(country.upper(), language))
    if names is None:
        return None
    names.get(today)  # fills in this year
    names.get(today.replace(year=today.year + 1, month=1, day=1))
    upcoming = sorted(day for day in names if day >= today)
    if not upcoming:
        return None
    first = upcoming[0]
    start = first
    while start - ONE_DAY >= today and not calendar.is_working(start - ONE_DAY):
        start -= ONE_DAY
    end = first
    while not calendar.is_working(end + ONE_DAY) and (end - first).days < 31:
        end += ONE_DAY
    # The block's name: the holiday most of its days are named after (the Spring Festival
    # rather than its eve, or a substituted day off).
    titles = [names.get(day) for day in _days(start, end) if day in names]
    counted = Counter(str(t).split(";")[0] for t in titles if t)
    name = counted.most_common(1)[0][0] if counted else str(names.get(first))
    return HolidayBlock(start=start, end=end, name=name, country=country.upper())


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _office_hours(day: dt.date, zone: ZoneInfo) -> Interval:
    return Interval(
        dt.datetime.combine(day, OFFICE_START, tzinfo=zone),
        dt.datetime.combine(day, OFFICE_END, tzinfo=zone),
    )


def _their_hours(around: dt.date, zone: ZoneInfo, calendar: WorkingDays) -> list[Interval]:
    """Their office hours on the local days that can touch the day ``around``."""
    return [
        _office_hours(day, zone)
        for day in (around - ONE_DAY, around, around + ONE_DAY)
        if calendar.is_working(day)
    ]


def _overlaps(ours: Interval | None, theirs: list[Interval]) -> list[Interval]:
    if ours is None:
        return []
    found = [ours.intersect(interval) for interval in theirs]
    return [i for i in found if i is not None]


def local_day(
    *,
    zone: str,
    country: str,
    now: dt.datetime,
    viewer_zone: ZoneInfo,
    our_calendar: WorkingDays,
    language: str,
) -> LocalDay:
    """Their local time, today's common office hours and the next holiday, seen from ``now``."""
    their_zone = ZoneInfo(zone)
    office_zone = ZoneInfo(settings.TIME_ZONE)
    calendar = working_days_for_country(country) if country else WorkingDays(country="")
    their_now = now.astimezone(their_zone)
    their_today = their_now.date()
    viewer_now = now.astimezone(viewer_zone)
    offset = (
        their_now.utcoffset() - viewer_now.utcoffset()  # type: ignore[operator]
    ).total_seconds() / 3600

    holiday_names = (
        _holidays(country.upper(), holiday_language(country.upper(), language)) if country else None
    )
    holiday_today = str(holiday_names.get(their_today) or "") if holiday_names is not None else ""
    is_working = calendar.is_working(their_today)
    off_reason = "" if is_working else ("holiday" if holiday_today else "weekend")

    office_today = now.astimezone(office_zone).date()
    ours = (
        _office_hours(office_today, office_zone) if our_calendar.is_working(office_today) else None
    )
    theirs_all = _their_hours(office_today, their_zone, calendar)
    overlap = _overlaps(ours, theirs_all)

    day_start = dt.datetime.combine(viewer_now.date(), dt.time(0), tzinfo=viewer_zone)
    day = Interval(day_start, day_start + ONE_DAY)
    theirs = [i for i in (day.intersect(t) for t in theirs_all) if i is not None]

    result = LocalDay(
        zone=zone,
        country=country.upper(),
        now=their_now,
        offset_hours=offset,
        is_working_day=is_working,
        off_reason=off_reason,
        holiday_today=holiday_today,
        in_office_now=any(t.start <= now < t.end for t in theirs_all),
        theirs=theirs,
        ours=ours,
        overlap=overlap,
        overlap_now=any(i.start <= now < i.end for i in overlap),
        next_holiday=next_holiday(country, today=their_today, calendar=calendar, language=language),
    )
    if not overlap or result.overlap_over:
        result.next_overlap = _next_overlap(
            after=now, office_zone=office_zone, their_zone=their_zone,
            our_calendar=our_calendar, calendar=calendar, start=office_today,
        )  # fmt: skip

    def bar(intervals: list[Interval]) -> list[BarSegment]:
        segments = []
        for interval in intervals:
            clipped = day.intersect(interval)
            if clipped is None:
                continue
            left = (clipped.start - day.start).total_seconds() / 864
            width = (clipped.end - clipped.start).total_seconds() / 864
            segments.append(BarSegment(round(left, 2), round(width, 2), clipped.start, clipped.end))
        return segments

    result.bar_theirs = bar(theirs)
    result.bar_ours = bar([ours] if ours else [])
    result.bar_overlap = bar(overlap)
    result.bar_now = round((now - day.start).total_seconds() / 864, 2)
    return result


def _next_overlap(
    *,
    after: dt.datetime,
    office_zone: ZoneInfo,
    their_zone: ZoneInfo,
    our_calendar: WorkingDays,
    calendar: WorkingDays,
    start: dt.date,
) -> Interval | None:
    for n in range(LOOKAHEAD_DAYS + 1):
        day = start + dt.timedelta(days=n)
        if not our_calendar.is_working(day):
            continue
        ours = _office_hours(day, office_zone)
        for interval in _overlaps(ours, _their_hours(day, their_zone, calendar)):
            if interval.end > after:
                return Interval(max(interval.start, after), interval.end)
    return None
