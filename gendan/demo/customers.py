"""Customers and their contacts: names, domains, people, phones and habits per market."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.utils import timezone

from gendan.accounts.models import Team
from gendan.core.models import sequence_reserve
from gendan.customers.geo import default_languages, default_time_zone
from gendan.customers.models import Contact, Customer, Source, Stage, Tag
from gendan.customers.services import domain_of, normalize_name

from . import data
from .common import (
    PAYMENT_PROFILES,
    CustomerRow,
    Progress,
    Staff,
    ascii_slug,
    china_time,
    office_seconds,
    phone_number,
    weighted,
)

STAGE_WEIGHTS = ((Stage.ACTIVE, 55), (Stage.PROSPECT, 15), (Stage.LEAD, 20), (Stage.DORMANT, 10))
SOURCE_WEIGHTS = (
    (Source.TRADE_SHOW, 30), (Source.B2B_PLATFORM, 25), (Source.WEBSITE, 10), (Source.SEARCH, 5),
    (Source.SOCIAL, 5), (Source.REFERRAL, 10), (Source.OUTBOUND, 8), (Source.EXISTING, 5), (Source.OTHER, 2),
)  # fmt: skip
GROUP_WEIGHTS = (("appliances", 45), ("hardware", 30), ("textiles", 25))
PRIMARY_TITLES = (
    "Purchasing Manager",
    "Owner",
    "Managing Director",
    "Import Manager",
    "Sourcing Manager",
    "Buyer",
)


class _Names:
    """Company names and mail domains not yet used in this database."""

    def __init__(self) -> None:
        self.keys: set[str] = set(Customer.objects.values_list("name_key", flat=True))
        self.domains: set[str] = set(
            Customer.objects.exclude(domain="").values_list("domain", flat=True)
        )

    def company(self, rng: random.Random, market: data.Market, city: str) -> tuple[str, str]:
        people = data.PEOPLE[market.people]
        trades = data.TRADES[market.trades]
        for attempt in itertools.count():
            stem = rng.choice(people.family) if rng.random() < 0.2 else rng.choice(market.stems)
            core = f"{stem} {rng.choice(trades)}"
            if attempt >= 20:  # the short names of this market are used up
                core = f"{core} {city}" if attempt < 40 else f"{core} {attempt}"
            legal = rng.choice(market.legal) if market.legal else ""
            name = " ".join(part for part in (market.prefix, core, legal) if part)
            key = normalize_name(name)
            if key not in self.keys:
                self.keys.add(key)
                break
        stem_slug, trade_slug = ascii_slug(stem), ascii_slug(core[len(stem) :])
        base = f"{stem_slug}-{trade_slug}" if len(stem_slug) + len(trade_slug) <= 24 else stem_slug
        domain = f"{base}.{market.tld}"
        for number in itertools.count(2):
            if domain not in self.domains:
                break
            domain = f"{base}{number}.{market.tld}"
        self.domains.add(domain)
        return name, domain


# Cities of the demo markets in countries with several time zones; the rest of a
# country's cities keep the country's main zone.
CITY_ZONES = {
    "Los Angeles": "America/Los_Angeles", "Seattle": "America/Los_Angeles",
    "Chicago": "America/Chicago", "Houston": "America/Chicago", "Dallas": "America/Chicago",
    "Vancouver": "America/Vancouver", "Calgary": "America/Edmonton",
    "Perth": "Australia/Perth", "Adelaide": "Australia/Adelaide", "Brisbane": "Australia/Brisbane",
}  # fmt: skip


def person(rng: random.Random, market: data.Market) -> tuple[str, str, str]:
    pool = data.PEOPLE[market.people]
    given, family = rng.choice(pool.given), rng.choice(pool.family)
    full = f"{family} {given}" if pool.family_first else f"{given} {family}"
    return full, given, family


def email_address(
    rng: random.Random, market: data.Market, given: str, family: str, domain: str
) -> str:
    first, last = ascii_slug(given, "."), ascii_slug(family)
    roll = rng.random()
    if roll < 0.06:
        return f"{first}.{last}{rng.randint(1, 99)}@gmail.com"
    if roll < 0.09 and market.wechat:
        return f"{rng.randint(100_000_000, 3_999_999_999)}@qq.com"
    pattern = rng.choice((f"{first}.{last}", f"{first[:1]}.{last}", first, f"{first}{last[:1]}"))
    return f"{pattern}@{domain}"


def _channels(rng: random.Random, market: data.Market) -> list[str]:
    if market.wechat and rng.random() < 0.4:
        return ["wechat", "email"]
    if market.whatsapp:
        return ["whatsapp", "email"] if rng.random() < 0.55 else ["email", "whatsapp"]
    return weighted(
        rng, (("email", 70), ("email phone", 20), ("email whatsapp", 7), ("email skype", 3))
    ).split()


def _markets_for(rng: random.Random, count: int) -> list[data.Market]:
    """Every market once, biggest first, then the rest by weight.

    So a small demo still spans many countries, and the ones an exporter sells most to.
    """
    first = list(data.MARKETS)
    rng.shuffle(first)
    first.sort(key=lambda market: -market.weight)  # stable: equal weights stay shuffled
    rest = rng.choices(
        data.MARKETS, weights=[m.weight for m in data.MARKETS], k=max(0, count - len(first))
    )
    return (first + rest)[:count]


def create_customers(
    rng: random.Random,
    count: int,
    *,
    teams: dict[str, Team],
    staff: Staff,
    today: dt.date,
    progress: Progress,
) -> tuple[list[CustomerRow], int]:
    if count == 0:
        return [], 0
    names = _Names()
    first_code = sequence_reserve("customer", count)
    tag_ids = _ensure_tags()
    now = timezone.now()
    customers: list[Customer] = []
    rows: list[CustomerRow] = []
    contacts: list[list[Contact]] = []
    tag_links: list[list[int]] = []
    for index, market in enumerate(_markets_for(rng, count)):
        team = teams[market.team]
        sales_id, merch_id = staff.desk[team.pk]
        # The first customer of each market that invoices in its own currency buys, so
        # even a small demo has orders in euros, pounds, yen, dirhams and yuan.
        showcase = index < len(data.MARKETS) and any(code != "USD" for code, _ in market.currencies)
        stage = Stage.ACTIVE if index == 0 or showcase else weighted(rng, STAGE_WEIGHTS)
        age = {
            Stage.ACTIVE: (760, 1800), Stage.DORMANT: (900, 1800), Stage.PROSPECT: (30, 700), Stage.LEAD: (0, 180),
        }[stage]  # fmt: skip
        day = today - dt.timedelta(days=rng.randint(*age))
        created = china_time(day, office_seconds(rng, day, now))
        touched = now - dt.timedelta(days=rng.randint(0, 60), seconds=rng.randint(0, 86_400))
        city = rng.choice(market.cities)
        name, domain = names.company(rng, market, city)
        channels = _channels(rng, market)
        customer = Customer(
            code=f"C{first_code + index:05d}",
            name=name,
            name_key=normalize_name(name),
            country=market.country,
            city=city,
            time_zone=CITY_ZONES.get(city) or default_time_zone(market.country),
            languages=default_languages(market.country),
            preferred_channels=channels,
            website=f"https://www.{domain}",
            domain=domain_of(website=domain),
            source=weighted(rng, SOURCE_WEIGHTS),
            stage=stage,
            owner_id=sales_id,
            team_id=team.pk,
            notes=rng.choice(data.CUSTOMER_NOTES) if rng.random() < 0.2 else "",
            created_at=created,
            updated_at=max(created, touched),
        )
        customers.append(customer)
        contacts.append(_contacts_for(rng, customer, market, channels))
        tag_links.append(
            rng.sample(tag_ids, rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0])
        )
        rows.append(
            _customer_row(
                rng,
                id=0,
                market=market,
                team_id=team.pk,
                city=city,
                stage=stage,
                sales_id=sales_id,
                merchandiser_id=merch_id,
            )
        )
    Customer.objects.bulk_create(customers)
    for customer, people in zip(customers, contacts, strict=True):
        for contact in people:
            contact.customer_id = customer.pk
    flat = [contact for people in contacts for contact in people]
    Contact.objects.bulk_create(flat)
    Customer.tags.through.objects.bulk_create(
        [
            Customer.tags.through(customer_id=customer.pk, tag_id=tag_id)
            for customer, tags in zip(customers, tag_links, strict=True)
            for tag_id in tags
        ]
    )
    for row, customer, people in zip(rows, customers, contacts, strict=True):
        row.id = customer.pk
        row.contact_id = people[0].pk
    progress("customers", count, count)
    return rows, len(flat)


def _ensure_tags() -> list[int]:
    Tag.objects.bulk_create([Tag(name=name) for name in data.TAGS], ignore_conflicts=True)
    return list(
        Tag.objects.filter(name__in=data.TAGS).order_by("name").values_list("id", flat=True)
    )


def _contacts_for(
    rng: random.Random, customer: Customer, market: data.Market, channels: list[str]
) -> list[Contact]:
    people = []
    used_emails: set[str] = set()
    for position in range(rng.choices((1, 2, 3), weights=(45, 38, 17))[0]):
        primary = position == 0
        full, given, family = person(rng, market)
        email = email_address(rng, market, given, family, customer.domain)
        if email in used_emails:
            email = email.replace("@", f"{position + 1}@", 1)
        used_emails.add(email)
        # The main contact carries every channel the customer prefers.
        wants_whatsapp = (primary and "whatsapp" in channels) or (
            market.whatsapp and rng.random() < 0.6
        )
        wants_wechat = (primary and "wechat" in channels) or (market.wechat and rng.random() < 0.3)
        skype = f"live:{ascii_slug(given, '.')}.{ascii_slug(family)}"
        people.append(
            Contact(
                team_id=customer.team_id,
                name=full,
                title=rng.choice(PRIMARY_TITLES) if primary else rng.choice(data.JOB_TITLES),
                email=email,
                phone=phone_number(rng, market.country, mobile=False) if rng.random() < 0.8 else "",
                whatsapp=phone_number(rng, market.country, mobile=True) if wants_whatsapp else "",
                wechat=f"{ascii_slug(given, '_')}_{rng.randint(100, 9999)}" if wants_wechat else "",
                skype=skype if primary and "skype" in channels else "",
                languages=list(customer.languages),
                is_primary=primary,
                created_at=customer.created_at,
                updated_at=customer.created_at,
            )
        )
    return people


def _customer_row(
    rng: random.Random,
    *,
    id: int,
    market: data.Market,
    team_id: int,
    city: str,
    stage: str,
    sales_id: int | None,
    merchandiser_id: int | None,
    contact_id: int | None = None,
) -> CustomerRow:
    """A customer as order generation sees it, its buying habits drawn from ``rng``."""
    return CustomerRow(
        id=id,
        market=market,
        team_id=team_id,
        city=city,
        stage=stage,
        group=weighted(rng, GROUP_WEIGHTS),
        currency=weighted(rng, market.currencies),
        payment=weighted(rng, PAYMENT_PROFILES),
        po_style=rng.randrange(4),
        weight=rng.paretovariate(2.0) * (0.4 if stage == Stage.DORMANT else 1.0),
        sales_id=sales_id,
        merchandiser_id=merchandiser_id,
        contact_id=contact_id,
    )


def existing_customers(staff: Staff) -> list[CustomerRow]:
    """Customers already in the database, as order generation sees them (for --append)."""
    markets = {market.country: market for market in data.MARKETS}
    primary = dict(Contact.objects.filter(is_primary=True).values_list("customer_id", "id"))
    rows = []
    for pk, country, team_id, owner_id, city, stage in (
        Customer.objects.filter(stage__in=[Stage.ACTIVE, Stage.DORMANT])
        .order_by("id")
        .values_list("id", "country", "team_id", "owner_id", "city", "stage")
    ):
        market = markets.get(str(country)) or _foreign_market(str(country))
        # Derive the remembered habits from the id so they stay the same from run to run.
        habits = random.Random(pk)
        sales_id, merch_id = staff.desk.get(team_id, (owner_id, None))
        rows.append(
            _customer_row(
                habits,
                id=pk,
                market=market,
                team_id=team_id,
                city=city or market.cities[0],
                stage=stage,
                sales_id=owner_id or sales_id,
                merchandiser_id=merch_id,
                contact_id=primary.get(pk),
            )
        )
    return rows


def _foreign_market(country: str) -> data.Market:
    """A plain profile for a customer country the demo tables do not describe."""
    return data.Market(country, "", 0, (("USD", 1),), ("Port of destination",), ("Destination",), "com",
                       (), (), "en", "en")  # fmt: skip
