"""Lift the log-in lock-out of a user (after too many failed attempts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gendan.accounts.lockout import user_unlock


class Command(BaseCommand):
    help = "Lift every log-in lock-out of the given user names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args: Any, usernames: list[str], **options: Any) -> None:
        for username in usernames:
            count = user_unlock(username=username)
            self.stdout.write(f"{username}: {count} lock-out record(s) removed")
