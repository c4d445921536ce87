"""backup and restore: one file in, the same data and uploads out; bad files change nothing.

The round trips run the real commands in subprocesses against a database file (SQLite)
or a throwaway database (PostgreSQL), the way an operator runs them: a backup of the
in-memory test database would prove little.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gendan.customers.models import Customer
from gendan.customers.tests.factories import CustomerFactory
from gendan.dataio import backup as backup_module
from gendan.dataio.backup import FORMAT, FORMAT_VERSION, backup_inspect, engine

BASE_DIR = Path(settings.BASE_DIR)
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


# --- Helpers --------------------------------------------------------------------------


def fake_backup(path: Path, **manifest: Any) -> Path:
    """A tar with a manifest (and an empty database member) for the refusal tests."""
    kind = manifest.get("engine", engine())
    content = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": "2026-11-27T10:00:00+00:00",
        "engine": kind,
        "database": backup_module.DATABASE_MEMBER.get(kind, "database.sqlite3"),
        "migrations": ["accounts.0001_initial"],
        "tables": {"customers_customer": 3},
        "media": {"files": 0, "bytes": 0},
        **manifest,
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (
            (backup_module.MANIFEST, json.dumps(content).encode()),
            (content["database"], b""),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


class Installation:
    """A Gendan with its own database and data directory, driven through manage.py."""

    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.media = root / "media"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "GENDAN_DATA_DIR": str(root),
            "MEDIA_ROOT": str(self.media),
            "SECRET_KEY": "backup-test",
            "DJANGO_SETTINGS_MODULE": "gendan.settings",
        }

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).stdout


STATE = """
from gendan.customers.models import Customer
from gendan.orders.models import Order, OrderLine
import json
print(json.dumps({
    "customers": sorted(Customer.objects.values_list("code", flat=True)),
    "orders": sorted(Order.objects.values_list("number", flat=True)),
    "lines": OrderLine.objects.count(),
}))
"""

CHANGE = """
from gendan.accounts.models import Team
from gendan.customers.services import customer_create
from gendan.orders.models import Order
customer_create(actor=None, team=Team.objects.first(), name="Added After Backup GmbH", country="DE")
Order.objects.order_by("number").last().delete()
"""


def media_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def pg_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2):
            return True
    except Exception:
        return False


def prepare(site: Installation) -> Installation:
    """Migrate, add demo data and one uploaded file."""
    site.root.mkdir(parents=True, exist_ok=True)
    site.manage("migrate", "--no-input", "-v", "0")
    site.manage("seed_demo", "--customers", "6", "--orders", "30", "--password", "pw-backup-test")
    (site.media / "orders" / "PI-2026-0001").mkdir(parents=True)
    (site.media / "orders" / "PI-2026-0001" / "signed-pi.pdf").write_bytes(b"%PDF-1.7 signed")
    return site


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory) -> Installation:
    root = tmp_path_factory.mktemp("template")
    return prepare(Installation(root / "site", f"sqlite:///{root / 'site' / 'gendan.sqlite3'}"))


def sqlite_copy(template: Installation, tmp_path: Path) -> Installation:
    """A private installation: the template's database file and uploads, copied."""
    site = Installation(tmp_path / "site", f"sqlite:///{tmp_path / 'site' / 'gendan.sqlite3'}")
    shutil.copytree(template.root, site.root)
    return site


@pytest.fixture(scope="module")
def postgres_site(tmp_path_factory) -> Iterator[Installation]:
    """A throwaway PostgreSQL database, created for this module and dropped after it."""
    if not pg_answers():
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    import psycopg

    name = f"gendan_backup_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        root = tmp_path_factory.mktemp("postgres")
        yield prepare(Installation(root / "site", f"{PG_SERVER}/{name}"))
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request, tmp_path) -> Installation:
    """An installation with demo data and an uploaded file, on each engine.

    The PostgreSQL one is shared by the tests of this module, so each test leaves it as
    it found it.
    """
    if request.param == "sqlite":
        return sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
    return request.getfixturevalue("postgres_site")


# --- Round trips ----------------------------------------------------------------------


def test_a_restore_brings_back_the_data_and_files_as_they_were_at_backup_time(
    installation, tmp_path
):
    target = tmp_path / "backups" / "gendan.tar.gz"
    files = media_files(installation.media)  # the demo mail's files and the signed PI
    output = installation.manage("backup", str(target)).stdout
    assert "Backup written" in output and "orders 30" in output
    assert f"uploaded files: {len(files)}" in output and len(files) > 1
    state = json.loads(installation.shell(STATE))

    installation.shell(CHANGE)
    (installation.media / "later.txt").write_text("uploaded after the backup")
    (installation.media / "orders" / "PI-2026-0001" / "signed-pi.pdf").write_bytes(b"overwritten")
    changed = json.loads(installation.shell(STATE))
    assert changed != state

    output = installation.manage("restore", str(target), "--yes").stdout
    assert "Restored" in output and "orders 30" in output
    assert json.loads(installation.shell(STATE)) == state
    assert media_files(installation.media) == files
    assert not [p for p in installation.media.iterdir() if p.name.startswith(".gendan-")]


def test_the_backup_is_one_file_with_a_manifest_the_database_and_the_uploads(
    installation, tmp_path
):
    target = installation.manage("backup", str(tmp_path / "b.tar")).stdout and tmp_path / "b.tar"
    with tarfile.open(target) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["database"] in names
    assert "media/orders/PI-2026-0001/signed-pi.pdf" in names
    assert manifest["format"] == FORMAT and manifest["format_version"] == FORMAT_VERSION
    assert manifest["engine"] in ("sqlite", "postgresql")
    assert "orders.0001_initial" in manifest["migrations"]
    assert manifest["tables"]["orders_order"] == 30
    assert manifest["created_at"] and manifest["app_version"]
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".gendan-")]


def test_a_backup_of_one_engine_is_refused_by_the_other(installation, tmp_path):
    target = tmp_path / "b.tar.gz"
    installation.manage("backup", str(target))
    is_sqlite = installation.env["DATABASE_URL"].startswith("sqlite")
    other = Installation(
        tmp_path / "other",
        f"{PG_SERVER}/gendan_never_created"
        if is_sqlite
        else f"sqlite:///{tmp_path / 'other.sqlite3'}",
    )
    result = other.manage("restore", str(target), "--yes", check=False)
    assert result.returncode != 0
    label = "SQLite" if is_sqlite else "PostgreSQL"
    assert f"is a backup of a {label} database" in result.stderr


# --- Consistency while the app writes (SQLite) ----------------------------------------


def test_a_backup_taken_while_another_connection_writes_is_consistent(sqlite_template, tmp_path):
    site = sqlite_copy(sqlite_template, tmp_path)
    database = site.root / "gendan.sqlite3"
    stop = threading.Event()
    commits: list[float] = []

    def write() -> None:
        # Each transaction adds 50 rows to two tables; a consistent copy has equal counts.
        db = sqlite3.connect(database, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS probe_a (id INTEGER PRIMARY KEY, payload TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS probe_b (id INTEGER PRIMARY KEY, payload TEXT)")
        while not stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            for table in ("probe_a", "probe_b"):
                db.executemany(f"INSERT INTO {table} (payload) VALUES (?)", [("x" * 500,)] * 50)
            db.execute("COMMIT")
            commits.append(time.monotonic())
        db.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(commits) < 20:  # the database has grown before the backup starts
            time.sleep(0.01)
        started = time.monotonic()
        site.manage("backup", str(tmp_path / "live.tar"))
        finished = time.monotonic()
    finally:
        stop.set()
        writer.join()
    assert any(started < at < finished for at in commits), "the writer paused during the backup"

    with tarfile.open(tmp_path / "live.tar") as tar:
        tar.extract("database.sqlite3", tmp_path / "copy", filter="data")
    copy = sqlite3.connect(tmp_path / "copy" / "database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    a = copy.execute("SELECT count(*) FROM probe_a").fetchone()[0]
    b = copy.execute("SELECT count(*) FROM probe_b").fetchone()[0]
    assert a == b and a % 50 == 0 and a > 0
    live = sqlite3.connect(database).execute("SELECT count(*) FROM probe_a").fetchone()[0]
    assert a < live  # the copy is a snapshot, not the state after the writer stopped


def test_a_connection_open_during_the_restore_then_sees_the_restored_database(
    sqlite_template, tmp_path
):
    site = sqlite_copy(sqlite_template, tmp_path)
    site.manage("backup", str(tmp_path / "b.tar"))
    site.shell(CHANGE.replace('Order.objects.order_by("number").last().delete()', ""))
    # Like a web worker of the running app: connected, in WAL mode, between requests.
    app = sqlite3.connect(site.root / "gendan.sqlite3", timeout=20)
    assert app.execute("SELECT count(*) FROM customers_customer").fetchone()[0] == 7
    site.manage("restore", str(tmp_path / "b.tar"), "--yes")
    assert app.execute("SELECT count(*) FROM customers_customer").fetchone()[0] == 6
    assert app.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert app.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- Refusals: nothing changes --------------------------------------------------------


@pytest.mark.django_db
def test_a_restore_of_a_garbage_file_fails_clearly_and_changes_nothing(tmp_path):
    CustomerFactory.create_batch(2)
    garbage = tmp_path / "backup.tar.gz"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(CommandError, match="is not a Gendan backup: it is not a tar archive"):
        restore(garbage, "--yes")
    assert Customer.objects.count() == 2


@pytest.mark.django_db
def test_a_tar_without_a_manifest_is_refused(tmp_path):
    archive = tmp_path / "photos.tar"
    (tmp_path / "photo.jpg").write_bytes(b"jpeg")
    with tarfile.open(archive, "w") as tar:
        tar.add(tmp_path / "photo.jpg", arcname="photo.jpg")
    with pytest.raises(CommandError, match="is not a Gendan backup: it has no manifest.json"):
        restore(archive, "--yes")


@pytest.mark.django_db
def test_a_backup_of_the_other_engine_is_refused(tmp_path):
    other = "postgresql" if engine() == "sqlite" else "sqlite"
    path = fake_backup(tmp_path / "other.tar.gz", engine=other)
    with pytest.raises(
        CommandError, match=f"is a backup of a {backup_module.ENGINE_LABEL[other]} database"
    ):
        restore(path, "--yes")


@pytest.mark.django_db
def test_a_backup_from_a_newer_version_is_refused(tmp_path):
    path = fake_backup(tmp_path / "newer.tar.gz", migrations=["orders.9999_from_the_future"])
    with pytest.raises(CommandError, match="newer version of Gendan.*orders.9999_from_the_future"):
        restore(path, "--yes")


@pytest.mark.django_db
def test_a_backup_in_a_newer_format_is_refused(tmp_path):
    path = fake_backup(tmp_path / "format.tar.gz", format_version=FORMAT_VERSION + 1)
    with pytest.raises(CommandError, match="has backup format"):
        restore(path, "--yes")


@pytest.mark.django_db
def test_restore_asks_first_and_answering_no_changes_nothing(tmp_path, monkeypatch):
    CustomerFactory()
    path = fake_backup(tmp_path / "ok.tar.gz")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
        restore(path)
    assert Customer.objects.count() == 1


def test_a_backup_name_other_than_tar_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"Name the backup file \.tar or \.tar\.gz"):
        call_command("backup", str(tmp_path / "backup.zip"), stdout=io.StringIO())


def test_inspect_reads_the_manifest_without_the_rest(tmp_path):
    info = backup_inspect(fake_backup(tmp_path / "b.tar.gz"))
    assert info.tables == {"customers_customer": 3}
    assert info.rows == 3
