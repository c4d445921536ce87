"""The error report of a checked import: the uploaded sheet again, with an "Errors" column.

The user corrects the rows the last column names and uploads the same file again (the
import ignores the "Errors" column).  The report is built from what the batch keeps: its
file and its stored errors, each written as "column: problem" in the row it belongs to.
Problems of the file as a whole, or of its header row, go on a second sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gendan.core.tabular import read_table
from gendan.core.xlsx import cell_value, safe_text

from .importing import importer_for
from .models import ImportBatch


def error_column_header() -> str:
    return _("Errors")


def _message(error: dict[str, Any]) -> str:
    text = str(error.get("message", ""))
    column = error.get("column") or ""
    return f"{column}: {text}" if column else text


def import_batch_error_report(batch: ImportBatch, data: bytes, path: str) -> None:
    """Write the report of ``batch`` (whose file holds ``data``) to ``path`` as .xlsx.

    Raises ``TabularError`` if the file cannot be read as a table.
    """
    table = read_table(data, filename=batch.original_name, max_rows=settings.IMPORT_MAX_ROWS)
    data_rows = {number for number, _cells in table.rows}
    by_row: dict[int, list[str]] = defaultdict(list)
    general: list[str] = []
    for error in batch.errors:
        row = error.get("row")
        if row in data_rows:
            by_row[row].append(_message(error))
        else:
            where = _("Row %(row)s") % {"row": row} if row is not None else _("File")
            general.append(f"{where}: {_message(error)}")
    kept = len(batch.errors)
    if batch.error_count > kept:
        general.append(
            _("Only the first %(kept)s of %(count)s errors are listed.")
            % {"kept": kept, "count": batch.error_count}
        )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=importer_for(batch.kind).title()[:31])
    errors_index = len(table.headers) + 1
    for index in range(1, errors_index):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.column_dimensions[get_column_letter(errors_index)].width = 60
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in [*table.headers, error_column_header()]:
        cell = WriteOnlyCell(sheet, value=safe_text(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    red = Font(color="C00000")
    for number, cells in table.rows:
        out = []
        for value in cells:
            cell = WriteOnlyCell(sheet, value=cell_value(value))
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            out.append(cell)
        messages = by_row.get(number)
        error_cell = WriteOnlyCell(
            sheet, value=safe_text("\n".join(messages)) if messages else None
        )
        error_cell.alignment = wrap
        error_cell.font = red
        out.append(error_cell)
        sheet.append(out)

    if general:
        other = workbook.create_sheet(title=_("File errors")[:31])
        other.column_dimensions["A"].width = 100
        title = WriteOnlyCell(other, value=error_column_header())
        title.font = bold
        other.append([title])
        for text in general:
            other.append([safe_text(text)])
    workbook.save(path)


def error_report_filename(batch: ImportBatch) -> str:
    stem = Path(batch.original_name).stem or batch.kind
    return f"{stem}-errors.xlsx"
