"""Spreadsheets in and out, safely: one reader for every XLSX import, and writers that keep user text as text.

Reading (``read_sheet``): the file is first inspected as an archive (``cchc.lib.archives``: no decompression bomb),
then the first sheet is streamed row by row (openpyxl's read-only parser), IGNORING the dimensions the file
declares. Only the rows present are returned, with their line numbers; a value beyond ``max_columns`` or a line
beyond ``max_rows`` refuses the whole file (``SheetRefused``) instead of padding millions of empty cells. Text is
cleaned (``cchc.lib.text.clean_text``: NFC, no control characters).

Writing: ``cell_text`` removes what XML cannot hold; ``append_row`` (openpyxl) and ``write_cell`` (XlsxWriter)
write every string as a text cell, never as a formula — "=HYPERLINK(…)" typed by an officer stays text.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cchc.lib import archives
from cchc.lib.text import clean_text

DEFAULT_MAX_ROWS = 5_000
DEFAULT_MAX_COLUMNS = 60
# An import is a few megabytes of XML at most; a sheet part inflating beyond this is refused before parsing.
IMPORT_LIMITS = archives.ArchiveLimits(max_entries=2_000, max_entry_bytes=16 * 1024 * 1024,
                                       max_total_bytes=40 * 1024 * 1024)
# Characters XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on them, XlsxWriter writes a broken file).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class SheetRefused(Exception):
    """The workbook cannot be imported; ``reason``: "archive", "unreadable", "no_sheet", "rows", "columns"."""

    def __init__(self, reason: str, **detail: Any) -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        """Why, in Vietnamese (through the project's catalogue)."""
        from django.utils.translation import gettext as _

        if self.reason == "rows":
            return _("The file has more than %(max)s rows (line %(line)s holds data): split it into several files.") % {
                "max": self.detail.get("max"), "line": self.detail.get("line")}
        if self.reason == "columns":
            return _("The file has data beyond column %(max)s (line %(line)s): keep only the columns of the "
                     "template.") % {"max": self.detail.get("max"), "line": self.detail.get("line")}
        if self.reason == "archive":
            return _("The file is refused: once unpacked it would be far larger than a real spreadsheet, or it is "
                     "damaged. Save it again from your spreadsheet program.")
        if self.reason == "no_sheet":
            return _("The workbook has no sheet.")
        return _("The XLSX file cannot be opened: it is damaged or not a real XLSX file.")

    def __str__(self) -> str:
        try:
            return str(self.message)
        except Exception:  # noqa: BLE001 - outside Django
            return self.reason


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    return value


def read_sheet(source: Any, *, max_rows: int = DEFAULT_MAX_ROWS, max_columns: int = DEFAULT_MAX_COLUMNS,
               sheet_index: int = 0) -> list[tuple[int, list[Any]]]:
    """[(line number, values)] of the rows present in the sheet, each as wide as its last value (≤ max_columns).

    ``source``: bytes or a binary file. ``max_rows`` counts lines of the sheet (header included).
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.utils.escape import unescape
    from openpyxl.worksheet._reader import WorkSheetParser

    if not isinstance(source, (bytes, bytearray)):
        source.seek(0)
        source = source.read()
    data = bytes(source)
    try:
        archives.inspect_zip(data, limits=IMPORT_LIMITS)
    except archives.ArchiveRefused as refused:
        raise SheetRefused("unreadable" if refused.reason == "not_zip" else "archive",
                           archive=refused.reason) from refused
    try:
        # The workbook's parts one by one, as openpyxl's read-only loader does, but without opening every sheet to
        # read its declared size (which walks the whole sheet when the <dimension> element is missing).
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel.target for _sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
    except Exception as exc:  # noqa: BLE001 - zip, XML or format errors all mean "not a usable XLSX"
        raise SheetRefused("unreadable") from exc
    try:
        if sheet_index >= len(sheets):
            raise SheetRefused("no_sheet")
        workbook = reader.wb
        rows: list[tuple[int, list[Any]]] = []
        try:
            with reader.archive.open(sheets[sheet_index]) as handle:  # streamed; <dimension> never used
                parser = WorkSheetParser(handle, reader.shared_strings, data_only=True, epoch=workbook.epoch,
                                         date_formats=workbook._date_formats,
                                         timedelta_formats=workbook._timedelta_formats)
                for line, cells in parser.parse():
                    values: dict[int, Any] = {}
                    for cell in cells:
                        value = cell.get("value")
                        if value is None or value == "":
                            continue
                        column = int(cell.get("column") or 0)
                        if column > max_columns:
                            raise SheetRefused("columns", max=max_columns, line=line)
                        values[column] = _value(unescape(value) if isinstance(value, str) else value)
                    if not values:
                        continue
                    if line > max_rows:
                        raise SheetRefused("rows", max=max_rows, line=line)
                    width = max(values)
                    rows.append((line, [values.get(column) for column in range(1, width + 1)]))
        except SheetRefused:
            raise
        except Exception as exc:  # noqa: BLE001 - malformed XML inside the part
            raise SheetRefused("unreadable") from exc
        return rows
    finally:
        reader.archive.close()


# --- Writing -----------------------------------------------------------------------------------------------------

def cell_text(value: str) -> str:
    """User text fit for a cell: no control characters, nothing XML cannot hold, at most Excel's 32 767 characters."""
    return _ILLEGAL_XML.sub("", clean_text(value))[:32_767]


def cell_value(value: Any) -> Any:
    """A value ready for a cell: strings cleaned; numbers, dates, None unchanged; anything else as text."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    return cell_text(str(value))


def append_row(sheet: Any, values: list[Any]) -> Any:
    """openpyxl: append ``values`` as a row; every string is a text cell (data_type "s"), never a formula.
    Returns the row number."""
    sheet.append([cell_value(value) for value in values])
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if value is not None and not isinstance(value, (bool, int, float, Decimal, date, datetime)):
            sheet.cell(row=row, column=index).data_type = "s"
    return row


def set_text(cell: Any, value: Any) -> Any:
    """openpyxl: put ``value`` into ``cell`` (strings as text, never a formula)."""
    cell.value = cell_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def write_cell(worksheet: Any, row: int, column: int, value: Any, cell_format: Any = None) -> None:
    """XlsxWriter: strings with ``write_string`` (never a formula or a link), numbers and dates by type."""
    if value is None:
        worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, (int, float, Decimal)):
        worksheet.write_number(row, column, float(value), cell_format)
    elif isinstance(value, (date, datetime)):
        worksheet.write_datetime(row, column, value, cell_format)
    else:
        worksheet.write_string(row, column, cell_text(str(value)), cell_format)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A value for a CSV export: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = cell_text(value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def from_csv_text(value: str) -> str:
    """The inverse of ``csv_text`` for an import: "'=x" read back as "=x"."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
