"""Units to and from XLSX and CSV files.

Export writes the columns of ``COLUMNS`` with Vietnamese headers. Import is all-or-nothing: every row is checked
first and every problem is reported with its line number; only a clean file is applied, inside one transaction,
through ``actions.do_import_units``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.lib import vn, xlsx
from cchc.lib.text import clean_text

from .models import CODE_RE, RESERVED_CODES, OrgUnit, UnitKind

# (field, English header, Vietnamese header): the order of the columns in files.
COLUMNS: list[tuple[str, str, Any]] = [
    ("code", "Unit code", gettext_lazy("Unit code")),
    ("name", "Full name", pgettext_lazy("unit", "Full name")),
    ("short_name", "Short name", gettext_lazy("Short name")),
    ("kind", "Unit kind", gettext_lazy("Unit kind")),
    ("parent", "Parent unit code", gettext_lazy("Parent unit code")),
    ("valid_from", "Start date", pgettext_lazy("unit", "Start date")),
    ("valid_to", "End date", pgettext_lazy("unit", "End date")),
    ("aliases", "Other names", gettext_lazy("Other names")),
    ("head_name", "Head of unit", gettext_lazy("Head of unit")),
    ("head_position", "Position", gettext_lazy("Position")),
    ("head_email", "Head's e-mail", gettext_lazy("Head's e-mail")),
    ("emails", "Contact e-mails", gettext_lazy("Contact e-mails")),
]
FIELDS = [name for name, _english, _label in COLUMNS]
MAX_LENGTHS = {"name": 255, "short_name": 120, "head_name": 120, "head_position": 120, "head_email": 254}
LIST_SEPARATOR = re.compile(r"[;\n]+")
EMAIL_SEPARATOR = re.compile(r"[;,\n\s]+")
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def header_label(name: str) -> str:
    """The Vietnamese header of column ``name``."""
    for field_name, _english, label in COLUMNS:
        if field_name == name:
            return str(label)
    raise KeyError(name)


def headers() -> list[str]:
    return [header_label(name) for name in FIELDS]


class ImportFileError(Exception):
    """The file cannot be read at all."""


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """"Dòng 5: mã đơn vị “Admin” không hợp lệ …", in line order."""
        return [_("Line %(line)s: %(message)s") % {"line": line, "message": message}
                for line, message in sorted(self.errors, key=lambda error: error[0])]


# --- Export ---------------------------------------------------------------------------------------------------

def export_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("kind", "parent").prefetch_related("aliases")


def unit_values(unit: OrgUnit) -> list[Any]:
    """One row of the export: dates as ``date`` objects (the writers format them)."""
    return [
        unit.code, unit.name, unit.short_name, unit.kind.code, unit.parent.code if unit.parent_id else "",
        unit.valid_from, unit.valid_to, "; ".join(alias.name for alias in unit.aliases.all()),
        unit.head_name, unit.head_position, unit.head_email, "; ".join(unit.email_list()),
    ]


def write_xlsx(units: Iterable[OrgUnit], *, with_instructions: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Units")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in units:
        xlsx.append_row(sheet, unit_values(unit))
        for column in (6, 7):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if cell.value:
                cell.number_format = "DD/MM/YYYY"
    widths = [14, 48, 28, 22, 16, 14, 14, 36, 24, 20, 28, 32]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if with_instructions:
        notes = workbook.create_sheet(_("Instructions")[:31])
        notes.append([_("How to fill in the file")])
        notes["A1"].font = Font(bold=True)
        for line in (
            _("One unit per row; the first row holds the column headers (do not change them)."),
            _("Unit code: lower-case letters without diacritics, digits and hyphens, e.g. snv, ubnd-pleiku."),
            _("An existing code updates that unit; a new code creates a unit."),
            _("Unit kind: the code or the name of a kind listed below."),
            _("Parent unit code: the code of an existing unit or of a unit in the same file."),
            _("Dates: dd/mm/yyyy (e.g. 01/10/2020) or yyyy-mm-dd."),
            _("Other names and contact e-mails: separate several values with “;”."),
            _("If any row has an error, nothing is imported and every error is listed."),
        ):
            notes.append([line])
        notes.append([])
        notes.append([_("Unit kinds"), _("Kind code")])
        for kind in UnitKind.objects.all():
            notes.append([kind.name, kind.code])
        notes.column_dimensions["A"].width = 100
        notes.column_dimensions["B"].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(units: Iterable[OrgUnit]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for unit in units:
        writer.writerow([xlsx.csv_text(vn.date_short(value) if isinstance(value, date) else value)
                         for value in unit_values(unit)])
    return buffer.getvalue().encode("utf-8-sig")


# --- Reading --------------------------------------------------------------------------------------------------

def check_xlsx_opens(upload: Any) -> bool:
    """Whether ``upload`` is a workbook that can be read safely (the file position is restored)."""
    try:
        xlsx.read_sheet(upload.read(), max_rows=xlsx.DEFAULT_MAX_ROWS)
        return True
    except xlsx.SheetRefused as refused:
        return refused.reason in ("rows", "columns")
    finally:
        upload.seek(0)


def read_table(name: str, data: bytes, *, max_rows: int = xlsx.DEFAULT_MAX_ROWS,
               max_columns: int = xlsx.DEFAULT_MAX_COLUMNS) -> list[tuple[int, list[Any]]]:
    """[(line number, cells)] of the first sheet of an XLSX, or of a CSV (comma, semicolon or tab); text cleaned
    (``clean_text``). Bounded: a file beyond ``max_rows`` lines or ``max_columns`` columns is refused."""
    if name.lower().endswith(".csv"):
        return _read_csv(data, max_rows=max_rows, max_columns=max_columns)
    return _read_xlsx(data, max_rows=max_rows, max_columns=max_columns)


def _read_xlsx(data: bytes, *, max_rows: int, max_columns: int) -> list[tuple[int, list[Any]]]:
    try:
        return xlsx.read_sheet(data, max_rows=max_rows, max_columns=max_columns)
    except xlsx.SheetRefused as exc:
        raise ImportFileError(exc.message) from exc


def _read_csv(data: bytes, *, max_rows: int, max_columns: int) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file must be saved in UTF-8 encoding.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for line, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if line > max_rows:
                raise ImportFileError(xlsx.SheetRefused("rows", max=max_rows, line=line).message)
            while cells and not cells[-1].strip():
                cells.pop()
            if len(cells) > max_columns:
                raise ImportFileError(xlsx.SheetRefused("columns", max=max_columns, line=line).message)
            rows.append((line, [xlsx.from_csv_text(clean_text(cell)) for cell in cells]))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(reason)s") % {"reason": exc}) from exc
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return vn.date_short(value.date())
    if isinstance(value, date):
        return vn.date_short(value)
    return vn.clean(str(value))


def parse_date(value: Any) -> date | None:
    """A date from a cell: an Excel date, dd/mm/yyyy (also with . or -), or yyyy-mm-dd; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    match = ISO.match(text.split("T")[0].split(" ")[0])
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    raise ValueError(text)


def _header_keys() -> dict[str, str]:
    """Folded header text → field: the field name, its English header and its Vietnamese header."""
    keys: dict[str, str] = {}
    for name, english, label in COLUMNS:
        for text in (name, name.replace("_", " "), english, str(label)):
            keys[vn.fold(text)] = name
    return keys


# --- Checking ---------------------------------------------------------------------------------------------------

def parse_units(name: str, data: bytes) -> ImportResult:
    """Check every row of the file; the result holds either the rows to apply or every error."""
    result = ImportResult()
    try:
        table = read_table(name, data)
    except ImportFileError as exc:
        result.errors.append((1, str(exc)))
        return result
    table = [(line, cells) for line, cells in table if any(_text(cell) for cell in cells)]
    if not table:
        result.errors.append((1, _("the file has no data rows")))
        return result
    header_line, header_cells = table[0]
    columns = _read_header(header_line, header_cells, result)
    if result.errors:
        return result
    data_rows = table[1:]
    if not data_rows:
        result.errors.append((header_line, _("the file has no data rows")))
        return result
    _Checker(columns, result).check(data_rows)
    return result


def _read_header(line: int, cells: list[Any], result: ImportResult) -> dict[int, str]:
    keys = _header_keys()
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = _text(cell)
        if not text:
            continue
        name = keys.get(vn.fold(text))
        if name is None:
            result.errors.append((line, _("unknown column “%(column)s”") % {"column": text}))
        elif name in columns.values():
            result.errors.append((line, _("column “%(column)s” appears twice") % {"column": text}))
        else:
            columns[index] = name
    if "code" not in columns.values():
        result.errors.append((line, _("the file has no “%(column)s” column") % {"column": header_label("code")}))
    return columns


class _Checker:
    def __init__(self, columns: dict[int, str], result: ImportResult) -> None:
        self.columns = columns
        self.present = set(columns.values())
        self.result = result
        self.kinds_by_code = {kind.code: kind for kind in UnitKind.objects.all()}
        self.kinds_by_name: dict[str, UnitKind] = {}
        for kind in self.kinds_by_code.values():
            self.kinds_by_name.setdefault(vn.fold(kind.name), kind)
            if kind.plural_name:
                self.kinds_by_name.setdefault(vn.fold(kind.plural_name), kind)
        self.parent_of = dict(OrgUnit.objects.values_list("code", "parent__code"))
        self.existing = set(self.parent_of)

    def error(self, line: int, message: str) -> None:
        self.result.errors.append((line, message))

    def check(self, data_rows: list[tuple[int, list[Any]]]) -> None:
        first_line_of: dict[str, int] = {}
        rows = []
        for line, cells in data_rows:
            values = {name: cells[index] if index < len(cells) else None for index, name in self.columns.items()}
            row = self.check_row(line, values, first_line_of)
            if row is not None:
                rows.append(row)
        file_codes = set(first_line_of)
        parents = dict(self.parent_of)
        for row in rows:
            if row["parent_code"] is not None:
                parents[row["code"]] = row["parent_code"] or None
        for row in rows:
            parent_code = row["parent_code"]
            if parent_code and parent_code not in self.existing and parent_code not in file_codes:
                self.error(row["line"], _("no unit has the parent code “%(code)s”") % {"code": parent_code})
            elif parent_code and _in_cycle(row["code"], parents):
                self.error(row["line"], _("a unit cannot be placed under itself or its own sub-unit"))
        if not self.result.errors:
            self.result.rows = _parents_first(rows, parents)

    def check_row(self, line: int, values: dict[str, Any], first_line_of: dict[str, int]) -> dict[str, Any] | None:
        errors_before = len(self.result.errors)
        code = _text(values.get("code"))
        if not code:
            self.error(line, _("the unit code is missing"))
        elif not CODE_RE.match(code):
            self.error(line, _("the unit code “%(code)s” is not valid (only lower-case letters without diacritics, "
                               "digits and hyphens)") % {"code": code})
        elif code in RESERVED_CODES:
            self.error(line, _("the unit code “%(code)s” is reserved for a demo account") % {"code": code})
        elif code in first_line_of:
            self.error(line, _("the unit code “%(code)s” is repeated (already on line %(first)s)")
                       % {"code": code, "first": first_line_of[code]})
        else:
            first_line_of[code] = line
        is_new = code not in self.existing
        fields: dict[str, Any] = {}
        for name in ("name", "short_name", "head_name", "head_position"):
            if name in self.present:
                fields[name] = _text(values.get(name))
        if ("name" in self.present or is_new) and not fields.get("name"):
            self.error(line, _("the full name is missing"))
        for name, limit in MAX_LENGTHS.items():
            if len(fields.get(name, "")) > limit:
                self.error(line, _("%(column)s is too long (at most %(max)s characters)")
                           % {"column": header_label(name), "max": limit})
        if "kind" in self.present or is_new:
            kind_text = _text(values.get("kind"))
            kind = self.kinds_by_code.get(kind_text.lower()) or self.kinds_by_name.get(vn.fold(kind_text))
            if not kind_text:
                self.error(line, _("the unit kind is missing"))
            elif kind is None:
                self.error(line, _("unknown unit kind “%(kind)s”") % {"kind": kind_text})
            else:
                fields["kind"] = kind
        self.check_dates(line, values, fields)
        self.check_emails(line, values, fields)
        aliases = None
        if "aliases" in self.present:
            aliases = [vn.clean(part) for part in LIST_SEPARATOR.split(_text(values.get("aliases"))) if part.strip()]
            for alias in aliases:
                if len(alias) > 255:
                    self.error(line, _("%(column)s is too long (at most %(max)s characters)")
                               % {"column": header_label("aliases"), "max": 255})
        parent_code = _text(values.get("parent")) if "parent" in self.present else None
        if parent_code and parent_code == code:
            self.error(line, _("a unit cannot be placed under itself or its own sub-unit"))
        if len(self.result.errors) > errors_before:
            return None
        return {"line": line, "code": code, "fields": fields, "aliases": aliases, "parent_code": parent_code}

    def check_dates(self, line: int, values: dict[str, Any], fields: dict[str, Any]) -> None:
        messages = {
            "valid_from": _("the start date “%(value)s” is not valid (use dd/mm/yyyy)"),
            "valid_to": _("the end date “%(value)s” is not valid (use dd/mm/yyyy)"),
        }
        for name, message in messages.items():
            if name not in self.present:
                continue
            try:
                fields[name] = parse_date(values.get(name))
            except ValueError:
                self.error(line, message % {"value": _text(values.get(name))})
        if fields.get("valid_from") and fields.get("valid_to") and fields["valid_to"] < fields["valid_from"]:
            self.error(line, _("the end date is before the start date"))

    def check_emails(self, line: int, values: dict[str, Any], fields: dict[str, Any]) -> None:
        if "head_email" in self.present:
            fields["head_email"] = _text(values.get("head_email"))
            self._check_email(line, fields["head_email"])
        if "emails" in self.present:
            addresses = [part for part in EMAIL_SEPARATOR.split(_text(values.get("emails"))) if part]
            for address in addresses:
                self._check_email(line, address)
            fields["emails"] = "\n".join(addresses)

    def _check_email(self, line: int, address: str) -> None:
        if not address:
            return
        try:
            validate_email(address)
        except ValidationError:
            self.error(line, _("the e-mail address “%(value)s” is not valid") % {"value": address})


def _in_cycle(code: str, parents: dict[str, str | None]) -> bool:
    seen = {code}
    current = parents.get(code)
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _parents_first(rows: list[dict[str, Any]], parents: dict[str, str | None]) -> list[dict[str, Any]]:
    """The rows ordered so that a unit created by the file comes before its sub-units in the file."""
    in_file = {row["code"] for row in rows}

    def depth(code: str) -> int:
        level, current = 0, parents.get(code)
        while current and current in in_file and level <= len(in_file):
            level, current = level + 1, parents.get(current)
        return level

    return sorted(rows, key=lambda row: (depth(row["code"]), row["line"]))


def import_units(name: str, data: bytes, *, acting_user: Any) -> ImportResult:
    """Check the file, then apply it whole (or nothing when any row is wrong)."""
    from .actions import UnitImportError, do_import_units

    result = parse_units(name, data)
    if not result.ok:
        return result
    try:
        result.created, result.updated = do_import_units(result.rows, acting_user=acting_user)
    except UnitImportError as exc:
        result.errors = exc.errors
    return result
