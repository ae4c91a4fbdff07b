"""The annex of the synthesis report (XLSX): per-unit figures with formula totals, reporting status, evidence links.

- one sheet per indicator group: a row per expected unit (not reported = empty cell, never 0) and totals made of
  formulas (=SUM, =AVERAGE, the latest unit's cell for "last", =COUNTIF for yes/no), so they stay right when a
  clerk corrects a cell;
- "Tình hình báo cáo": every expected unit, its kind, status, when it sent its report and whether on time;
- "Minh chứng": for every figure, the reports and activities it comes from, with links.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc.reports.choices import Aggregation, ValueType

from .figures import IndicatorFigure, Synthesis

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
LINK = Font(color="0563C1", underline="single")
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
STATUS_SHEET = "Tình hình báo cáo"
EVIDENCE_SHEET = "Minh chứng"
NUMBER_FORMAT = "#,##0.##"


_PLACEHOLDER = 987654321
_templates: dict[str, str] = {}


def _url(name: str, pk: int) -> str:
    """Absolute address of a report or an activity (relative when the site address is not configured)."""
    base = (getattr(settings, "CCHC_SITE_URL", "") or "").rstrip("/")
    key = f"{base}|{name}"
    if key not in _templates:  # reverse once per run, not once per row
        try:
            path = reverse(name, args=[_PLACEHOLDER])
        except NoReverseMatch:
            path = f"/{_PLACEHOLDER}/"
        _templates[key] = f"{base}{path}".replace(str(_PLACEHOLDER), "{pk}")
    return _templates[key].format(pk=pk)


def _link_formula(url: str) -> str:
    """A HYPERLINK formula: as clickable as a hyperlink, far cheaper for tens of thousands of rows."""
    safe = url.replace('"', "%22")
    return f'=HYPERLINK("{safe}","{safe}")'


def submission_url(pk: int) -> str:
    return _url("reports:submission", pk)


def activity_url(pk: int) -> str:
    return _url("reports:activity", pk)


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip() or "Chỉ tiêu"
    clean = clean[:31].strip()
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)].strip() + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _cell(ws: Any, value: Any, *, font: Font | None = None, number_format: str | None = None,
          link: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    if link:
        cell.hyperlink = link
    return cell


def _header(ws: Any, title: str, subtitle: str, headers: list[str], widths: list[float]) -> None:
    """Title, subtitle, an empty row, then the bold header row (row 4); widths and the frozen header."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"{'C' if len(headers) > 2 else 'A'}{FIRST_ROW}"
    ws.append([_cell(ws, title, font=TITLE)])
    ws.append([_cell(ws, subtitle, font=Font(italic=True))])
    ws.append([])
    centred = Alignment(wrap_text=True, horizontal="center", vertical="center")
    row = []
    for text in headers:
        cell = _cell(ws, text, font=BOLD)
        cell.alignment = centred
        row.append(cell)
    ws.append(row)


def _cell_value(figure: IndicatorFigure, value: Any) -> Any:
    if value is None:
        return None
    if figure.value_type == ValueType.BOOLEAN:
        return "Có" if value else "Không"
    if figure.value_type == ValueType.TEXT:
        return str(value)
    number = float(value)
    return int(number) if number.is_integer() else number


def _total_formula(figure: IndicatorFigure, column: str, last: int, latest_row: int | None) -> str | None:
    cells = f"{column}{FIRST_ROW}:{column}{last}"
    if figure.value_type == ValueType.BOOLEAN:
        return f'=COUNTIF({cells},"Có")'
    if figure.value_type == ValueType.TEXT:
        return None
    if figure.aggregation == Aggregation.AVERAGE:
        return f'=IF(COUNT({cells})=0,"",AVERAGE({cells}))'
    if figure.aggregation == Aggregation.LAST:
        return f"={column}{latest_row}" if latest_row else None
    return f"=SUM({cells})"


def _group_sheet(wb: Workbook, synthesis: Synthesis, group: str, figures: list[IndicatorFigure],
                 used: set[str]) -> None:
    ws = wb.create_sheet(sheet_name(group, used))
    headers = ["TT", "Đơn vị", "Loại đơn vị"] + [
        f"{figure.name} ({figure.unit_of_measure})" if figure.unit_of_measure else figure.name for figure in figures]
    _header(ws, group, f"{synthesis.form.name} — {synthesis.period.label}. Ô trống: đơn vị không báo cáo số liệu.",
            headers, [6, 45, 22] + [18] * len(figures))
    row_of_unit = {unit.unit_id: FIRST_ROW + index for index, unit in enumerate(synthesis.units)}
    values = [{item.unit_id: item.value for item in figure.values} for figure in figures]
    for index, unit in enumerate(synthesis.units):
        row: list[Any] = [index + 1, unit.name, unit.kind_name]
        for figure, by_unit in zip(figures, values, strict=True):
            value = _cell_value(figure, by_unit.get(unit.unit_id))
            row.append(_cell(ws, value, number_format=NUMBER_FORMAT) if value is not None and figure.is_numeric
                       else value)  # not reported: an empty cell, never 0
        ws.append(row)
    if not synthesis.units:
        return
    last = FIRST_ROW + len(synthesis.units) - 1
    order = {unit.submission_id: unit.submitted_at for unit in synthesis.units if unit.submission_id}
    totals: list[Any] = [None, _cell(ws, "Tổng hợp", font=BOLD), None]
    counts: list[Any] = [None, _cell(ws, "Số đơn vị báo cáo", font=BOLD), None]
    for offset, figure in enumerate(figures):
        column = get_column_letter(4 + offset)
        latest = max(figure.values, default=None, key=lambda item: (
            order[item.submission_id].timestamp() if order.get(item.submission_id) else 0, item.submission_id))
        formula = _total_formula(figure, column, last, row_of_unit[latest.unit_id] if latest else None)
        totals.append(_cell(ws, formula, font=BOLD, number_format=NUMBER_FORMAT) if formula else None)
        counts.append(f"=COUNTA({column}{FIRST_ROW}:{column}{last})")
    ws.append(totals)
    ws.append(counts)


def _status_sheet(wb: Workbook, synthesis: Synthesis, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_name(STATUS_SHEET, used))
    n = synthesis.numbers
    _header(ws, "Tình hình gửi báo cáo của các đơn vị",
            f"Đến ngày {synthesis.today:%d/%m/%Y}: {n.submitted}/{n.expected} đơn vị đã gửi, {n.on_time} đúng hạn, "
            f"{n.late} muộn. Hạn gửi: {synthesis.period.deadline:%d/%m/%Y}.",
            ["TT", "Đơn vị", "Loại đơn vị", "Tình trạng", "Thời điểm gửi", "Đúng hạn?", "Báo cáo"],
            [6, 45, 22, 20, 18, 11, 45])
    for index, unit in enumerate(synthesis.units):
        url = submission_url(unit.submission_id) if unit.submission_id else None
        ws.append([
            index + 1, unit.name, unit.kind_name, unit.status_label,
            _cell(ws, unit.submitted_at.replace(tzinfo=None), number_format="DD/MM/YYYY HH:MM")
            if unit.submitted_at else None,
            None if unit.on_time is None else ("Đúng hạn" if unit.on_time else "Muộn"),
            _link_formula(url) if url else None,
        ])


def _evidence_rows(synthesis: Synthesis) -> list[tuple[str, str, dict[str, Any], int | None]]:
    """(figure, value, source, activity id or None) for every figure of the report."""
    from .docx_report import figure_total, percent

    rows: list[tuple[str, str, dict[str, Any], int | None]] = []
    n = synthesis.numbers
    for unit in synthesis.units:
        if unit.received:
            rows.append((f"Báo cáo đã gửi ({n.submitted}/{n.expected}; đầy đủ {percent(n.completeness)})",
                         "Đúng hạn" if unit.on_time else "Muộn",
                         {"submission": unit.submission_id, "unit": unit.name, "activities": []}, None))
    for figure in synthesis.indicators:
        label = f"Chỉ tiêu: {figure.name}"
        for item, source in zip(figure.values, figure.sources, strict=True):
            value = _cell_value(figure, item.value)
            rows.append((f"{label} (tổng hợp: {figure_total(figure)})", str(value if value is not None else ""),
                         source, None))

    # Activities: one row each, naming its channel and topics (every channel and topic figure is a filter on these)
    topics_of: dict[int, list[str]] = {}
    for topic in synthesis.topics:
        for activity_id in topic.activity_ids:
            topics_of.setdefault(activity_id, []).append(topic.name)
    for channel in synthesis.channels:
        for source in channel.sources:
            for activity_id in source["activities"]:
                topics = topics_of.get(activity_id)
                label = f"Kênh: {channel.name}" + (f" | Chủ đề: {', '.join(topics)}" if topics else "")
                rows.append((label, "", source, activity_id))
    for quotes, label in ((synthesis.initiatives, "Mô hình, sáng kiến"), (synthesis.limitations, "Khó khăn, hạn chế"),
                          (synthesis.proposals, "Đề xuất, kiến nghị")):
        for quote in quotes:
            rows.append((f"{label} — {quote.section}", quote.text, quote.sources[0], None))
    return rows


def _evidence_sheet(wb: Workbook, synthesis: Synthesis, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_name(EVIDENCE_SHEET, used))
    _header(ws, "Minh chứng của các số liệu trong báo cáo",
            "Mỗi dòng: một số liệu, đơn vị, báo cáo và hoạt động mà số liệu được tổng hợp từ đó.",
            ["TT", "Số liệu", "Giá trị", "Đơn vị", "Báo cáo", "Hoạt động"], [6, 55, 25, 40, 45, 45])
    for index, (label, value, source, activity_id) in enumerate(_evidence_rows(synthesis)):
        ws.append([  # append() of plain values: tens of thousands of rows stay fast
            index + 1, label, value, source["unit"],
            _link_formula(submission_url(source["submission"])) if source.get("submission") else None,
            _link_formula(activity_url(activity_id)) if activity_id else None,
        ])


def render_xlsx(synthesis: Synthesis) -> bytes:
    """The annex workbook as bytes."""
    wb = Workbook(write_only=True)  # streamed: tens of thousands of evidence rows stay fast
    used: set[str] = {STATUS_SHEET.lower(), EVIDENCE_SHEET.lower()}
    for group, figures in synthesis.indicator_groups:
        _group_sheet(wb, synthesis, group, figures, used)
    used -= {STATUS_SHEET.lower(), EVIDENCE_SHEET.lower()}
    _status_sheet(wb, synthesis, used)
    _evidence_sheet(wb, synthesis, used)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
