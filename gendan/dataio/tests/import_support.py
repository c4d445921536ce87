"""Building import files in tests, and a fingerprint of everything an import could write."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook, load_workbook


def xlsx_bytes(headers: list[str], rows: list[list[Any]], *, title: str = "Sheet") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    headers: list[str], rows: list[list[Any]], *, encoding: str = "utf-8", delimiter: str = ","
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def sheet_rows(data: bytes) -> list[list[Any]]:
    """The cells of an .xlsx's first sheet, header row first."""
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def download(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def database_state() -> dict[str, Any]:
    """Row counts of every table an import writes to, and the running numbers drawn."""
    from gendan.audit.models import HistoryEntry
    from gendan.catalog.models import Category, Product
    from gendan.core.models import NumberSequence
    from gendan.customers.models import Contact, Customer, Tag
    from gendan.orders.models import Order, OrderLine

    counts: dict[str, Any] = {
        model.__name__: model.objects.count()
        for model in (Customer, Contact, Tag, Category, Product, Order, OrderLine, HistoryEntry)
    }
    counts["sequences"] = dict(NumberSequence.objects.values_list("key", "last_value"))
    return counts
