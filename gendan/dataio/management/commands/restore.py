"""Put a backup made by ``manage.py backup`` back; see ``gendan.dataio.backup``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gendan.dataio.backup import BackupError, backup_inspect, backup_restore, restore_check

from .backup import describe, human_size


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files (MEDIA_ROOT) with a backup made by "
        "'manage.py backup'. Checks the backup first and changes nothing if it does not fit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file (.tar or .tar.gz)")
        parser.add_argument(
            "--yes", "--noinput", "--no-input", action="store_true", dest="yes",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args, **options) -> None:
        try:
            info = backup_inspect(options["path"])
            restore_check(info)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backup {info.path} ({human_size(info.size)}), taken {info.created_at} by Gendan {info.app_version}:"
        )
        for line in describe(info):
            if line:
                self.stdout.write(line)
        if not options["yes"]:
            database = settings.DATABASES["default"]["NAME"]
            self.stdout.write(
                f"\nThis replaces everything in the database {database} and in {settings.MEDIA_ROOT}."
            )
            if input("Type 'yes' to restore: ").strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restored = backup_restore(info.path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored in {restored.seconds:.2f} s; the database now holds:")
        )
        for line in describe(restored):
            if line:
                self.stdout.write(line)
        if restored.unreadable_secrets:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(restored.unreadable_secrets)} stored password(s) cannot be read with "
                    f"this machine's key ({restored.key_setting or 'MAILBOX_KEY'} differs from "
                    "the one the backup was made with); set it as it was, or enter them again:"
                )
            )
            for line in restored.unreadable_secrets:
                self.stdout.write(f"  {line}")
        if restored.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(restored.pending_migrations)} migration(s) of this version: "
                    "run 'manage.py migrate' now."
                )
            )
