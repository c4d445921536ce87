"""The import pages: upload, preview with errors by row and column, confirm once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.catalog.models import Product
from gendan.customers.models import Customer
from gendan.dataio.models import ImportBatch
from gendan.dataio.tests.import_support import database_state, download, sheet_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, kind: str, data: bytes, name: str = "file.xlsx", **fields):
    return client.post(
        reverse("transfer:upload", args=[kind]),
        {"file": SimpleUploadedFile(name, data, XLSX), **fields},
    )


def _good_products() -> bytes:
    return xlsx_bytes(
        ["SKU", "English name", "Unit"], [[f"P-{i}", f"Product {i}", "pcs"] for i in range(1, 26)]
    )


def test_the_upload_page_is_a_multipart_form_with_a_template_link(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(reverse("transfer:upload", args=["products"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body and 'type="file"' in body
    assert reverse("transfer:template", args=["products"]) in body
    assert 'name="team"' not in body  # one team: nothing to choose


def test_the_template_has_the_import_headers(client, merchandiser):
    client.force_login(merchandiser)
    data = download(client.get(reverse("transfer:template", args=["orders"])))
    headers = sheet_rows(data)[0]
    assert headers[:3] == ["PI number", "PI date", "Customer code"]
    assert "Amount" not in headers  # computed by the export, not read back


def test_upload_preview_confirm_imports_and_redirects_to_the_list(client, merchandiser):
    client.force_login(merchandiser)
    before = database_state()
    response = _upload(client, "products", _good_products(), name="products.xlsx")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "transfer:preview", args=[batch.pk]
    )
    assert database_state() == before  # checking writes nothing
    assert (batch.status, batch.created_count, batch.user, batch.original_name) == (
        "previewed",
        25,
        merchandiser,
        "products.xlsx",
    )
    assert str(batch.file.name).startswith("imports/") and "products" not in str(batch.file.name)

    page = client.get(response.url).content.decode()
    assert "Confirm import" in page
    assert page.count("<tr>\n          <td>") == 20  # the first 20 rows
    assert "P-20" in page and "P-21" not in page

    response = client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert response.status_code == 302 and response.url == reverse("catalog:list")
    assert Product.objects.count() == 25
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.imported_at is not None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Imported products: 25 created, 0 updated, 0 unchanged."]


def test_confirming_twice_imports_once(client, merchandiser):
    client.force_login(merchandiser)
    _upload(client, "products", _good_products())
    batch = ImportBatch.objects.get()
    client.post(reverse("transfer:confirm", args=[batch.pk]))
    state = database_state()
    response = client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert response.status_code == 302 and response.url == reverse(
        "transfer:preview", args=[batch.pk]
    )
    assert database_state() == state
    assert [str(m) for m in response.wsgi_request._messages][
        -1
    ] == "This file has already been imported."


def test_errors_are_listed_by_row_and_column_and_nothing_can_be_confirmed(client, merchandiser):
    client.force_login(merchandiser)
    data = xlsx_bytes(
        ["SKU", "English name", "Unit"],
        [["P-1", "Pan", "pcs"], ["P-2", "Pot", "buckets"], ["", "No SKU", ""]],
    )
    response = _upload(client, "products", data)
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and batch.error_count == 2
    page = client.get(response.url).content.decode()
    assert 'data-testid="import-errors"' in page
    assert (
        '<td class="text-nowrap">3</td>' in page
        and "<td>Unit</td>" in page
        and "<code>buckets</code>" in page
    )
    assert '<td class="text-nowrap">4</td>' in page and "<td>SKU</td>" in page
    assert "Confirm import" not in page
    client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert not Product.objects.exists()


def test_confirm_checks_again_because_the_data_may_have_changed(
    client, merchandiser, team_a, team_b
):
    from gendan.customers.tests.factories import CustomerFactory

    CustomerFactory(team=team_a, code="C-1", name="Mine")
    client.force_login(merchandiser)
    _upload(client, "customers", xlsx_bytes(["Customer code", "City"], [["C-1", "Porto"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    # Meanwhile the customer moves to a team the importer cannot see.
    Customer.objects.filter(code="C-1").update(team=team_b)
    response = client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert response.url == reverse("transfer:preview", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.errors[0]["row"] == 2
    assert Customer.objects.get().city != "Porto"


def test_a_file_that_is_not_a_spreadsheet_gives_a_clear_error_page(client, merchandiser):
    client.force_login(merchandiser)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    response = _upload(client, "customers", png, name="photo.xlsx")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "This file is not an Excel workbook (.xlsx)" in page
    response = _upload(client, "customers", png, name="photo.png")
    assert response.status_code == 200
    assert "Upload an Excel workbook (.xlsx) or a CSV file." in response.content.decode()


def test_a_user_of_several_teams_chooses_the_team_for_new_customers(
    client, make_user, team_a, team_b
):
    user = make_user("sales", [team_a, team_b])
    client.force_login(user)
    assert (
        'name="team"' in client.get(reverse("transfer:upload", args=["customers"])).content.decode()
    )
    _upload(
        client,
        "customers",
        xlsx_bytes(["Company name", "Country"], [["Chosen Ltd", "GB"]]),
        team=team_b.pk,
    )
    batch = ImportBatch.objects.get()
    assert batch.team == team_b and batch.status == "previewed"
    client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert Customer.objects.get().team == team_b


def test_a_user_without_the_import_permission_gets_403(client, make_user, team_a):
    viewer = make_user("viewer", [team_a])
    client.force_login(viewer)
    assert client.get(reverse("transfer:upload", args=["customers"])).status_code == 403
    assert _upload(client, "customers", xlsx_bytes(["Company name"], [["X"]])).status_code == 403
    assert client.get(reverse("transfer:template", args=["customers"])).status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_unknown_kind_is_404(client, merchandiser):
    client.force_login(merchandiser)
    assert client.get(reverse("transfer:upload", args=["suppliers"])).status_code == 404


def test_another_users_batch_cannot_be_seen_or_confirmed(client, merchandiser, make_user, team_a):
    client.force_login(merchandiser)
    _upload(client, "products", _good_products())
    batch = ImportBatch.objects.get()
    client.force_login(make_user("merchandiser", [team_a]))
    assert client.get(reverse("transfer:preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("transfer:confirm", args=[batch.pk])).status_code == 404
    assert not Product.objects.exists()


def test_confirm_only_accepts_post(client, merchandiser):
    client.force_login(merchandiser)
    _upload(client, "products", _good_products())
    batch = ImportBatch.objects.get()
    assert client.get(reverse("transfer:confirm", args=[batch.pk])).status_code == 405
    assert not Product.objects.exists()
