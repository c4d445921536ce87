"""Shared by the demo data tests: run seed_demo as from the shell."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
