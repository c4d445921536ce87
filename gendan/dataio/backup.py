"""One-file backups: the database and the uploaded files, with a manifest.

A backup is a tar archive (gzip-compressed when named ``.tar.gz`` or ``.tgz``) holding

* ``manifest.json`` — format version, database engine, applied migrations, app and
  Django versions, when it was taken, rows per table, media file count;
* ``database.sqlite3`` (SQLite, a copy made with SQLite's online backup API) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
* ``media/…`` — every file under ``MEDIA_ROOT``.

Both directions work while the app runs.  SQLite's backup API reads one consistent
snapshot under a read lock (WAL lets writers go on) and, restoring, writes the live file
under SQLite's own locks, so open connections see either the old or the new database.
PostgreSQL's dump runs in a repeatable-read snapshot that the row counts share, and the
restore is one ``pg_restore --single-transaction``.  A restore checks everything it
can first — the manifest, the engine, the migrations, the database copy itself — and
changes nothing when one of these fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from gendan.core.secrets import key_fingerprint, key_setting, secrets_unreadable

FORMAT = "gendan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Scratch directories of backups and restores; never part of a backup themselves.
SCRATCH_PREFIX = ".gendan-"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class BackupInfo:
    """What a backup holds (from its manifest), or what a restore put back."""

    path: Path
    size: int
    engine: str
    created_at: str
    app_version: str
    migrations: list[str]
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    seconds: float = 0.0
    # Set by a restore: migrations this code has that the backup predates.
    pending_migrations: list[str] = field(default_factory=list)
    # The setting whose key encrypted the stored passwords, and the key's fingerprint.
    key_setting: str = ""
    key_fingerprint: str = ""
    # Set by a restore: stored secrets that this machine's key cannot read.
    unreadable_secrets: list[str] = field(default_factory=list)

    @property
    def key_matches(self) -> bool | None:
        """Does this machine hold the key the backup's secrets need? None: not recorded."""
        return self.key_fingerprint == key_fingerprint() if self.key_fingerprint else None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def engine_label(self) -> str:
        return ENGINE_LABEL.get(self.engine, self.engine)


# --- Shared helpers -------------------------------------------------------------------


def engine() -> str:
    """'sqlite' or 'postgresql': the engine of the configured database."""
    name = settings.DATABASES["default"]["ENGINE"]
    if name.endswith("sqlite3"):
        return "sqlite"
    if name.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")


def app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _compression(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "gz"
    if name.endswith(".tar"):
        return ""
    raise BackupError(f"Name the backup file .tar or .tar.gz (not {path.name}).")


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database lives in memory; there is no file to back up or restore.")
    return Path(name)


def _sqlite_timeout() -> float:
    return float(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 20))


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        table: db.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0] for table in tables
    }


def _sqlite_migrations(db: sqlite3.Connection) -> list[str]:
    try:
        return sorted(
            f"{app}.{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
        )
    except sqlite3.DatabaseError:
        return []


def _media_files(root: Path, *, exclude: set[Path]) -> Iterator[tuple[Path, str]]:
    """(file, name in the archive) for every regular file under MEDIA_ROOT."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        base = Path(directory)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(SCRATCH_PREFIX))
        for filename in sorted(filenames):
            file = base / filename
            if file.is_file() and not file.is_symlink() and file.resolve() not in exclude:
                yield file, f"{MEDIA}/{file.relative_to(root).as_posix()}"


# --- PostgreSQL -----------------------------------------------------------------------

# libpq keywords in DATABASES OPTIONS that pg_dump/pg_restore read from the environment.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY", "sslcrl": "PGSSLCRL", "passfile": "PGPASSFILE", "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS", "application_name": "PGAPPNAME",
}  # fmt: skip


def _pg_env() -> dict[str, str]:
    """Connection settings for the PostgreSQL tools, all in the environment.

    The password goes in PGPASSWORD and never on a command line, where other users of
    the machine could read it in the process list.
    """
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for option, variable in _PG_OPTION_ENV.items():
        if option in db.get("OPTIONS", {}):
            env[variable] = str(db["OPTIONS"][option])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL client tools "
            "(the same major version as the server, or newer)."
        )
    return found


def _run(command: list[str], *, env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: " + " / ".join(detail[-5:]))
    return result.stdout


@contextmanager
def _pg_snapshot() -> Iterator[tuple[Any, str]]:
    """A read-only repeatable-read transaction and the id of its exported snapshot.

    pg_dump reads that same snapshot (``--snapshot``), so the dump, the row counts and
    the migration list in the manifest describe one moment.
    """
    import psycopg

    wrapper = connections.create_connection("default")
    try:
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.autocommit = False
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor, cursor.fetchone()[0]
        raw.rollback()
    finally:
        wrapper.close()


def _pg_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_migrations(cursor: Any) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations")
    return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def _pg_dump_tables(dump: Path) -> set[str]:
    """Names of the tables a custom-format dump creates, from its table of contents."""
    listing = _run([_pg_tool("pg_restore"), "--list", str(dump)], env=_pg_env())
    tables = set()
    for line in listing.splitlines():
        # e.g. "215; 1259 16390 TABLE public orders_order postgres"
        parts = line.split()
        if len(parts) >= 6 and not line.startswith(";") and parts[3] == "TABLE":
            tables.add(parts[5])
    return tables


# --- Backup ---------------------------------------------------------------------------


def backup_create(path: Path) -> BackupInfo:
    """Write a backup of the database and MEDIA_ROOT to ``path`` (replaced if it exists)."""
    started = time.monotonic()
    path = Path(path).resolve()
    compression = _compression(path)
    kind = engine()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    # Staged beside the target, not in /tmp: a database copy can be larger than a tmpfs.
    with tempfile.TemporaryDirectory(prefix=".gendan-backup-", dir=path.parent) as staging_name:
        staging = Path(staging_name)
        database = staging / DATABASE_MEMBER[kind]
        if kind == "sqlite":
            tables, migrations = _sqlite_copy(database)
            exclude = {_sqlite_path().resolve(), path}
            exclude |= {
                Path(f"{p}{suffix}")
                for p in set(exclude)
                for suffix in ("-wal", "-shm", "-journal")
            }
        else:
            tables, migrations = _pg_dump(database)
            exclude = {path}
        media = list(_media_files(media_root, exclude=exclude))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": kind,
            "database": database.name,
            "app_version": app_version(),
            "django_version": django.get_version(),
            "migrations": migrations,
            "tables": tables,
            "media": {"files": len(media), "bytes": sum(file.stat().st_size for file, _ in media)},
            # Not the key: which setting holds it, and how to tell it is the same one.
            "secrets": {"key_setting": key_setting(), "key_fingerprint": key_fingerprint()},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = staging / ("backup" + "".join(path.suffixes))
        mode = f"w:{compression}" if compression else "w"
        options = {"compresslevel": 6} if compression else {}
        with tarfile.open(partial, mode, **options) as tar:  # type: ignore[call-overload]
            # The manifest first, so reading it never needs the rest of the archive.
            tar.add(staging / MANIFEST, arcname=MANIFEST)
            tar.add(database, arcname=database.name)
            for file, arcname in media:
                tar.add(file, arcname=arcname, recursive=False)
        partial.chmod(0o600)  # it holds every customer's data
        partial.replace(path)  # a complete file or none: never a half-written backup
    info = _info_from_manifest(manifest, path)
    info.seconds = time.monotonic() - started
    return info


def _sqlite_copy(target: Path) -> tuple[dict[str, int], list[str]]:
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path}.")
    with (
        closing(sqlite3.connect(source_path, timeout=_sqlite_timeout())) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        # One step (pages=-1): the copy is a single snapshot even while others write.
        source.backup(copy)
        # A self-contained file, without a -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The database copy failed its integrity check: {check}")
        return _sqlite_counts(copy), _sqlite_migrations(copy)


def _pg_dump(target: Path) -> tuple[dict[str, int], list[str]]:
    pg_dump = _pg_tool("pg_dump")
    with _pg_snapshot() as (cursor, snapshot):
        tables = _pg_counts(cursor)
        migrations = _pg_migrations(cursor)
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_env(),
        )
    return tables, migrations


# --- Reading a backup -----------------------------------------------------------------


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        return tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is not a Gendan backup: it is not a tar archive.") from None


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = next((m for m in tar if m.name == MANIFEST), None)
        file = tar.extractfile(member) if member is not None and member.isfile() else None
        if file is None:
            raise BackupError(f"{path} is not a Gendan backup: it has no {MANIFEST}.")
        manifest = json.loads(file.read().decode("utf-8"))
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is damaged: its archive cannot be read.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(
            f"{path} is not a Gendan backup: its {MANIFEST} is not valid JSON."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Gendan backup: its {MANIFEST} is of another format.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path} has backup format {version}; this version of Gendan reads format {FORMAT_VERSION} "
            "and older. Restore it with the Gendan version that made it, or a newer one."
        )
    if (
        manifest.get("engine") not in DATABASE_MEMBER
        or manifest.get("database") != DATABASE_MEMBER[manifest["engine"]]
    ):
        raise BackupError(f"{path} is damaged: its manifest names no known database file.")
    return manifest


def _info_from_manifest(manifest: dict[str, Any], path: Path) -> BackupInfo:
    media = manifest.get("media") or {}
    return BackupInfo(
        path=path,
        size=path.stat().st_size,
        engine=manifest["engine"],
        created_at=str(manifest.get("created_at", "")),
        app_version=str(manifest.get("app_version", "unknown")),
        migrations=list(manifest.get("migrations") or []),
        tables={str(k): int(v) for k, v in (manifest.get("tables") or {}).items()},
        media_files=int(media.get("files", 0)),
        media_bytes=int(media.get("bytes", 0)),
        key_setting=str((manifest.get("secrets") or {}).get("key_setting", "")),
        key_fingerprint=str((manifest.get("secrets") or {}).get("key_fingerprint", "")),
    )


def backup_inspect(path: Path) -> BackupInfo:
    """What the backup at ``path`` holds; raises ``BackupError`` if it is not one."""
    path = Path(path).resolve()
    with _open(path) as tar:
        return _info_from_manifest(_read_manifest(tar, path), path)


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def restore_check(info: BackupInfo) -> None:
    """Refuse a backup this installation cannot take, before anything is changed."""
    here = engine()
    if info.engine != here:
        raise BackupError(
            f"{info.path} is a backup of a {info.engine_label} database, but this Gendan uses "
            f"{ENGINE_LABEL[here]}. Restore it into a {info.engine_label} installation (set "
            "DATABASE_URL), or move the data with Django's dumpdata/loaddata."
        )
    unknown = sorted(set(info.migrations) - _known_migrations())
    if unknown:
        listed = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            f"{info.path} was made by a newer version of Gendan (migrations this version does not have: "
            f"{listed}). Upgrade Gendan, then restore."
        )


# --- Restore --------------------------------------------------------------------------


def backup_restore(path: Path) -> BackupInfo:
    """Replace the database and MEDIA_ROOT with the backup at ``path``."""
    started = time.monotonic()
    path = Path(path).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    with _open(path) as tar:
        manifest = _read_manifest(tar, path)
        info = _info_from_manifest(manifest, path)
        restore_check(info)
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError):
            raise BackupError(f"{path} is damaged: its archive cannot be read.") from None
        database = next((m for m in members if m.name == manifest["database"] and m.isfile()), None)
        if database is None:
            raise BackupError(f"{path} is damaged: it has no {manifest['database']}.")
        media = [m for m in members if m.name.startswith(f"{MEDIA}/") and (m.isfile() or m.isdir())]
        media_root.mkdir(parents=True, exist_ok=True)
        # Scratch space on the same file systems as the targets, so the final moves are renames.
        db_dir = _sqlite_path().parent if info.engine == "sqlite" else None
        with (
            tempfile.TemporaryDirectory(prefix=".gendan-restore-", dir=db_dir) as db_staging,
            tempfile.TemporaryDirectory(prefix=".gendan-restore-", dir=media_root) as media_staging,
        ):
            _extract(tar, [database], Path(db_staging), path)
            _extract(tar, media, Path(media_staging), path)
            staged_db = Path(db_staging) / database.name
            connections.close_all()
            if info.engine == "sqlite":
                _sqlite_restore(staged_db)
            else:
                _pg_restore(staged_db)
            _replace_media(media_root, Path(media_staging) / MEDIA)
    connections.close_all()
    info.tables = live_counts()
    info.media_files = sum(1 for _ in _media_files(media_root, exclude=set()))
    info.media_bytes = sum(
        file.stat().st_size for file, _ in _media_files(media_root, exclude=set())
    )
    info.pending_migrations = sorted(_known_migrations() - set(info.migrations))
    info.unreadable_secrets = secrets_unreadable()
    info.seconds = time.monotonic() - started
    return info


def _extract(
    tar: tarfile.TarFile, members: list[tarfile.TarInfo], target: Path, path: Path
) -> None:
    try:
        # The "data" filter refuses absolute paths, "..", links out of the target, devices.
        tar.extractall(target, members=members, filter="data")
    except tarfile.FilterError as exc:
        raise BackupError(
            f"{path} holds an unsafe file name ({exc}); it was not restored."
        ) from None
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(f"{path} is damaged: its files cannot be extracted.") from None


def _sqlite_restore(staged: Path) -> None:
    live = _sqlite_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(staged)) as source:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The database in the backup is damaged: {check}")
        with closing(sqlite3.connect(live, timeout=_sqlite_timeout())) as target:
            # A database in WAL mode only takes pages of its own size from the backup API.
            page_size = target.execute("PRAGMA page_size").fetchone()[0]
            if source.execute("PRAGMA page_size").fetchone()[0] != page_size:
                source.execute(f"PRAGMA page_size={int(page_size)}")
                source.execute("VACUUM")
            # The copy runs under the live file's write lock, as one step: other connections
            # wait on their busy timeout and then see the restored database whole.
            source.backup(target)


def _pg_restore(staged: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    in_dump = _pg_dump_tables(staged)
    with connections["default"].cursor() as cursor:
        live = set(connections["default"].introspection.table_names(cursor))
    # --clean drops what the dump creates; a table the dump lacks (made by a migration
    # newer than the backup) would stay behind and block migrate later, or hold foreign
    # keys that make the drops fail.  Refuse instead of leaving a mixed database.
    extra = sorted(live - in_dump)
    if extra:
        listed = ", ".join(extra[:5]) + (" …" if len(extra) > 5 else "")
        raise BackupError(
            f"The database has tables the backup does not ({listed}): the backup is older than this "
            "database. Restore into an empty database (create one, point DATABASE_URL at it, run "
            "restore), then run migrate."
        )
    database = str(settings.DATABASES["default"]["NAME"])
    _run(
        [pg_restore, "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-acl",
         "--no-password", f"--dbname={database}", str(staged)],
        env=_pg_env(),
    )  # fmt: skip


def _replace_media(media_root: Path, restored: Path) -> None:
    """Swap MEDIA_ROOT's contents for the restored files.

    The restored files were extracted inside MEDIA_ROOT, so each step is a rename on one
    file system — also when MEDIA_ROOT is a mount point that cannot itself be renamed.
    """
    old = media_root / f"{SCRATCH_PREFIX}replaced-{uuid.uuid4().hex}"
    old.mkdir()
    try:
        for child in media_root.iterdir():
            if not child.name.startswith(SCRATCH_PREFIX):
                child.rename(old / child.name)
        if restored.is_dir():
            for child in restored.iterdir():
                child.rename(media_root / child.name)
    except OSError as exc:
        # The database is already restored; keep the previous files for the operator.
        raise BackupError(
            f"The database was restored, but replacing the uploaded files failed ({exc}). "
            f"The previous files are in {old}."
        ) from None
    shutil.rmtree(old, ignore_errors=True)


def live_counts() -> dict[str, int]:
    """Rows per table of the configured database, as it is now."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts
