"""Shipping identifiers: ISO 6346 container numbers and size-types, B/L numbers, SCAC, UN/LOCODE.

Everything here cleans what people paste from booking confirmations and carrier sites
(spaces, dashes, lower case) and refuses what cannot be right, so a typo in a container
number is caught when it is entered, not when the tracking stays silent for a week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django_countries.data import COUNTRIES


class ShippingReferenceError(ValueError):
    """A shipping identifier that cannot be right; the message says what is expected."""


class ContainerNumberError(ShippingReferenceError):
    pass


class ContainerTypeError(ShippingReferenceError):
    pass


class BillOfLadingError(ShippingReferenceError):
    pass


class ScacError(ShippingReferenceError):
    pass


class LocodeError(ShippingReferenceError):
    pass


# --- ISO 6346 container numbers ------------------------------------------------------


def _letter_values() -> dict[str, int]:
    """A = 10, B = 12, …, Z = 38: counting up from 10 and skipping multiples of 11.

    Skipping 11, 22 and 33 keeps a letter from weighing the same as the check-digit modulus.
    """
    values: dict[str, int] = {}
    value = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    return values


LETTER_VALUES = _letter_values()

# Equipment category identifier: U freight container, J detachable freight-container-related
# equipment, Z trailer or chassis.
# Source disagreement (reference §4.2): an old python-stdnum accepted R as a category and
# returned a remainder of 10 as the check "digit"; as the reference recommends, only U, J
# and Z are accepted and 10 is written 0 (sum % 11 % 10).
CATEGORY_IDENTIFIERS = ("U", "J", "Z")

_PREFIX = re.compile(r"[A-Z]{3}[UJZ][0-9]{6}")
_NUMBER = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")
_SEPARATORS = re.compile(r"[\s\-]+")


def _format_error(text: str) -> ContainerNumberError:
    return ContainerNumberError(
        _(
            "“%(number)s” is not a container number: ISO 6346 needs 3 letters of the owner "
            "code, the category U, J or Z, 6 digits and the check digit, e.g. CSQU3054383."
        )
        % {"number": text}
    )


def container_check_digit(prefix10: str) -> int:
    """The ISO 6346 check digit of owner code + category + serial (10 characters).

    Each character's value is weighted by 2**position; the sum modulo 11 is the check
    digit, and a remainder of 10 is written 0 (owners are advised not to issue those).
    """
    prefix = container_number_clean(prefix10)
    if not _PREFIX.fullmatch(prefix):
        raise _format_error(prefix10)
    total = sum(
        (LETTER_VALUES[char] if char.isalpha() else int(char)) << position
        for position, char in enumerate(prefix)
    )
    return total % 11 % 10


def container_number_clean(text: str) -> str:
    """Upper case without spaces or dashes: "csqu 305438-3" → "CSQU3054383"."""
    return _SEPARATORS.sub("", str(text)).upper()


def container_number_validate(text: str) -> str:
    """The clean container number, or ContainerNumberError naming what is wrong.

    A wrong check digit names the right one: the usual mistake is a misread digit.
    """
    number = container_number_clean(text)
    if not _NUMBER.fullmatch(number):
        raise _format_error(text)
    expected = container_check_digit(number[:10])
    if int(number[10]) != expected:
        raise ContainerNumberError(
            _("The check digit of %(number)s should be %(digit)s.")
            % {"number": number, "digit": expected}
        )
    return number


# --- Size-type codes -----------------------------------------------------------------


@dataclass(frozen=True)
class ContainerType:
    """A size-type code with what a loading plan needs.

    The volume and payload are TYPICAL figures for the type, not those of any one
    container: the real maximum payload is on the container's CSC plate and varies by
    builder and tare; check it for heavy cargo.
    """

    code: str
    description: str
    inside_volume_m3: Decimal
    max_payload_kg: int


# ISO 6346 size-type codes (length, height/width, type, detail).  Typical figures only.
CONTAINER_TYPES: dict[str, ContainerType] = {
    item.code: item
    for item in (
        ContainerType("22G1", "20' general purpose", Decimal("33.2"), 28200),
        ContainerType("25G1", "20' high cube general purpose", Decimal("37.3"), 28000),
        ContainerType("42G1", "40' general purpose", Decimal("67.7"), 26700),
        ContainerType("45G1", "40' high cube general purpose", Decimal("76.3"), 26500),
        ContainerType("L5G1", "45' high cube general purpose", Decimal("86.0"), 27700),
        ContainerType("22R1", "20' reefer", Decimal("28.3"), 27400),
        ContainerType("42R1", "40' reefer", Decimal("59.3"), 27700),
        ContainerType("45R1", "40' high cube reefer", Decimal("67.3"), 29000),
        ContainerType("22U1", "20' open top", Decimal("32.5"), 28100),
        ContainerType("42U1", "40' open top", Decimal("65.9"), 26600),
    )
}

# The older group form (DCSA's examples use 22GP) for the same types.
TYPE_GROUP_ALIASES = {
    "22GP": "22G1",
    "25GP": "25G1",
    "42GP": "42G1",
    "45GP": "45G1",
    "L5GP": "L5G1",
    "22RT": "22R1",
    "42RT": "42R1",
    "45RT": "45R1",
    "22UT": "22U1",
    "42UT": "42U1",
}


def container_type(code: str) -> ContainerType:
    """The size-type for "45G1" or its group form "45GP"; ContainerTypeError otherwise."""
    clean = container_number_clean(code)
    found = CONTAINER_TYPES.get(TYPE_GROUP_ALIASES.get(clean, clean))
    if found is None:
        raise ContainerTypeError(
            _("Unknown container size-type “%(code)s”; the known types are %(allowed)s.")
            % {"code": code, "allowed": ", ".join(CONTAINER_TYPES)}
        )
    return found


# --- Bills of lading and SCAC --------------------------------------------------------

# DCSA caps transportDocumentReference at 20 characters; there is no international
# standard for the rest of a B/L number's format.
BILL_OF_LADING_MAX_LENGTH = 20
_BILL = re.compile(r"[A-Z0-9]+")
_SCAC = re.compile(r"[A-Z]{2,4}")

# B/L prefixes commonly seen (not verified against the NMFTA registry): a hint only.
# MEDU is MSC's B/L prefix while its SCAC is MSCU; container owner codes (MSKU, MRKU) differ.
BILL_OF_LADING_PREFIXES = {
    "MAEU": "Maersk",
    "MEDU": "MSC",
    "CMDU": "CMA CGM",
    "COSU": "COSCO",
    "HLCU": "Hapag-Lloyd",
    "ONEY": "ONE",
    "EGLV": "Evergreen",
    "OOLU": "OOCL",
    "YMLU": "Yang Ming",
    "HDMU": "HMM",
    "ZIMU": "ZIM",
}


def bill_of_lading_clean(text: str) -> str:
    """Upper case, without spaces or dashes, letters and digits only, at most 20 characters.

    US customs systems transmit the number without spaces or hyphens, and so do carriers'
    tracking pages; comparing clean numbers finds the same bill typed two ways.
    """
    number = _SEPARATORS.sub("", str(text)).upper()
    if not _BILL.fullmatch(number) or len(number) > BILL_OF_LADING_MAX_LENGTH:
        raise BillOfLadingError(
            _(
                "“%(number)s” is not a bill of lading number: use 1 to %(max)s letters "
                "and digits (spaces and dashes are removed)."
            )
            % {"number": text, "max": BILL_OF_LADING_MAX_LENGTH}
        )
    return number


def scac_validate(text: str) -> str:
    """A Standard Carrier Alpha Code: 2 to 4 letters, returned in upper case."""
    code = str(text).strip().upper()
    if not _SCAC.fullmatch(code):
        raise ScacError(
            _("“%(scac)s” is not a SCAC: a carrier code is 2 to 4 letters A–Z, e.g. MAEU.")
            % {"scac": text}
        )
    return code


def bill_of_lading_carrier_hint(number: str) -> str | None:
    """The carrier a B/L number's first 4 letters usually stand for, or None.

    Only a hint for the form: the issuer's SCAC is stored on its own, as house bills of
    forwarders carry their own prefixes.
    """
    return BILL_OF_LADING_PREFIXES.get(bill_of_lading_clean(number)[:4])


# --- UN/LOCODE -----------------------------------------------------------------------

_LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")


def unlocode_validate(text: str) -> str:
    """A UN/LOCODE such as CNSHA: ISO 3166 country + 3 letters or digits 2–9.

    Printed forms "CN SHA" and "cn-sha" are accepted and returned as "CNSHA".
    """
    code = _SEPARATORS.sub("", str(text)).upper()
    if not _LOCODE.fullmatch(code):
        raise LocodeError(
            _(
                "“%(code)s” is not a UN/LOCODE: 2 letters of the country and 3 letters "
                "or digits 2–9, e.g. CNSHA or DEHAM."
            )
            % {"code": text}
        )
    if code[:2] not in COUNTRIES:
        raise LocodeError(
            _("“%(code)s” does not start with an ISO 3166 country code.") % {"code": text}
        )
    return code
