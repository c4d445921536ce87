"""Products: shared by all teams, validated, with carton packaging."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gendan.catalog.models import Product
from gendan.catalog.services import product_create, product_delete, product_update
from gendan.catalog.tests.factories import ProductFactory
from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.orders.tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


def test_a_product_is_created_with_history(merchandiser):
    from gendan.audit.models import HistoryEntry

    product = product_create(
        actor=merchandiser, sku="KT-17", name="Kettle 1.7 L", hs_code="8516.10"
    )

    assert HistoryEntry.objects.filter(
        record_type="catalog.product", record_id=product.pk, action="create"
    ).exists()


@pytest.mark.parametrize("hs_code", ["85", "8516.1", "abcd.ef", "85161000001"])
def test_a_bad_hs_code_is_refused(merchandiser, hs_code):
    with pytest.raises(ValidationError) as caught:
        product_create(actor=merchandiser, sku="X", name="X", hs_code=hs_code)
    assert "hs_code" in caught.value.message_dict


@pytest.mark.parametrize("hs_code", ["851610", "8516.10", "8516.10.00", "8516100000"])
def test_good_hs_codes_are_accepted(merchandiser, hs_code):
    assert product_create(actor=merchandiser, sku=f"X-{hs_code}", name="X", hs_code=hs_code).pk


def test_a_duplicate_sku_is_refused_with_the_field_named(merchandiser):
    product_create(actor=merchandiser, sku="KT-17", name="Kettle")
    with pytest.raises(ValidationError) as caught:
        product_create(actor=merchandiser, sku="KT-17", name="Other kettle")
    assert "sku" in caught.value.message_dict


def test_gross_weight_below_net_weight_is_refused(merchandiser):
    with pytest.raises(ValidationError, match="Gross weight cannot be less"):
        product_create(
            actor=merchandiser,
            sku="KT-1",
            name="K",
            net_weight_kg=Decimal("9"),
            gross_weight_kg=Decimal("8"),
        )


def test_carton_volume_in_cubic_metres():
    product = ProductFactory.build(
        carton_length_cm=Decimal("45"),
        carton_width_cm=Decimal("32"),
        carton_height_cm=Decimal("28"),
    )
    assert product.carton_cbm == Decimal("0.0403")


def test_a_product_on_an_order_cannot_be_deleted(manager):
    line = OrderLineFactory()
    with pytest.raises(ValidationError, match="mark it inactive"):
        product_delete(actor=manager, product=line.product)


def test_changes_are_recorded(merchandiser):
    product = ProductFactory(units_per_carton=6)
    product_update(actor=merchandiser, product=product, expected_version=1, units_per_carton=12)
    from gendan.audit.models import HistoryEntry

    assert HistoryEntry.objects.get(action="update").changes == {"units_per_carton": ["6", "12"]}


def test_every_team_sees_the_products(client, make_user, team_b):
    ProductFactory(sku="SHARED-1")
    client.force_login(make_user("qc", [team_b]))
    assert "SHARED-1" in client.get(reverse("catalog:list")).content.decode()


def test_the_list_query_count_is_the_same_for_10_and_200_products(client, merchandiser):
    ProductFactory.create_batch(10)
    client.force_login(merchandiser)
    _, first = get_with_queries(client, reverse("catalog:list"))
    ProductFactory.create_batch(190)
    response, second = get_with_queries(client, reverse("catalog:list"))
    assert response.status_code == 200
    assert_same_queries(first, second)


def test_the_product_form_creates_a_product(client, merchandiser):
    client.force_login(merchandiser)
    response = client.post(
        reverse("catalog:create"),
        {
            "sku": "TW-01",
            "name": "Bath towel",
            "name_zh": "浴巾",
            "unit": "pcs",
            "hs_code": "6302.60",
            "units_per_carton": "50",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Product.objects.get().name_zh == "浴巾"


def test_qc_cannot_create_products(client, make_user, team_a):
    client.force_login(make_user("qc", [team_a]))
    assert client.get(reverse("catalog:create")).status_code == 403


def test_the_lookup_finds_products_by_chinese_name(client, merchandiser):
    ProductFactory(sku="TW-01", name="Bath towel", name_zh="浴巾")
    client.force_login(merchandiser)
    results = client.get(reverse("catalog:lookup"), {"q": "浴巾"}).json()["results"]
    assert [r["text"].split(" · ")[0] for r in results] == ["TW-01"]
