"""python manage.py import_whatsapp FILE --contact ID [--me NAME] [--date-order dmy|mdy|ymd] [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.customers.models import Contact

from ...whatsapp.chat_file import DATE_ORDERS, ExportError
from ...whatsapp.chat_import import whatsapp_export_import


class Command(BaseCommand):
    help = (
        'Import a WhatsApp "Export chat" file (.txt, or .zip with media) into a contact\'s '
        "WhatsApp conversation. Messages already imported are recognised and left alone; "
        "lines that cannot be read are printed with their numbers. Exits with status 1 "
        "when the file cannot be read as a chat export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .txt or .zip file WhatsApp exported")
        parser.add_argument("--contact", type=int, required=True, help="the contact's id")
        parser.add_argument(
            "--me",
            default="",
            help="your name as the chat writes it (default: the sender who is not the contact)",
        )
        parser.add_argument(
            "--date-order",
            choices=DATE_ORDERS,
            default="",
            help="how the file writes dates, when no day after the 12th settles it",
        )
        parser.add_argument(
            "--time-zone",
            default="",
            help="the exporting phone's time zone (default: the user's, else the server's)",
        )
        parser.add_argument("--user", help="username of the importing user")
        parser.add_argument(
            "--dry-run", action="store_true", help="read the file and report; write nothing"
        )

    def handle(self, *args, **options) -> None:
        contact = Contact.objects.select_related("customer").filter(pk=options["contact"]).first()
        if contact is None:
            raise CommandError(
                _("There is no contact with the id %(id)s.") % {"id": options["contact"]},
                returncode=1,
            )
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(
                    _("There is no active user %(username)s.") % {"username": options["user"]}
                )
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror},
                returncode=1,
            ) from None
        try:
            report = whatsapp_export_import(
                actor=user, contact=contact, data=data, filename=path.name, me=options["me"],
                date_order=options["date_order"], time_zone=options["time_zone"],
                dry_run=options["dry_run"],
            )  # fmt: skip
        except ExportError as exc:
            raise CommandError(str(exc), returncode=1) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None

        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        for error in report.errors:
            self.stderr.write(
                _("Line %(line)s: %(message)s") % {"line": error.line, "message": error.message}
            )
        counts = {
            "new": report.new,
            "existing": report.existing,
            "system": report.system_lines,
            "files": report.attachments + report.media_added,
            "errors": len(report.errors),
            "me": report.me or "—",
        }
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Dry run, nothing written: %(new)s new, %(existing)s already there, "
                    "%(system)s system lines left out, %(files)s files, %(errors)s lines with "
                    "errors. Your messages: %(me)s."
                )
                % counts
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "%(new)s new, %(existing)s already there, %(system)s system lines left "
                        "out, %(files)s files attached, %(errors)s lines with errors. Your "
                        "messages: %(me)s."
                    )
                    % counts
                )
            )
