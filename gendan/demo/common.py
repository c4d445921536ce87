"""What the parts of the demo generator share: rows, random helpers, phone numbers, time."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import phonenumbers
from django.db import models

from gendan.accounts.models import User
from gendan.core.money import minor_units
from gendan.orders.models import PaymentTerm

from . import data

CHINA = ZoneInfo("Asia/Shanghai")  # where the exporter's staff work
ORDER_WINDOW_DAYS = 730  # PI dates reach this far back

Progress = Callable[[str, int, int], None]
T = TypeVar("T")

# (term, deposit %, days): what a customer usually pays on, weighted
PAYMENT_PROFILES = (
    ((PaymentTerm.TT, Decimal("30"), None), 52), ((PaymentTerm.TT, Decimal("20"), None), 4),
    ((PaymentTerm.TT, Decimal("40"), None), 4), ((PaymentTerm.TT, Decimal("50"), None), 4),
    ((PaymentTerm.TT, Decimal("0"), None), 5), ((PaymentTerm.LC_SIGHT, Decimal("0"), None), 10),
    ((PaymentTerm.LC_USANCE, Decimal("0"), 90), 3), ((PaymentTerm.OA, Decimal("0"), 60), 6),
    ((PaymentTerm.OA, Decimal("0"), 30), 2), ((PaymentTerm.DP, Decimal("0"), None), 7),
    ((PaymentTerm.DA, Decimal("0"), 60), 3),
)  # fmt: skip


@dataclass
class ProductRow:
    id: int
    name: str
    unit: str
    per_carton: int
    usd_low: Decimal
    usd_high: Decimal
    group: str


@dataclass
class CustomerRow:
    """What order generation needs to know about one customer."""

    id: int
    market: data.Market
    team_id: int
    city: str
    stage: str
    group: str  # the product group it mostly buys
    currency: str
    payment: tuple[str, Decimal, int | None]  # term, deposit %, days
    po_style: int
    weight: float
    sales_id: int | None = None
    merchandiser_id: int | None = None
    contact_id: int | None = None


@dataclass
class Staff:
    by_username: dict[str, User] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    # team id -> (sales user id, merchandiser user id)
    desk: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)


# --- Small helpers --------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "œ": "oe"}
)  # fmt: skip


def ascii_slug(text: str, sep: str = "") -> str:
    """'Müller Küchenbedarf' -> 'mullerkuchenbedarf': the letters a mail address can hold."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT).replace("&", " and "))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", sep, text).strip(sep)


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    """One of the values, drawn by the weights beside them."""
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def china_time(day: dt.date, seconds: int) -> dt.datetime:
    """A moment of a working day in China, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=CHINA) + dt.timedelta(seconds=seconds)


def office_seconds(rng: random.Random, day: dt.date, now: dt.datetime) -> int:
    """Seconds after midnight in China of something done on ``day``, never after ``now``."""
    seconds = rng.randint(8 * 3600 + 1800, 18 * 3600 + 1800)
    elapsed = int((now - china_time(day, 0)).total_seconds())
    return min(seconds, max(0, elapsed - rng.randint(60, 3600)))


@cache
def _example_number(region: str, kind: int) -> str:
    number = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(
        region
    )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def phone_number(rng: random.Random, region: str, *, mobile: bool) -> str:
    """A valid E.164 number of ``region``: the example number with its last digits varied."""
    kind = (
        phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    example = _example_number(region, kind)
    if not example:
        return ""
    accepted = {kind, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    for tail in (6, 5, 4, 3):
        if len(example) - tail < 4:
            continue
        for _ in range(8):
            candidate = example[:-tail] + "".join(rng.choice("0123456789") for _ in range(tail))
            parsed = phonenumbers.parse(candidate)
            if (
                phonenumbers.is_valid_number(parsed)
                and phonenumbers.number_type(parsed) in accepted
                and phonenumbers.region_code_for_number(parsed) == region
            ):
                return candidate
    return example


@contextmanager
def timestamps_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk rows keep the created/updated times we give them.

    ``auto_now``/``auto_now_add`` would stamp every demo row with this second; a demo
    whose orders were all created at once looks nothing like two years of trade.  The
    flags are process-wide, so this is for single-threaded commands only.
    """
    changed: list[tuple[models.DateField, bool, bool]] = []
    for model in model_classes:
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def unit_price(usd: Decimal, currency: str) -> Decimal:
    price = usd * data.USD_RATES.get(currency, Decimal(1))
    # Screws and hinges cost fractions of a cent: the trade prices them to four places.
    places = 4 if price < 1 else minor_units(currency)
    return price.quantize(Decimal(1).scaleb(-places))
