"""Run the scheduler: enqueue periodic jobs when they are due, until stopped."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gendan.core.scheduler import SCHEDULES, scheduler_tick, seconds_until_next_run


class Command(BaseCommand):
    help = "Enqueue periodic jobs (reminders, clean-ups) when due. Several may run at once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args, once: bool = False, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(
            f"Scheduler started with {len(SCHEDULES)} jobs: {', '.join(sorted(SCHEDULES))}"
        )
        while not stop.is_set():
            close_old_connections()
            for name in scheduler_tick():
                self.stdout.write(f"enqueued {name}")
            if once:
                break
            stop.wait(seconds_until_next_run())
        close_old_connections()
