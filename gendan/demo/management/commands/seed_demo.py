"""Fill the database with demo data; the generator lives in ``gendan.demo.seeding``."""

from __future__ import annotations

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from gendan.accounts.models import Role, User
from gendan.demo import data
from gendan.demo.seeding import (
    DEFAULT_CUSTOMERS,
    DEFAULT_ORDERS,
    DEMO_PASSWORD,
    DemoDataError,
    SeedResult,
    demo_counts,
    demo_seed,
)

# Below this many orders a run takes a second or two: no progress lines.
PROGRESS_FROM = 5_000


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: two sales teams, a user of every role, customers "
        "in more than 50 countries with contacts, a product catalogue, export orders in every status, "
        "shared mailboxes, message templates and about fifty conversations by e-mail, WhatsApp and phone. "
        "Refuses a database that already has customers or orders unless --append is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--customers",
            type=_count,
            default=DEFAULT_CUSTOMERS,
            help="new customers (default %(default)s)",
        )
        parser.add_argument(
            "--orders", type=_count, default=DEFAULT_ORDERS, help="new orders (default %(default)s)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed; the same seed gives the same data"
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a database that already has data: more customers and orders; "
            "teams, users and products are reused, never duplicated",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="when the database already has data, say so and exit successfully (for start-up scripts)",
        )
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help="password of the demo users it creates"
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and not options["append"] and any(demo_counts()):
            customers, orders = demo_counts()
            self.stdout.write(
                f"Demo data not added: the database already has {customers:,} customers and {orders:,} orders."
            )
            self._existing_logins()
            return
        self._last_report = 0.0
        self._started = time.monotonic()
        large = options["orders"] >= PROGRESS_FROM
        try:
            result = demo_seed(
                customers=options["customers"],
                orders=options["orders"],
                seed=options["seed"],
                append=options["append"],
                password=options["password"],
                progress=self._progress if large else None,
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
        self._summary(result, password=options["password"])

    def _progress(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        # About one line every two seconds, and always the last one.
        if done == total or now - self._last_report >= 2:
            self._last_report = now
            self.stdout.write(f"  {stage}: {done:,}/{total:,} ({now - self._started:.1f} s)")
            self.stdout.flush()

    def _existing_logins(self) -> None:
        """Remind whoever starts the app how to log in to the demo."""
        names = [member.username for member in data.STAFF]
        present = list(User.objects.filter(username__in=names, is_active=True).order_by("pk"))
        if not present:
            return
        self.stdout.write(f"\nLog in at {settings.SITE_URL}{reverse('login')}")
        self.stdout.write(
            f"Demo users (password {DEMO_PASSWORD} unless it was changed): "
            + ", ".join(f"{user.username} ({user.get_role_display()})" for user in present)
        )

    def _summary(self, result: SeedResult, *, password: str) -> None:
        rate = result.orders / result.seconds if result.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data added in {result.seconds:.1f} s: {len(result.teams)} teams, "
                f"{sum(created for _, created in result.staff)} new users, {result.products} products, "
                f"{result.customers:,} customers with {result.contacts:,} contacts, "
                f"{result.orders:,} orders with {result.lines:,} lines ({rate:,.0f} orders/s); "
                f"{result.planned_orders:,} open orders followed up, {result.delay_warnings:,} of them late."
            )
        )
        if result.conversations or result.mailboxes:
            self.stdout.write(
                f"Communication: {result.conversations} conversations with {result.messages} messages "
                f"(e-mail, WhatsApp, WeChat, calls); {result.mailboxes} new shared mailboxes "
                f"(fetching off), {result.templates} new message templates."
            )
        else:
            self.stdout.write(
                "Communication: the demo mailboxes have their conversations from an earlier run; "
                "none added."
            )
        self.stdout.write(
            "Run manage.py search_reindex --if-incomplete to make the demo data searchable "
            "(make run does)."
        )
        self.stdout.write(f"\nLog in at {settings.SITE_URL}{reverse('login')}")
        if any(created for _, created in result.staff):
            self.stdout.write(f"Password of the new demo users: {password}\n")
        else:
            self.stdout.write("The demo users existed already; their passwords are unchanged.\n")
        labels = dict(Role.choices)
        for user, created in result.staff:
            if user.sees_all_teams:
                teams = "all teams"
            else:
                teams = ", ".join(team.name for team in user.teams.all()) or "no team"
            note = "" if created else "  (existing user, left unchanged)"
            self.stdout.write(
                f"  {user.username:<12} {str(labels.get(user.role, user.role)):<16} {teams}{note}"
            )
