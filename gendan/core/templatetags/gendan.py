from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.html import format_html

from gendan.core import calendars
from gendan.core.money import format_money
from gendan.core.registry import status_colours

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    """12345.5|money:"EUR" -> €12,345.50 (or 12,345.50 € style per language)."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.simple_tag
def flag(country) -> str:
    code = str(getattr(country, "code", country) or "").lower()
    if not code:
        return ""
    return format_html(
        '<span class="flag flag-xs flag-country-{} me-1" aria-hidden="true"></span>', code
    )


@register.filter
def local_time(zone_name: str, fmt: str = "H:i") -> str:
    """Now, in the given IANA zone, e.g. a customer's local time."""
    try:
        now = timezone.now().astimezone(ZoneInfo(zone_name))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ""
    from django.utils.dateformat import format as date_format

    return date_format(now, fmt)


@register.filter
def status_color(status: str) -> str:
    """The badge colour an app registered for a status value (see core.registry)."""
    return status_colours.get(status) or "secondary"


@register.filter
def in_office_hours(zone_name: str, country: str = "") -> bool:
    """Is it office hours there: 9:00–18:00 on a working day of their country?"""
    return calendars.in_office_hours(zone_name, country=country)


@register.filter
def price(amount, currency: str) -> str:
    """A unit price: at least the currency's decimals, more only where the price has them."""
    from decimal import Decimal

    from django.utils.formats import number_format

    from gendan.core.money import minor_units

    if amount is None or amount == "":
        return ""
    value = Decimal(amount).normalize()
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    decimals = max(minor_units(currency), places)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def ago(value) -> str:
    """How long ago, for a moment already past: "just now" under a minute, else
    "5 minutes ago" / "5 分钟前" (the largest two units, like Django's timesince)."""
    import datetime as dt

    from django.utils.timesince import timesince
    from django.utils.translation import gettext

    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if timezone.now() - value < dt.timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(since)s ago") % {"since": timesince(value)}


@register.filter
def timeline_when(value) -> str:
    """One date rule for every timeline event, in the viewer's zone: the time today,
    weekday and time within the last six days, else the language's short date
    ("1 Dec 2026" / "2026年12月1日"). A day without an hour says "Today" or the weekday."""
    import datetime as dt

    from django.utils.dateformat import format as date_format
    from django.utils.translation import get_language, gettext

    if not value:
        return ""
    if isinstance(value, dt.datetime):
        moment: dt.datetime | None = (
            timezone.localtime(value) if timezone.is_aware(value) else value
        )
        day = moment.date()  # type: ignore[union-attr]
    else:
        moment, day = None, value
    days = (timezone.localdate() - day).days
    if days == 0:
        return date_format(moment, "H:i") if moment else gettext("Today")
    if 0 < days < 7:
        return date_format(moment, "D H:i") if moment else date_format(day, "D")
    chinese = (get_language() or "").startswith("zh")
    return date_format(day, "Y年n月j日" if chinese else "j M Y")


@register.filter
def user_initial(user) -> str:
    """The letter in a person's avatar: their full name's first character when they
    have one (a Chinese name's first character), else their username's."""
    if not user:
        return "?"
    full_name = getattr(user, "get_full_name", None)
    name = (full_name() if callable(full_name) else "") or ""
    if not name.strip():
        get_username = getattr(user, "get_username", None)
        name = get_username() if callable(get_username) else str(user)
    name = name.strip()
    return name[:1].upper() if name else "?"
