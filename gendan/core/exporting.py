"""List exports: what each list writes, and whether it is written at once or by the worker.

A list page's export button asks for its rows with the page's filters. Up to
EXPORT_DIRECT_ROWS rows the workbook is written during the request; beyond that an
ExportJob is queued, the user watches its progress and downloads the file when it is
ready, so no request runs for minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.module_loading import import_string

from .xlsx import Column, export_response

if TYPE_CHECKING:
    from gendan.accounts.models import User

# kind -> a function (user, params) -> ExportSpec, in the app that owns the list
EXPORTERS = {
    "customers": "gendan.customers.transfer.customer_export",
    "contacts": "gendan.customers.transfer.contact_export",
    "products": "gendan.catalog.transfer.product_export",
    "orders": "gendan.orders.transfer.order_export",
    "inbox": "gendan.comms.transfer.thread_export",
}


@dataclass
class ExportSpec:
    filename: str
    sheet_title: str
    columns: list[Column]
    rows: Iterable[Any]
    # How many rows it will write; with a limit, counting may stop at limit + 1.
    count: Callable[[int | None], int]


def export_spec(kind: str, *, user: User, params: QueryDict) -> ExportSpec:
    return import_string(EXPORTERS[kind])(user=user, params=params)


def bounded_count(qs, limit: int | None) -> int:
    """COUNT(*) that stops early: enough to decide, without scanning a huge table."""
    return qs[: limit + 1].count() if limit is not None else qs.count()


def counted(rows: Iterable[Any], report: Callable[[int, int], None], total: int) -> Iterator[Any]:
    for done, row in enumerate(rows, start=1):
        yield row
        report(done, total)
    report(total, total)


def export_or_queue(request, kind: str) -> HttpResponseBase:
    """Write a small export now; queue a large one and show its progress."""
    from .services import export_job_create

    spec = export_spec(kind, user=request.user, params=request.GET)
    if spec.count(settings.EXPORT_DIRECT_ROWS) <= settings.EXPORT_DIRECT_ROWS:
        return export_response(
            filename=spec.filename,
            sheet_title=spec.sheet_title,
            columns=spec.columns,
            rows=spec.rows,
        )
    job = export_job_create(user=request.user, kind=kind, query=request.GET.urlencode())
    return redirect("transfer:export_job", pk=job.pk)
