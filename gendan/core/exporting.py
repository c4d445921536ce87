"""Moved: list exports live in ``gendan.dataio`` (``exporting`` and ``views``).

Kept only until the last caller imports them from there; core imports no app above it,
so the names are looked up when first used, not imported.  Delete this module then.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_MOVED = {
    "ExportSpec": "gendan.dataio.exporting",
    "bounded_count": "gendan.dataio.exporting",
    "export_or_queue": "gendan.dataio.views",
}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        return getattr(import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
