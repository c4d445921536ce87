"""A spreadsheet is refused before it is loaded when a cell is larger than Excel allows."""

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from gendan.core.tabular import MAX_CELL_CHARS, TabularError, read_table


def _workbook(*rows: list[object]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_cell_text(text: str) -> bytes:
    """A valid workbook whose only data cell holds ``text``."""
    plain = _workbook(["name"], ["x"])
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<t>x</t>", f"<t>{text}</t>".encode())
            target.writestr(item, data)
    return out.getvalue()


def test_a_cell_at_excels_limit_is_read():
    table = read_table(_with_cell_text("a" * MAX_CELL_CHARS), filename="ok.xlsx", max_rows=10)
    assert len(table.rows[0][1][0]) == MAX_CELL_CHARS


def test_a_small_file_with_one_enormous_cell_is_refused_without_loading_it():
    data = _with_cell_text("延期" * 20_000_000)  # 40 million characters, 120 MB of text
    assert len(data) < 1_000_000  # it packs small

    tracemalloc.start()
    with pytest.raises(TabularError, match="32,767"):
        read_table(data, filename="huge-cell.xlsx", max_rows=10)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_an_inline_string_past_the_limit_in_a_sheet_is_refused_too():
    plain = _workbook(["name"], ["x"])
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
                    + b"b" * (MAX_CELL_CHARS * 7)
                    + b"</t></is></c></row></sheetData>",
                )
            target.writestr(item, data)
    with pytest.raises(TabularError, match="32,767"):
        read_table(out.getvalue(), filename="inline.xlsx", max_rows=10)
