"""The communication log to and from XLSX: the import template, the all-or-nothing import and the export.

Import checks every row first and reports each problem with its line number (in Vietnamese); only a clean file is
applied, inside one transaction, through ``activities.do_import_activities``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib import vn, xlsx
from cchc.units.io import ImportFileError, _text, parse_date, read_table
from cchc.units.models import OrgUnit

from .activities import clean_links, do_import_activities
from .models import Activity, Channel, Topic

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (field, English header, Vietnamese header): the order of the columns in the template and the export.
COLUMNS: list[tuple[str, str, Any]] = [
    ("unit", "Unit code", gettext_lazy("Unit code")),
    ("date", "Date", gettext_lazy("Date")),
    ("channel", "Channel", gettext_lazy("Channel")),
    ("topics", "Topics", gettext_lazy("Topics")),
    ("title", "Title", gettext_lazy("Title")),
    ("description", "Description", gettext_lazy("Description")),
    ("quantity", "Quantity", gettext_lazy("Quantity")),
    ("quantity_unit", "Counted in", gettext_lazy("Counted in")),
    ("reach", "Reach", gettext_lazy("Reach")),
    ("links", "Links", gettext_lazy("Links")),
]
FIELDS = [name for name, _english, _label in COLUMNS]
REQUIRED = ("date", "channel", "title")
LIST_SEPARATOR = re.compile(r"[;\n]+")
LINK_SEPARATOR = re.compile(r"[;\s]+")


def headers() -> list[str]:
    return [str(label) for _name, _english, label in COLUMNS]


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [_("Line %(line)s: %(message)s") % {"line": line, "message": message}
                for line, message in sorted(self.errors, key=lambda error: error[0])]


# --- Template and export -----------------------------------------------------------------------------------------

def _sheet(workbook: Any, title: str) -> Any:
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx.append_row(sheet, headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate([14, 12, 28, 32, 48, 40, 10, 12, 12, 40, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_template() -> bytes:
    """The XLSX template: the columns, an instructions sheet and the channel and topic codes."""
    workbook = openpyxl.Workbook()
    _sheet(workbook, _("Activities"))
    notes = workbook.create_sheet(_("Instructions")[:31])
    xlsx.append_row(notes, [_("How to fill in the file")])
    notes["A1"].font = Font(bold=True)
    for line in (
        _("One activity per row; the first row holds the column headers (do not change them)."),
        _("Unit code: may stay empty when you work for one unit only; otherwise the code of your unit."),
        _("Date: dd/mm/yyyy (e.g. 15/03/2020) or yyyy-mm-dd."),
        _("Channel and topics: the code or the name listed below (diacritics optional); separate topics with “;”."),
        _("Title is required. Quantity and reach: whole numbers, not negative."),
        _("Links: web addresses (http:// or https://), separated by “;” or line breaks."),
        _("If any row has an error, nothing is imported and every error is listed."),
    ):
        xlsx.append_row(notes, [line])
    xlsx.append_row(notes, [])
    xlsx.append_row(notes, [_("Channels"), _("Code")])
    for channel in Channel.objects.filter(is_active=True):
        xlsx.append_row(notes, [channel.name, channel.code])
    xlsx.append_row(notes, [])
    xlsx.append_row(notes, [_("Topics"), _("Code")])
    for topic in Topic.objects.filter(is_active=True):
        xlsx.append_row(notes, [topic.name, topic.code])
    notes.column_dimensions["A"].width = 100
    notes.column_dimensions["B"].width = 24
    return _save(workbook)


def export_queryset(queryset: Any) -> Any:
    return queryset.select_related("unit", "channel").prefetch_related("topics")


def activity_values(activity: Activity) -> list[Any]:
    return [
        activity.unit.code, activity.date, activity.channel.name,
        "; ".join(topic.name for topic in activity.topics.all()), activity.title, activity.description,
        activity.quantity, activity.quantity_unit, activity.reach, "\n".join(activity.link_list()),
    ]


def write_xlsx(activities: Iterable[Activity]) -> bytes:
    """The filtered list, with the same columns as the template (so an export can be edited and re-imported)."""
    workbook = openpyxl.Workbook()
    sheet = _sheet(workbook, _("Activities"))
    for activity in activities:
        xlsx.append_row(sheet, activity_values(activity))
        sheet.cell(row=sheet.max_row, column=2).number_format = "DD/MM/YYYY"
    return _save(workbook)


# --- Import ------------------------------------------------------------------------------------------------------

def _header_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, english, label in COLUMNS:
        for text in (name, name.replace("_", " "), english, str(label)):
            keys[vn.fold(text)] = name
    return keys


def _lookup(model: Any) -> dict[str, Any]:
    """Folded code and folded name → row, for channels and topics."""
    table: dict[str, Any] = {}
    for row in model.objects.all():
        table[vn.fold(row.name)] = row
    for row in model.objects.all():
        table[vn.fold(row.code)] = row
    return table


def _whole_number(value: Any) -> int | None:
    """None for an empty cell; ValueError for anything but a whole number ≥ 0."""
    if value is None or _text(value) == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation as exc:
        raise ValueError from exc
    if number != number.to_integral_value():
        raise ValueError
    return int(number)


def parse_activities(name: str, data: bytes, *, user: Any, default_unit: OrgUnit | None) -> ImportResult:
    """Check every row; the result holds either the rows to create or every error with its line."""
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
    keys = _header_keys()
    columns: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        key = keys.get(vn.fold(_text(cell)))
        if key and key not in columns:
            columns[key] = index
    missing = [str(label) for key, _english, label in COLUMNS if key in REQUIRED and key not in columns]
    if missing:
        result.errors.append((header_line, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}))
        return result
    if len(table) == 1:
        result.errors.append((header_line, _("the file has no data rows")))
        return result
    channels, topics = _lookup(Channel), _lookup(Topic)
    if user is None:
        units = OrgUnit.objects.all()
    elif can(user, Action.ADD, Activity):
        units = OrgUnit.objects.restrict(user, Action.VIEW)
    else:
        units = OrgUnit.objects.none()
    writable = {unit.code: unit for unit in units}
    for line, cells in table[1:]:
        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        problems: list[str] = []
        row: dict[str, Any] = {"line": line}
        code = _text(cell("unit"))
        if code:
            unit = writable.get(code) or writable.get(code.lower())
            if unit is None:
                problems.append(_("unit “%(code)s” is unknown or not one of yours") % {"code": code})
            row["unit"] = unit
        elif default_unit is not None:
            row["unit"] = default_unit
        else:
            problems.append(_("the unit code is missing"))
        try:
            row["date"] = parse_date(cell("date"))
            if row["date"] is None:
                problems.append(_("the date is missing"))
        except ValueError:
            problems.append(_("“%(value)s” is not a date (dd/mm/yyyy)") % {"value": _text(cell("date"))})
        channel_text = _text(cell("channel"))
        channel = channels.get(vn.fold(channel_text)) if channel_text else None
        if not channel_text:
            problems.append(_("the channel is missing"))
        elif channel is None:
            problems.append(_("unknown channel “%(value)s”") % {"value": channel_text})
        row["channel"] = channel
        row["topics"] = []
        for part in LIST_SEPARATOR.split(_text(cell("topics")) if cell("topics") is not None else ""):
            part = part.strip()
            if not part:
                continue
            topic = topics.get(vn.fold(part))
            if topic is None:
                problems.append(_("unknown topic “%(value)s”") % {"value": part})
            elif topic not in row["topics"]:
                row["topics"].append(topic)
        row["title"] = _text(cell("title"))
        if not row["title"]:
            problems.append(_("the title is missing"))
        elif len(row["title"]) > 300:
            problems.append(_("the title is longer than 300 characters"))
        row["description"] = str(cell("description") or "").strip()
        row["quantity_unit"] = _text(cell("quantity_unit"))[:40]
        for key, label in (("quantity", _("quantity")), ("reach", _("reach"))):
            try:
                row[key] = _whole_number(cell(key))
                if row[key] is not None and row[key] < 0:
                    problems.append(_("the %(field)s cannot be negative") % {"field": label})
            except ValueError:
                problems.append(_("the %(field)s “%(value)s” is not a whole number")
                                % {"field": label, "value": _text(cell(key))})
        links_text = str(cell("links") or "")
        try:
            row["links"] = clean_links([part for part in LINK_SEPARATOR.split(links_text) if part])
        except ValidationError as exc:
            problems.extend(message for messages in exc.message_dict.values() for message in messages)
        if problems:
            result.errors.extend((line, problem) for problem in problems)
        else:
            result.rows.append(row)
    return result


def import_activities(name: str, data: bytes, *, acting_user: Any, default_unit: OrgUnit | None) -> ImportResult:
    """Parse and, when every row is good, create them all (one transaction)."""
    result = parse_activities(name, data, user=acting_user, default_unit=default_unit)
    if result.ok:
        try:
            result.activities = do_import_activities(result.rows, acting_user=acting_user)
        except ValidationError as exc:
            result.errors.append((1, " ".join(exc.messages)))
    return result
