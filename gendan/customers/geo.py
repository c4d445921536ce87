"""Country facts a customer record is filled from: time zone and languages."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages
from django.utils import translation

# Countries spanning several zones: the zone most of their business runs on.
PRIMARY_ZONE = {
    "US": "America/New_York", "CA": "America/Toronto", "RU": "Europe/Moscow",
    "BR": "America/Sao_Paulo", "AU": "Australia/Sydney", "MX": "America/Mexico_City",
    "ID": "Asia/Jakarta", "KZ": "Asia/Almaty", "CN": "Asia/Shanghai", "CL": "America/Santiago",
    "AR": "America/Argentina/Buenos_Aires", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "DE": "Europe/Berlin", "EC": "America/Guayaquil", "NZ": "Pacific/Auckland",
    "CD": "Africa/Kinshasa", "MN": "Asia/Ulaanbaatar", "UA": "Europe/Kyiv",
    "MY": "Asia/Kuala_Lumpur", "UZ": "Asia/Tashkent", "GL": "America/Nuuk",
}  # fmt: skip

# The languages a trading company writes to customers in.
LANGUAGE_CODES = [
    "en", "zh", "es", "fr", "de", "ru", "ar", "pt", "it", "ja", "ko", "tr", "nl", "pl", "vi",
    "th", "id", "ms", "hi", "fa", "he", "el", "sv", "da", "no", "fi", "cs", "ro", "hu", "uk",
]  # fmt: skip


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def default_time_zone(country: str) -> str:
    """The main IANA zone of a country (ISO 3166 alpha-2), or '' if unknown."""
    country = (country or "").upper()
    if country in PRIMARY_ZONE:
        return PRIMARY_ZONE[country]
    zones = [zone for zone in get_global("territory_zones").get(country, []) if zone in _zones()]
    return zones[0] if zones else ""


# Where CLDR names no official language but business is plainly done in one.
DE_FACTO_LANGUAGES = {"MX": ["es"], "US": ["en"], "GB": ["en"], "AU": ["en"]}


def default_languages(country: str) -> list[str]:
    """Official languages of a country that we offer, English added for business."""
    country = (country or "").upper()
    codes = DE_FACTO_LANGUAGES.get(country) or [
        code.split("_")[0] for code in get_official_languages(country)
    ]
    langs = [code for code in dict.fromkeys(codes) if code in LANGUAGE_CODES][:2]
    if "en" not in langs:
        langs.append("en")
    return langs


def is_time_zone(name: str) -> bool:
    return name in _zones()


@cache
def _language_choices(ui: str) -> list[tuple[str, str]]:
    locale = Locale.parse("zh_Hans" if ui.startswith("zh") else "en")
    return [(code, f"{locale.languages.get(code, code)} ({code})") for code in LANGUAGE_CODES]


def language_choices() -> list[tuple[str, str]]:
    return _language_choices(translation.get_language() or "en")


def language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)
