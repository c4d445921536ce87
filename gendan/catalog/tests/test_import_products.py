"""Importing products: matched by SKU; units, numbers and categories read as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from gendan.catalog.models import Category, Product
from gendan.catalog.tests.factories import ProductFactory
from gendan.dataio.importing import run_import
from gendan.dataio.tests.import_support import (
    csv_bytes,
    database_state,
    download,
    sheet_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADERS = ["SKU", "English name", "Chinese name", "Category", "HS code", "Unit", "Units per carton",
           "Net weight per carton (kg)", "Gross weight per carton (kg)", "Active"]  # fmt: skip


def _import(user, data: bytes, filename: str = "products.xlsx", **kwargs):
    return run_import(kind="products", data=data, filename=filename, user=user, **kwargs)


def test_a_good_file_creates_products_and_missing_categories(merchandiser):
    Category.objects.create(name="Kettles")
    data = xlsx_bytes(
        HEADERS,
        [
            [
                "K-100",
                "Kettle 1.7 l",
                "电水壶",
                "kettles",
                "8516.10",
                "pieces",
                6,
                7.2,
                "8.1",
                "yes",
            ],
            [2001, "Toaster", "", "Toasters", 8516.6, "sets", "12", "", "", "no"],
        ],
    )
    result = _import(merchandiser, data)
    assert result.errors == []
    assert result.created == 2
    kettle = Product.objects.get(sku="K-100")
    assert (str(kettle.category), kettle.unit, kettle.units_per_carton) == ("Kettles", "pcs", 6)
    assert (kettle.net_weight_kg, kettle.gross_weight_kg, kettle.is_active) == (
        Decimal("7.2"),
        Decimal("8.1"),
        True,
    )
    toaster = Product.objects.get(sku="2001")  # a number cell is read as the text it shows
    assert (str(toaster.category), toaster.unit, toaster.is_active) == ("Toasters", "sets", False)
    assert toaster.hs_code == "8516.60"  # Excel dropped the trailing zero of the number
    assert Category.objects.count() == 2


def test_one_bad_row_writes_nothing_not_even_a_new_category(merchandiser):
    ProductFactory(sku="OLD-1", name="Old")
    before = database_state()
    data = xlsx_bytes(
        HEADERS,
        [
            ["N-1", "New one", "", "Brand new category", "", "pcs", "", "", "", ""],
            ["OLD-1", "Renamed", "", "", "", "", "", "", "", ""],
            ["N-2", "Heavier net than gross", "", "Another new category", "", "", "", "9", "8", ""],
            ["N-3", "Bad unit", "", "", "85", "bags", "six", "", "", ""],
        ],
    )
    result = _import(merchandiser, data)
    found = {(e.row, e.column) for e in result.errors}
    assert {(5, "Unit"), (5, "Units per carton")} <= found
    assert any(e.row == 4 and "Gross weight" in e.message for e in result.errors)
    assert database_state() == before
    assert not Category.objects.filter(name__contains="new category").exists()
    assert Product.objects.get(sku="OLD-1").name == "Old"


def test_a_bad_hs_code_is_reported_on_its_column(merchandiser):
    data = xlsx_bytes(["SKU", "English name", "HS code"], [["H-1", "Hair dryer", "85"]])
    result = _import(merchandiser, data)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "HS code", "85")]


def test_importing_the_same_file_twice_creates_nothing_twice(merchandiser):
    data = xlsx_bytes(
        HEADERS, [["K-1", "Kettle", "", "Kettles", "8516.10", "pcs", 6, 7.2, 8.1, "yes"]]
    )
    assert _import(merchandiser, data).created == 1
    state = database_state()
    second = _import(merchandiser, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert database_state() == state


def test_the_sku_column_is_required(merchandiser):
    result = _import(merchandiser, xlsx_bytes(["English name"], [["No SKU"]]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "SKU")]


def test_the_same_sku_twice_in_a_file_is_an_error(merchandiser):
    result = _import(
        merchandiser, xlsx_bytes(["SKU", "English name"], [["D-1", "One"], ["D-1", "Two"]])
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "SKU")]


def test_a_semicolon_csv_with_decimal_commas_is_read(merchandiser):
    data = csv_bytes(
        [
            "SKU",
            "English name",
            "Carton length (cm)",
            "Net weight per carton (kg)",
            "Units per carton",
        ],
        [
            ["S-1", "Semi", "45,5", "1.234,5", "1000"],
            ["S-2", "Grouped", "1,234.5", "7.200", "2 400"],
        ],
        delimiter=";",
    )
    result = _import(merchandiser, data, filename="products.csv")
    assert result.errors == []
    semi, grouped = Product.objects.get(sku="S-1"), Product.objects.get(sku="S-2")
    assert (semi.carton_length_cm, semi.net_weight_kg) == (Decimal("45.5"), Decimal("1234.5"))
    assert semi.units_per_carton == 1000
    assert (grouped.carton_length_cm, grouped.net_weight_kg, grouped.units_per_carton) == (
        Decimal("1234.5"), Decimal("7.2"), 2400,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_export_imports_back_unchanged(client, settings, merchandiser, language):
    settings.LANGUAGE_CODE = language
    ProductFactory(
        sku="RT-1", category=Category.objects.create(name="Kettles"), description="=2+3 litres"
    )
    ProductFactory(sku="RT-2", unit="sets", is_active=False, carton_length_cm=None)
    client.force_login(merchandiser)
    client.cookies["django_language"] = language  # the language switch's cookie
    data = download(client.get(reverse("catalog:export")))
    with translation.override(language):
        assert sheet_rows(data)[0][0] == translation.gettext("SKU")
    state = database_state()
    result = _import(merchandiser, data)
    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert database_state() == state


def test_an_export_imports_into_an_empty_catalogue_as_the_same_products(client, merchandiser):
    ProductFactory(
        sku="RT-1", category=Category.objects.create(name="Kettles"), description="=2+3 litres"
    )
    fields = ["sku", "name", "name_zh", "category__name", "hs_code", "unit", "units_per_carton", "carton_length_cm",
              "carton_width_cm", "carton_height_cm", "net_weight_kg", "gross_weight_kg", "is_active", "description"]  # fmt: skip
    original = list(Product.objects.values_list(*fields))
    client.force_login(merchandiser)
    data = download(client.get(reverse("catalog:export")))
    Product.objects.all().delete()
    Category.objects.all().delete()
    assert _import(merchandiser, data).created == 1
    assert list(Product.objects.values_list(*fields)) == original


def test_a_viewer_may_not_import(make_user, team_a):
    from django.core.exceptions import PermissionDenied

    viewer = make_user("viewer", [team_a])
    with pytest.raises(PermissionDenied):
        _import(viewer, xlsx_bytes(["SKU", "English name"], [["V-1", "View"]]))
    assert not Product.objects.exists()
