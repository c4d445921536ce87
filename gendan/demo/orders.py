"""Orders and their lines, drawn for customers and written in bulk."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from gendan.core.models import sequence_reserve
from gendan.core.money import quantize
from gendan.customers.models import Stage
from gendan.orders.models import (
    TERMS_WITH_DAYS,
    Incoterm,
    Order,
    OrderLine,
    OrderStatus,
    PaymentTerm,
)

from . import data
from .common import (
    ORDER_WINDOW_DAYS,
    PAYMENT_PROFILES,
    CustomerRow,
    ProductRow,
    Progress,
    china_time,
    office_seconds,
    unit_price,
    weighted,
)

ORDER_BATCH = 2000  # orders per bulk_create round: bounded memory, few round trips

INCOTERM_WEIGHTS = (
    (Incoterm.FOB, 55), (Incoterm.CIF, 16), (Incoterm.CFR, 8), (Incoterm.EXW, 5), (Incoterm.FCA, 5),
    (Incoterm.DAP, 4), (Incoterm.DDP, 2), (Incoterm.CIP, 2), (Incoterm.CPT, 2), (Incoterm.FAS, 1),
)  # fmt: skip
LINE_COUNT_WEIGHTS = ((1, 15), (2, 25), (3, 25), (4, 15), (5, 12), (6, 8))
# Cartons per line by product group (low, high)
CARTONS = {"appliances": (40, 600), "hardware": (10, 160), "textiles": (20, 300)}


@dataclass
class _Skeleton:
    """The first draw of an order: when, for whom, and where it stands."""

    day: dt.date
    seconds: int
    customer: CustomerRow
    group: str
    ship: dt.date
    status: str
    currency: str


def _status_for(rng: random.Random, day: dt.date, ship: dt.date, today: dt.date) -> str:
    roll = rng.random()
    if roll < 0.03:
        return OrderStatus.CANCELLED
    if ship <= today:  # past its ship date: gone, and usually paid by now
        since = (today - ship).days
        if since > 60:
            return OrderStatus.COMPLETED if roll < 0.94 else OrderStatus.SHIPPED
        return OrderStatus.SHIPPED if roll < 0.75 else OrderStatus.COMPLETED
    if (today - day).days <= 10:
        return OrderStatus.DRAFT if roll < 0.55 else OrderStatus.CONFIRMED
    if (ship - today).days <= 25:
        return OrderStatus.IN_PRODUCTION if roll < 0.8 else OrderStatus.CONFIRMED
    return OrderStatus.IN_PRODUCTION if roll < 0.55 else OrderStatus.CONFIRMED


def skeletons_for(
    rng: random.Random, count: int, customers: list[CustomerRow], today: dt.date
) -> list[_Skeleton]:
    active = [c for c in customers if c.stage == Stage.ACTIVE] or customers
    everyone = [c for c in customers if c.stage in (Stage.ACTIVE, Stage.DORMANT)] or customers
    pools = {
        recent: (pool, list(itertools.accumulate(c.weight for c in pool)))
        for recent, pool in ((True, active), (False, everyone))
    }
    now = timezone.now()
    # Recent months are busier than two years ago: ages lean towards today.
    days = [
        today - dt.timedelta(days=int(ORDER_WINDOW_DAYS * rng.random() ** 1.6))
        for _ in range(count)
    ]
    moments = sorted((day, office_seconds(rng, day, now)) for day in days)
    skeletons = []
    for day, seconds in moments:
        # Dormant customers stopped ordering about a year ago.
        pool, cumulative = pools[(today - day).days <= 400]
        customer = pool[
            bisect.bisect(cumulative, rng.random() * cumulative[-1]) if len(pool) > 1 else 0
        ]
        group = customer.group if rng.random() < 0.8 else rng.choice(data.GROUPS)
        lead = rng.randint(38, 70) + (10 if group == "appliances" else 0)
        ship = day + dt.timedelta(days=lead)
        status = _status_for(rng, day, ship, today)
        currency = customer.currency if rng.random() < 0.9 else "USD"
        skeletons.append(_Skeleton(day, seconds, customer, group, ship, status, currency))
    _cover_every_status(rng, skeletons, today)
    _cover_every_currency(rng, skeletons, active)
    return skeletons


def _cover_every_status(rng: random.Random, skeletons: list[_Skeleton], today: dt.date) -> None:
    """Even a small demo shows an order in every status: re-label a few if one is missing."""
    if len(skeletons) < len(OrderStatus.values):
        return
    counts = Counter(s.status for s in skeletons)
    for status in OrderStatus.values:
        if counts[status]:
            continue
        open_status = status in (
            OrderStatus.DRAFT,
            OrderStatus.CONFIRMED,
            OrderStatus.IN_PRODUCTION,
        )
        # Open orders are taken from the newest, shipped ones from the oldest.
        candidates = (
            reversed(skeletons)
            if open_status or status == OrderStatus.CANCELLED
            else iter(skeletons)
        )
        chosen = next(s for s in candidates if counts[s.status] > 1)
        counts[chosen.status] -= 1
        counts[status] += 1
        chosen.status = status
        if open_status and chosen.ship <= today:
            chosen.ship = today + dt.timedelta(days=rng.randint(10, 40))
        elif status in (OrderStatus.SHIPPED, OrderStatus.COMPLETED) and chosen.ship > today:
            chosen.ship = max(chosen.day, today - dt.timedelta(days=rng.randint(1, 20)))


def _cover_every_currency(
    rng: random.Random, skeletons: list[_Skeleton], customers: list[CustomerRow]
) -> None:
    """Give each invoicing currency of the buying customers a couple of orders."""
    if len(skeletons) < 50:
        return
    present = {s.currency for s in skeletons}
    moved: set[int] = set()
    for customer in customers:
        for currency, _weight in customer.market.currencies:
            if currency in present:
                continue
            present.add(currency)
            candidates = [i for i in rng.sample(range(len(skeletons)), 12) if i not in moved]
            for index in candidates[:2]:
                skeleton = skeletons[index]
                skeleton.customer, skeleton.currency = customer, currency
                skeleton.group = customer.group
                moved.add(index)


def _incoterm(rng: random.Random, customer: CustomerRow, group: str) -> tuple[str, str]:
    term = weighted(rng, INCOTERM_WEIGHTS)
    if term in (Incoterm.FOB, Incoterm.FCA, Incoterm.FAS):
        return term, weighted(rng, data.CHINA_PORTS)
    if term == Incoterm.EXW:
        return term, rng.choice(data.FACTORY_TOWNS[group])
    if term in (Incoterm.CIF, Incoterm.CFR):
        return term, rng.choice(customer.market.ports)
    return term, customer.city  # DAP, DDP, CPT, CIP: to the buyer's town


def customer_po(rng: random.Random, customer: CustomerRow, day: dt.date) -> str:
    if customer.po_style == 0:
        return f"PO{rng.randint(100_000, 999_999)}"
    if customer.po_style == 1:
        return f"45{rng.randint(10_000_000, 99_999_999)}"  # an SAP purchase order
    if customer.po_style == 2:
        return f"{day:%y}-{rng.randint(100, 999)}"
    return ""


def write_orders(
    rng: random.Random,
    skeletons: list[_Skeleton],
    *,
    products: list[ProductRow],
    progress: Progress,
) -> int:
    by_group = {group: [p for p in products if p.group == group] for group in data.GROUPS}
    years = Counter(s.day.year for s in skeletons)
    next_seq = {
        year: sequence_reserve(f"order:{year}", count) for year, count in sorted(years.items())
    }
    now = timezone.now()
    pattern = settings.ORDER_NUMBER_PATTERN
    line_total = 0
    for start in range(0, len(skeletons), ORDER_BATCH):
        orders: list[Order] = []
        order_lines: list[list[OrderLine]] = []
        for skeleton in skeletons[start : start + ORDER_BATCH]:
            customer = skeleton.customer
            currency = skeleton.currency
            term, deposit, days = (
                customer.payment if rng.random() < 0.85 else PAYMENT_PROFILES[0][0]
            )
            incoterm, place = _incoterm(rng, customer, skeleton.group)
            group_products = by_group[skeleton.group]
            count = min(weighted(rng, LINE_COUNT_WEIGHTS), len(group_products))
            lines = []
            total = Decimal(0)
            low, high = CARTONS[skeleton.group]
            for position, product in enumerate(rng.sample(group_products, count), start=1):
                quantity = Decimal(rng.randint(low, high) * product.per_carton)
                usd = (
                    product.usd_low
                    + (product.usd_high - product.usd_low) * Decimal(rng.randint(0, 100)) / 100
                )
                price = unit_price(usd, currency)
                amount = quantize(quantity * price, currency)
                total += amount
                lines.append(
                    OrderLine(
                        position=position, product_id=product.id, description=product.name,
                        quantity=quantity, unit=product.unit, unit_price=price, amount=amount,
                    )
                )  # fmt: skip
            created = china_time(skeleton.day, skeleton.seconds)
            updated = min(now, _updated_at(rng, skeleton, created, now))
            year = skeleton.day.year
            number = pattern.format(year=year, seq=next_seq[year])
            next_seq[year] += 1
            orders.append(
                Order(
                    number=number,
                    customer_id=customer.id,
                    contact_id=customer.contact_id,
                    team_id=customer.team_id,
                    customer_po=customer_po(rng, customer, skeleton.day),
                    order_date=skeleton.day,
                    currency=currency,
                    incoterm=incoterm,
                    incoterm_place=place,
                    payment_term=term,
                    deposit_percent=deposit if term == PaymentTerm.TT else Decimal(0),
                    payment_days=days if term in TERMS_WITH_DAYS else None,
                    promised_ship_date=skeleton.ship,
                    sales_owner_id=customer.sales_id,
                    merchandiser_id=customer.merchandiser_id,
                    status=skeleton.status,
                    total_amount=total,
                    notes=rng.choice(data.ORDER_NOTES) if rng.random() < 0.08 else "",
                    created_by_id=customer.sales_id,
                    created_at=created,
                    updated_at=updated,
                )
            )
            order_lines.append(lines)
        Order.objects.bulk_create(orders)
        flat = []
        for order, lines in zip(orders, order_lines, strict=True):
            for line in lines:
                line.order_id = order.pk
                flat.append(line)
        OrderLine.objects.bulk_create(flat)
        line_total += len(flat)
        progress("orders", start + len(orders), len(skeletons))
    return line_total


def _updated_at(
    rng: random.Random, skeleton: _Skeleton, created: dt.datetime, now: dt.datetime
) -> dt.datetime:
    """When the order was last touched: shipped orders after shipment, open ones lately."""
    if skeleton.status in (OrderStatus.SHIPPED, OrderStatus.COMPLETED):
        after_ship = (
            rng.randint(1, 5) if skeleton.status == OrderStatus.SHIPPED else rng.randint(20, 90)
        )
        touched = skeleton.ship + dt.timedelta(days=after_ship)
        return china_time(touched, office_seconds(rng, touched, now))
    return created + dt.timedelta(days=rng.randint(0, 10), seconds=rng.randint(0, 30_000))
