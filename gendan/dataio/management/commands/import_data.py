"""python manage.py import_data {customers,contacts,products,orders} FILE [--dry-run] [--team T] [--user U]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gendan.accounts.models import Team, User
from gendan.core.registry import importers
from gendan.dataio.importing import importer_for, normalize_header, run_import


class Command(BaseCommand):
    help = (
        "Import customers, contacts, products or orders from an .xlsx or .csv file. "
        "All rows are imported or none: any error is printed with its row and column, "
        "nothing is written, and the command exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=importers.keys())
        parser.add_argument("file", help="an .xlsx workbook (first sheet) or a CSV file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )
        parser.add_argument(
            "--team", help="the team new customers go in, when the file has no Team column"
        )
        parser.add_argument(
            "--user", help="username of the importing user (default: the only administrator)"
        )

    def handle(self, *args, **options) -> None:
        user = self._user(options["user"])
        team = self._team(options["team"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        try:
            result = run_import(
                kind=options["kind"],
                data=data,
                filename=path.name,
                user=user,
                team=team,
                dry_run=options["dry_run"],
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None

        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            if team is None and _needs_team(options["kind"], result.errors):
                self.stderr.write(
                    _("Name the team new records go in with --team TEAM, or add a Team column.")
                )
            raise CommandError(
                _("%(count)s error(s) in %(file)s; nothing was imported.")
                % {"count": len(result.errors), "file": path.name},
                returncode=1,
            )
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Dry run, nothing written: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged."
                )
                % counts
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.") % counts
                )
            )

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None or not user.is_active:
                raise CommandError(
                    _("There is no active user %(username)s.") % {"username": username}
                )
            return user
        admins = list(User.objects.filter(is_active=True, is_superuser=True)[:2])
        if len(admins) != 1:
            raise CommandError(_("Name the importing user with --user USERNAME."))
        return admins[0]

    def _team(self, name: str | None) -> Team | None:
        if not name:
            return None
        team = Team.objects.filter(name__iexact=name.strip()).first()
        if team is None:
            raise CommandError(_("There is no team %(team)s.") % {"team": name})
        return team


def _needs_team(kind: str, errors) -> bool:
    """Does the import ask which team new records go in (an error on the file's Team column)?"""
    importer = importer_for(kind)
    if not importer.uses_team():
        return False
    team_names = {name for f in importer.fields() if f.key == "team" for name in f.variants()}
    return any(e.row is None and normalize_header(e.column) in team_names for e in errors)
