"""Import mail history into a mailbox: ``import_mail PATH --mailbox NAME``.

PATH is an .mbox file, an .eml file, or a folder of them (searched recursively).  Safe
to run again: messages already stored are recognised and skipped.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from gendan.comms.mail.importing import ImportCounts, mail_import_path
from gendan.comms.mail.mbox import MailSourceError
from gendan.comms.models import Mailbox

BAR_WIDTH = 30


def mailbox_by_name(name: str) -> Mailbox:
    matches = list(
        Mailbox.objects.filter(Q(name=name) | Q(address__iexact=name)).select_related("team")[:2]
    )
    if not matches:
        raise CommandError(f"No mailbox is called {name!r} (give its name or address).")
    if len(matches) > 1:
        raise CommandError(f"Several mailboxes are called {name!r}; give the address instead.")
    return matches[0]


class Command(BaseCommand):
    help = "Import an .mbox file, an .eml file or a folder of them into a mailbox."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="an .mbox file, an .eml file or a folder")
        parser.add_argument(
            "--mailbox", required=True, help="the mailbox's name or address to import into"
        )

    def handle(self, *args: Any, path: str, mailbox: str, **options: Any) -> None:
        target = mailbox_by_name(mailbox)
        started = time.monotonic()
        show_bar = options.get("verbosity", 1) >= 1 and sys.stderr.isatty()

        def progress(counts: ImportCounts) -> None:
            if not show_bar or not counts.total:
                return
            done = int(BAR_WIDTH * counts.processed / counts.total)
            rate = counts.processed / max(time.monotonic() - started, 0.001)
            sys.stderr.write(
                f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] "
                f"{counts.processed:,}/{counts.total:,}  {rate:,.0f} msg/s"
            )
            sys.stderr.flush()

        try:
            counts = mail_import_path(mailbox=target, path=path, progress=progress)
        except MailSourceError as exc:
            raise CommandError(str(exc)) from exc
        if show_bar:
            sys.stderr.write("\n")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{counts.processed:,} messages read in {seconds:.1f} s "
            f"({counts.processed / max(seconds, 0.001):,.0f}/s): {counts.created:,} stored, "
            f"{counts.duplicates:,} already stored, {counts.error_count:,} could not be read."
        )
        for error in counts.errors:
            self.stderr.write(f"  {error['item']}: {error['error']}")
        if counts.error_count:
            raise CommandError(f"{counts.error_count} messages could not be imported.")
