"""XLSX exports of the monitoring tables: the units with their status, and the numbers per unit kind.

Headers are Vietnamese (through the translations); shares are written as numbers with a percent format, so that a
spreadsheet can compute with them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.core import clock
from cchc.lib import vn, xlsx

from .numbers import APPROVED, LATE, ON_TIME, OVERDUE, RETURNED, Numbers, Snapshot, UnitRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0.0%"
FILLS = {ON_TIME: "D1E7DD", APPROVED: "D1E7DD", LATE: "FFF3CD", OVERDUE: "F8D7DA", RETURNED: "FFE5D0"}


def _heading(sheet: Any, snap: Snapshot, filters: str) -> None:
    xlsx.append_row(sheet, [snap.form.name])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append_row(sheet, [_("Period: %(period)s — deadline %(deadline)s")
                  % {"period": snap.period.label, "deadline": vn.date_short(snap.period.deadline)}])
    situation = _("Situation on %(date)s") % {"date": vn.date_short(snap.today)}
    if filters:
        situation = _("%(situation)s (filter: %(filters)s)") % {"situation": situation, "filters": filters}
    xlsx.append_row(sheet, [situation])
    xlsx.append_row(sheet, [])


def _header_row(sheet: Any, headers: list[str]) -> int:
    xlsx.append_row(sheet, headers)
    row = sheet.max_row
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return row


def _widths(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_units_xlsx(snap: Snapshot, rows: Iterable[UnitRow], *, filters: str = "") -> bytes:
    """One row per unit: kind, status, submitted at, on time or not."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Units")[:31]
    _heading(sheet, snap, filters)
    header = _header_row(sheet, [_("No."), _("Unit"), _("Unit kind"), _("Status"), _("Submitted at"),
                                 _("Days late")])
    for number, row in enumerate(rows, start=1):
        submitted_at = row.submission.submitted_at if row.submission else None
        local = submitted_at.astimezone(clock.VIETNAM) if submitted_at else None
        days_late = ""
        if row.status == OVERDUE:
            days_late = (snap.today - snap.period.deadline).days
        elif local and row.submitted and local.date() > snap.period.deadline:
            days_late = (local.date() - snap.period.deadline).days
        xlsx.append_row(sheet, [number, row.unit.name, row.unit.kind.name, row.status_label,
                      local.strftime("%d/%m/%Y %H:%M") if local else "", days_late])
        if row.status in FILLS:
            color = FILLS[row.status]
            sheet.cell(row=sheet.max_row, column=4).fill = PatternFill("solid", start_color=color, end_color=color)
    _widths(sheet, [6, 52, 26, 20, 18, 12])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    return _save(workbook)


def _numbers_cells(numbers: Numbers) -> list[Any]:
    return [numbers.expected, numbers.submitted, numbers.on_time, numbers.late, numbers.overdue,
            numbers.completeness, numbers.timeliness]


def write_kinds_xlsx(snap: Snapshot) -> bytes:
    """One row per unit kind and a total row: the numbers, completeness and timeliness (percent-formatted)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("By unit kind")[:31]
    _heading(sheet, snap, "")
    header = _header_row(sheet, [_("Unit kind"), _("Expected"), _("Submitted"), _("On time"), _("Late"),
                                 _("Overdue"), _("Completeness"), _("Timeliness")])
    rows = [(snap.kind_names[code], numbers) for code, numbers in snap.by_kind.items()]
    rows.append((_("Total"), snap.total))
    for name, numbers in rows:
        xlsx.append_row(sheet, [name, *_numbers_cells(numbers)])
        for column in (7, 8):
            sheet.cell(row=sheet.max_row, column=column).number_format = PERCENT_FORMAT
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _widths(sheet, [32, 12, 12, 12, 12, 14, 14, 14])
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    return _save(workbook)
