"""Fetch new mail now: ``fetch_mail`` (every active mailbox) or ``fetch_mail --mailbox NAME``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.models import Mailbox

from .import_mail import mailbox_by_name


class Command(BaseCommand):
    help = "Fetch new mail from the mailboxes' IMAP servers (inbox and Sent folder)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--mailbox", help="only this mailbox (name or address)")

    def handle(self, *args: Any, mailbox: str | None = None, **options: Any) -> None:
        targets = (
            [mailbox_by_name(mailbox)]
            if mailbox
            else list(Mailbox.objects.filter(is_active=True).select_related("team"))
        )
        failed = 0
        for target in targets:
            result = mailbox_fetch(mailbox=target)
            folders = ", ".join(
                f"{f.name}: {f.stored} new" + (" (more waiting)" if f.more_waiting else "")
                for f in result.folders
            )
            self.stdout.write(f"{target.address}: {folders or 'nothing fetched'}")
            if target.last_error:
                failed += 1
                self.stderr.write(f"  {target.last_error}")
        if failed:
            raise CommandError(f"{failed} mailbox(es) could not be fetched completely.")
