"""Fixtures of the demo data tests."""

from __future__ import annotations

import pytest

from .support import seed


@pytest.fixture
def seeded() -> str:
    return seed("--customers", "40", "--orders", "150", "--seed", "7")
