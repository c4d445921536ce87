from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from gendan.catalog.tests.factories import ProductFactory
from gendan.customers.tests.factories import CustomerFactory
from gendan.orders.models import Order, OrderLine


class OrderFactory(factory.django.DjangoModelFactory[Order]):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"PI-T-{n:05d}")
    customer = factory.SubFactory(CustomerFactory)
    team = factory.SelfAttribute("customer.team")
    order_date = dt.date(2026, 11, 2)
    currency = "USD"
    incoterm = "FOB"
    incoterm_place = "Ningbo"
    promised_ship_date = dt.date(2027, 1, 15)
    total_amount = Decimal("0")


class OrderLineFactory(factory.django.DjangoModelFactory[OrderLine]):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    position = factory.Sequence(lambda n: n + 1)
    product = factory.SubFactory(ProductFactory)
    description = factory.LazyAttribute(lambda line: line.product.name)
    quantity = Decimal("500")
    unit_price = Decimal("12.50")
    amount = factory.LazyAttribute(
        lambda line: (line.quantity * line.unit_price).quantize(Decimal("0.01"))
    )
