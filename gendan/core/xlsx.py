"""Excel export: streamed row by row, with cells that cannot run as formulas."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A spreadsheet runs a cell starting with one of these as a formula (or DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: str) -> str:
    """Text from users shown as text: a leading apostrophe stops formula injection."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    return safe_text(str(value))


@dataclass
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16
    number_format: str | None = None


def write_workbook(
    path: str, *, sheet_title: str, columns: list[Column], rows: Iterable[Any]
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_text(str(column.header)))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=cell_value(column.value(row)))
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


def export_response(
    *, filename: str, sheet_title: str, columns: list[Column], rows: Iterable[Any]
) -> FileResponse:
    """An .xlsx download of ``rows``; written to a temporary file, not held in memory."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_workbook(handle.name, sheet_title=sheet_title, columns=columns, rows=rows)
    handle.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
