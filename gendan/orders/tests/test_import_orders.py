"""Importing orders: one row per line, rows of one PI number are one order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from gendan.catalog.tests.factories import ProductFactory
from gendan.core.models import NumberSequence
from gendan.customers.models import Customer
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.dataio.importing import run_import
from gendan.dataio.tests.import_support import database_state, download, sheet_rows, xlsx_bytes
from gendan.orders.importers import status_path
from gendan.orders.models import Order, OrderLine
from gendan.orders.services import LineInput, order_create, order_set_status

pytestmark = pytest.mark.django_db

HEADERS = ["PI number", "PI date", "Customer code", "Currency", "Incoterm", "Named place", "Payment terms",
           "Deposit %", "Promised ship date", "Status", "Line", "SKU", "Description", "Quantity", "Unit", "Unit price"]  # fmt: skip


def _import(user, data: bytes, filename: str = "orders.xlsx", **kwargs):
    return run_import(kind="orders", data=data, filename=filename, user=user, **kwargs)


@pytest.fixture
def customer(team_a):
    customer = CustomerFactory(team=team_a, code="C-1", name="Hamburg Haus GmbH")
    ContactFactory(customer=customer, is_primary=True)
    return customer


@pytest.fixture
def kettle():
    return ProductFactory(sku="K-1", name="Kettle", unit="pcs")


@pytest.fixture
def toaster():
    return ProductFactory(sku="T-1", name="Toaster", unit="sets")


def _rows(number: str = "PI-2026-9001", **changes):
    order = [
        "2026-11-02",
        "C-1",
        "EUR",
        "FOB",
        "Ningbo",
        "T/T (deposit and balance)",
        "30%",
        dt.date(2027, 1, 15),
        "Draft",
    ]
    rows = [
        [number, *order, 1, "K-1", "", 500, "", "12.50"],
        [number, *order, 2, "T-1", "Toaster, red", "1,200", "sets", 8.9],
    ]
    return rows


def test_a_good_file_creates_an_order_with_its_lines(merchandiser, customer, kettle, toaster):
    result = _import(merchandiser, xlsx_bytes(HEADERS, _rows()))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    order = Order.objects.get(number="PI-2026-9001")
    assert (order.customer, order.team_id, order.currency, order.incoterm, order.incoterm_place) == (
        customer, customer.team_id, "EUR", "FOB", "Ningbo",
    )  # fmt: skip
    assert (order.order_date, order.promised_ship_date) == (
        dt.date(2026, 11, 2),
        dt.date(2027, 1, 15),
    )
    assert (order.payment_term, order.deposit_percent, order.status) == (
        "tt",
        Decimal("30"),
        "draft",
    )
    assert order.contact == customer.contacts.get(is_primary=True)
    lines = list(order.lines.order_by("position"))
    assert [(li.product, li.description, li.quantity, li.unit, li.unit_price) for li in lines] == [
        (kettle, "Kettle", Decimal("500"), "pcs", Decimal("12.5")),
        (toaster, "Toaster, red", Decimal("1200"), "sets", Decimal("8.9")),
    ]
    assert order.total_amount == Decimal("16930.00")


def test_one_bad_row_writes_nothing_not_even_an_order_number(
    merchandiser, customer, kettle, toaster
):
    NumberSequence.objects.create(key="order:2026", last_value=7)
    before = database_state()
    rows = _rows("PI-A") + _rows("PI-B")
    rows[3][13] = "-5"  # PI-B line 2: negative quantity
    rows.append(
        [
            "PI-C",
            "2026-11-02",
            "C-404",
            "EUR",
            "FOB",
            "Ningbo",
            "tt",
            30,
            "2027-01-15",
            "",
            1,
            "K-1",
            "",
            1,
            "",
            1,
        ]
    )
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert {(e.row, e.column) for e in result.errors} == {(5, "Quantity"), (6, "Customer code")}
    assert database_state() == before


def test_a_service_error_names_the_row_and_column(merchandiser, customer, kettle):
    rows = [
        [
            "PI-S",
            "2026-11-02",
            "C-1",
            "EUR",
            "FOB",
            "Ningbo",
            "L/C usance",
            "",
            "2027-01-15",
            "",
            1,
            "K-1",
            "",
            1,
            "",
            1,
        ]
    ]
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Payment days")]
    assert not Order.objects.exists()


def test_importing_the_same_file_twice_creates_nothing_twice(
    merchandiser, customer, kettle, toaster
):
    data = xlsx_bytes(HEADERS, _rows())
    assert _import(merchandiser, data).created == 1
    order = Order.objects.get()
    state = database_state()
    second = _import(merchandiser, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert database_state() == state
    order.refresh_from_db()
    assert order.version == Order.objects.get().version


def test_a_changed_file_updates_the_order_and_replaces_its_lines(
    merchandiser, customer, kettle, toaster
):
    assert _import(merchandiser, xlsx_bytes(HEADERS, _rows())).created == 1
    first_line = Order.objects.get().lines.get(position=1)
    rows = _rows()[:1]
    rows[0][5] = "Shanghai"  # named place
    rows[0][15] = "11.00"  # unit price of line 1; line 2 is gone from the file
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert result.errors == []
    assert (result.created, result.updated) == (0, 1)
    order = Order.objects.get()
    assert order.incoterm_place == "Shanghai"
    assert [(li.pk, li.unit_price) for li in order.lines.all()] == [
        (first_line.pk, Decimal("11.00"))
    ]
    assert order.total_amount == Decimal("5500.00")


def test_the_pi_number_is_required_on_every_row(merchandiser, customer, kettle):
    rows = _rows()
    rows[1][0] = ""
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "PI number")]
    assert not Order.objects.exists()
    assert [
        (e.row, e.column) for e in _import(merchandiser, xlsx_bytes(["SKU"], [["K-1"]])).errors
    ] == [(1, "PI number")]


def test_rows_of_one_order_must_agree_on_the_order_values(merchandiser, customer, kettle, toaster):
    rows = _rows()
    rows[1][3] = "USD"
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Currency")]
    assert "row 2" in result.errors[0].message


def test_an_order_of_another_team_is_an_error_for_that_row(
    merchandiser, customer, kettle, toaster, team_b
):
    CustomerFactory(team=team_b, code="B-1")
    other = Customer.objects.get(code="B-1")
    order_create(actor=None, customer=other, number="PI-B-1", lines=[LineInput(quantity=Decimal(1), unit_price=Decimal(1), product=kettle)],
                 promised_ship_date=dt.date(2027, 1, 1), incoterm_place="Ningbo")  # fmt: skip
    rows = _rows("PI-B-1")
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "PI number")]
    rows = _rows()
    for row in rows:
        row[2] = "B-1"
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "Customer code", "B-1")]
    assert "no customer B-1 in your teams" in result.errors[0].message


def test_the_status_is_reached_through_the_allowed_steps(merchandiser, customer, kettle, toaster):
    rows = _rows()
    for row in rows:
        row[9] = "Shipped"
    assert _import(merchandiser, xlsx_bytes(HEADERS, rows)).created == 1
    assert Order.objects.get().status == "shipped"
    assert status_path("draft", "shipped") == ["confirmed", "in_production", "shipped"]
    assert status_path("completed", "cancelled") == ["shipped", "in_production", "cancelled"]


def _export(client, user, **extra) -> bytes:
    client.force_login(user)
    return download(client.get(reverse("orders:export"), **extra))


def _orders(customer, kettle, toaster, merchandiser):
    lines = [
        LineInput(quantity=Decimal("500"), unit_price=Decimal("12.5"), product=kettle),
        LineInput(
            quantity=Decimal("0.5"),
            unit_price=Decimal("1999.99"),
            description="=Tooling charge",
            unit="sets",
        ),
        LineInput(
            quantity=Decimal("1200"),
            unit_price=Decimal("8.9"),
            product=toaster,
            description="Toaster, red",
        ),
    ]
    draft = order_create(actor=merchandiser, customer=customer, lines=lines, promised_ship_date=dt.date(2027, 2, 1),
                         incoterm_place="Ningbo", currency="EUR", customer_po="PO-77", merchandiser=merchandiser,
                         order_date=dt.date(2026, 11, 2), deposit_percent=Decimal("25"))  # fmt: skip
    lc = order_create(actor=merchandiser, customer=customer, lines=lines[:1], promised_ship_date=dt.date(2027, 3, 1),
                      incoterm_place="Shanghai", payment_term="lc_usance", payment_days=60, incoterm="CIF")  # fmt: skip
    order_set_status(actor=merchandiser, order=lc, status="confirmed")
    done = order_create(actor=merchandiser, customer=customer, lines=lines[2:], promised_ship_date=dt.date(2027, 3, 1),
                        incoterm_place="Xiamen", currency="JPY")  # fmt: skip
    for status in ("confirmed", "in_production", "shipped", "completed"):
        done = order_set_status(actor=merchandiser, order=done, status=status)
    return [draft, lc, done]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_export_imports_back_unchanged(
    client, settings, merchandiser, customer, kettle, toaster, language
):
    settings.LANGUAGE_CODE = language
    _orders(customer, kettle, toaster, merchandiser)
    client.cookies["django_language"] = language  # the language switch's cookie
    data = _export(client, merchandiser)
    with translation.override(language):
        assert sheet_rows(data)[0][0] == translation.gettext("PI number")
    state = database_state()
    result = _import(merchandiser, data)
    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert database_state() == state


def test_an_export_imports_into_an_empty_database_as_the_same_orders(
    client, merchandiser, customer, kettle, toaster
):
    orders = _orders(customer, kettle, toaster, merchandiser)
    order_fields = ["number", "customer_id", "order_date", "currency", "incoterm", "incoterm_place", "payment_term",
                    "deposit_percent", "payment_days", "promised_ship_date", "status", "merchandiser_id",
                    "customer_po", "total_amount"]  # fmt: skip
    line_fields = [
        "order__number",
        "position",
        "product_id",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "amount",
    ]
    original = (
        sorted(Order.objects.values_list(*order_fields)),
        sorted(OrderLine.objects.values_list(*line_fields)),
    )
    data = _export(client, merchandiser)
    Order.objects.filter(pk__in=[o.pk for o in orders]).delete()
    result = _import(merchandiser, data)
    assert result.errors == []
    assert result.created == 3
    assert (
        sorted(Order.objects.values_list(*order_fields)),
        sorted(OrderLine.objects.values_list(*line_fields)),
    ) == original


def test_a_cell_that_cannot_be_read_is_one_error_not_several(
    merchandiser, customer, kettle, toaster
):
    rows = _rows()
    rows[0][8] = "next spring"
    rows[0][13] = "lots"
    result = _import(merchandiser, xlsx_bytes(HEADERS, rows))
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "Promised ship date", "next spring"),
        (2, "Quantity", "lots"),
    ]


def test_the_customer_may_be_named_instead_of_coded(merchandiser, customer, kettle):
    headers = [
        "PI number",
        "Customer",
        "Named place",
        "Promised ship date",
        "SKU",
        "Quantity",
        "Unit price",
    ]
    data = xlsx_bytes(
        headers, [["PI-N", " hamburg haus gmbh ", "Ningbo", "2027-01-15", "K-1", 10, 2]]
    )
    result = _import(merchandiser, data)
    assert result.errors == []
    assert Order.objects.get(number="PI-N").customer == customer
