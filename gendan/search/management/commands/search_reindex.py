"""Rebuild the search index from the records, e.g. after demo data written in bulk."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from gendan.search.models import Kind, SearchEntry
from gendan.search.services import search_index_incomplete, search_reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search entries of customers, contacts, orders, products and messages "
        "from the records, in batches. Rows written with bulk_create (demo data, imports "
        "of benchmarks) are not indexed until this runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            choices=Kind.values,
            action="append",
            help="only this kind of record (may be given more than once; default: all)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="records per transaction (default 2000)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only when the index holds nothing yet (for start-up scripts after seed_demo)",
        )

        parser.add_argument(
            "--if-incomplete",
            action="store_true",
            help="only the kinds with records that have no entry (make run, after seed_demo)",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and SearchEntry.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("The search index is already built.")
            return
        kinds = options["kind"] or list(Kind.values)
        if options["if_incomplete"]:
            kinds = [kind for kind in kinds if search_index_incomplete(kind=kind)]
            if not kinds and options["verbosity"] >= 1:
                self.stdout.write("Every record is in the search index.")
        for kind in kinds:
            self._reindex(kind, max(1, options["batch_size"]), options["verbosity"] >= 1)

    def _reindex(self, kind: str, batch_size: int, verbose: bool) -> None:
        started = last_report = time.monotonic()

        def progress(done: int) -> None:
            nonlocal last_report
            now = time.monotonic()
            if verbose and now - last_report >= 2:
                last_report = now
                self.stdout.write(f"  {kind}: {done:,} ({now - started:.1f} s)")
                self.stdout.flush()

        written = search_reindex(kind=kind, batch_size=batch_size, progress=progress)
        if verbose:
            self.stdout.write(f"{kind}: {written:,} indexed in {time.monotonic() - started:.1f} s")
