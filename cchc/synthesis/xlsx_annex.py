"""The annex of the synthesis report (XLSX, XlsxWriter), made to be printed and attached to the signed report.

Every sheet: "Phụ lục …" heading with "(Kèm theo Báo cáo số      /BC-SNV ngày … của Sở Nội vụ)", Times New Roman,
borders, A4 landscape fitted to the page width, the header row repeated on every printed page, page numbers.

- one sheet per indicator group: a row per expected unit (a report not received, or a figure not reported = an
  empty cell, never 0), then the totals as formulas (=SUM, =AVERAGE, =COUNTIF for yes/no) WITH their computed
  values stored, so any viewer shows them and they stay right when a clerk corrects a cell; they equal the report's;
- "Tình hình báo cáo": every expected unit, its state, when it sent its report, a link to it;
- "Minh chứng": the evidence, compact — one row per activity attached to a received report, with a link built from
  ``settings.CCHC_SITE_URL``.

Text written by units is written as text cells (never a formula), control characters removed.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from xlsxwriter.utility import xl_col_to_name

from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.reports.choices import Aggregation, ValueType

from .figures import IndicatorFigure, Synthesis

FONT = "Times New Roman"
STATUS_SHEET = "Tình hình báo cáo"
EVIDENCE_SHEET = "Minh chứng"
HEADER_ROW = 5  # 1-based row of the column headers (rows 1–4: heading, title, "Kèm theo…", blank)
FIRST_ROW = HEADER_ROW + 1
NUMBER_FORMAT = "#,##0.##"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
STATE_WORDS = {
    "approved": "Đã gửi, đã rà soát",
    "on_time": "Đã gửi",
    "late": "Đã gửi (muộn)",
    "returned": "Trả lại để bổ sung",
    "not_submitted": "Chưa gửi",
    "overdue": "Chưa gửi (quá hạn)",
}

_PLACEHOLDER = 987654321


def site_url() -> str:
    return (getattr(settings, "CCHC_SITE_URL", "") or "").rstrip("/")


def _url(name: str, pk: int) -> str:
    """Absolute address (from ``CCHC_SITE_URL``) of a report or an activity page."""
    try:
        path = reverse(name, args=[_PLACEHOLDER])
    except NoReverseMatch:
        path = f"/{_PLACEHOLDER}/"
    return f"{site_url()}{path}".replace(str(_PLACEHOLDER), str(pk))


def submission_url(pk: int) -> str:
    return _url("reports:submission", pk)


def activity_url(pk: int) -> str:
    return _url("reports:activity", pk)


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\, no leading/trailing apostrophe)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in clean_text(name or "")).strip().strip("'")
    clean = clean[:31].strip() or "Chỉ tiêu"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)].strip() + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def text(value: Any) -> str:
    """User text for a cell: NFC, no control characters, at most 32,767 characters."""
    return clean_text(str(value or ""))[:32767]


class Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.heading = wb.add_format({**base, "bold": True, "font_size": 13, "align": "center"})
        self.title = wb.add_format({**base, "bold": True, "font_size": 12, "align": "center", "text_wrap": True})
        self.italic = wb.add_format({**base, "italic": True, "align": "center"})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#F2F2F2"})
        self.text = wb.add_format(cell)
        self.centre = wb.add_format({**cell, "align": "center"})
        self.number = wb.add_format({**cell, "num_format": NUMBER_FORMAT, "align": "right"})
        self.total_label = wb.add_format({**cell, "bold": True})
        self.total = wb.add_format({**cell, "bold": True, "num_format": NUMBER_FORMAT, "align": "right"})
        self.date = wb.add_format({**cell, "num_format": "dd/mm/yyyy", "align": "center"})
        self.link = wb.add_format({**cell, "font_color": "#0563C1", "underline": 1})
        self.note = wb.add_format({**base, "italic": True, "font_size": 10})


def _annex_line(synthesis: Synthesis) -> str:
    year = synthesis.today.year
    return f"(Kèm theo Báo cáo số      /BC-SNV ngày     tháng     năm {year} của Sở Nội vụ)"


def _page_setup(ws: Any, columns: int, last_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # the width of one page, as many pages as needed
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
    ws.print_area(0, 0, max(last_row, HEADER_ROW), columns - 1)
    ws.freeze_panes(HEADER_ROW, 2)
    ws.hide_gridlines(2)


def _heading(ws: Any, fmt: Formats, number: str, title: str, synthesis: Synthesis, columns: int) -> None:
    last = max(columns - 1, 1)
    ws.merge_range(0, 0, 0, last, f"Phụ lục {number}", fmt.heading)
    ws.merge_range(1, 0, 1, last, text(title).upper(), fmt.title)
    ws.set_row(1, 32)
    ws.merge_range(2, 0, 2, last, _annex_line(synthesis), fmt.italic)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _cell_value(figure: IndicatorFigure, value: Any) -> Any:
    if value is None:
        return None
    if figure.value_type == ValueType.BOOLEAN:
        return "Có" if value else "Không"
    if figure.value_type == ValueType.TEXT:
        return text(value)
    return _number(value)


def _total(figure: IndicatorFigure, column: str, first: int, last: int) -> tuple[str | None, Any]:
    """The total's formula (1-based rows) and its value, as the report states it."""
    cells = f"{column}{first}:{column}{last}"
    if figure.value_type == ValueType.BOOLEAN:
        return f'=COUNTIF({cells},"Có")', _number(figure.total) or 0
    if figure.value_type == ValueType.TEXT:
        return None, None
    if figure.aggregation == Aggregation.AVERAGE:
        return f'=IF(COUNT({cells})=0,"",AVERAGE({cells}))', _number(figure.total) if figure.total is not None else ""
    if figure.aggregation == Aggregation.LAST:
        return None, _number(figure.total)
    return f"=SUM({cells})", _number(figure.total) or 0


def _group_sheet(wb: Any, fmt: Formats, synthesis: Synthesis, number: str, group: str,
                 figures: list[IndicatorFigure], used: set[str]) -> None:
    ws = wb.add_worksheet(sheet_name(group, used))
    headers = ["TT", "Cơ quan, đơn vị", "Tình trạng báo cáo"] + [
        f"{text(figure.name)} ({text(figure.unit_of_measure)})" if figure.unit_of_measure else text(figure.name)
        for figure in figures]
    columns = len(headers)
    _heading(ws, fmt, number, f"Kết quả thực hiện theo báo cáo của các cơ quan, đơn vị — {group}", synthesis, columns)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 16)
    ws.set_column(3, columns - 1, 13)
    ws.set_row(HEADER_ROW - 1, 48)
    for col, header in enumerate(headers):
        ws.write_string(HEADER_ROW - 1, col, header, fmt.header)
    values = [{item.unit_id: item.value for item in figure.values} for figure in figures]
    row = FIRST_ROW - 1
    for index, unit in enumerate(synthesis.units, start=1):
        ws.write_number(row, 0, index, fmt.centre)
        ws.write_string(row, 1, text(unit.label), fmt.text)
        ws.write_string(row, 2, STATE_WORDS.get(unit.status, text(unit.status_label)), fmt.text)
        for offset, (figure, by_unit) in enumerate(zip(figures, values, strict=True)):
            value = _cell_value(figure, by_unit.get(unit.unit_id)) if unit.received else None
            col = 3 + offset
            if value is None:
                ws.write_blank(row, col, None, fmt.number)  # not reported: empty, never 0
            elif isinstance(value, str):
                ws.write_string(row, col, value, fmt.centre)
            else:
                ws.write_number(row, col, value, fmt.number)
        row += 1
    first, last = FIRST_ROW, FIRST_ROW + len(synthesis.units) - 1
    ws.write_blank(row, 0, None, fmt.total_label)
    ws.write_string(row, 1, "Tổng cộng", fmt.total_label)
    ws.write_blank(row, 2, None, fmt.total_label)
    ws.write_blank(row + 1, 0, None, fmt.text)
    ws.write_string(row + 1, 1, "Số đơn vị có số liệu", fmt.text)
    ws.write_blank(row + 1, 2, None, fmt.text)
    for offset, figure in enumerate(figures):
        col = 3 + offset
        letter = xl_col_to_name(col)
        formula, value = _total(figure, letter, first, last) if synthesis.units else (None, None)
        if formula:
            ws.write_formula(row, col, formula, fmt.total, value)
        elif value is not None:
            ws.write_number(row, col, value, fmt.total)
        else:
            ws.write_blank(row, col, None, fmt.total)
        if synthesis.units:
            ws.write_formula(row + 1, col, f"=COUNTA({letter}{first}:{letter}{last})", fmt.number, figure.reported)
        else:
            ws.write_number(row + 1, col, 0, fmt.number)
    numbers = synthesis.numbers
    ws.write_string(row + 3, 1, f"Số liệu theo báo cáo của {numbers.submitted}/{numbers.expected} đơn vị "
                                f"đến ngày {synthesis.today:%d/%m/%Y}; ô để trống: đơn vị chưa gửi báo cáo hoặc "
                                "không có số liệu.", fmt.note)
    _page_setup(ws, columns, row + 3)


def _status_sheet(wb: Any, fmt: Formats, synthesis: Synthesis, number: str, used: set[str]) -> None:
    ws = wb.add_worksheet(sheet_name(STATUS_SHEET, used))
    headers = ["TT", "Cơ quan, đơn vị", "Loại cơ quan, đơn vị", "Tình trạng báo cáo", "Ngày gửi", "Báo cáo"]
    _heading(ws, fmt, number, "Tình hình gửi báo cáo của các cơ quan, đơn vị", synthesis, len(headers))
    for col, width in enumerate([5, 36, 26, 20, 12, 34]):
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW - 1, 30)
    for col, header in enumerate(headers):
        ws.write_string(HEADER_ROW - 1, col, header, fmt.header)
    row = FIRST_ROW - 1
    for index, unit in enumerate(synthesis.units, start=1):
        ws.write_number(row, 0, index, fmt.centre)
        ws.write_string(row, 1, text(unit.label), fmt.text)
        ws.write_string(row, 2, text(unit.kind_name), fmt.text)
        ws.write_string(row, 3, STATE_WORDS.get(unit.status, text(unit.status_label)), fmt.text)
        if unit.submitted_at:
            ws.write_datetime(row, 4, unit.submitted_at.replace(tzinfo=None), fmt.date)
        else:
            ws.write_blank(row, 4, None, fmt.date)
        if unit.submission_id:
            ws.write_url(row, 5, submission_url(unit.submission_id), fmt.link,
                         string=f"Báo cáo số {unit.submission_id}")
        else:
            ws.write_blank(row, 5, None, fmt.text)
        row += 1
    _page_setup(ws, len(headers), row)


def evidence_rows(synthesis: Synthesis) -> list[dict[str, Any]]:
    """The activities attached to the received reports (one query): unit, date, channel, title, quantity, link."""
    from cchc.reports.models import Activity

    unit_of = {activity_id: unit for unit in synthesis.units if unit.received for activity_id in unit.activity_ids}
    if not unit_of:
        return []
    order = {unit.unit_id: index for index, unit in enumerate(synthesis.units)}
    rows = []
    for pk, day, channel, title, quantity, links in Activity.objects.filter(pk__in=list(unit_of)).values_list(
            "id", "date", "channel__name", "title", "quantity", "links"):
        unit = unit_of[pk]
        first_link = next((line.strip() for line in (links or "").splitlines() if line.strip()), "")
        rows.append({"id": pk, "unit": unit.label, "order": order.get(unit.unit_id, 0), "date": day,
                     "channel": channel or "", "title": title or "", "quantity": quantity, "link": first_link})
    rows.sort(key=lambda row: (row["order"], row["date"] or date.min, row["id"]))
    return rows


def _evidence_sheet(wb: Any, fmt: Formats, synthesis: Synthesis, number: str, used: set[str]) -> None:
    ws = wb.add_worksheet(sheet_name(EVIDENCE_SHEET, used))
    headers = ["TT", "Cơ quan, đơn vị", "Ngày", "Hình thức", "Nội dung", "Số lượng", "Minh chứng"]
    _heading(ws, fmt, number, "Danh mục minh chứng kèm theo báo cáo của các cơ quan, đơn vị", synthesis, len(headers))
    for col, width in enumerate([5, 28, 11, 22, 46, 9, 14]):
        ws.set_column(col, col, width)
    ws.set_row(HEADER_ROW - 1, 30)
    for col, header in enumerate(headers):
        ws.write_string(HEADER_ROW - 1, col, header, fmt.header)
    row = FIRST_ROW - 1
    for index, item in enumerate(evidence_rows(synthesis), start=1):
        ws.write_number(row, 0, index, fmt.centre)
        ws.write_string(row, 1, text(item["unit"]), fmt.text)
        if item["date"]:
            ws.write_datetime(row, 2, item["date"], fmt.date)
        else:
            ws.write_blank(row, 2, None, fmt.date)
        ws.write_string(row, 3, text(item["channel"]), fmt.text)
        ws.write_string(row, 4, text(item["title"]), fmt.text)
        if item["quantity"] is not None:
            ws.write_number(row, 5, item["quantity"], fmt.number)
        else:
            ws.write_blank(row, 5, None, fmt.number)
        ws.write_url(row, 6, activity_url(item["id"]), fmt.link, string=f"HĐ-{item['id']}")
        row += 1
    if row == FIRST_ROW - 1:
        ws.write_string(row, 1, "Chưa có minh chứng kèm theo báo cáo.", fmt.note)
    _page_setup(ws, len(headers), row)


def render_xlsx(synthesis: Synthesis) -> bytes:
    """The annex workbook as bytes."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "default_date_format": "dd/mm/yyyy"})
    wb.set_properties({"title": vn.clean(synthesis.subject)[:250], "author": "Sở Nội vụ"})
    fmt = Formats(wb)
    used: set[str] = {STATUS_SHEET.lower(), EVIDENCE_SHEET.lower()}
    groups = [(group, figures) for group, figures in synthesis.indicator_groups
              if any(figure.value_type != ValueType.TEXT for figure in figures)]
    numbering = iter(ROMAN + [str(i) for i in range(13, 100)])
    for group, figures in groups:
        _group_sheet(wb, fmt, synthesis, next(numbering), group, figures, used)
    used -= {STATUS_SHEET.lower(), EVIDENCE_SHEET.lower()}
    _status_sheet(wb, fmt, synthesis, next(numbering), used)
    _evidence_sheet(wb, fmt, synthesis, next(numbering), used)
    wb.close()
    return out.getvalue()
