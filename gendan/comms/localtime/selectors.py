"""The local times of a customer and its contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django_countries import countries

from gendan.core.calendars import company_working_days, zone_country
from gendan.customers.geo import is_time_zone
from gendan.customers.models import Contact, Customer

from .days import LocalDay, local_day, next_holiday


@dataclass
class ContactLocalTime:
    contact: Contact
    day: LocalDay
    country_name: str


def customer_local_times(
    *, customer: Customer, now: dt.datetime, viewer_zone: Any, language: str
) -> dict[str, Any]:
    """The local-time panel: the customer's day, each contact's in another zone, and China's
    next holiday.  Three queries: the contacts and the factory calendar (and its days)."""
    our_calendar = company_working_days()
    contacts = list(customer.contacts.all())
    country = str(customer.country or "")
    day = None
    if customer.time_zone and is_time_zone(customer.time_zone):
        day = local_day(
            zone=customer.time_zone, country=country, now=now, viewer_zone=viewer_zone,
            our_calendar=our_calendar, language=language,
        )  # fmt: skip
    others = []
    for contact in contacts:
        zone = contact.time_zone
        if not zone or zone == customer.time_zone or not is_time_zone(zone):
            continue
        contact_country = zone_country(zone) or country
        others.append(
            ContactLocalTime(
                contact=contact,
                day=local_day(
                    zone=zone,
                    country=contact_country,
                    now=now,
                    viewer_zone=viewer_zone,
                    our_calendar=our_calendar,
                    language=language,
                ),  # fmt: skip
                country_name=str(countries.name(contact_country)) if contact_country else "",
            )
        )
    office_zone = ZoneInfo(settings.TIME_ZONE)
    our_country = our_calendar.country or "CN"
    our_today = now.astimezone(office_zone).date()
    ours = None
    if our_country.upper() != country.upper():
        ours = next_holiday(our_country, today=our_today, calendar=our_calendar, language=language)
    return {
        "day": day,
        "contacts": contacts,
        "whatsapp_contacts": [c for c in contacts if c.whatsapp],
        "contact_days": others,
        "our_holiday": ours,
        "our_holiday_in": max((ours.start - our_today).days, 0) if ours else None,
        "our_country_name": str(countries.name(our_country.upper())),
        "our_country": our_country.upper(),
        "viewer_zone": viewer_zone,
    }
