"""Statistics of feedback: received, answered, on time, late, overdue, satisfaction — per unit, category and month;
server-side SVG charts and an XLSX export (user text written as text cells)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cchc.core import clock
from cchc.lib import vn

from .choices import ANSWERED_STATUSES, OPEN_STATUSES, Status
from .models import Feedback

COLOURS = {"received": "#0d6efd", "answered": "#198754", "overdue": "#dc3545"}


@dataclass
class Row:
    key: Any
    label: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def answered_rate(self) -> float | None:
        return self.answered / self.received if self.received else None


@dataclass
class Statistics:
    start: date
    end: date
    total: Row
    by_unit: list[Row] = field(default_factory=list)
    by_category: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)


def _aggregates(today: date) -> dict[str, Any]:
    return {
        "received": Count("id"),
        "answered": Count("id", filter=Q(status__in=ANSWERED_STATUSES)),
        "on_time": Count("id", filter=Q(status__in=ANSWERED_STATUSES, answered_on_time=True)),
        "late": Count("id", filter=Q(status__in=ANSWERED_STATUSES, answered_on_time=False)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        "rated": Count("id", filter=Q(resolved__isnull=False)),
        "satisfied": Count("id", filter=Q(resolved=True)),
    }


def _row(key: Any, label: str, values: dict[str, Any]) -> Row:
    return Row(key, label, **{name: values.get(name) or 0 for name in
                              ("received", "answered", "on_time", "late", "overdue", "rated", "satisfied")})


def compute(queryset: Any, start: date, end: date, today: date | None = None) -> Statistics:
    """Figures for the items of ``queryset`` (already restricted) received in [start, end]."""
    today = today or clock.today()
    low = datetime.combine(start, time.min, tzinfo=clock.VIETNAM)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=clock.VIETNAM)
    items = queryset.filter(received_at__gte=low, received_at__lt=high).exclude(
        status__in=(Status.REJECTED, Status.MERGED))
    aggregates = _aggregates(today)
    total = _row("", "Tổng cộng", items.aggregate(**aggregates))
    by_unit = [_row(v["unit_id"], v["unit__name"] or "Chưa chuyển xử lý", v)
               for v in items.values("unit_id", "unit__name").annotate(**aggregates)]
    by_unit = vn.vn_sorted(by_unit, key=lambda r: r.label if r.key else "~")
    by_category = [_row(v["category__slug"], v["category__name"], v)
                   for v in items.values("category__slug", "category__name", "category__order")
                   .annotate(**aggregates).order_by("category__order")]
    months: dict[tuple[int, int], Row] = {}
    for item in items.only("received_at", "status", "answered_on_time", "due_date", "resolved"):
        day = item.received_at.astimezone(clock.VIETNAM).date()
        key = (day.year, day.month)
        row = months.setdefault(key, Row(key, f"{day.month:02d}/{day.year}"))
        row.received += 1
        if item.status in ANSWERED_STATUSES:
            row.answered += 1
            row.on_time += int(item.answered_on_time is True)
            row.late += int(item.answered_on_time is False)
        if item.status in OPEN_STATUSES and item.due_date and item.due_date < today:
            row.overdue += 1
        if item.resolved is not None:
            row.rated += 1
            row.satisfied += int(item.resolved)
    return Statistics(start, end, total, by_unit, by_category, [months[k] for k in sorted(months)])


# --- Charts -----------------------------------------------------------------------------------------------------------

def _svg(width: int, height: int, label: str, body: list[str], testid: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" data-testid="{testid}" class="feedback-chart">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>")


def _legend(keys: list[tuple[str, str]], x: int, y: int) -> list[str]:
    parts = []
    for offset, (key, text) in enumerate(keys):
        left = x + offset * 130
        parts.append(f'<rect x="{left}" y="{y - 10}" width="12" height="12" fill="{COLOURS[key]}"/>'
                     f'<text x="{left + 18}" y="{y}" font-size="12">{escape(text)}</text>')
    return parts


KEYS = [("received", "Tiếp nhận"), ("answered", "Đã trả lời"), ("overdue", "Quá hạn")]


def month_chart(rows: list[Row], label: str = "Phản ánh theo tháng") -> SafeString:
    """Grouped vertical bars per month: received, answered, overdue."""
    left, top, plot_height, group = 40, 30, 170, 72
    width = max(360, left + group * len(rows) + 20)
    height = top + plot_height + 40
    largest = max([r.received for r in rows] + [1])
    body = _legend(KEYS, left, 16)
    for step in range(0, 5):
        value = largest * step / 4
        y = top + plot_height - plot_height * step / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#dee2e6"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{value:.0f}</text>')
    for index, row in enumerate(rows):
        x = left + 8 + index * group
        for offset, (key, text) in enumerate(KEYS):
            value = getattr(row, key)
            bar = plot_height * value / largest
            body.append(f'<rect x="{x + offset * 20}" y="{top + plot_height - bar:.1f}" width="18" height="{bar:.1f}" '
                        f'fill="{COLOURS[key]}"><title>{escape(row.label)} — {escape(text)}: {value}</title></rect>')
        body.append(f'<text x="{x + 29}" y="{top + plot_height + 16}" font-size="11" text-anchor="middle">'
                    f"{escape(row.label)}</text>")
    return _svg(width, height, label, body, "chart-months")


def unit_chart(rows: list[Row], label: str = "Tỷ lệ trả lời đúng hạn theo đơn vị") -> SafeString:
    """Horizontal bars: items received per unit, the on-time answered part darker."""
    rows = [r for r in rows if r.key][:20]
    left, bar_height, gap, width = 230, 18, 8, 640
    height = max(40, 10 + len(rows) * (bar_height + gap))
    largest = max([r.received for r in rows] + [1])
    body = []
    for index, row in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        full = (width - left - 60) * row.received / largest
        good = (width - left - 60) * row.on_time / largest
        name = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        rate = vn.format_percent(row.on_time_rate) if row.on_time_rate is not None else "—"
        body.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end"><title>{escape(row.label)}'
                    f"</title>{escape(name)}</text>"
                    f'<rect x="{left}" y="{y}" width="{full:.1f}" height="{bar_height}" fill="#cfe2ff"/>'
                    f'<rect x="{left}" y="{y}" width="{good:.1f}" height="{bar_height}" fill="{COLOURS["answered"]}">'
                    f"<title>{escape(row.label)}: {row.on_time}/{row.received} đúng hạn</title></rect>"
                    f'<text x="{left + full + 6:.1f}" y="{y + 13}" font-size="11">'
                    f"{row.received} · {escape(rate)}</text>")
    return _svg(width, height, label, body, "chart-units")


# --- XLSX -------------------------------------------------------------------------------------------------------------

HEADERS = ["", "Tiếp nhận", "Đã trả lời", "Đúng hạn", "Trễ hạn", "Đang quá hạn", "Tỷ lệ đúng hạn",
           "Đã đánh giá", "Hài lòng", "Tỷ lệ hài lòng"]


def write_xlsx(stats: Statistics, items: list[Feedback] | None = None) -> bytes:
    """One sheet per breakdown and, for staff, the list of items. Every text from users is a text cell."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    title = workbook.add_format({"bold": True, "font_size": 13})
    heading = (f"Phản ánh, kiến nghị từ {vn.date_short(stats.start)} đến {vn.date_short(stats.end)}")
    for name, first, rows in (("Theo đơn vị", "Đơn vị xử lý", stats.by_unit),
                              ("Theo lĩnh vực", "Lĩnh vực", stats.by_category),
                              ("Theo tháng", "Tháng", stats.by_month)):
        sheet = workbook.add_worksheet(name)
        sheet.write_string(0, 0, heading, title)
        for col, text in enumerate([first, *HEADERS[1:]]):
            sheet.write_string(2, col, text, bold)
        for r, row in enumerate([*rows, stats.total], start=3):
            sheet.write_string(r, 0, row.label)
            for col, value in enumerate([row.received, row.answered, row.on_time, row.late, row.overdue], start=1):
                sheet.write_number(r, col, value)
            _rate(sheet, r, 6, row.on_time_rate, percent)
            sheet.write_number(r, 7, row.rated)
            sheet.write_number(r, 8, row.satisfied)
            _rate(sheet, r, 9, row.satisfaction, percent)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 9, 12)
        sheet.set_row(2, 32)
        sheet.freeze_panes(3, 1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
    if items is not None:
        sheet = workbook.add_worksheet("Danh sách")
        headers = ["Mã tra cứu", "Ngày tiếp nhận", "Kênh", "Lĩnh vực", "Tiêu đề", "Đơn vị xử lý", "Trạng thái",
                   "Hạn xử lý", "Ngày trả lời", "Đúng hạn", "Đánh giá"]
        for col, text in enumerate(headers):
            sheet.write_string(0, col, text, bold)
        for r, item in enumerate(items, start=1):
            values = [item.tracking_code, vn.date_short(item.received_on), item.get_channel_display(),
                      item.category.name, item.title, item.unit.name if item.unit else "", item.get_status_display(),
                      vn.date_short(item.due_date), vn.date_short(item.answered_on),
                      "" if item.answered_on_time is None else ("có" if item.answered_on_time else "không"),
                      "" if item.resolved is None else ("đã giải quyết" if item.resolved else "chưa giải quyết")]
            for col, value in enumerate(values):
                sheet.write_string(r, col, str(value or ""))
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 3, 16)
        sheet.set_column(4, 5, 40)
        sheet.set_column(6, 10, 16)
        sheet.freeze_panes(1, 1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


def write_public_xlsx(items: list[Feedback]) -> bytes:
    """The answered items as the public list shows them (no personal data; texts masked; text cells only)."""
    import xlsxwriter

    from .public import mask

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("Phản ánh đã trả lời")
    headers = ["Mã tra cứu", "Lĩnh vực", "Ngày tiếp nhận", "Ngày trả lời", "Đơn vị trả lời", "Tiêu đề", "Trả lời"]
    for col, text in enumerate(headers):
        sheet.write_string(0, col, text, bold)
    for r, item in enumerate(items, start=1):
        values = [item.tracking_code, item.category.name, vn.date_short(item.received_on),
                  vn.date_short(item.answered_on), item.answer_unit.name if item.answer_unit else "",
                  mask(item.title, item), mask(item.answer, item)]
        for col, value in enumerate(values):
            sheet.write_string(r, col, value, wrap)
        widths = (18, 30, 13, 13, 30, 60, 60)
        lines = max(1, *(-(-len(value) // int(width * 1.1)) for value, width in zip(values, widths, strict=True)))
        sheet.set_row(r, 15 * lines)  # wrapped text: the height a reader needs (LibreOffice does not grow rows)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 3, 13)
    sheet.set_column(4, 4, 30)
    sheet.set_column(5, 6, 60)
    sheet.freeze_panes(1, 1)
    workbook.close()
    return buffer.getvalue()


def _rate(sheet: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        sheet.write_string(row, col, "—")
    else:
        sheet.write_number(row, col, value, fmt)
