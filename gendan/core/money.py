"""Money: ``Decimal`` amounts with an ISO 4217 code, rounded to the currency's minor units."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import format_currency, get_currency_name, get_currency_precision
from django.utils import translation

# The currencies an exporter invoices in, first the common ones; any ISO 4217 code works.
COMMON_CURRENCIES = [
    "USD", "EUR", "CNY", "GBP", "JPY", "HKD", "AUD", "CAD", "CHF", "SGD", "AED", "SAR",
    "RUB", "INR", "BRL", "MXN", "ZAR", "KRW", "THB", "MYR", "IDR", "VND", "PHP", "TRY",
    "PLN", "SEK", "NOK", "DKK", "NZD", "CLP", "COP", "PEN", "NGN", "EGP", "KWD", "ILS",
]  # fmt: skip


def babel_locale(language: str | None = None) -> str:
    language = language or translation.get_language() or "en"
    return "zh_Hans_CN" if language.lower().startswith("zh") else "en_US"


@cache
def minor_units(currency: str) -> int:
    """Decimal places of the currency: USD 2, JPY 0, KWD 3."""
    return get_currency_precision(currency)


def quantize(amount: Decimal, currency: str) -> Decimal:
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None, currency: str, language: str | None = None) -> str:
    if amount is None:
        return ""
    return format_currency(quantize(amount, currency), currency, locale=babel_locale(language))


@cache
def _currency_choices(locale: str) -> list[tuple[str, str]]:
    return [
        (code, f"{code} · {get_currency_name(code, locale=locale)}") for code in COMMON_CURRENCIES
    ]


def currency_choices() -> list[tuple[str, str]]:
    return _currency_choices(babel_locale())


def is_currency(code: str) -> bool:
    """True for a current ISO 4217 code Babel knows."""
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return False
    from babel.numbers import list_currencies

    return code in list_currencies()
