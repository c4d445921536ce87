"""Demo data: a Chinese exporter's teams, staff, customers, products, orders and their mail.

``demo_seed`` is what ``manage.py seed_demo`` runs.  It writes with ``bulk_create`` in
batches inside one transaction, so a run either adds everything or nothing, and 100,000
orders take well under two minutes on SQLite.  Bulk rows get no history entries
(history records what people changed); a handful of records at the end go through the
services, so their history pages show what a user's work looks like.  Last come the
shared mailboxes, message templates and about fifty conversations (``conversations.py``),
a fixed number whatever the number of orders, through the real mail ingest and chat
services.

The bulk rows send no signals, so the search index is left to ``manage.py
search_reindex --if-incomplete`` (``make run`` runs it): it indexes each kind of record
that has rows without an entry.

Numbers come from the same ``NumberSequence`` rows the app uses (``order:<year>`` and
``customer``), reserved in one step each, so orders and customers created later in the
app continue the numbering.  Given the same ``seed``, database state and day, a run
produces the same data.

This package sits above every domain app (it fills them all); only the command and the
benchmarks import it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gendan.accounts.models import Role, Team, User
from gendan.catalog.models import Category, Product
from gendan.customers.models import Contact, Customer, Stage
from gendan.customers.services import contact_create, customer_update
from gendan.followup.bulk import BulkResult, milestones_plan_bulk
from gendan.followup.models import DelayWarning
from gendan.orders.models import Incoterm, Order, OrderStatus
from gendan.orders.services import LineInput, order_create, order_set_status, order_update

from . import data
from .common import (
    CustomerRow,
    ProductRow,
    Progress,
    Staff,
    phone_number,
    timestamps_as_given,
    unit_price,
)
from .conversations import create_conversations
from .customers import create_customers, email_address, existing_customers, person
from .orders import customer_po, skeletons_for, write_orders

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_ORDERS",
    "DEMO_PASSWORD",
    "DemoDataError",
    "SeedResult",
    "demo_counts",
    "demo_seed",
]

DEMO_PASSWORD = "gendan-demo"
DEFAULT_CUSTOMERS = 80
DEFAULT_ORDERS = 400
HISTORY_ORDERS = 3  # orders made through the services so their history is not empty


class DemoDataError(Exception):
    """The database is not in a state demo data can be added to."""


@dataclass
class SeedResult:
    teams: list[Team]
    staff: list[tuple[User, bool]]  # (user, created by this run)
    products: int
    customers: int
    contacts: int
    orders: int
    lines: int
    planned_orders: int = 0  # open orders given a follow-up plan
    delay_warnings: int = 0
    mailboxes: int = 0  # shared mailboxes made by this run
    templates: int = 0  # message templates made by this run
    conversations: int = 0
    messages: int = 0
    seconds: float = 0.0


# --- Teams, staff, products -----------------------------------------------------------


def _ensure_teams() -> dict[str, Team]:
    teams = {}
    for key, (name, description) in data.TEAMS.items():
        teams[key], _created = Team.objects.get_or_create(
            name=name, defaults={"description": description}
        )
    return teams


def _ensure_staff(teams: dict[str, Team], password: str) -> Staff:
    """One user per demo account; accounts that exist already are left as they are."""
    staff = Staff()
    # One hash for every account: the demo password is printed for all to see anyway, and
    # Argon2 takes a good part of a second per hash.
    hashed = make_password(password)
    existing = {
        user.username: user
        for user in User.objects.filter(username__in=[s.username for s in data.STAFF])
    }
    for member in data.STAFF:
        user = existing.get(member.username)
        if user is None:
            user = User.objects.create(
                username=member.username,
                first_name=member.first_name,
                last_name=member.last_name,
                email=f"{member.first_name.lower()}.{member.last_name.lower()}@{data.STAFF_MAIL_DOMAIN}",
                role=member.role,
                is_staff=member.role == Role.ADMIN,
                is_superuser=member.role == Role.ADMIN,
                language="zh-hans",
                time_zone="Asia/Shanghai",
                password=hashed,
            )
            user.teams.set([teams[key] for key in member.teams])
            staff.created.add(member.username)
        staff.by_username[member.username] = user
    for key, team in teams.items():
        sales = staff.by_username.get(f"sales_{key}")
        merch = staff.by_username.get(f"merch_{key}")
        staff.desk[team.pk] = (sales.pk if sales else None, merch.pk if merch else None)
    return staff


def _ensure_products() -> list[ProductRow]:
    """The demo catalogue; SKUs already present (an earlier run) are reused."""
    categories = {}
    for key, (name, name_zh, _group) in data.CATEGORIES.items():
        categories[key], _created = Category.objects.get_or_create(
            name=name, defaults={"name_zh": name_zh}
        )
    wanted: list[tuple[Product, data.ProductSpec, Decimal]] = []
    for spec in data.PRODUCTS:
        for sku_suffix, name_suffix, name_zh_suffix, factor in spec.variants or (
            ("", "", "", "1"),
        ):
            product = Product(
                sku=spec.sku + sku_suffix,
                name=spec.name + name_suffix,
                name_zh=spec.name_zh + name_zh_suffix,
                category=categories[spec.category],
                hs_code=spec.hs_code,
                unit=spec.unit,
                units_per_carton=spec.units_per_carton,
                carton_length_cm=Decimal(spec.carton_cm[0]),
                carton_width_cm=Decimal(spec.carton_cm[1]),
                carton_height_cm=Decimal(spec.carton_cm[2]),
                net_weight_kg=Decimal(spec.net_kg),
                gross_weight_kg=Decimal(spec.gross_kg),
            )
            wanted.append((product, spec, Decimal(factor)))
    present = dict(
        Product.objects.filter(sku__in=[p.sku for p, _, _ in wanted]).values_list("sku", "id")
    )
    Product.objects.bulk_create([p for p, _, _ in wanted if p.sku not in present])
    rows = []
    for product, spec, price_factor in wanted:
        rows.append(
            ProductRow(
                id=present.get(product.sku) or product.pk,
                name=product.name,
                unit=spec.unit,
                per_carton=spec.units_per_carton,
                usd_low=Decimal(spec.usd_low) * price_factor,
                usd_high=Decimal(spec.usd_high) * price_factor,
                group=data.CATEGORIES[spec.category][2],
            )
        )
    return rows


# --- A few records through the services ---------------------------------------------


def _record_history(
    rng: random.Random,
    *,
    customers: list[CustomerRow],
    products: list[ProductRow],
    staff: Staff,
    today: dt.date,
) -> tuple[int, int]:
    """Make a few orders and edits the way users do, so history pages have something to show.

    Returns the numbers of orders and order lines made.
    """
    made = line_count = 0
    teams_done: set[int] = set()
    catalogue = Product.objects.in_bulk([p.id for p in products])
    for row in customers:
        if made >= HISTORY_ORDERS or row.stage != Stage.ACTIVE:
            continue
        if row.team_id in teams_done and len(teams_done) < len(staff.desk):
            continue  # one per team first
        teams_done.add(row.team_id)
        customer = Customer.objects.get(pk=row.id)
        sales = staff.by_username.get("sales_eu" if row.market.team == "eu" else "sales_me")
        merch = staff.by_username.get("merch_eu" if row.market.team == "eu" else "merch_me")
        offered = [p for p in products if p.group == row.group]
        lines = [
            LineInput(product=catalogue[p.id], quantity=Decimal(rng.randint(20, 200) * p.per_carton),
                      unit_price=unit_price((p.usd_low + p.usd_high) / 2, row.currency))
            for p in rng.sample(offered, min(len(offered), rng.randint(1, 3)))
        ]  # fmt: skip
        order = order_create(
            actor=sales,
            customer=customer,
            lines=lines,
            order_date=today,
            promised_ship_date=today + dt.timedelta(days=rng.randint(35, 60)),
            incoterm_place="Ningbo",
            incoterm=Incoterm.FOB,
            currency=row.currency,
            merchandiser=merch,
            customer_po=customer_po(rng, row, today),
        )
        if made < HISTORY_ORDERS - 1:
            order = order_set_status(actor=sales, order=order, status=OrderStatus.CONFIRMED)
            order_update(
                actor=merch,
                order=order,
                expected_version=order.version,
                promised_ship_date=order.promised_ship_date + dt.timedelta(days=7),
                notes="Factory asked for one more week: the gift boxes arrive late.",
            )
        if made == 0:
            customer = customer_update(
                actor=sales,
                customer=customer,
                expected_version=customer.version,
                notes=(
                    customer.notes
                    + "\nVisited their warehouse; they want a second supplier for kettles."
                ).strip(),
                tags=[*customer.tags.values_list("name", flat=True), "VIP"],
            )
            full, given, family = person(rng, row.market)
            contact_create(
                actor=sales,
                customer=customer,
                name=full,
                title="QA Manager",
                email=email_address(
                    rng, row.market, given, family, customer.domain or "example.com"
                ),
                whatsapp=phone_number(rng, row.market.country, mobile=True),
            )
        made += 1
        line_count += len(lines)
    return made, line_count


# --- Follow-up plans -----------------------------------------------------------------


def _plan_open_orders(rng: random.Random, *, today: dt.date, progress: Progress) -> BulkResult:
    """Open orders get their SOP milestones, with the past played out (some steps late)."""
    open_orders = Order.objects.filter(
        status__in=[OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED],
        promised_ship_date__gte=today - dt.timedelta(days=45),
        progress__isnull=True,
    ).select_related("customer")
    orders = list(open_orders)
    for order in orders:
        order.confirmed_on = order.order_date + dt.timedelta(days=rng.randint(0, 3))
    Order.objects.bulk_update(orders, ["confirmed_on"], batch_size=2000)
    total = len(orders)
    return milestones_plan_bulk(
        orders, today=today, rng=rng, progress=lambda done: progress("plans", done, total)
    )


# --- The whole run --------------------------------------------------------------------


def demo_counts() -> tuple[int, int]:
    """Customers and orders already in the database."""
    return Customer.objects.count(), Order.objects.count()


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def demo_seed(
    *,
    customers: int = DEFAULT_CUSTOMERS,
    orders: int = DEFAULT_ORDERS,
    seed: int = 1,
    append: bool = False,
    password: str = DEMO_PASSWORD,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> SeedResult:
    """Fill the database with demo data; see the module docstring.

    Without ``append`` the database must hold no customers and no orders, so demo data
    never mixes into a company's real records by accident.  With ``append``, teams, users
    and products are reused and the new orders go to new and existing customers.
    """
    if customers < 0 or orders < 0:
        raise DemoDataError("The numbers of customers and orders cannot be negative.")
    started = time.monotonic()
    progress = progress or _no_progress
    today = today or timezone.localdate()
    had_customers, had_orders = demo_counts()
    if not append and (had_customers or had_orders):
        raise DemoDataError(
            f"The database already holds {had_customers:,} customers and {had_orders:,} orders. "
            "Demo data goes into an empty database; add --append to add more demo customers and orders "
            "to it (users, teams and products are reused, nothing is duplicated)."
        )
    # Seeded by the state of the database too, so an --append run draws new names.
    rng = random.Random(f"gendan-demo:{seed}:{had_customers}:{had_orders}")
    with transaction.atomic():
        teams = _ensure_teams()
        staff = _ensure_staff(teams, password)
        products = _ensure_products()
        with timestamps_as_given(Customer, Contact, Order):
            new_customers, contacts = create_customers(
                rng, customers, teams=teams, staff=staff, today=today, progress=progress
            )
            known = {row.id for row in new_customers}
            pool = new_customers
            if had_customers:
                pool += [row for row in existing_customers(staff) if row.id not in known]
            history_orders = min(HISTORY_ORDERS, orders) if orders >= 20 else 0
            bulk_orders = orders - history_orders
            if bulk_orders and not pool:
                raise DemoDataError("Orders need customers: add --customers.")
            skeletons = skeletons_for(rng, bulk_orders, pool, today) if bulk_orders else []
            lines = write_orders(rng, skeletons, products=products, progress=progress)
            planned = _plan_open_orders(rng, today=today, progress=progress)
        made, made_lines = (
            _record_history(rng, customers=pool, products=products, staff=staff, today=today)
            if history_orders
            else (0, 0)
        )
        open_warnings = DelayWarning.objects.filter(cleared_at__isnull=True)
        warned_before = open_warnings.count()
        talk = create_conversations(
            random.Random(rng.getrandbits(64)), teams=teams, staff=staff, products=products,
            today=today,
        )  # fmt: skip
        progress("conversations", talk.conversations, talk.conversations)
        # A factory's delay in the mail moves its order's forecast past the promise.
        warned_by_talk = open_warnings.count() - warned_before
    return SeedResult(
        teams=list(teams.values()),
        staff=[(staff.by_username[m.username], m.username in staff.created) for m in data.STAFF],
        products=len(products),
        customers=customers,
        contacts=contacts,
        orders=len(skeletons) + made,
        lines=lines + made_lines,
        planned_orders=planned.orders,
        delay_warnings=planned.warnings + warned_by_talk,
        mailboxes=talk.mailboxes,
        templates=talk.templates,
        conversations=talk.conversations,
        messages=talk.messages,
        seconds=time.monotonic() - started,
    )
