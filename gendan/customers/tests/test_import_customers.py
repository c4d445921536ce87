"""Importing customers: matching on code or name, all-or-nothing, teams, round trips."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from gendan.customers.models import Customer, Tag
from gendan.customers.tests.factories import CustomerFactory
from gendan.dataio.importing import run_import
from gendan.dataio.tests.import_support import (
    csv_bytes,
    database_state,
    download,
    sheet_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADERS = [
    "Customer code",
    "Company name",
    "Country",
    "City",
    "Languages",
    "Stage",
    "Source",
    "Owner",
    "Tags",
    "Preferred channels",
]


def _import(user, data: bytes, filename: str = "customers.xlsx", **kwargs):
    return run_import(kind="customers", data=data, filename=filename, user=user, **kwargs)


def test_a_good_file_creates_customers_with_every_column_read(merchandiser, team_a):
    data = xlsx_bytes(
        HEADERS,
        [
            [
                "",
                "Hamburg Hausgeräte GmbH",
                "Germany",
                "Hamburg",
                "de, en",
                "Prospect",
                "Trade show (e.g. Canton Fair)",
                "mia",
                "VIP, Europe",
                "email, WhatsApp",
            ],
            ["", "Dubai Home LLC", "AE", "Dubai", "", "active", "referral", "", "", ""],
        ],
    )
    result = _import(merchandiser, data)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    hamburg = Customer.objects.get(name="Hamburg Hausgeräte GmbH")
    assert str(hamburg.country) == "DE"
    assert hamburg.team == team_a
    assert hamburg.languages == ["de", "en"]
    assert (hamburg.stage, hamburg.source) == ("prospect", "trade_show")
    assert hamburg.owner == merchandiser
    assert hamburg.preferred_channels == ["email", "whatsapp"]
    assert sorted(t.name for t in hamburg.tags.all()) == ["Europe", "VIP"]
    assert hamburg.time_zone == "Europe/Berlin"  # filled from the country by the service
    dubai = Customer.objects.get(name="Dubai Home LLC")
    assert dubai.stage == "active" and dubai.source == "referral"
    assert hamburg.code and dubai.code and hamburg.code != dubai.code


def test_one_bad_row_writes_nothing_and_names_the_row_and_column(merchandiser, team_a):
    CustomerFactory(team=team_a, code="X-1", name="Existing GmbH")
    before = database_state()
    data = xlsx_bytes(
        HEADERS,
        [
            ["", "Good One Ltd", "GB", "", "", "", "", "", "NewTag", ""],
            ["X-1", "Existing GmbH renamed", "DE", "", "", "", "", "", "", ""],
            ["", "Bad Country Ltd", "Atlantis", "", "", "", "", "", "", ""],
            ["", "Bad Stage Ltd", "FR", "", "", "sleeping", "", "nobody", "", ""],
        ],
    )
    result = _import(merchandiser, data)
    assert not result.written
    found = {(e.row, e.column, e.value) for e in result.errors}
    assert found == {(4, "Country", "Atlantis"), (5, "Stage", "sleeping"), (5, "Owner", "nobody")}
    # Nothing written: no customer, no tag, no customer code drawn, no history.
    assert database_state() == before
    assert not Tag.objects.filter(name="NewTag").exists()
    assert Customer.objects.get(code="X-1").name == "Existing GmbH"


def test_a_service_error_is_reported_on_the_column_of_its_field(merchandiser, team_a):
    data = xlsx_bytes(
        ["Company name", "Country", "Time zone", "Website"],
        [["Acme", "DE", "", "not a url at all"]],
    )
    result = _import(merchandiser, data)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Website")]
    assert not Customer.objects.exists()


def test_importing_the_same_file_twice_creates_nothing_twice(merchandiser, team_a):
    data = xlsx_bytes(
        HEADERS,
        [
            ["", "Nordic Kitchen AB", "SE", "Malmö", "sv, en", "Lead", "", "", "Nordics", ""],
            ["K-77", "Kitchen Pro BV", "NL", "", "", "", "", "", "", ""],
        ],
    )
    first = _import(merchandiser, data)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    state = database_state()
    second = _import(merchandiser, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert database_state() == state


def test_rows_match_by_code_else_by_name_ignoring_case_and_spaces(merchandiser, team_a, team_b):
    CustomerFactory(team=team_a, code="C-1", name="Coded GmbH", city="")
    CustomerFactory(team=team_a, name="Named Trading Co", city="")
    CustomerFactory(team=team_b, name="Named Trading Co")  # same name in another team: not matched
    data = xlsx_bytes(
        ["Customer code", "Company name", "City"],
        [["C-1", "", "Köln"], ["", "  named trading CO ", "Lyon"]],
    )
    result = _import(merchandiser, data)
    assert (result.created, result.updated) == (0, 2)
    assert Customer.objects.get(code="C-1").city == "Köln"
    assert Customer.objects.get(team=team_a, name__iexact="named trading co").city == "Lyon"


def test_the_same_customer_twice_in_a_file_is_an_error(merchandiser, team_a):
    data = xlsx_bytes(["Company name", "Country"], [["Twin Ltd", "GB"], ["twin ltd", "GB"]])
    result = _import(merchandiser, data)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Company name")]
    assert "row 2" in result.errors[0].message


def test_a_customer_of_another_team_is_an_error_for_that_row(merchandiser, team_a, team_b):
    CustomerFactory(team=team_b, code="B-1", name="Theirs")
    data = xlsx_bytes(["Customer code", "City"], [["B-1", "Paris"]])
    result = _import(merchandiser, data)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column, error.value) == (2, "Customer code", "B-1")
    assert "no customer B-1 in your teams" in error.message
    assert Customer.objects.get(code="B-1").city != "Paris"


def test_a_user_of_several_teams_must_say_which_team_new_customers_go_in(make_user, team_a, team_b):
    user = make_user("sales", [team_a, team_b])
    data = xlsx_bytes(["Company name", "Country"], [["Somewhere Ltd", "GB"]])
    result = _import(user, data)
    assert len(result.errors) == 1
    assert result.errors[0].column == "Team" and result.errors[0].row is None
    assert "Team" in result.errors[0].message
    assert _import(user, data, team=team_b).created == 1
    assert Customer.objects.get(name="Somewhere Ltd").team == team_b


def test_a_team_column_puts_each_customer_in_its_team(make_user, team_a, team_b):
    user = make_user("sales", [team_a, team_b])
    data = xlsx_bytes(
        ["Company name", "Country", "Team"],
        [["A Ltd", "GB", "Team A"], ["B Ltd", "GB", "team b"], ["C Ltd", "GB", "Team Z"]],
    )
    result = _import(user, data)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(4, "Team", "Team Z")]
    data = xlsx_bytes(
        ["Company name", "Country", "Team"], [["A Ltd", "GB", "Team A"], ["B Ltd", "GB", "team b"]]
    )
    assert _import(user, data).created == 2
    assert Customer.objects.get(name="B Ltd").team == team_b


def test_headers_are_matched_in_any_case_order_and_as_field_keys(merchandiser, team_a):
    data = xlsx_bytes(
        ["  COUNTRY ", "name", "preferred_channels", "Something else"],
        [["fr", "Lyon Cuisine SARL", "phone"]],
    )
    result = _import(merchandiser, data)
    assert result.errors == []
    assert result.warnings == ["The column \u201cSomething else\u201d is not known and is ignored."]
    customer = Customer.objects.get(name="Lyon Cuisine SARL")
    assert str(customer.country) == "FR" and customer.preferred_channels == ["phone"]


def test_a_new_customer_needs_a_name_and_a_country(merchandiser, team_a):
    data = xlsx_bytes(
        ["Customer code", "Company name", "Country"],
        [["N-1", "", "DE"], ["N-2", "No Country Ltd", ""]],
    )
    result = _import(merchandiser, data)
    assert {(e.row, e.column) for e in result.errors} == {(2, "Company name"), (3, "Country")}


def _export(client, user, **extra) -> bytes:
    client.force_login(user)
    return download(client.get(reverse("customers:export"), **extra))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_export_imports_back_unchanged(client, settings, merchandiser, team_a, language):
    settings.LANGUAGE_CODE = language
    first = CustomerFactory.create(
        team=team_a, name="Round Trip GmbH", country="DE", city="Berlin", website="https://round.example",
        domain="round.example", stage="active", source="trade_show", owner=merchandiser,
        preferred_channels=["email", "wechat"], address="Hauptstr. 1\n10115 Berlin", notes="Line one\nline two",
    )  # fmt: skip
    Tag.objects.create(name="VIP").customers.add(first)
    CustomerFactory(
        team=team_a,
        name="上海进出口有限公司",
        country="CN",
        time_zone="Asia/Shanghai",
        languages=["zh"],
    )
    client.cookies["django_language"] = language  # the language switch's cookie
    data = _export(client, merchandiser)
    with translation.override(language):
        headers = sheet_rows(data)[0]
        assert headers[0] == translation.gettext("Customer code")
    state = database_state()
    result = _import(merchandiser, data, filename="customers.xlsx")
    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert database_state() == state


def test_an_export_imports_into_an_empty_database_as_the_same_customers(
    client, merchandiser, team_a
):
    original = CustomerFactory.create(
        team=team_a, name="Copy Me Ltd", country="GB", stage="dormant", owner=merchandiser
    )
    Tag.objects.create(name="Old").customers.add(original)
    data = _export(client, merchandiser)
    Customer.objects.all().delete()
    result = _import(merchandiser, data)
    assert result.errors == [] and result.created == 1
    copy = Customer.objects.get()
    assert (copy.code, copy.name, str(copy.country), copy.stage, copy.owner) == (
        original.code, "Copy Me Ltd", "GB", "dormant", merchandiser,
    )  # fmt: skip
    assert [t.name for t in copy.tags.all()] == ["Old"]


def test_text_that_looks_like_a_formula_comes_back_as_the_same_text(client, merchandiser, team_a):
    names = ['=HYPERLINK("http://evil","x")', "+Plus Trading", "-Minus Ltd", "@At Home"]
    for name in names:
        CustomerFactory(team=team_a, name=name, notes="=1+2")
    data = _export(client, merchandiser)
    exported = {row[1] for row in sheet_rows(data)[1:]}
    assert exported == {"'" + name for name in names}
    Customer.objects.all().delete()
    result = _import(merchandiser, data)
    assert result.errors == []
    assert set(Customer.objects.values_list("name", flat=True)) == set(names)
    assert set(Customer.objects.values_list("notes", flat=True)) == {"=1+2"}


def test_an_apostrophe_that_does_not_guard_a_formula_is_kept(merchandiser, team_a):
    data = xlsx_bytes(["Company name", "Country"], [["'t Hoen Handel", "NL"]])
    assert _import(merchandiser, data).created == 1
    assert Customer.objects.filter(name="'t Hoen Handel").exists()


def test_a_utf8_csv_with_a_bom_imports_chinese_names(merchandiser, team_a):
    data = b"\xef\xbb\xbf" + csv_bytes(
        ["Company name", "Country", "City"], [["广州贸易有限公司", "中国", "广州"]]
    )
    result = _import(merchandiser, data, filename="customers.csv")
    assert result.errors == []
    customer = Customer.objects.get(name="广州贸易有限公司")
    assert (str(customer.country), customer.city) == ("CN", "广州")


def test_a_gb18030_csv_from_chinese_excel_imports_chinese_names(merchandiser, team_a):
    data = csv_bytes(
        ["Company name", "Country", "City"],
        [["深圳电器有限公司", "CN", "深圳"], ["德国厨具", "德国", "柏林"]],
        encoding="gb18030",
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = _import(merchandiser, data, filename="customers.csv")
    assert result.errors == []
    assert Customer.objects.get(name="深圳电器有限公司").city == "深圳"
    assert str(Customer.objects.get(name="德国厨具").country) == "DE"


def test_a_semicolon_csv_is_read(merchandiser, team_a):
    data = csv_bytes(
        ["Company name", "Country", "Languages"], [["Semi Colon SA", "ES", "es, en"]], delimiter=";"
    )
    result = _import(merchandiser, data, filename="customers.csv")
    assert result.errors == []
    assert Customer.objects.get(name="Semi Colon SA").languages == ["es", "en"]


def test_an_empty_cell_leaves_the_saved_value_alone(merchandiser, team_a):
    CustomerFactory(team=team_a, code="E-1", name="Keep Me", city="Lisbon", notes="keep")
    data = xlsx_bytes(["Customer code", "City", "Notes"], [["E-1", "", "changed"]])
    assert _import(merchandiser, data).updated == 1
    customer = Customer.objects.get(code="E-1")
    assert (customer.city, customer.notes) == ("Lisbon", "changed")
