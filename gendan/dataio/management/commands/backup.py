"""Write the database and the uploaded files to one backup file; see ``gendan.dataio.backup``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gendan.dataio.backup import BackupError, BackupInfo, backup_create

# The tables an operator recognises, shown in the summary in this order.
KEY_TABLES = {
    "customers_customer": "customers",
    "customers_contact": "contacts",
    "catalog_product": "products",
    "orders_order": "orders",
    "orders_orderline": "order lines",
    "accounts_user": "users",
    "audit_historyentry": "history entries",
}


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def describe(info: BackupInfo) -> list[str]:
    """Lines summing up what a backup holds or a restore put back."""
    key = ", ".join(
        f"{label} {info.tables[table]:,}"
        for table, label in KEY_TABLES.items()
        if table in info.tables
    )
    return [
        f"  database: {info.engine_label}, {len(info.tables)} tables, {info.rows:,} rows",
        f"            {key}" if key else "",
        f"  uploaded files: {info.media_files:,} ({human_size(info.media_bytes)})",
        _key_line(info),
    ]


def _key_line(info: BackupInfo) -> str:
    """Whether this machine has the key that reads the stored passwords (never the key)."""
    if info.key_matches is None:
        return ""
    if info.key_matches:
        return f"  stored passwords: readable here ({info.key_setting} is the same)"
    return (
        f"  stored passwords: encrypted with another {info.key_setting} than this machine's; "
        f"set {info.key_setting} to the old value to read them"
    )


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar or .tar.gz file. "
        "Safe while Gendan is running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="the backup file to write, e.g. gendan-2026-11-27.tar.gz"
        )

    def handle(self, *args, **options) -> None:
        try:
            info = backup_create(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {info.path} ({human_size(info.size)}) in {info.seconds:.2f} s:"
            )
        )
        for line in describe(info):
            if line:
                self.stdout.write(line)
