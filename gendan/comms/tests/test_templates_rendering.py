"""Message templates filled from an order: named placeholders, money and dates in the
template's language, the variant in the customer's language, and no gaps ever."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gendan.comms.message_templates.rendering import (
    MissingPlaceholders,
    placeholders_in,
    template_choose,
    template_render,
)
from gendan.comms.message_templates.services import message_template_create
from gendan.comms.models import MessageTemplate
from gendan.orders.tests.factories import OrderFactory

from .chat_data import Buyer

pytestmark = pytest.mark.django_db
pytest_plugins = ["gendan.comms.tests.chat_support"]
NBSP = "\xa0"


@pytest.fixture
def order(buyer: Buyer):
    return OrderFactory.create(
        customer=buyer.customer, contact=buyer.contact, number="PI-2026-0042",
        customer_po="PO 4711", currency="USD", total_amount=Decimal("12345.5"),
        incoterm="FOB", incoterm_place="Ningbo", promised_ship_date=dt.date(2027, 1, 15),
        payment_term="tt", deposit_percent=Decimal("30"),
    )  # fmt: skip


def template(language: str, body: str, subject: str = "", code: str = "shipment-notice"):
    return message_template_create(
        actor=None, code=code, language=language, name=f"Shipment notice {language}",
        subject=subject, body=body,
    )  # fmt: skip


def test_it_fills_english_with_english_money_and_dates(order):
    english = template(
        "en",
        "Dear {contact}, order {order_number} (your {customer_po}) for {order_total} ships "
        "{incoterm} on {ship_date}. Deposit {deposit_amount}, balance {balance_amount}.",
        subject="{order_number}: shipping {ship_date}",
    )

    rendered = template_render(english, order=order)

    assert rendered.subject == "PI-2026-0042: shipping January 15, 2027"
    assert rendered.body == (
        "Dear Hans Weber, order PI-2026-0042 (your PO 4711) for $12,345.50 ships FOB Ningbo on "
        "January 15, 2027. Deposit $3,703.65, balance $8,641.85."
    )


def test_it_fills_german_with_german_money_and_dates(order):
    german = template(
        "de",
        "Sehr geehrter {contact}, Auftrag {order_number} über {order_total} wird am {ship_date} verladen.",
    )

    rendered = template_render(german, order=order)

    assert rendered.body == (
        f"Sehr geehrter Hans Weber, Auftrag PI-2026-0042 über 12.345,50{NBSP}$ wird am "
        "15. Januar 2027 verladen."
    )


def test_chinese_uses_chinese_dates(order):
    chinese = template(
        "zh", "{customer}：订单{order_number}预计{ship_date}出运，金额{order_total}。"
    )

    assert template_render(chinese, order=order).body == (
        "Müller Haushaltswaren GmbH：订单PI-2026-0042预计2027年1月15日出运，金额US$12,345.50。"
    )


def test_a_placeholder_without_a_value_is_an_error_that_names_it(order):
    notice = template(
        "en", "Order {order_number} is on its way, tracking {tracking}, PO {customer_po}."
    )
    order.customer_po = ""

    with pytest.raises(MissingPlaceholders) as missing:
        template_render(notice, order=order)

    assert missing.value.names == ["tracking", "customer_po"]
    text = " ".join(missing.value.messages)
    assert "{tracking} has no value" in text
    assert "{customer_po} has no value: order PI-2026-0042 has no customer PO number" in text


def test_a_value_typed_in_fills_a_placeholder_the_order_does_not_give(order):
    notice = template("en", "Tracking: {tracking}")

    rendered = template_render(notice, order=order, given={"tracking": " MAEU123456789 "})

    assert rendered.body == "Tracking: MAEU123456789"


def test_a_blank_typed_value_is_still_missing(order):
    notice = template("en", "Tracking: {tracking}")

    with pytest.raises(MissingPlaceholders):
        template_render(notice, order=order, given={"tracking": "   "})


def test_without_an_order_the_order_placeholders_are_missing(buyer: Buyer):
    notice = template("en", "Hello {contact}, about {order_number}")

    with pytest.raises(MissingPlaceholders, match="no order is chosen"):
        template_render(notice, customer=buyer.customer, contact=buyer.contact)


def test_etd_and_eta_come_from_the_follow_up_plan(order):
    from gendan.followup.defaults import defaults_install
    from gendan.followup.services import milestones_instantiate

    defaults_install()
    with time_machine.travel(dt.datetime(2026, 11, 2, 4, tzinfo=dt.UTC)):
        milestones = {m.step.key: m for m in milestones_instantiate(order=order, actor=None)}
    notice = template("en", "ETD {etd}, ETA {eta}")

    rendered = template_render(notice, order=order)

    etd = milestones["loading_etd"].forecast_date
    eta = milestones["eta_delivered"].forecast_date
    assert (
        rendered.body == f"ETD {etd:%B} {etd.day}, {etd.year}, ETA {eta:%B} {eta.day}, {eta.year}"
    )


def test_etd_without_a_plan_says_so(order):
    notice = template("en", "ETD {etd}")

    with pytest.raises(MissingPlaceholders, match="no loading/ETD step"):
        template_render(notice, order=order)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("Hello {nmae}", "Unknown placeholder {nmae}"),
        ("Hello {contact", "not closed"),
        ("Total {order_total:>10}", "is not a placeholder"),
        ("Hello {0}", "is not a placeholder"),
    ],
)
def test_a_template_with_a_bad_placeholder_cannot_be_saved(body, says):
    with pytest.raises(ValidationError) as refused:
        message_template_create(actor=None, code="bad", language="en", name="Bad", body=body)

    assert says in refused.value.message_dict["body"][0]
    assert not MessageTemplate.objects.exists()


def test_double_braces_write_a_brace():
    assert placeholders_in("{{literal}} and {order_number}") == ["order_number"]


def test_the_variant_in_the_customers_first_language_is_chosen_else_english(buyer: Buyer):
    english = template("en", "Hello")
    german = template("de", "Hallo")
    template("es", "Hola")

    assert template_choose("shipment-notice", customer=buyer.customer) == german
    buyer.customer.languages = ["fr", "en"]
    buyer.contact.languages = []
    assert (
        template_choose("shipment-notice", customer=buyer.customer, contact=buyer.contact)
        == english
    )


def test_a_contacts_own_language_comes_first(buyer: Buyer):
    template("de", "Hallo")
    spanish = template("es", "Hola")
    buyer.contact.languages = ["es"]

    assert (
        template_choose("shipment-notice", customer=buyer.customer, contact=buyer.contact)
        == spanish
    )


def test_an_unknown_code_is_an_error(buyer: Buyer):
    with pytest.raises(ValidationError, match="no message template with the code nope"):
        template_choose("nope", customer=buyer.customer)


def test_the_same_code_and_language_twice_is_refused():
    template("en", "Hello")

    with pytest.raises(ValidationError):
        template("en", "Hello again")
