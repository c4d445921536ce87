"""Reading uploaded files and cells: encodings, delimiters, broken files, headers and values."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy

from gendan.core import tabular
from gendan.core.tabular import TabularError, read_table
from gendan.dataio.importing import (
    ImportField,
    clean_cell,
    match_headers,
    parse_bool,
    parse_country,
    parse_date,
    parse_decimal,
    run_import,
)
from gendan.dataio.tests.import_support import csv_bytes, database_state, xlsx_bytes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def test_an_xlsx_is_read_with_the_row_numbers_the_spreadsheet_shows():
    data = xlsx_bytes(["Name", "Count"], [["a", 1], [None, None], ["b", 2.5]])
    table = read_table(data, filename="x.xlsx", max_rows=10)
    assert table.headers == ["Name", "Count"]
    assert table.rows == [
        (2, ["a", 1]),
        (4, ["b", 2.5]),
    ]  # the empty row 3 is skipped, not renumbered


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")],
)
def test_csv_text_encodings_are_detected(encoding, prefix):
    data = prefix + csv_bytes(
        ["公司名称", "City"], [["上海贸易有限公司", "上海"]], encoding=encoding
    )
    table = read_table(data, filename="x.csv", max_rows=10)
    assert table.headers == ["公司名称", "City"]
    assert table.rows == [(2, ["上海贸易有限公司", "上海"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_csv_delimiter_is_sniffed(delimiter):
    data = csv_bytes(["Name", "Note"], [["a, b; c", "x"]], delimiter=delimiter)
    assert read_table(data, filename="x.csv", max_rows=10).rows == [(2, ["a, b; c", "x"])]


def test_a_quoted_cell_over_several_lines_is_one_row():
    data = b'Name,Note\n"a","line one\nline two"\nb,c\n'
    assert read_table(data, filename="x.csv", max_rows=10).rows == [
        (2, ["a", "line one\nline two"]),
        (3, ["b", "c"]),
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (PNG, "logo.xlsx", "not an Excel workbook"),
        (PNG, "logo.csv", "not a spreadsheet"),
        (b"PK\x03\x04garbage that is no zip", "x.xlsx", "not an Excel workbook"),
        (b"", "x.csv", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", ".xls"),
        (b"\x81\x30\xff\xfe\xfd,x\n", "x.csv", "encoding"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_a_clear_error(data, filename, message):
    with pytest.raises(TabularError, match=message):
        read_table(data, filename=filename, max_rows=10)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(TabularError, match="zip archive"):
        read_table(_zip({"readme.txt": b"hello"}), filename="x.xlsx", max_rows=10)


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _zip(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (2 * 1024 * 1024)}
    )
    assert len(bomb) < 10 * 1024  # a bomb is small packed and huge unpacked
    with pytest.raises(TabularError, match="unpacks"):
        read_table(bomb, filename="x.xlsx", max_rows=10)


def test_a_damaged_workbook_is_a_clear_error():
    broken = _zip({"xl/workbook.xml": b"<not really", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(TabularError, match="cannot be read"):
        read_table(broken, filename="x.xlsx", max_rows=10)


def test_more_rows_than_the_limit_is_one_clear_error():
    data = csv_bytes(["Name"], [[f"n{i}"] for i in range(11)])
    assert len(read_table(data, filename="x.csv", max_rows=11).rows) == 11
    with pytest.raises(TabularError, match="more than 10 rows"):
        read_table(data, filename="x.csv", max_rows=10)


@pytest.mark.django_db
def test_an_import_over_the_row_limit_writes_nothing(settings, merchandiser, team_a):
    settings.IMPORT_MAX_ROWS = 2
    before = database_state()
    data = xlsx_bytes(["Company name", "Country"], [["A", "DE"], ["B", "DE"], ["C", "DE"]])
    result = run_import(kind="customers", data=data, filename="x.xlsx", user=merchandiser)
    assert [(e.row, e.column) for e in result.errors] == [(None, "")]
    assert "more than 2 rows" in result.errors[0].message
    assert database_state() == before


def test_only_the_exports_own_apostrophe_is_removed():
    assert clean_cell("'=SUM(A1:A3)") == "=SUM(A1:A3)"
    assert clean_cell("'+49 30 1234567") == "+49 30 1234567"
    assert clean_cell("''=x") == "''=x"
    assert clean_cell("'t Hoen") == "'t Hoen"
    assert clean_cell("  ") is None
    assert clean_cell(12) == 12


def test_headers_match_in_any_language_of_the_site():
    # A stand-in for a translated catalogue: the header reads differently per language.
    header = lazy(
        lambda: "客户编号" if translation.get_language() == "zh-hans" else "Customer code", str
    )()
    fields = [ImportField("code", header), ImportField("name", "Company name")]
    for headers in (
        ["客户编号", "name"],
        ["customer code", "Company Name"],
        ["CODE", " company_name "],
    ):
        mapping, warnings, errors = match_headers(headers, fields, header_row=1)
        assert [f.key for f in mapping.values()] == ["code", "name"], headers
        assert (warnings, errors) == ([], [])


def test_a_column_given_twice_is_an_error():
    fields = [ImportField("code", "Customer code")]
    _mapping, _warnings, errors = match_headers(["Customer code", "code"], fields, header_row=1)
    assert [(e.row, e.column) for e in errors] == [(1, "code")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, Decimal("12")),
        (8.1, Decimal("8.1")),
        (8.100000000000001, Decimal("8.1")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1 234 567", Decimal("1234567")),
        ("1.234.567", Decimal("1234567")),
        ("12,5", Decimal("12.5")),
        ("7.200", Decimal("7.200")),
        ("-3", Decimal("-3")),
        ("１２３", Decimal("123")),
    ],
)
def test_numbers_are_read_as_people_write_them(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["twelve", "1,2,3", "NaN", "Infinity", True])
def test_text_that_is_not_a_number_is_refused(value):
    with pytest.raises(ValidationError):
        parse_decimal(value)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 11, 2),
        dt.datetime(2026, 11, 2, 0, 0),  # noqa: DTZ001 - Excel cells carry no time zone
        "2026-11-02",
        "2026/11/2",
        "2026年11月2日",
        "2026-11-02 00:00:00",
        46328,
    ],
)
def test_dates_are_read_from_excel_dates_and_iso_text(value):
    assert parse_date(value) == dt.date(2026, 11, 2)


@pytest.mark.parametrize("value", ["02.11.2026", "2026-13-01", "soon"])
def test_other_date_text_is_refused(value):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yes", True),
        ("是", True),
        ("no", False),
        ("否", False),
        ("", None),
        (1, True),
        (False, False),
    ],
)
def test_yes_and_no_in_english_and_chinese(value, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            parse_bool(value)
    else:
        assert parse_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "DE"),
        ("DEU", "DE"),
        ("Germany", "DE"),
        ("germany", "DE"),
        ("德国", "DE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("中国", "CN"),
    ],
)
def test_countries_by_code_or_english_or_chinese_name(value, code):
    assert parse_country(value) == code


@pytest.mark.parametrize("kind", ["customers", "contacts", "products", "orders"])
def test_no_two_fields_of_an_import_answer_to_the_same_header(kind):
    from gendan.dataio.importing import importer_for

    seen: dict[str, str] = {}
    for field in importer_for(kind).fields():
        for name in field.variants():
            assert seen.setdefault(name, field.key) == field.key, (name, field.key, seen[name])
