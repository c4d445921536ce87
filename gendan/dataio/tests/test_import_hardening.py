"""Choice labels in every language, every error of a row at once, the error report."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gendan.customers.models import Customer
from gendan.dataio.importing import run_import
from gendan.dataio.models import ImportBatch
from gendan.dataio.tests.import_support import download, xlsx_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _customers(user, rows):
    data = xlsx_bytes(["Company name", "Country", "Source", "Stage"], rows)
    return run_import(kind="customers", data=data, filename="c.xlsx", user=user)


def test_customer_choices_by_chinese_and_english_labels(merchandiser, team_a):
    result = _customers(
        merchandiser,
        [
            ["Ningbo Trading", "CN", "展会", "潜在客户"],
            ["Berlin GmbH", "DE", "Trade show", "ACTIVE CUSTOMER"],
            ["Lyon SARL", "FR", "ｒｅｆｅｒｒａｌ", "lead"],  # full-width letters
            ["Madrid SL", "ES", "展会（如广交会）", "Prospect"],
        ],
    )
    assert result.errors == []
    got = dict(Customer.objects.values_list("name", "source"))
    assert got == {
        "Ningbo Trading": "trade_show",
        "Berlin GmbH": "trade_show",
        "Lyon SARL": "referral",
        "Madrid SL": "trade_show",
    }
    stages = dict(Customer.objects.values_list("name", "stage"))
    assert stages["Ningbo Trading"] == "prospect" and stages["Berlin GmbH"] == "active"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "“Active customer” (active)"), ("zh-hans", "“成交客户” (active)")],
)
def test_an_unknown_label_names_the_allowed_values_in_the_pages_language(
    merchandiser, team_a, language, expected
):
    with translation.override(language):
        result = _customers(merchandiser, [["Oslo AS", "NO", "", "Friendly"]])
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.value == "Friendly"
    assert expected in error.message
    assert not Customer.objects.exists()


def test_a_missing_required_value_and_a_bad_date_in_one_row_are_both_reported(merchandiser):
    data = xlsx_bytes(["PI number", "PI date"], [["", "tomorrow"]])
    result = run_import(kind="orders", data=data, filename="o.xlsx", user=merchandiser)
    assert sorted((e.row, e.column) for e in result.errors) == [(2, "PI date"), (2, "PI number")]


def test_a_product_row_reports_a_missing_sku_and_a_bad_number_together(merchandiser):
    data = xlsx_bytes(["SKU", "English name", "Units per carton"], [["", "Pan", "many"]])
    result = run_import(kind="products", data=data, filename="p.xlsx", user=merchandiser)
    assert sorted(e.column for e in result.errors) == ["SKU", "Units per carton"]


def test_a_new_customer_with_an_unknown_stage_and_no_country_gets_both_errors(merchandiser):
    result = _customers(merchandiser, [["Oslo AS", "", "", "Friendly"]])
    assert sorted(e.column for e in result.errors) == ["Country", "Stage"]


def test_the_team_error_does_not_send_the_user_to_the_command_line(make_user, team_a, team_b):
    user = make_user("sales", [team_a, team_b])
    result = _customers(user, [["Oslo AS", "NO", "", ""]])
    assert result.errors and all("--team" not in e.message for e in result.errors)


def _upload(client, data: bytes, name: str = "products.xlsx"):
    return client.post(
        reverse("transfer:upload", args=["products"]),
        {"file": SimpleUploadedFile(name, data, XLSX)},
    )


def test_the_error_report_is_the_uploaded_sheet_with_an_errors_column(client, merchandiser):
    client.force_login(merchandiser)
    data = xlsx_bytes(
        ["SKU", "English name", "Unit", "Extra"],
        [
            ["P-1", "Pan", "pcs", "@SUM(A1)"],
            ["P-2", "Pot", "buckets", "x"],
            ["", "No SKU", "", None],
        ],
    )
    response = _upload(client, data)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    page = client.get(response.url).content.decode()
    url = reverse("transfer:errors", args=[batch.pk])
    assert url in page and "Download with errors" in page

    report = download(client.get(url))
    sheet = load_workbook(io.BytesIO(report)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["SKU", "English name", "Unit", "Extra", "Errors"]
    assert rows[1] == ["P-1", "Pan", "pcs", "'@SUM(A1)", None]  # a formula stays text
    assert rows[2][:4] == ["P-2", "Pot", "buckets", "x"]
    assert rows[2][4].startswith("Unit: Unknown value")
    assert rows[3][:3] == [None, "No SKU", None] and rows[3][4].startswith("SKU: ")
    assert len(rows) == 4

    # Corrected and uploaded again, the Errors column is no unknown column.
    fixed = xlsx_bytes(rows[0], [["P-1", "Pan", "pcs", "", ""], ["P-2", "Pot", "pcs", "", ""]])
    result = run_import(kind="products", data=fixed, filename="p.xlsx", user=merchandiser)
    assert result.errors == []
    assert all("Errors" not in w for w in result.warnings)


def test_the_error_report_is_in_the_users_language(client, make_user, team_a):
    user = make_user("merchandiser", [team_a], language="zh-hans")
    client.force_login(user)
    _upload(client, xlsx_bytes(["SKU", "English name", "Unit"], [["P-2", "Pot", "buckets"]]))
    batch = ImportBatch.objects.get()
    with translation.override("zh-hans"):
        report = download(client.get(reverse("transfer:errors", args=[batch.pk])))
    rows = list(load_workbook(io.BytesIO(report)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "错误"
    assert "无法识别的值" in rows[1][-1]


def test_only_the_owner_may_download_the_error_report(client, merchandiser, make_user, team_a):
    client.force_login(merchandiser)
    _upload(client, xlsx_bytes(["SKU", "English name", "Unit"], [["P-2", "Pot", "buckets"]]))
    batch = ImportBatch.objects.get()
    url = reverse("transfer:errors", args=[batch.pk])
    client.force_login(make_user("merchandiser", [team_a]))
    assert client.get(url).status_code == 404


def test_a_file_without_errors_has_no_error_report(client, merchandiser):
    client.force_login(merchandiser)
    _upload(client, xlsx_bytes(["SKU", "English name", "Unit"], [["P-1", "Pan", "pcs"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    assert client.get(reverse("transfer:errors", args=[batch.pk])).status_code == 404
