"""A customer's timeline: the events every app registers, merged newest first.

Each app registers its sources in ``gendan.core.registry.timeline_sources`` (comms its
messages, orders the order history, the follow-up milestones, delay warnings and tasks)
and its filters in ``timeline_filters``.  A page is read with a cursor — the (time,
rank, id) of the last event shown — and each source is asked for its first ``size + 1``
events before it, then the lists are merged and cut.  That is one query per source
whatever the page number and however many events there are, and the cursor is exact: no
event is skipped or shown twice across pages, even where several share a time.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from .registry import TimelineFilter, TimelineSource, timeline_filters, timeline_sources

PAGE_SIZE = 20
# An event recorded by its day, not its hour (a milestone done), sorts at noon of that
# day where the factory is (the server's time zone).
DAY_EVENT_HOUR = 12


@dataclass(frozen=True)
class Cursor:
    at: dt.datetime
    rank: int
    pk: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.rank, self.pk])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text:
            return None
        try:
            at, rank, pk = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            moment = dt.datetime.fromisoformat(at)
            if moment.tzinfo is None or not isinstance(rank, int) or not isinstance(pk, int):
                return None
            return cls(moment, rank, pk)
        except (ValueError, TypeError, binascii.Error):
            return None  # a mangled cursor starts from the top


@dataclass
class Event:
    source: str
    at: dt.datetime
    pk: int
    obj: Any
    rank: int = 0
    template: str = ""
    # A status moving from one value to another (labels), for events that record one.
    status_change: tuple[str, str] | None = None

    @property
    def key(self) -> tuple[dt.datetime, int, int]:
        return (self.at, self.rank, self.pk)

    @property
    def anchor(self) -> str:
        return f"{self.source}-{self.pk}"


@dataclass
class TimelinePage:
    events: list[Event]
    next_cursor: str | None


def before(field_name: str, cursor: Cursor | None, rank: int) -> Q:
    """Rows of a source of ``rank`` that sort after the cursor (older, newest first)."""
    if cursor is None:
        return Q()
    if rank < cursor.rank:
        return Q(**{f"{field_name}__lte": cursor.at})
    if rank > cursor.rank:
        return Q(**{f"{field_name}__lt": cursor.at})
    return Q(**{f"{field_name}__lt": cursor.at}) | Q(**{field_name: cursor.at, "pk__lt": cursor.pk})


def _factory_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_time(day: dt.date) -> dt.datetime:
    """When an event recorded by its day sorts (see DAY_EVENT_HOUR)."""
    return dt.datetime.combine(day, dt.time(DAY_EVENT_HOUR), tzinfo=_factory_zone())


def day_before(field_name: str, cursor: Cursor | None, rank: int) -> Q:
    """Rows of a by-day source (a date field) that sort after the cursor."""
    if cursor is None:
        return Q()
    day = cursor.at.astimezone(_factory_zone()).date()
    noon = day_time(day)
    if noon < cursor.at or (noon == cursor.at and rank < cursor.rank):
        return Q(**{f"{field_name}__lte": day})
    if noon > cursor.at or rank > cursor.rank:
        return Q(**{f"{field_name}__lt": day})
    return Q(**{f"{field_name}__lt": day}) | Q(**{field_name: day, "pk__lt": cursor.pk})


def filters() -> list[TimelineFilter]:
    """The timeline's filters, in the order the page shows them."""
    return sorted(timeline_filters.values(), key=lambda f: f.position)


def _sources(filter_key: str) -> list[TimelineSource]:
    sources = timeline_sources.values()
    if not filter_key:
        return sources
    return [source for source in sources if filter_key in source.filters]


def customer_timeline(
    *, customer: Any, filter: str = "", cursor: str | None = None, size: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the customer's timeline, newest first (the caller checks access).

    ``filter`` is a registered timeline filter ("" or an unknown one: everything)."""
    filter = filter if filter in timeline_filters else ""
    after = Cursor.decode(cursor)
    events: list[Event] = []
    for source in _sources(filter):
        for event in source.events(
            customer_id=customer.pk, cursor=after, n=size + 1, filter=filter
        ):
            event.rank, event.template = source.rank, source.template
            events.append(event)
    events.sort(key=lambda event: event.key, reverse=True)
    more = len(events) > size
    events = events[:size]
    next_cursor = None
    if more and events:
        last = events[-1]
        next_cursor = Cursor(last.at, last.rank, last.pk).encode()
    return TimelinePage(events=events, next_cursor=next_cursor)
