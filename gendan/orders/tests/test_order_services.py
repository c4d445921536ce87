"""Order services: numbers, exact totals, lines, statuses and history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gendan.audit.models import HistoryEntry
from gendan.catalog.tests.factories import ProductFactory
from gendan.core.concurrency import ConcurrentEditError
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.orders.models import OrderLine
from gendan.orders.services import (
    LineInput,
    order_create,
    order_delete,
    order_set_status,
    order_update,
)

pytestmark = pytest.mark.django_db

SHIP = dt.date(2027, 3, 1)


@pytest.fixture
def customer(team_a):
    return CustomerFactory(team=team_a)


def make(customer, actor, lines=None, **kwargs):
    lines = lines or [
        LineInput(description="Kettle 1.7 L", quantity=Decimal("1000"), unit_price=Decimal("8.35"))
    ]
    return order_create(
        actor=actor,
        customer=customer,
        lines=lines,
        promised_ship_date=SHIP,
        incoterm_place="Ningbo",
        **kwargs,
    )


def test_order_numbers_follow_the_pattern_and_the_year(customer, merchandiser):
    first = make(customer, merchandiser, order_date=dt.date(2026, 11, 20))
    second = make(customer, merchandiser, order_date=dt.date(2026, 12, 1))
    next_year = make(customer, merchandiser, order_date=dt.date(2027, 1, 5))
    assert [first.number, second.number, next_year.number] == [
        "PI-2026-0001",
        "PI-2026-0002",
        "PI-2027-0001",
    ]


def test_the_pattern_is_configurable(customer, merchandiser, settings):
    settings.ORDER_NUMBER_PATTERN = "NB{year}{seq:05d}"
    assert make(customer, merchandiser, order_date=dt.date(2026, 5, 1)).number == "NB202600001"


def test_amounts_round_to_the_currencys_minor_units(customer, merchandiser):
    lines = [
        LineInput(description="Towel", quantity=Decimal("333"), unit_price=Decimal("1.2345")),
        LineInput(description="Mat", quantity=Decimal("3"), unit_price=Decimal("0.3333")),
    ]
    usd = make(customer, merchandiser, lines=lines, currency="USD")
    assert [line.amount for line in usd.lines.all()] == [Decimal("411.09"), Decimal("1.00")]
    assert usd.total_amount == Decimal("412.09")
    jpy = make(customer, merchandiser, lines=lines, currency="JPY")
    assert jpy.total_amount == Decimal("412")
    kwd = make(customer, merchandiser, lines=lines, currency="KWD")
    assert kwd.total_amount == Decimal("412.089")  # 411.0885 rounds half up


def test_the_total_is_the_exact_sum_of_many_lines(customer, merchandiser):
    lines = [
        LineInput(description=f"Item {i}", quantity=Decimal("3"), unit_price=Decimal("0.10"))
        for i in range(100)
    ]
    assert make(customer, merchandiser, lines=lines).total_amount == Decimal("30.00")


def test_a_product_line_takes_the_products_name_and_unit(customer, merchandiser):
    product = ProductFactory(name="Steel kettle", unit="sets")
    order = make(
        customer,
        merchandiser,
        lines=[LineInput(product=product, quantity=Decimal("10"), unit_price=Decimal("5"))],
    )
    line = order.lines.get()
    assert (line.description, line.unit) == ("Steel kettle", "sets")


def test_the_main_contact_and_the_customers_owner_are_the_defaults(customer, merchandiser):
    customer.owner = merchandiser
    customer.save()
    contact = ContactFactory(customer=customer, is_primary=True)
    order = make(customer, merchandiser)
    assert order.contact == contact
    assert order.sales_owner == merchandiser
    assert order.team == customer.team


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "at least one line"),
        (
            [LineInput(description="x", quantity=Decimal("0"), unit_price=Decimal("1"))],
            "Line 1: the quantity",
        ),
        (
            [
                LineInput(description="x", quantity=Decimal("1"), unit_price=Decimal("1")),
                LineInput(description="y", quantity=Decimal("1"), unit_price=Decimal("-1")),
            ],
            "Line 2: the unit price",
        ),
        ([LineInput(quantity=Decimal("1"), unit_price=Decimal("1"))], "Line 1: choose a product"),
    ],
)
def test_bad_lines_are_refused_and_named(customer, merchandiser, lines, message):
    with pytest.raises(ValidationError) as caught:
        order_create(
            actor=merchandiser,
            customer=customer,
            lines=lines,
            promised_ship_date=SHIP,
            incoterm_place="Ningbo",
        )
    assert message in " ".join(caught.value.message_dict["lines"])
    assert not OrderLine.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "XXX"}, "currency"),
        ({"incoterm": "FOBB"}, "incoterm"),
        ({"payment_term": "oa"}, "payment_days"),
        ({"payment_term": "oa", "payment_days": 400}, "payment_days"),
        ({"order_date": dt.date(2027, 6, 1)}, "promised_ship_date"),
    ],
)
def test_bad_terms_are_refused_with_the_field_named(customer, merchandiser, fields, field):
    with pytest.raises(ValidationError) as caught:
        make(customer, merchandiser, **fields)
    assert field in caught.value.message_dict


def test_a_contact_of_another_customer_is_refused(customer, merchandiser, team_a):
    stranger = ContactFactory(customer=CustomerFactory(team=team_a))
    with pytest.raises(ValidationError) as caught:
        make(customer, merchandiser, contact=stranger)
    assert "contact" in caught.value.message_dict


def test_a_failed_create_leaves_no_number_used(customer, merchandiser):
    with pytest.raises(ValidationError):
        make(customer, merchandiser, currency="XXX", order_date=dt.date(2026, 11, 1))
    assert make(customer, merchandiser, order_date=dt.date(2026, 11, 1)).number == "PI-2026-0001"


def test_updating_lines_changes_adds_and_removes_with_history(customer, merchandiser):
    order = make(
        customer,
        merchandiser,
        lines=[
            LineInput(description="A", quantity=Decimal("10"), unit_price=Decimal("1")),
            LineInput(description="B", quantity=Decimal("10"), unit_price=Decimal("2")),
        ],
    )
    a, b = order.lines.all()
    order = order_update(
        actor=merchandiser,
        order=order,
        expected_version=order.version,
        lines=[
            LineInput(id=a.pk, description="A", quantity=Decimal("20"), unit_price=Decimal("1")),
            LineInput(description="C", quantity=Decimal("1"), unit_price=Decimal("5")),
        ],
    )
    assert [(line.description, line.quantity) for line in order.lines.all()] == [
        ("A", Decimal("20")),
        ("C", Decimal("1")),
    ]
    assert order.total_amount == Decimal("25.00")
    line_history = HistoryEntry.objects.filter(
        subject_type="orders.order", subject_id=order.pk, record_type="orders.orderline"
    )
    assert line_history.filter(action="update", record_id=a.pk).get().changes == {
        "quantity": ["10", "20"],
        "amount": ["10", "20"],
    }
    assert line_history.filter(action="delete", record_id=b.pk).exists()
    assert line_history.filter(action="create", record_label__contains="C").exists()
    assert HistoryEntry.objects.get(record_type="orders.order", action="update").changes == {
        "total_amount": ["30", "25"]
    }


def test_a_line_of_another_order_cannot_be_edited_through_this_one(customer, merchandiser):
    order = make(customer, merchandiser)
    other = make(customer, merchandiser)
    foreign = other.lines.get()
    with pytest.raises(ValidationError, match="does not belong"):
        order_update(
            actor=merchandiser,
            order=order,
            expected_version=None,
            lines=[
                LineInput(
                    id=foreign.pk, description="x", quantity=Decimal("1"), unit_price=Decimal("1")
                )
            ],
        )


def test_changing_the_currency_reprices_the_lines(customer, merchandiser):
    order = make(
        customer,
        merchandiser,
        lines=[LineInput(description="x", quantity=Decimal("3"), unit_price=Decimal("0.335"))],
    )
    assert order.total_amount == Decimal("1.01")
    order = order_update(
        actor=merchandiser, order=order, expected_version=order.version, currency="JPY"
    )
    assert order.total_amount == Decimal("1")


def test_two_editors_second_is_refused_and_nothing_is_overwritten(customer, merchandiser, manager):
    order = make(customer, merchandiser)
    order_update(actor=manager, order=order, expected_version=1, customer_po="PO-1")
    with pytest.raises(ConcurrentEditError):
        order_update(actor=merchandiser, order=order, expected_version=1, customer_po="PO-2")
    order.refresh_from_db()
    assert order.customer_po == "PO-1"
    assert order.version == 2


def test_status_follows_the_flow(customer, merchandiser):
    order = make(customer, merchandiser)
    order = order_set_status(actor=merchandiser, order=order, status="confirmed")
    with pytest.raises(ValidationError, match="cannot go from Confirmed to Completed"):
        order_set_status(actor=merchandiser, order=order, status="completed")
    assert HistoryEntry.objects.filter(
        action="update", changes__status=["draft", "confirmed"]
    ).exists()


def test_a_status_change_is_announced_after_commit(
    customer, merchandiser, django_capture_on_commit_callbacks
):
    from gendan.orders.signals import order_status_changed

    received = []
    order_status_changed.connect(
        lambda sender, **kw: received.append((kw["old_status"], kw["new_status"])),
        weak=False,
        dispatch_uid="t",
    )
    try:
        order = make(customer, merchandiser)
        with django_capture_on_commit_callbacks(execute=True):
            order_set_status(actor=merchandiser, order=order, status="confirmed")
    finally:
        order_status_changed.disconnect(dispatch_uid="t")
    assert received == [("draft", "confirmed")]


def test_a_completed_order_cannot_be_edited(customer, merchandiser):
    order = make(customer, merchandiser)
    for status in ("confirmed", "in_production", "shipped", "completed"):
        order = order_set_status(actor=merchandiser, order=order, status=status)
    with pytest.raises(ValidationError, match="cannot be changed"):
        order_update(actor=merchandiser, order=order, expected_version=None, notes="late change")


def test_only_draft_or_cancelled_orders_can_be_deleted(customer, manager):
    order = make(customer, manager)
    order = order_set_status(actor=manager, order=order, status="confirmed")
    with pytest.raises(ValidationError):
        order_delete(actor=manager, order=order)
    order = order_set_status(actor=manager, order=order, status="cancelled")
    order_delete(actor=manager, order=order)
    assert HistoryEntry.objects.filter(
        action="delete", record_type="orders.order", subject_type="customers.customer"
    ).exists()
