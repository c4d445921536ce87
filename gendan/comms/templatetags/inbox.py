"""Template filters of the inbox: message times, people, file sizes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

register = template.Library()


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


@register.filter
def when(value: dt.datetime | None) -> str:
    """A message's time in the viewer's zone, as short as is clear: 14:05 today,
    "Mon 14:05" this week, "Nov 3" this year, else "2025-11-03"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if 0 < (today - local.date()).days < 7:
        return date_format(local, "D H:i")
    if local.year == today.year:
        return date_format(local, "n月j日" if _chinese() else "M j")
    return date_format(local, "Y-m-d")


@register.filter
def full_time(value: dt.datetime | None) -> str:
    """The time in the viewer's zone, in full."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "Y-m-d H:i (D)")


@register.filter
def in_zone(value: dt.datetime | None, zone: str) -> str:
    """The same moment on the customer's clock, e.g. "Mon 08:05 Europe/Berlin"."""
    if not value or not zone:
        return ""
    try:
        local = value.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return f"{date_format(local, 'D H:i')} {zone}"


@register.filter
def person(value: Any) -> str:
    """A name, else an address, of a {"name", "address"} entry."""
    if isinstance(value, dict):
        return value.get("name") or value.get("address") or ""
    return str(value or "")


@register.filter
def people(values: Any, limit: int = 3) -> str:
    """Up to ``limit`` names (or addresses) of a list of {"name", "address"} entries."""
    names = [person(v) for v in values or [] if person(v)]
    shown = ", ".join(names[:limit])
    return f"{shown} +{len(names) - limit}" if len(names) > limit else shown


@register.filter
def initial(value: str) -> str:
    text = (value or "?").strip()
    return (text[:1] or "?").upper()
