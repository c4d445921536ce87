"""manage.py import_data: exit status, printed errors, dry runs, teams and users."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from gendan.catalog.models import Product
from gendan.customers.models import Customer
from gendan.dataio.tests.import_support import csv_bytes, database_state, xlsx_bytes

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def products_file(tmp_path):
    path = tmp_path / "products.xlsx"
    path.write_bytes(
        xlsx_bytes(["SKU", "English name", "Unit"], [["P-1", "Pan", "pcs"], ["P-2", "Pot", "sets"]])
    )
    return path


def test_a_good_file_prints_the_counts(merchandiser, products_file):
    out, err = _run("products", str(products_file), "--user", merchandiser.username)
    assert "Created 2, updated 0, unchanged 0." in out
    assert err == ""
    assert Product.objects.count() == 2
    out, _err = _run("products", str(products_file), "--user", merchandiser.username)
    assert "Created 0, updated 0, unchanged 2." in out


def test_a_dry_run_reports_and_writes_nothing(merchandiser, products_file):
    before = database_state()
    out, _err = _run("products", str(products_file), "--dry-run", "--user", merchandiser.username)
    assert "2 to create" in out and "nothing written" in out
    assert database_state() == before


def test_errors_are_printed_with_row_and_column_and_the_exit_status_is_1(
    merchandiser, tmp_path, capsys, monkeypatch
):
    # Run as from the shell; that path closes the database connections when it ends,
    # which would also end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = tmp_path / "products.csv"
    path.write_bytes(
        csv_bytes(
            ["SKU", "English name", "Unit", "Colour"],
            [["P-1", "Pan", "pcs", "red"], ["P-2", "Pot", "buckets", "blue"]],
        )
    )
    before = database_state()
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(
            ["manage.py", "import_data", "products", str(path), "--user", merchandiser.username]
        )
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Row 3, column \u201cUnit\u201d: Unknown value" in err
    assert "(value: buckets)" in err
    assert "The column \u201cColour\u201d is not known and is ignored." in err
    assert "1 error(s) in products.csv; nothing was imported." in err
    assert database_state() == before


def test_a_command_error_carries_exit_status_1(merchandiser, tmp_path):
    path = tmp_path / "products.xlsx"
    path.write_bytes(xlsx_bytes(["SKU", "English name"], [["", "Nameless"], ["P-9", "=1+1", "x"]]))
    with pytest.raises(CommandError) as error:
        _run("products", str(path), "--user", merchandiser.username)
    assert error.value.returncode == 1


def test_the_team_option_says_where_new_customers_go(make_user, team_a, team_b, tmp_path):
    make_user("sales", [team_a, team_b], username="sam")
    path = tmp_path / "customers.xlsx"
    path.write_bytes(xlsx_bytes(["Company name", "Country"], [["Team Player Ltd", "GB"]]))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "customers", str(path), "--user", "sam", stdout=out, stderr=err)
    assert "--team" in err.getvalue()
    _run("customers", str(path), "--user", "sam", "--team", "team b")
    assert Customer.objects.get().team == team_b
    with pytest.raises(CommandError, match="no team"):
        _run("customers", str(path), "--user", "sam", "--team", "Nowhere")


def test_the_user_must_be_named_unless_there_is_one_administrator(make_user, products_file):
    with pytest.raises(CommandError, match="--user"):
        _run("products", str(products_file))
    make_user("admin", [], username="root", is_superuser=True)
    out, _err = _run("products", str(products_file))
    assert "Created 2" in out


def test_a_user_without_the_import_permission_is_refused(make_user, team_a, products_file):
    make_user("viewer", [team_a], username="vic")
    with pytest.raises(CommandError, match="permission"):
        _run("products", str(products_file), "--user", "vic")
    assert not Product.objects.exists()


def test_a_missing_or_broken_file_is_a_clear_error(merchandiser, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _run("products", str(tmp_path / "nope.xlsx"), "--user", merchandiser.username)
    fake = tmp_path / "photo.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "products",
            str(fake),
            "--user",
            merchandiser.username,
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "not an Excel workbook" in err.getvalue()
