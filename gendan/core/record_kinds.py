"""Registering a kind of record an app keeps: its API route, its importer and its exporter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .registry import api_route_register, exporters, importers


def record_kind_register(
    name: str,
    *,
    viewset: type,
    basename: str,
    importer: Callable[[], Any],
    exporter: Callable[..., Any],
) -> None:
    """``name`` is the API route and the importer's and exporter's key (e.g. "customers")."""
    api_route_register(name, viewset, basename=basename)
    importers.register(name, importer)
    exporters.register(name, exporter)
