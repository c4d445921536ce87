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
def language_names(codes) -> str:
    from gendan.customers.geo import language_name

    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def channel_labels(values) -> str:
    from gendan.customers.models import PreferredChannel

    labels = dict(PreferredChannel.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])


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
