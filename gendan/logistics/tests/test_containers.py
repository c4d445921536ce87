"""Container numbers, size-types, B/L numbers, SCAC and UN/LOCODE (REFERENCE.md §4.2–4.3)."""

from decimal import Decimal

import pytest

from gendan.logistics.containers import (
    CONTAINER_TYPES,
    LETTER_VALUES,
    BillOfLadingError,
    ContainerNumberError,
    ContainerTypeError,
    LocodeError,
    ScacError,
    ShippingReferenceError,
    bill_of_lading_carrier_hint,
    bill_of_lading_clean,
    container_check_digit,
    container_number_clean,
    container_number_validate,
    container_type,
    scac_validate,
    unlocode_validate,
)

# §4.2 letter values, as printed.
LETTER_TABLE = """
| A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q | R | S | T | U | V | W | X | Y | Z |
| 10 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30 | 31 | 32 | 34 | 35 | 36 | 37 | 38 |
"""


def test_letter_values_are_the_printed_table():
    letters, values = (line.strip("|").split("|") for line in LETTER_TABLE.strip().splitlines())
    assert {
        letter.strip(): int(value) for letter, value in zip(letters, values, strict=True)
    } == LETTER_VALUES


@pytest.mark.parametrize(
    ("prefix", "digit"),
    [
        ("CSQU305438", 3),  # the worked example: sum 6185, mod 11 = 3
        ("APZU481209", 0),  # DCSA's example: sum 5720, mod 11 = 0
        ("TEMU627540", 1),
        ("MSKU000008", 0),  # remainder 10 → 0
    ],
)
def test_check_digits_of_the_reference_examples(prefix, digit):
    assert container_check_digit(prefix) == digit


def test_remainder_ten_is_written_zero():
    # M 24 + S 30·2 + K 21·4 + U 32·8 + 8·512 = 4520 = 410·11 + 10
    assert 24 + 30 * 2 + 21 * 4 + 32 * 8 + 8 * 512 == 4520
    assert 4520 % 11 == 10
    assert container_check_digit("MSKU000008") == 0
    assert container_number_validate("MSKU0000080") == "MSKU0000080"


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("CSQU3054383", "CSQU3054383"),
        ("CSQU 305438 3", "CSQU3054383"),
        ("csqu-305438-3", "CSQU3054383"),
        (" apzu 481209-0 ", "APZU4812090"),
        ("TEMU\t6275401", "TEMU6275401"),
    ],
)
def test_valid_numbers_come_back_clean(text, clean):
    assert container_number_clean(text) == clean
    assert container_number_validate(text) == clean


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CSQU3054384", "The check digit of CSQU3054384 should be 3."),
        ("CSQU 305438 4", "The check digit of CSQU3054384 should be 3."),
        ("APZU4812091", "The check digit of APZU4812091 should be 0."),
        ("MSKU0000081", "The check digit of MSKU0000081 should be 0."),
    ],
)
def test_a_wrong_check_digit_names_the_right_one(text, message):
    with pytest.raises(ContainerNumberError) as raised:
        container_number_validate(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "CSQU305438",  # no check digit
        "CSQU30543833",  # too long
        "CSQR3054383",  # category R is not ISO 6346
        "CS1U3054383",  # owner code with a digit
        "CSQU30543A3",  # serial with a letter
        "CSQU 305438 X",
        "CSQU.305438.3",
    ],
)
def test_malformed_numbers_say_the_format(text):
    with pytest.raises(ContainerNumberError) as raised:
        container_number_validate(text)
    assert "3 letters of the owner code, the category U, J or Z, 6 digits" in str(raised.value)


@pytest.mark.parametrize("category", ["U", "J", "Z"])
def test_every_category_identifier(category):
    prefix = f"ABC{category}123456"
    number = prefix + str(container_check_digit(prefix))
    assert container_number_validate(number) == number


@pytest.mark.parametrize("prefix", ["CSQR305438", "CSQU30543", "CSQU3054383"])
def test_check_digit_needs_a_well_formed_prefix(prefix):
    with pytest.raises(ContainerNumberError):
        container_check_digit(prefix)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("22G1", "22G1"),
        ("42G1", "42G1"),
        ("45G1", "45G1"),
        ("22R1", "22R1"),
        ("45R1", "45R1"),
        ("L5G1", "L5G1"),
        ("22GP", "22G1"),  # DCSA's example, older group form
        ("45gp", "45G1"),
        (" 45 R1", "45R1"),
    ],
)
def test_size_types(code, expected):
    assert container_type(code).code == expected


def test_size_type_figures_are_plausible_for_a_loading_plan():
    assert container_type("22G1").inside_volume_m3 == Decimal("33.2")
    for item in CONTAINER_TYPES.values():
        assert Decimal(20) < item.inside_volume_m3 < Decimal(90)
        assert 20000 < item.max_payload_kg < 30480
    ordered = ["22G1", "42G1", "45G1", "L5G1"]
    volumes = [CONTAINER_TYPES[code].inside_volume_m3 for code in ordered]
    assert volumes == sorted(volumes)


def test_unknown_size_type_names_the_known_ones():
    with pytest.raises(ContainerTypeError) as raised:
        container_type("99X9")
    assert "22G1, 25G1, 42G1, 45G1, L5G1, 22R1" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("MAEU123456789", "MAEU123456789"),
        ("maeu 1234-56789", "MAEU123456789"),
        ("XXXX123456789", "XXXX123456789"),
        ("A", "A"),
        ("HLCU" + "1" * 16, "HLCU1111111111111111"),  # 20 characters, DCSA's cap
    ],
)
def test_bill_of_lading_clean(text, clean):
    assert bill_of_lading_clean(text) == clean


@pytest.mark.parametrize("text", ["", "  ", "MAEU/123", "MAEU_123", "HLCU" + "1" * 17, "提单123"])
def test_bad_bill_of_lading_numbers(text):
    with pytest.raises(BillOfLadingError) as raised:
        bill_of_lading_clean(text)
    assert "1 to 20 letters and digits" in str(raised.value)


@pytest.mark.parametrize(
    ("number", "carrier"),
    [("MEDU1234567", "MSC"), ("maeu 123456789", "Maersk"), ("ABCD123", None)],
)
def test_carrier_hint_from_the_prefix(number, carrier):
    assert bill_of_lading_carrier_hint(number) == carrier


@pytest.mark.parametrize(
    ("text", "scac"), [("MAEU", "MAEU"), ("mscu", "MSCU"), (" UP ", "UP"), ("ABC", "ABC")]
)
def test_scac(text, scac):
    assert scac_validate(text) == scac


@pytest.mark.parametrize("text", ["", "M", "MAEUX", "MA3U", "MA-U"])
def test_bad_scac(text):
    with pytest.raises(ScacError) as raised:
        scac_validate(text)
    assert "2 to 4 letters" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CNSHA", "CNSHA"),
        ("DEHAM", "DEHAM"),
        ("cn sha", "CNSHA"),
        ("CN-NGB", "CNNGB"),
        ("USLA2", "USLA2"),
    ],
)
def test_unlocode(text, code):
    assert unlocode_validate(text) == code


@pytest.mark.parametrize("text", ["CNSH", "CNSHAI", "CNSH1", "CNSH0", "C1SHA", "", "CN.SHA"])
def test_unlocode_format(text):
    with pytest.raises(LocodeError) as raised:
        unlocode_validate(text)
    assert "2 letters of the country and 3 letters or digits 2–9" in str(raised.value)


@pytest.mark.parametrize("text", ["XXSHA", "UKLON", "XZABC"])
def test_unlocode_country_must_exist(text):
    with pytest.raises(LocodeError) as raised:
        unlocode_validate(text)
    assert "ISO 3166 country code" in str(raised.value)


def test_errors_are_value_errors():
    for error in (
        ContainerNumberError,
        ContainerTypeError,
        BillOfLadingError,
        ScacError,
        LocodeError,
    ):
        assert issubclass(error, ShippingReferenceError)
    assert issubclass(ShippingReferenceError, ValueError)
