"""Demo communication: shared mailboxes, message templates, mail threads, chats and calls.

The mail is real RFC 822: each message is built with Python's ``email`` package (Message-
ID, In-Reply-To, References, Date in the writer's time zone, HTML parts, attachments,
GB18030 from the factories) and handed to ``message_ingest``, the function an IMAP fetch
calls.  So threading, linking to the contact, customer and order, recognising automatic
replies and sanitising HTML all run as in production, and the messages are indexed for
search by the same signals.  WhatsApp chats go through the chat-export import, WeChat
chats, calls and a meeting through the service that logs them.

The number of conversations is fixed (about fifty), whatever the number of orders: they
are picked from the most recent orders of each status, so a 100,000-order seed costs the
same few seconds as a small one.  Everything is drawn from the generator's random
numbers and dated relative to ``today`` (over the three weeks before it), so the same
seed and day give the same conversations.  They are told once: when the demo mailboxes
hold mail already (an ``--append`` run), no more are added.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import struct
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils import timezone

from gendan.accounts.models import Team, User
from gendan.catalog.models import Product
from gendan.comms.logged.services import logged_contact_create
from gendan.comms.mail.ingest import message_ingest
from gendan.comms.mail.linking import LinkContext
from gendan.comms.mail.mailboxes import mailbox_create
from gendan.comms.message_templates.rendering import template_render
from gendan.comms.message_templates.services import message_template_create
from gendan.comms.models import Direction, Mailbox, Message, MessageTemplate
from gendan.comms.whatsapp.chat_import import whatsapp_export_import
from gendan.core.money import minor_units, quantize
from gendan.customers.models import Contact, Customer
from gendan.followup.models import Milestone, MilestoneStatus
from gendan.followup.services import milestone_reschedule
from gendan.orders.models import Order, OrderLine, OrderStatus, PaymentTerm

from . import data, stories
from .common import CHINA, ProductRow, Staff, ascii_slug
from .stories import CHINESE, SPANISH, Mail, Story

T = TypeVar("T")

WINDOW_DAYS = 21  # conversations are spread over the three weeks before today
POOL = 300  # most recent orders of each kind that stories choose from
OURS = ("us", "sales")
MAX_REFERENCES = 10
# Which pool to try when a story's own is empty (a small demo has no order shipped last week).
FALLBACK = {
    "soon": "producing",
    "producing": "open",
    "confirmed": "open",
    "shipped": "past",
    "arrived": "arrived_wide",
}
QUOTE_HEADS = {
    "en": "On {when}, {who} wrote:",
    "de": "Am {when} schrieb {who}:",
    "es": "El {when}, {who} escribió:",
}


@dataclass
class TalkResult:
    mailboxes: int = 0  # created by this run
    templates: int = 0
    conversations: int = 0
    messages: int = 0


@dataclass
class _Thread:
    subject: str
    counterpart: str  # who our replies go to
    language: str  # what the other side writes: we answer Chinese in Chinese, else English
    last: _Sent | None = None
    references: list[str] = field(default_factory=list)


@dataclass
class _Sent:
    message_id: str
    subject: str
    body: str
    name: str
    address: str
    moment: dt.datetime


@dataclass
class _Person:
    name: str
    address: str
    zone: ZoneInfo
    language: str


# --- Mailboxes and templates ----------------------------------------------------------------


def _ensure_mailboxes(teams: dict[str, Team], actor: User | None) -> tuple[dict[str, Mailbox], int]:
    """A shared mailbox per team, fetching off; one that exists (an earlier run) is reused."""
    existing = {
        box.address: box
        for box in Mailbox.objects.filter(
            address__in=[address for _, address in stories.MAILBOXES.values()]
        )
    }
    imap_host, smtp_host = stories.MAIL_SERVERS
    boxes, created = {}, 0
    for key, team in teams.items():
        if key not in stories.MAILBOXES:
            continue
        name, address = stories.MAILBOXES[key]
        box = existing.get(address)
        if box is None:
            box = mailbox_create(
                actor=actor,
                team=team,
                name=name,
                address=address,
                imap_host=imap_host,
                imap_username=address,
                # Nothing connects while fetching is off; the address is an example anyway.
                imap_password="demo-not-a-real-password",
                smtp_host=smtp_host,
                smtp_username=address,
                is_active=False,
            )
            created += 1
        boxes[key] = box
    return boxes, created


def _ensure_templates(actor: User | None) -> int:
    present = set(MessageTemplate.objects.values_list("code", "language"))
    made = 0
    for text in stories.TEMPLATES:
        if (text.code, text.language) in present:
            continue
        message_template_create(
            actor=actor, code=text.code, language=text.language, name=text.name,
            body=text.body, channel=text.channel, subject=text.subject,
        )  # fmt: skip
        made += 1
    return made


# --- Made-up attachments ----------------------------------------------------------------------


def _ascii(text: str) -> str:
    return ascii_slug(text, " ") if not text.isascii() else text


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` of Helvetica text (ASCII)."""

    def literal(text: str) -> str:
        text = _ascii(text)
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = " ".join(f"({literal(line)}) '" for line in lines)
    stream = f"BT /F1 12 Tf 56 780 Td 18 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def png_bytes(rng: random.Random, width: int = 160, height: int = 120) -> bytes:
    """A small photo-like PNG: a carton on a grey floor, with a crack across it."""
    floor = rng.randint(90, 140)
    box = (rng.randint(150, 190), rng.randint(110, 140), rng.randint(60, 90))
    left, top = rng.randint(20, 40), rng.randint(15, 30)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            inside = left <= x < width - left and top <= y < height - top
            if inside and abs((x - left) * 0.6 - (y - top)) < 1.2:
                row += b"\x20\x20\x20"
            elif inside:
                row += bytes(box)
            else:
                shade = floor + (x + y) % 7
                row += bytes((shade, shade, shade))
        rows.append(bytes(row))

    def chunk(tag: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(tag + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


# --- Words for dates and money -------------------------------------------------------------


def _money(amount: Decimal, currency: str) -> str:
    places = minor_units(currency)
    return f"{currency} {quantize(amount, currency):,.{places}f}"


def _dates(ctx: dict[str, Any], key: str, day: dt.date) -> None:
    """``{key}`` in English, ``{key}_de``, ``{key}_es`` and ``{key}_zh``."""
    ctx[key] = format_date(day, "d MMMM", locale="en")
    ctx[f"{key}_de"] = format_date(day, "d. MMMM", locale="de")
    ctx[f"{key}_es"] = format_date(day, "d 'de' MMMM", locale="es")
    ctx[f"{key}_zh"] = f"{day.month}月{day.day}日"


def _given_name(name: str, country: str) -> str:
    """The given name in a demo contact's full name (which comes first or last)."""
    market = _market(country)
    pool = data.PEOPLE.get(market.people) if market else None
    if pool is not None:
        found = [
            given
            for given in pool.given
            if (name.endswith(" " + given) if pool.family_first else name.startswith(given + " "))
        ]
        if found:
            return max(found, key=len)
    parts = name.split()
    return parts[0] if parts else name


def _market(country: str) -> data.Market | None:
    return next((m for m in data.MARKETS if m.country == country), None)


def _weekend(day: dt.date, zone: ZoneInfo) -> bool:
    # The Chinese side works on Saturdays, the customers do not.
    return day.weekday() == 6 or (day.weekday() == 5 and zone != CHINA)


# --- Telling the stories -----------------------------------------------------------------------


class _Teller:
    """Picks customers and orders for the stories and sends their mail through ingest."""

    def __init__(
        self,
        rng: random.Random,
        *,
        teams: dict[str, Team],
        mailboxes: dict[str, Mailbox],
        staff: Staff,
        products: list[ProductRow],
        today: dt.date,
    ) -> None:
        self.rng = rng
        self.today = today
        # Nothing is dated today or later (in China, nor where the server is): the same seed
        # and day give the same data at any hour, and nothing lies in the future.
        self.limit = min(
            dt.datetime.combine(today, dt.time(), tzinfo=CHINA),
            dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone()),
        )
        self.mailboxes = mailboxes
        self.team_keys = {team.pk: key for key, team in teams.items() if key in mailboxes}
        self.staff = staff
        self.link_context = LinkContext.load()
        self.serial = 0
        self.sent: list[Message] = []
        self.used_orders: set[int] = set()
        self.uses: Counter[int] = Counter()  # customer id -> stories told with it
        self.told: defaultdict[str, set[int]] = defaultdict(set)  # story -> customer ids
        self.told_teams: defaultdict[str, set[int]] = defaultdict(set)  # story -> team ids
        self._pools: dict[str, list[Order]] = {}
        self._contacts: list[Contact] | None = None
        self.catalogue = {
            product.pk: product
            for product in Product.objects.filter(pk__in=[p.id for p in products]).order_by("sku")
        }
        self.groups = {p.id: p.group for p in products}
        self.glass = {pk for pk, product in self.catalogue.items() if "glass with" in product.name}

    def _user(self, role: str, team_key: str) -> User:
        by_name = self.staff.by_username
        username = {"us": f"merch_{team_key}", "sales": f"sales_{team_key}"}.get(role, role)
        user = by_name.get(username) or by_name.get("admin")
        return user if user is not None else next(iter(by_name.values()))

    # --- which orders and customers --------------------------------------------------------
    def _pool(self, key: str) -> list[Order]:
        if key not in self._pools:
            today, day = self.today, dt.timedelta(days=1)
            done = [OrderStatus.SHIPPED, OrderStatus.COMPLETED]
            conditions = {
                "open": Q(status__in=[OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION]),
                "confirmed": Q(status=OrderStatus.CONFIRMED),
                "producing": Q(status=OrderStatus.IN_PRODUCTION),
                "soon": Q(
                    status=OrderStatus.IN_PRODUCTION,
                    promised_ship_date__range=(today + 3 * day, today + 30 * day),
                ),
                "shipped": Q(
                    status=OrderStatus.SHIPPED,
                    promised_ship_date__range=(today - 20 * day, today - 3 * day),
                ),
                "arrived": Q(
                    status__in=done, promised_ship_date__range=(today - 80 * day, today - 30 * day)
                ),
                "arrived_wide": Q(
                    status__in=done, promised_ship_date__range=(today - 200 * day, today - 25 * day)
                ),
                "past": Q(status__in=done),
            }
            # Shipped orders by ship date: the newest PIs among them are the quickest to
            # make (hardware, textiles), never the appliances that take ten days longer.
            newest = (
                "-created_at"
                if key in ("open", "confirmed", "producing")
                else "-promised_ship_date"
            )
            self._pools[key] = list(
                Order.objects.filter(conditions[key], team_id__in=list(self.team_keys))
                .filter(contact__isnull=False)
                .exclude(contact__email="")
                .select_related("customer", "contact")
                .order_by(newest, "-id")[:POOL]
            )
        return self._pools[key]

    def _fits(self, order: Order, story: Story) -> bool:
        if story.countries and str(order.customer.country) not in story.countries:
            return False
        tt = order.payment_term == PaymentTerm.TT
        if "tt" in story.needs and not tt:
            return False
        return not ("deposit" in story.needs and not (tt and order.deposit_percent > 0))

    def _least_used(
        self, items: list[T], story: Story, customer_of: Callable[[T], Customer]
    ) -> list[T]:
        """The candidates whose customer has had the fewest stories (at most one) so far,
        never this story (two threads of one customer with the same subject would be
        threaded as one), and preferably of a team this story has not been told in."""
        mine, teams = self.told[story.key], self.told_teams[story.key]
        items = [item for item in items if customer_of(item).pk not in mine] or items
        items = [item for item in items if customer_of(item).team_id not in teams] or items
        for most in (0, 1):
            fresh = [item for item in items if self.uses[customer_of(item).pk] <= most]
            if fresh:
                return fresh
        return items

    def _use(self, story: Story, customer: Customer) -> None:
        self.uses[customer.pk] += 1
        self.told[story.key].add(customer.pk)
        teams = self.told_teams[story.key]
        teams.add(customer.team_id)
        if len(teams) >= len(self.team_keys):
            teams.clear()  # every team has had it: start another round

    def pick_order(self, story: Story) -> Order | None:
        """A recent order for the story, of a customer it has not been told with yet.

        The story's pool first, then the wider ones it falls back to; a preferred order
        (``prefers``) from any of them wins over the others.
        """
        mine = self.told[story.key]
        key = story.orders
        fitting: list[Order] = []  # even of a customer this story was told with
        chosen: list[Order] = []
        preferred: list[Order] = []
        while key:
            candidates = [
                o for o in self._pool(key) if o.pk not in self.used_orders and self._fits(o, story)
            ]
            fitting = fitting or candidates
            fresh = [o for o in candidates if o.customer_id not in mine]
            chosen = chosen or fresh
            if "glass" in story.prefers and fresh:
                with_glass = set(
                    OrderLine.objects.filter(
                        order_id__in=[o.pk for o in fresh], product_id__in=self.glass
                    ).values_list("order_id", flat=True)
                )
                preferred = [o for o in fresh if o.pk in with_glass]
            if preferred or (chosen and not story.prefers):
                break
            key = FALLBACK.get(key, "")
        candidates = self._least_used(preferred or chosen or fitting, story, lambda o: o.customer)
        if not candidates:
            return None
        order = self.rng.choice(candidates)
        self.used_orders.add(order.pk)
        self._use(story, order.customer)
        return order

    def pick_contact(self, story: Story) -> Contact | None:
        if self._contacts is None:
            self._contacts = list(
                Contact.objects.filter(is_primary=True, customer__team_id__in=list(self.team_keys))
                .exclude(email="")
                .select_related("customer")
                .order_by("-customer_id", "id")[:3000]
            )
        candidates = [
            c
            for c in self._contacts
            if not story.countries or str(c.customer.country) in story.countries
        ]
        if not candidates:
            return None
        preferred = [c for c in candidates if c.customer.stage in story.stages]
        contact = self.rng.choice(
            self._least_used(preferred or candidates, story, lambda c: c.customer)
        )
        self._use(story, contact.customer)
        return contact

    # --- what is said --------------------------------------------------------------------
    def _colleague(self, customer: Customer, contact: Contact) -> tuple[str, str]:
        """Another person at the customer: a second contact, else someone at its domain."""
        other = (
            Contact.objects.filter(customer=customer)
            .exclude(pk=contact.pk)
            .exclude(email="")
            .order_by("id")
            .first()
        )
        if other is not None:
            return other.name, other.email
        market = _market(str(customer.country))
        pool = data.PEOPLE[market.people] if market else data.PEOPLE["en"]
        given, family = self.rng.choice(pool.given), self.rng.choice(pool.family)
        name = f"{family} {given}" if pool.family_first else f"{given} {family}"
        domain = customer.domain or contact.email.rsplit("@", 1)[-1]
        return name, f"{ascii_slug(given, '.')}.{ascii_slug(family)}@{domain}"

    def _goods(
        self, order: Order | None, prefers: tuple[str, ...] = ()
    ) -> tuple[Product, Decimal, str, Decimal]:
        """(product, quantity, unit, unit price) of the order's first line (its glass one,
        when the story prefers glass), else a catalogue item."""
        if order is not None:
            lines = [
                (self.catalogue[line.product_id], line)
                for line in order.lines.order_by("position")
                if line.product_id in self.catalogue
            ]
            glass = [pair for pair in lines if "glass" in prefers and pair[0].pk in self.glass]
            if glass or lines:
                product, line = (glass or lines)[0]
                return product, line.quantity, line.unit, line.unit_price
        product = self.rng.choice(list(self.catalogue.values()))
        quantity = Decimal((product.units_per_carton or 1) * self.rng.randint(50, 300))
        return product, quantity, product.unit, Decimal(0)

    def context(
        self,
        *,
        team_key: str,
        order: Order | None,
        contact: Contact | None,
        prefers: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], dt.date]:
        """What a thread's texts are filled with, and the ETD of its order."""
        rng = self.rng
        merch, sales = self._user("us", team_key), self._user("sales", team_key)
        qc = self.staff.by_username.get("qc")
        customer = contact.customer if contact is not None else None
        country = str(customer.country) if customer is not None else ""
        market = _market(country)
        ctx: dict[str, Any] = {
            "company": stories.COMPANY,
            "company_zh": stories.COMPANY_ZH,
            "me": merch.get_full_name() or merch.username,
            "me_first": merch.first_name or merch.username,
            "sales": sales.get_full_name() or sales.username,
            "sales_first": sales.first_name or sales.username,
            "qc": (qc.get_full_name() if qc is not None else "") or "our QC",
            "year": self.today.year,
        }
        if customer is not None and contact is not None:
            colleague, colleague_address = self._colleague(customer, contact)
            languages = [code for code in customer.languages or [] if code != "en"]
            ctx.update(
                customer=customer.name,
                customer_upper=_ascii(customer.name).upper(),
                contact=contact.name,
                first=_given_name(contact.name, country),
                title=contact.title or "Purchasing",
                city=customer.city or (market.cities[0] if market else ""),
                colleague=colleague,
                colleague_first=_given_name(colleague, country),
                colleague_address=colleague_address,
                language_name=stories.LANGUAGE_NAMES.get(
                    languages[0] if languages else "", "Spanish"
                ),
            )
        # The goods and the money
        product, quantity, unit, price = self._goods(order, prefers)
        group = self.groups.get(product.pk, "appliances")
        per_carton = product.units_per_carton or 1
        currency = order.currency if order is not None else "USD"
        offer = price or Decimal(rng.randint(150, 2500)) / 100
        ctx.update(
            product=product.name,
            product_zh=product.name_zh,
            sku=product.sku,
            per_carton=per_carton,
            unit_upper=unit.upper(),
            qty=f"{quantity:,.0f} {unit}",
            qty_zh=f"{quantity:,.0f}{stories.UNITS_ZH.get(unit, '件')}",
            cartons=math.ceil(quantity / per_carton),
            article=f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            price=_money(offer, currency),
            moq=per_carton * rng.choice((50, 100, 200)),
            first_qty=f"{per_carton * rng.choice((100, 150, 200, 300)):,}",
            year_qty=f"{per_carton * rng.choice((600, 1000, 1500)):,}",
            sample=rng.choice((125, 200, 315)),
            major=rng.randint(1, 4),
            minor=rng.randint(3, 9),
        )
        # The order and its shipment
        ports = market.ports if market else ("Hamburg",)
        port_names = [port for port, _weight in data.CHINA_PORTS]
        etd: dt.date | None = None
        if order is not None:
            ship = order.promised_ship_date
            pol = order.incoterm_place if order.incoterm_place in port_names else port_names[0]
            pod = order.incoterm_place if order.incoterm in ("CIF", "CFR") else rng.choice(ports)
            po, total = order.customer_po, order.total_amount
            deposit_pct = order.deposit_percent if order.payment_term == PaymentTerm.TT else 0
            step = Milestone.objects.filter(order=order, step__is_ship_step=True).first()
            etd = step.effective_date if step is not None else None
            ctx["order"] = order.number
        else:
            ship = self.today + dt.timedelta(days=rng.randint(40, 70))
            pol, pod = rng.choice(port_names), rng.choice(ports)
            po, total, deposit_pct = "", Decimal(0), Decimal(0)
            ctx["order"] = ""
        etd = etd or ship + dt.timedelta(days=rng.randint(1, 3))
        transit = rng.randint(24, 38)
        deposit = quantize(total * deposit_pct / 100, currency)
        delay = rng.choice((7, 10, 12, 14))
        vessel, bl_prefix, box_prefix = rng.choice(stories.VESSELS)
        reason_en, reason_zh = rng.choice(stories.DELAY_REASONS[group])
        broken = rng.randint(12, 60)
        glass = product.pk in self.glass
        ctx.update(
            po=po or ctx["order"],
            po_ref=f" (our PO {po})" if po else "",
            po_ref_de=f" (unsere Bestellung {po})" if po else "",
            po_ref_es=f" (nuestra OC {po})" if po else "",
            pol=pol,
            pol_zh=stories.PORTS_ZH.get(pol, pol),
            pod=pod,
            terms=f"FOB {pol}" if rng.random() < 0.5 else f"CIF {pod}",
            deposit=_money(deposit, currency),
            deposit_pct=f"{deposit_pct:g}",
            balance=_money(total - deposit, currency),
            total=_money(total, currency),
            delay=delay,
            reason_en=reason_en,
            reason_zh=reason_zh,
            vessel=vessel,
            voyage=f"{rng.randint(1, 99):03d}{rng.choice('WE')}",
            container=f"{box_prefix}{rng.randint(1_000_000, 9_999_999)}",
            container_type=rng.choice(stories.CONTAINER_TYPES),
            bl=f"{bl_prefix}{rng.randint(10_000_000, 99_999_999)}",
            so=f"{rng.randint(100_000_000, 999_999_999)}",
            claim_title="broken glass" if glass else "damaged goods",
            damage="broken glass jugs" if glass else "crushed corners and broken housings",
            broken=broken,
            broken_cartons=max(1, math.ceil(broken / per_carton)),
            claim_amount=_money(broken * offer, currency),
            eta_week=(etd + dt.timedelta(days=transit)).isocalendar().week,
            promo_month=format_date(ship + dt.timedelta(days=45), "MMMM", locale="en"),
        )
        note = self._payment_note(order, ctx)
        ctx.update(payment_note=note, payment_note_cap=note[:1].upper() + note[1:])
        for key, day in (
            ("ship", ship),
            ("ready", ship - dt.timedelta(days=4)),
            ("etd", etd),
            ("eta", etd + dt.timedelta(days=transit)),
            ("new_ship", ship + dt.timedelta(days=delay)),
            ("new_eta", etd + dt.timedelta(days=delay + transit)),
            ("inspect", ship - dt.timedelta(days=3)),
            ("cutoff", etd - dt.timedelta(days=2)),
        ):
            _dates(ctx, key, day)
        # The Chinese side: a factory of the goods, a forwarder
        supplier = rng.choice(stories.SUPPLIERS[group])
        forwarder = rng.choice(stories.FORWARDERS)
        ctx.update(
            supplier=supplier.name,
            supplier_person=supplier.person,
            supplier_dept=supplier.department,
            supplier_phone=supplier.phone,
            supplier_address=supplier.address,
            forwarder=forwarder.name,
            forwarder_person=forwarder.person,
            forwarder_phone=forwarder.phone,
            forwarder_address=forwarder.address,
        )
        return ctx, etd

    def _payment_note(self, order: Order | None, ctx: dict[str, Any]) -> str:
        term = order.payment_term if order is not None else PaymentTerm.TT
        if term == PaymentTerm.TT:
            return f"the balance of {ctx['balance']} is due against the copy B/L."
        if term in (PaymentTerm.LC_SIGHT, PaymentTerm.LC_USANCE):
            return "we present the documents to the bank under your L/C."
        if term == PaymentTerm.OA and order is not None:
            return f"payment is due {order.payment_days or 60} days after the B/L date, as agreed."
        return "the documents go to your bank for collection as usual."

    def _dated(self, ctx: dict[str, Any], start: dt.datetime) -> None:
        """The dates a thread's texts give relative to the day it starts."""
        day = start.astimezone(CHINA).date()
        for key, days in (
            ("back", self.rng.randint(6, 12)),
            ("marks_due", 3),
            ("prod_start", 4),
            ("repeat_ship", 55),
        ):
            _dates(ctx, key, day + dt.timedelta(days=days))

    # --- when ----------------------------------------------------------------------------
    def _office(self, moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
        """The moment, moved into the writer's office hours."""
        local = moment.astimezone(zone)
        if local.hour >= 19:
            local += dt.timedelta(days=1)
        if local.hour >= 19 or local.hour < 8:
            morning = dt.datetime.combine(local.date(), dt.time(8), tzinfo=zone)
            local = morning + dt.timedelta(minutes=self.rng.randint(5, 90))
        while _weekend(local.date(), zone):
            local += dt.timedelta(days=1)
        return local

    def _start_day(self, story: Story, etd: dt.date) -> dt.date:
        first = self.today - dt.timedelta(days=WINDOW_DAYS)
        last = self.today - dt.timedelta(days=3)
        if story.orders == "shipped":  # about a shipment that has left
            first = min(max(first, etd + dt.timedelta(days=1)), last)
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def _moments(
        self, mails: tuple[Mail, ...], zones: list[ZoneInfo], day: dt.date
    ) -> list[dt.datetime]:
        rng = self.rng
        start = dt.datetime.combine(day, dt.time(8, 20), tzinfo=zones[0])
        moments = [self._office(start + dt.timedelta(minutes=rng.randint(0, 560)), zones[0])]
        for mail, zone in zip(mails[1:], zones[1:], strict=True):
            low, high = mail.after
            if high == 0:  # an automatic reply: a minute or two later
                moments.append(moments[-1] + dt.timedelta(seconds=rng.randint(20, 150)))
                continue
            later = moments[-1] + dt.timedelta(minutes=rng.randint(low * 60, high * 60))
            moments.append(self._office(later, zone))
        overshoot = moments[-1] - self.limit
        if overshoot >= dt.timedelta(0):
            back = dt.timedelta(days=overshoot.days + 1)
            moments = [moment - back for moment in moments]
        return moments

    # --- one story ---------------------------------------------------------------------------
    def tell(self, story: Story) -> None:
        order: Order | None = None
        contact: Contact | None = None
        if story.stranger[1]:
            team_key = story.team
        else:
            if story.orders:
                order = self.pick_order(story)
                contact = order.contact if order is not None else None
            else:
                contact = self.pick_contact(story)
            if contact is None:
                return
            team_key = self.team_keys.get(contact.customer.team_id, "")
        mailbox = self.mailboxes.get(team_key)
        if mailbox is None:
            return
        ctx, etd = self.context(
            team_key=team_key, order=order, contact=contact, prefers=story.prefers
        )
        people = self._people(story, ctx, contact, mailbox)
        writers = [people[mail.by] for mail in story.mails]
        moments = self._moments(story.mails, [w.zone for w in writers], self._start_day(story, etd))
        self._dated(ctx, moments[0])
        thread: _Thread | None = None
        for mail, writer, moment in zip(story.mails, writers, moments, strict=True):
            if mail.subject and "{subject}" not in mail.subject:
                counterpart = "contact" if mail.by in OURS else mail.by
                thread = _Thread(
                    subject=mail.subject.format_map(ctx),
                    counterpart=counterpart,
                    language=people[counterpart].language,
                )
            if thread is not None:
                self._send(
                    story, mail, ctx, thread=thread, writer=writer, people=people,
                    moment=moment, mailbox=mailbox, order=order, contact=contact,
                    team_key=team_key,
                )  # fmt: skip
        if story.key == "factory-delay" and order is not None:
            self._factory_slips(order, team_key=team_key, days=ctx["delay"], why=ctx["reason_en"])

    def _factory_slips(self, order: Order, *, team_key: str, days: int, why: str) -> None:
        """The merchandiser moves the late production step, as the factory wrote: the
        forecast runs past the promised ship date and the order gets its delay warning."""
        step = (
            Milestone.objects.filter(order=order, step__key="production_finished")
            .exclude(status=MilestoneStatus.DONE)
            .first()
        )
        if step is None:
            return
        milestone_reschedule(
            actor=self._user("us", team_key),
            milestone=step,
            forecast_date=max(step.forecast_date, self.today) + dt.timedelta(days=days),
            reason=f"Factory: {why}; {days} days late",
            today=self.today,
        )

    def _people(
        self, story: Story, ctx: dict[str, Any], contact: Contact | None, mailbox: Mailbox
    ) -> dict[str, _Person]:
        people = {
            "us": _Person(ctx["me"], mailbox.address, CHINA, "en"),
            "sales": _Person(ctx["sales"], mailbox.address, CHINA, "en"),
            "supplier": _Person(ctx["supplier_person"], ctx["supplier_address"], CHINA, "zh"),
            "forwarder": _Person(ctx["forwarder_person"], ctx["forwarder_address"], CHINA, "zh"),
        }
        if contact is not None:
            zone = _zone(contact.customer.time_zone)
            language = story.language
            if language == "zh" and str(contact.customer.country) not in CHINESE:
                language = "en"  # a Chinese story, but this customer writes English
            people["contact"] = _Person(contact.name, contact.email, zone, language)
            people["colleague"] = _Person(
                ctx["colleague"], ctx["colleague_address"], zone, language
            )
        if story.stranger[1]:
            name, address, zone_name = story.stranger
            people["stranger"] = people["list"] = _Person(
                name, address, _zone(zone_name), story.language
            )
        return people

    def _render_template(
        self, code: str, language: str, order: Order | None, contact: Contact | None, sender: User
    ) -> tuple[str, str] | None:
        template = MessageTemplate.objects.filter(code=code, language=language).first()
        if template is None or order is None:
            return None
        try:
            rendered = template_render(template, order=order, contact=contact, sender=sender)
        except ValidationError:  # a placeholder without a value: the story's own text
            return None
        return rendered.subject, rendered.body

    def _send(
        self,
        story: Story,
        mail: Mail,
        ctx: dict[str, Any],
        *,
        thread: _Thread,
        writer: _Person,
        people: dict[str, _Person],
        moment: dt.datetime,
        mailbox: Mailbox,
        order: Order | None,
        contact: Contact | None,
        team_key: str,
    ) -> None:
        rng = self.rng
        ours = mail.by in OURS
        parent = thread.last
        user = self._user(mail.by, team_key) if ours else None
        language = ("zh" if thread.language == "zh" else "en") if ours else writer.language
        # Subject and text
        if "{subject}" in mail.subject:
            subject = mail.subject.format_map({**ctx, "subject": parent.subject if parent else ""})
        elif parent is None:
            subject = thread.subject
        else:
            subject = stories.REPLY_PREFIXES.get(language, "Re: ") + thread.subject
        body = mail.body.format_map(ctx)
        if mail.template and user is not None:
            rendered = self._render_template(mail.template, language, order, contact, user)
            if rendered is not None:
                subject, body = rendered
        if parent is not None and not mail.auto:
            body += _quote(parent, writer.zone, language)
        # Who it goes to
        cc: list[_Person] = []
        if ours:
            to = [people[thread.counterpart]]
            if mail.cc and "colleague" in people:
                cc = [people["colleague"]]
            if mail.cc and user is not None:
                internal = self._user("sales" if mail.by == "us" else "us", team_key)
                cc.append(_Person(internal.get_full_name(), internal.email, CHINA, "en"))
        elif mail.auto and parent is not None:
            to = [_Person(parent.name, parent.address, CHINA, "en")]
        else:
            to = [_Person(ctx["me"], mailbox.address, CHINA, "en")]
            if mail.cc and mail.by == "contact" and "colleague" in people:
                cc = [people["colleague"]]
            elif mail.cc and "contact" in people:
                cc = [people["contact"]]
        # The message
        self.serial += 1
        host = "gendan.example" if ours else writer.address.rsplit("@", 1)[-1]
        if host in ("gmail.com", "googlemail.com"):
            host = "mail.gmail.com"
        message_id = f"{rng.getrandbits(48):012x}.{self.serial:04d}@{host}"
        message = EmailMessage()
        message["From"] = _address(writer)
        message["To"] = [_address(person) for person in to]
        if cc:
            message["Cc"] = [_address(person) for person in cc]
        message["Subject"] = subject
        message["Date"] = format_datetime(moment.astimezone(writer.zone))
        message["Message-ID"] = f"<{message_id}>"
        if parent is not None:
            message["In-Reply-To"] = f"<{parent.message_id}>"
            message["References"] = " ".join(
                f"<{ref}>" for ref in thread.references[-MAX_REFERENCES:]
            )
        if mail.auto:
            message["Auto-Submitted"] = "auto-replied"
            message["X-Auto-Response-Suppress"] = "All"
        if mail.by == "list":
            domain = writer.address.rsplit("@", 1)[-1]
            message["Precedence"] = "bulk"
            message["List-Id"] = f"<buyers.{domain}>"
            message["List-Unsubscribe"] = f"<mailto:unsubscribe@{domain}>"
        if mail.by == "supplier":
            message["X-Mailer"] = "Foxmail 7.2.25.375[cn]"
        # Factories here write GB18030 (declared as GBK or GB2312 as often as not).
        message.set_content(body, charset="gb18030" if mail.by == "supplier" else "utf-8")
        if mail.html:
            message.add_alternative(_html(body, writer), subtype="html")
        for name_template in mail.attach:
            name = name_template.format_map(ctx)
            if name.endswith(".png"):
                message.add_attachment(
                    png_bytes(rng), maintype="image", subtype="png", filename=name
                )
            else:
                lines = [
                    name.rsplit(".", 1)[0],
                    ctx.get("customer", ""),
                    ctx["order"],
                    stories.COMPANY,
                ]
                message.add_attachment(
                    pdf_bytes([line for line in lines if line]),
                    maintype="application", subtype="pdf", filename=name,
                )  # fmt: skip
        for index, part in enumerate(p for p in message.walk() if p.is_multipart()):
            part.set_boundary(f"=_demo_{self.serial:04d}_{index}")  # the same bytes every run
        result = message_ingest(
            mailbox=mailbox,
            raw=message.as_bytes(policy=message.policy.clone(linesep="\r\n")),
            direction=Direction.OUTBOUND if ours else None,
            link_context=self.link_context,
            created_by=user,
        )
        self.sent.append(result.message)
        thread.references.append(message_id)
        thread.last = _Sent(message_id, subject, body, writer.name, writer.address, moment)

    # --- chats and logged contacts ----------------------------------------------------------
    def chats(self) -> None:
        """Two WhatsApp chats, imported from the export a merchandiser's phone would make."""
        chatted: set[int] = set()
        for lines, countries in ((stories.CHAT_ES, SPANISH), (stories.CHAT_EN, ())):
            candidates = [
                o
                for o in self._pool("open")
                if o.contact is not None and o.contact.whatsapp and o.customer_id not in chatted
            ]
            wanted = [o for o in candidates if str(o.customer.country) in countries]
            if countries and not wanted:
                lines = stories.CHAT_EN  # nobody writes Spanish: an English chat instead
            pool = wanted or candidates
            if not pool:
                continue
            order = self.rng.choice(pool)
            contact = order.contact
            assert contact is not None
            chatted.add(order.customer_id)
            team_key = self.team_keys[order.team_id]
            merch = self._user("us", team_key)
            ctx, _etd = self.context(team_key=team_key, order=order, contact=contact)
            me = merch.get_full_name() or merch.username
            day = self.today - dt.timedelta(days=self.rng.randint(4, 12))
            moment = dt.datetime.combine(day, dt.time(9), tzinfo=CHINA)
            moment += dt.timedelta(minutes=self.rng.randint(0, 480))
            moments = [moment]
            for _who, minutes, _text in lines:
                moments.append(moments[-1] + dt.timedelta(minutes=minutes))
            if moments[-1] >= self.limit:
                back = dt.timedelta(days=(moments[-1] - self.limit).days + 1)
                moments = [m - back for m in moments]
            text = [f"{moments[0]:%d/%m/%Y, %H:%M} - {stories.CHAT_NOTICE}"]
            for (who, _minutes, line), when in zip(lines, moments[1:], strict=True):
                author = contact.name if who == "them" else me
                text.append(f"{when:%d/%m/%Y, %H:%M} - {author}: {line.format_map(ctx)}")
            whatsapp_export_import(
                actor=merch,
                contact=contact,
                data=("\n".join(text) + "\n").encode(),
                filename=f"WhatsApp Chat with {contact.name}.txt",
                me=me,
                date_order="dmy",
                time_zone=str(CHINA),
            )

    def logged(self) -> None:
        """WeChat chats, calls and a meeting, as a merchandiser or salesperson logs them."""
        logged: set[int] = set()
        for channel, direction, role, about_order, summary in stories.LOGGED:
            order: Order | None = None
            if about_order:
                candidates = [o for o in self._pool("open") if o.contact is not None]
                if channel == "wechat":
                    candidates = [
                        o for o in candidates if o.contact and o.contact.wechat
                    ] or candidates
                candidates = [o for o in candidates if o.contact_id not in logged] or candidates
                if not candidates:
                    continue
                order = self.rng.choice(candidates)
                contact = order.contact
            else:
                contact = self.pick_contact(Story("meeting", "en", (), stages=("lead", "prospect")))
            if contact is None:
                continue
            logged.add(contact.pk)
            team_key = self.team_keys.get(contact.customer.team_id, "")
            if team_key not in self.mailboxes:
                continue
            ctx, _etd = self.context(team_key=team_key, order=order, contact=contact)
            day = self.today - dt.timedelta(days=self.rng.randint(2, WINDOW_DAYS))
            start = dt.datetime.combine(day, dt.time(9), tzinfo=CHINA)
            logged_contact_create(
                actor=self._user(role, team_key),
                channel=channel,
                direction=direction,
                occurred_at=self._office(
                    start + dt.timedelta(minutes=self.rng.randint(0, 540)), CHINA
                ),
                customer=contact.customer,
                summary=summary.format_map(ctx),
                contact=contact,
                order=order,
            )

    def stamp_received(self) -> None:
        """When each mail reached the mailbox: a few minutes after it was sent."""
        for message in self.sent:
            delay = 0 if message.direction == Direction.OUTBOUND else self.rng.randint(30, 400)
            message.received_at = message.sent_at + dt.timedelta(seconds=delay)
        Message.objects.bulk_update(self.sent, ["received_at"], batch_size=500)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def _address(person: _Person) -> Address:
    local, _at, domain = person.address.partition("@")
    return Address(display_name=person.name, username=local, domain=domain)


def _quote(parent: _Sent, zone: ZoneInfo, language: str) -> str:
    """The message replied to, quoted the way the writer's mail program does."""
    when = parent.moment.astimezone(zone)
    if language == "zh":  # Foxmail and QQ Mail put the original under a header block
        return (
            "\n\n------------------ 原始邮件 ------------------\n"
            f'发件人: "{parent.name}" <{parent.address}>\n'
            f"发送时间: {when:%Y年%m月%d日 %H:%M}\n主题: {parent.subject}\n\n{parent.body}"
        )
    head = QUOTE_HEADS.get(language, QUOTE_HEADS["en"]).format(
        when=f"{when:%Y-%m-%d %H:%M}", who=f"{parent.name} <{parent.address}>"
    )
    quoted = "\n".join(f"> {line}" if line else ">" for line in parent.body.splitlines())
    return f"\n\n{head}\n{quoted}"


def _html(body: str, writer: _Person) -> str:
    """An HTML part as Outlook makes it, with the company logo from the sender's web site."""
    paragraphs = "".join(
        "<p>" + escape(block).replace("\n", "<br>\n") + "</p>\n" for block in body.split("\n\n")
    )
    domain = writer.address.rsplit("@", 1)[-1]
    logo = f'<p><img src="https://www.{domain}/images/mail-logo.png" alt="" width="140"></p>'
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        '<body lang="EN-US"><div style="font-family:Calibri,Arial,sans-serif;font-size:11pt">\n'
        f"{paragraphs}{logo}</div></body></html>\n"
    )


# --- The whole of it ------------------------------------------------------------------------


def create_conversations(
    rng: random.Random,
    *,
    teams: dict[str, Team],
    staff: Staff,
    products: list[ProductRow],
    today: dt.date,
) -> TalkResult:
    """Mailboxes and templates (those missing), then the conversations, once."""
    result = TalkResult()
    admin = staff.by_username.get("admin")
    mailboxes, result.mailboxes = _ensure_mailboxes(teams, admin)
    result.templates = _ensure_templates(admin)
    if Message.objects.filter(mailbox__in=list(mailboxes.values())).exists():
        return result  # told by an earlier run
    before = Message.objects.aggregate(last=Max("id"))["last"] or 0
    teller = _Teller(
        rng, teams=teams, mailboxes=mailboxes, staff=staff, products=products, today=today
    )
    for story in stories.STORIES:
        for _copy in range(story.copies):
            teller.tell(story)
    teller.chats()
    teller.logged()
    teller.stamp_received()
    new = Message.objects.filter(id__gt=before)
    result.messages = new.count()
    result.conversations = new.exclude(thread=None).values("thread_id").distinct().count()
    return result
