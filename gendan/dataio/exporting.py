"""List exports: what each list writes, whichever app owns the list.

Each app registers, in ``gendan.core.registry.exporters``, a function
``(user=, params=) -> ExportSpec`` per list it exports; the export button of a list page
asks for its rows with the page's filters (see ``views.export_view``).  Up to
EXPORT_DIRECT_ROWS rows the workbook is written during the request; beyond that an
ExportJob is queued, the user watches its progress and downloads the file when it is
ready, so no request runs for minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from gendan.accounts.models import User
from gendan.core.registry import exporters
from gendan.core.xlsx import Column


@dataclass
class ExportSpec:
    filename: str
    sheet_title: str
    columns: list[Column]
    rows: Iterable[Any]
    # How many rows it will write; with a limit, counting may stop at limit + 1.
    count: Callable[[int | None], int]


def export_kinds() -> list[str]:
    return exporters.keys()


def export_spec(kind: str, *, user: User, params: QueryDict) -> ExportSpec:
    """The spec the app that owns ``kind`` registered; KeyError for a kind nobody did."""
    return exporters[kind](user=user, params=params)


def bounded_count(qs, limit: int | None) -> int:
    """COUNT(*) that stops early: enough to decide, without scanning a huge table."""
    return qs[: limit + 1].count() if limit is not None else qs.count()


def queryset_spec(
    qs: QuerySet[Any],
    *,
    filename: str,
    sheet_title: str,
    columns: list[Column],
    chunk_size: int = 2000,
) -> ExportSpec:
    """The spec of a list that is one row per record of ``qs`` (already sliced and sorted)."""
    return ExportSpec(
        filename=filename,
        sheet_title=sheet_title,
        columns=columns,
        rows=qs.iterator(chunk_size=chunk_size),
        count=lambda limit: bounded_count(qs, limit),
    )


def counted(rows: Iterable[Any], report: Callable[[int, int], None], total: int) -> Iterator[Any]:
    for done, row in enumerate(rows, start=1):
        yield row
        report(done, total)
    report(total, total)
