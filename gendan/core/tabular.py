"""Reading a spreadsheet the user uploaded: .xlsx or .csv, as rows of cell values.

The file is untrusted.  Whatever it contains, reading it either gives a ``Table`` or
raises ``TabularError`` with a message for the user; it never fails with anything else.
Each row keeps the number the spreadsheet program shows for it, so errors can point
at the row the user sees.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# An .xlsx is a zip archive; these bytes open every zip file.
ZIP_MAGIC = b"PK\x03\x04"
# The pre-2007 binary Excel format (and other OLE2 documents).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An .xlsx that unpacks to more than this is refused before parsing: a real sheet of
# the largest allowed import is a few dozen megabytes, a zip bomb is gigabytes.
XLSX_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
XLSX_MAX_MEMBERS = 10_000
# Wider than any import schema by far; a wider header row is a different kind of file.
MAX_COLUMNS = 500
# Excel's own limit for one cell; a longer text can only come from a crafted file.
MAX_CELL_CHARS = 32_767
# The shared strings of a workbook are loaded whole: they may unpack to this much.
XLSX_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
CSV_DELIMITERS = (",", ";", "\t")


class TabularError(Exception):
    """The file cannot be read as a table; the message says why, for the user."""


@dataclass
class Table:
    headers: list[str]
    # (row number as the spreadsheet shows it, cell values aligned with ``headers``)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    header_row: int = 1
    file_format: str = ""


def read_table(data: bytes, *, filename: str = "", max_rows: int) -> Table:
    """The first sheet of an .xlsx, or a CSV file, as a header row and data rows.

    Empty rows are skipped.  More than ``max_rows`` data rows is an error, raised as
    soon as the limit is passed so a huge file is not read to the end.
    """
    name = filename.lower()
    if not data:
        raise TabularError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, max_rows=max_rows)
    if data.startswith(OLE2_MAGIC) or name.endswith(".xls"):
        raise TabularError(
            _(
                "This is an old Excel .xls file. Save it as .xlsx (Excel workbook) or CSV and upload that."
            )
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise TabularError(
            _("This file is not an Excel workbook (.xlsx); it may be damaged or of another kind.")
        )
    return _read_csv(data, max_rows=max_rows)


def _header_and_rows(
    rows: Iterator[tuple[int, list[Any]]], *, max_rows: int, file_format: str
) -> Table:
    table: Table | None = None
    for number, values in rows:
        if _is_empty(values):
            continue
        if table is None:
            headers = _trim_trailing_empty(values)
            if len(headers) > MAX_COLUMNS:
                raise TabularError(
                    _("The header row has %(count)s columns; at most %(max)s are read.")
                    % {"count": len(headers), "max": MAX_COLUMNS}
                )
            table = Table(
                headers=["" if v is None else str(v).strip() for v in headers],
                header_row=number,
                file_format=file_format,
            )
            continue
        if len(table.rows) >= max_rows:
            raise TabularError(
                _(
                    "The file has more than %(max)s rows. Split it into several files of at most %(max)s rows."
                )
                % {"max": max_rows}
            )
        width = len(table.headers)
        cells = list(values[:width]) + [None] * (width - len(values))
        table.rows.append((number, cells))
    if table is None:
        raise TabularError(_("The file has no header row and no data."))
    return table


def _is_empty(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _trim_trailing_empty(values: list[Any]) -> list[Any]:
    end = len(values)
    while end and (
        values[end - 1] is None
        or (isinstance(values[end - 1], str) and not values[end - 1].strip())
    ):
        end -= 1
    return list(values[:end])


# --- xlsx -----------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TabularError(
            _("This file is not an Excel workbook (.xlsx); it may be damaged or of another kind.")
        ) from None
    with archive:
        members = archive.infolist()
        if (
            len(members) > XLSX_MAX_MEMBERS
            or sum(m.file_size for m in members) > XLSX_MAX_UNPACKED_BYTES
        ):
            raise TabularError(_("This workbook unpacks to more data than an import may hold."))
        if "xl/workbook.xml" not in {m.filename for m in members}:
            raise TabularError(_("This file is a zip archive, not an Excel workbook (.xlsx)."))
        for member in members:
            if member.filename == "xl/sharedStrings.xml" or (
                member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
            ):
                _check_cell_sizes(archive, member)


def _check_cell_sizes(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a sheet or string table with a cell past Excel's limit, before loading it.

    The part is unpacked in chunks and only the longest run of text between two XML
    tags is measured, so a small file that unpacks to one enormous cell costs no memory.
    """
    if (
        member.filename == "xl/sharedStrings.xml"
        and member.file_size > XLSX_MAX_SHARED_STRINGS_BYTES
    ):
        raise TabularError(_("This workbook holds more text than an import may read."))
    # UTF-8 takes at most 4 bytes a character; entities such as &amp; a few more.
    limit = MAX_CELL_CHARS * 6
    run = 0
    with archive.open(member) as part:
        while chunk := part.read(1024 * 1024):
            tag = chunk.rfind(b"<")
            if tag < 0:
                run += len(chunk)
            else:
                first = chunk.find(b"<")
                longest = max((len(piece) for piece in chunk[first:tag].split(b"<")), default=0)
                if max(run + first, longest) > limit:
                    run = limit + 1
                    break
                run = len(chunk) - tag
            if run > limit:
                break
    if run > limit:
        raise TabularError(
            _("A cell of this workbook holds more than %(max)s characters, Excel's own limit.")
            % {"max": f"{MAX_CELL_CHARS:,}"}
        )


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed file; all mean the same here
        raise TabularError(
            _(
                "This Excel file cannot be read; it may be damaged. Open it in Excel and save it again."
            )
        ) from None
    try:
        if not workbook.worksheets:
            raise TabularError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; read what is there instead.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()

        def rows() -> Iterator[tuple[int, list[Any]]]:
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                yield number, list(values[: MAX_COLUMNS + 1])

        try:
            return _header_and_rows(rows(), max_rows=max_rows, file_format="xlsx")
        except TabularError:
            raise
        except Exception:
            raise TabularError(
                _(
                    "This Excel file cannot be read; it may be damaged. Open it in Excel and save it again."
                )
            ) from None
    finally:
        workbook.close()


# --- csv ------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Excel on a Chinese Windows saves "CSV" in the ANSI code page, GBK, of which GB18030
    is the superset; text in GBK is almost never valid UTF-8, so trying UTF-8 first
    tells the two apart.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data:
            raise TabularError(
                _("This file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
            )
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(
        _(
            'The text encoding of this CSV file is not UTF-8 or GB18030 (GBK). Save it as "CSV UTF-8".'
        )
    )


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most columns."""
    first = next(iter(io.StringIO(text)), "")
    best, best_count = ",", 1
    for delimiter in CSV_DELIMITERS:
        try:
            count = len(next(csv.reader([first], delimiter=delimiter), []))
        except csv.Error:
            continue
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    text = decode_text(data)
    if any(ch in text[:4096] for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"):
        raise TabularError(
            _("This file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # The record number is what a spreadsheet program shows as the row, even when a
        # quoted cell spans several lines of the file.
        number = 0
        try:
            for number, values in enumerate(reader, start=1):  # noqa: B007 - used in the error
                yield number, list(values[: MAX_COLUMNS + 1])
        except csv.Error as exc:
            raise TabularError(
                _("Row %(row)s cannot be read: %(error)s") % {"row": number + 1, "error": exc}
            ) from None

    return _header_and_rows(rows(), max_rows=max_rows, file_format="csv")
