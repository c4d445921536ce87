from __future__ import annotations

from decimal import Decimal

import factory

from gendan.catalog.models import Product


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Stainless kettle model {n}")
    name_zh = "不锈钢电水壶"
    hs_code = "8516.10"
    units_per_carton = 6
    carton_length_cm = Decimal("45.0")
    carton_width_cm = Decimal("32.0")
    carton_height_cm = Decimal("28.0")
    net_weight_kg = Decimal("7.200")
    gross_weight_kg = Decimal("8.100")
