"""The synthesis report (báo cáo tổng hợp) as a DOCX laid out per Decree 30/2020, built from a ``Synthesis``.

Sections: I. what was asked and how units reported; II. results (indicators, channels and topics, unit kinds,
notable initiatives quoted with the unit named); III. late and silent units, every one named; IV. limitations and
proposals drawn from the narratives, marked for the coordinator to edit. Ready to sign: the number is left blank.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from docx.shared import Mm

from cchc.lib import docx_nd30 as nd30
from cchc.lib import vn
from cchc.reports.choices import Aggregation, ValueType

from .figures import IndicatorFigure, Quote, Synthesis, issuer_short

MAX_QUOTES = 8  # quotes per part; the rest are counted and left to the annex
EDIT_NOTE = "[Nội dung tổng hợp từ báo cáo các đơn vị — đề nghị chuyên viên rà soát, chỉnh sửa]"
RECIPIENTS = ["Như trên", "Bộ Nội vụ (b/c)", "Lãnh đạo Sở", "Lưu: VT, CCHC"]
AGGREGATION_WORDS = {Aggregation.SUM: "tổng", Aggregation.AVERAGE: "bình quân", Aggregation.LAST: "số liệu mới nhất"}


def number(value: Any) -> str:
    """1.234 / 12,5 — whole numbers without decimals, others with at most two."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return vn.format_number(value)
    text = vn.format_number(value, 2)
    return text.rstrip("0").rstrip(",")


def percent(share: float | None) -> str:
    return vn.format_percent(share) if share is not None else "—"


def figure_total(figure: IndicatorFigure) -> str:
    """The total as the report writes it: "1.234", "12,5%", "3 đơn vị có", "—" when nobody reported it."""
    if figure.total is None:
        return "—"
    if figure.value_type == ValueType.BOOLEAN:
        return f"{number(figure.total)} đơn vị có"
    if figure.value_type == ValueType.PERCENT:
        return f"{number(figure.total)}%"
    return number(figure.total)


def _quote_paragraphs(doc: Any, quotes: Sequence[Quote], empty: str) -> None:
    if not quotes:
        nd30.add_body_paragraph(doc, empty)
        return
    grouped: dict[str, list[str]] = {}  # the same text from several units: quoted once, every unit named
    for quote in quotes:
        grouped.setdefault(quote.text, []).append(quote.unit)
    items = list(grouped.items())
    for text, units in items[:MAX_QUOTES]:
        text = text.rstrip()
        if not text.endswith((".", "!", "?", "…")):
            text += "."
        nd30.add_body_paragraph(doc, [("- ", {}), ("; ".join(units), {"bold": True}), (": “", {}),
                                      (text, {"italic": True}), ("”", {})])
    if len(items) > MAX_QUOTES:
        rest = len(items) - MAX_QUOTES
        nd30.add_body_paragraph(doc, f"- Và {vn.format_number(rest)} ý kiến khác của các đơn vị (chi tiết tại "
                                     "báo cáo của từng đơn vị, Phụ lục kèm theo).")


def _part_one(doc: Any, synthesis: Synthesis, body: str) -> None:
    nd30.add_heading_line(doc, "I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO")
    directive = synthesis.directive
    deadline = synthesis.request_deadline
    if directive is not None:
        doc_type = vn.clean(directive.doc_type) or "Văn bản"
        when = f"Ngày {vn.date_short(directive.date)}, " if directive.date else ""
        subject = vn.clean(directive.subject).rstrip(".")
        about = f" về {subject[3:].strip() if subject.lower().startswith('v/v') else subject}" if subject else ""
        nd30.add_body_paragraph(doc, f"{when}{issuer_short(directive.issuer)} ban hành {doc_type} số "
                                     f"{directive.number}{about}.")
        if synthesis.request_text:
            asked = synthesis.request_text.rstrip(".")
            due = ""
            if deadline and vn.date_short(deadline) not in asked:
                due = f"; thời hạn gửi báo cáo trước ngày {vn.date_short(deadline)}"
            nd30.add_body_paragraph(doc, f"Nội dung yêu cầu báo cáo: {asked}{due}.")
    else:
        nd30.add_body_paragraph(doc, f"Thực hiện chế độ báo cáo “{synthesis.form.name}” "
                                     f"({vn.clean(synthesis.period.label)}), {body} đã đề nghị các cơ quan, đơn vị "
                                     f"gửi báo cáo trước ngày {vn.date_short(synthesis.period.deadline)}.")
    n = synthesis.numbers
    missing = n.expected - n.submitted
    nd30.add_body_paragraph(doc, [
        ("Tổng số đơn vị được giao báo cáo: ", {}), (f"{vn.format_number(n.expected)} đơn vị", {"bold": True}),
        (f". Đến ngày {vn.date_short(synthesis.today)}, có ", {}),
        (f"{vn.format_number(n.submitted)}/{vn.format_number(n.expected)} đơn vị", {"bold": True}),
        (f" đã gửi báo cáo (tỷ lệ đầy đủ {percent(n.completeness)}), trong đó {vn.format_number(n.on_time)} đơn vị "
         f"gửi đúng hạn (tỷ lệ đúng hạn {percent(n.timeliness)}), {vn.format_number(n.late)} đơn vị gửi muộn; ", {}),
        (f"{vn.format_number(missing)} đơn vị chưa gửi báo cáo", {"bold": True}),
        (f" (trong đó {vn.format_number(n.overdue)} đơn vị đã quá hạn)." if n.overdue else ".", {}),
    ])


def _indicator_table(doc: Any, synthesis: Synthesis) -> None:
    nd30.add_heading_line(doc, "1. Kết quả theo các chỉ tiêu")
    reported = [figure for figure in synthesis.indicators if figure.reported]
    if not reported:
        nd30.add_body_paragraph(doc, "Các báo cáo đã gửi chưa có số liệu chỉ tiêu; số liệu sẽ được tổng hợp khi các "
                                     "đơn vị bổ sung.")
        return
    nd30.add_body_paragraph(doc, f"Tổng hợp từ {vn.format_number(synthesis.numbers.submitted)} báo cáo đã gửi "
                                 "(chỉ tiêu đơn vị không báo cáo không được tính là 0; số liệu từng đơn vị tại Phụ lục "
                                 "kèm theo):")
    rows = []
    for index, figure in enumerate(synthesis.indicators, start=1):
        how = AGGREGATION_WORDS.get(figure.aggregation, "") if figure.is_numeric else ""
        rows.append([str(index), figure.name + (f" ({how})" if how and how != "tổng" else ""),
                     figure.unit_of_measure, figure_total(figure),
                     f"{vn.format_number(figure.reported)}/{vn.format_number(figure.reported + figure.not_reported)}"])
    nd30.add_table(doc, ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Số đơn vị báo cáo"], rows,
                   [Mm(10), Mm(75), Mm(25), Mm(27), Mm(28)], align=["center", "left", "center", "right", "center"])
    silent = [figure for figure in synthesis.indicators if figure.reported and figure.not_reported]
    if silent:
        nd30.add_body_paragraph(doc, "Số đơn vị không báo cáo số liệu (không tính là 0): " + "; ".join(
            f"{figure.name} — {vn.format_number(figure.not_reported)} đơn vị" for figure in silent) + ".", italic=True)


def _activity_tables(doc: Any, synthesis: Synthesis) -> None:
    nd30.add_heading_line(doc, "2. Hoạt động thông tin, tuyên truyền theo kênh và chủ đề")
    total = synthesis.activity_total
    if not total.count:
        nd30.add_body_paragraph(doc, "Trong kỳ báo cáo, các đơn vị chưa ghi nhận hoạt động tuyên truyền nào.")
        return
    nd30.add_body_paragraph(doc, [
        ("Trong kỳ báo cáo, ", {}), (f"{vn.format_number(total.units)} đơn vị", {"bold": True}),
        (" đã ghi nhận ", {}), (f"{vn.format_number(total.count)} hoạt động", {"bold": True}),
        (f" tuyên truyền cải cách hành chính (số lượng {vn.format_number(total.quantity)}; "
         f"{vn.format_number(total.reach)} lượt tiếp cận), cụ thể:", {}),
    ])
    headers = ["TT", "", "Số hoạt động", "Số lượng", "Lượt tiếp cận", "Số đơn vị"]
    widths = [Mm(10), Mm(60), Mm(23), Mm(23), Mm(27), Mm(22)]
    align = ["center", "left", "right", "right", "right", "right"]
    for title, label, items in (("a) Theo kênh tuyên truyền:", "Kênh", synthesis.channels),
                                ("b) Theo chủ đề:", "Chủ đề", synthesis.topics)):
        if not items:
            continue
        nd30.add_body_paragraph(doc, title, italic=True).paragraph_format.keep_with_next = True
        rows = [[str(i), item.name, vn.format_number(item.count), vn.format_number(item.quantity),
                 vn.format_number(item.reach), vn.format_number(item.units)] for i, item in enumerate(items, 1)]
        nd30.add_table(doc, ["TT", label, *headers[2:]], rows, widths, align=align)


def _kind_table(doc: Any, synthesis: Synthesis) -> None:
    nd30.add_heading_line(doc, "3. Theo loại đơn vị")
    rows = []
    for kind in synthesis.by_kind:
        n = kind.numbers
        rows.append([kind.name, vn.format_number(n.expected), vn.format_number(n.submitted),
                     vn.format_number(n.on_time), vn.format_number(n.late),
                     vn.format_number(n.expected - n.submitted), percent(n.completeness)])
    n = synthesis.numbers
    rows.append(["Tổng cộng", vn.format_number(n.expected), vn.format_number(n.submitted), vn.format_number(n.on_time),
                 vn.format_number(n.late), vn.format_number(n.expected - n.submitted), percent(n.completeness)])
    nd30.add_table(doc, ["Loại đơn vị", "Được giao", "Đã gửi", "Đúng hạn", "Muộn", "Chưa gửi", "Tỷ lệ"], rows,
                   [Mm(52), Mm(20), Mm(18), Mm(20), Mm(16), Mm(20), Mm(19)],
                   align=["left", "right", "right", "right", "right", "right", "right"], bold_last_row=True)
    main = [figure for figure in synthesis.indicators if figure.is_numeric and figure.reported][:3]
    for figure in main:
        parts = [f"{kind.name} {number(kind.indicator_totals.get(figure.code))}" for kind in synthesis.by_kind
                 if kind.indicator_totals.get(figure.code) is not None]
        if parts:
            nd30.add_body_paragraph(doc, f"- {figure.name} ({figure.unit_of_measure or 'số liệu'}): "
                                         + "; ".join(parts) + ".")


def _part_three(doc: Any, synthesis: Synthesis) -> None:
    nd30.add_heading_line(doc, "III. ĐƠN VỊ GỬI BÁO CÁO MUỘN, CHƯA GỬI BÁO CÁO")
    late = synthesis.late_units
    if late:
        names = "; ".join(f"{unit.name} (gửi ngày {vn.date_short(unit.submitted_at.date())})"
                          if unit.submitted_at else unit.name for unit in late)
        nd30.add_body_paragraph(doc, [("1. Đơn vị gửi báo cáo muộn ", {"bold": True}),
                                      (f"({vn.format_number(len(late))} đơn vị): ", {"bold": True}),
                                      (names + ".", {})])
    else:
        nd30.add_body_paragraph(doc, [("1. Đơn vị gửi báo cáo muộn: ", {"bold": True}),
                                      ("không có đơn vị nào gửi báo cáo muộn.", {})])
    missing = synthesis.missing_units
    if missing:
        nd30.add_body_paragraph(doc, [("2. Đơn vị chưa gửi báo cáo ", {"bold": True}),
                                      (f"({vn.format_number(len(missing))} đơn vị): ", {"bold": True}),
                                      ("; ".join(unit.name for unit in missing) + ".", {})])
    else:
        nd30.add_body_paragraph(doc, [("2. Đơn vị chưa gửi báo cáo: ", {"bold": True}),
                                      ("tất cả các đơn vị đã gửi báo cáo.", {})])


def render_docx(
    synthesis: Synthesis,
    *,
    today: date,
    place: str = "Gia Lai",
    parent_body: str = "UBND TỈNH GIA LAI",
    issuing_body: str = "SỞ NỘI VỤ",
    symbol: str = "BC-SNV",
    signer_position: str = "GIÁM ĐỐC",
    authority: Sequence[str] | None = None,
) -> bytes:
    """The report, ready to sign: the number left blank for the clerk, dated ``today``."""
    doc = nd30.new_document()
    nd30.add_header(doc, parent_body=parent_body, issuing_body=issuing_body,
                    number_symbol=nd30.format_number_symbol(None, symbol), place=place, date=today)
    nd30.add_title(doc, "BÁO CÁO", synthesis.subject)
    nd30.add_kinh_gui(doc, [f"Ủy ban nhân dân tỉnh {place}"])
    body = issuing_body.strip().capitalize() if issuing_body.isupper() else issuing_body
    body = body.replace("nội vụ", "Nội vụ")

    _part_one(doc, synthesis, body)
    nd30.add_heading_line(doc, "II. KẾT QUẢ THỰC HIỆN")
    _indicator_table(doc, synthesis)
    _activity_tables(doc, synthesis)
    _kind_table(doc, synthesis)
    nd30.add_heading_line(doc, "4. Mô hình, sáng kiến nổi bật")
    _quote_paragraphs(doc, synthesis.initiatives, "Các báo cáo đã gửi chưa nêu mô hình, sáng kiến nổi bật.")
    _part_three(doc, synthesis)

    nd30.add_heading_line(doc, "IV. KHÓ KHĂN, HẠN CHẾ VÀ ĐỀ XUẤT, KIẾN NGHỊ")
    nd30.add_body_paragraph(doc, EDIT_NOTE, italic=True)
    nd30.add_heading_line(doc, "1. Khó khăn, hạn chế")
    _quote_paragraphs(doc, synthesis.limitations, "Các báo cáo đã gửi chưa nêu khó khăn, hạn chế.")
    nd30.add_heading_line(doc, "2. Đề xuất, kiến nghị")
    _quote_paragraphs(doc, synthesis.proposals, "Các báo cáo đã gửi chưa nêu đề xuất, kiến nghị.")

    nd30.add_body_paragraph(doc, f"Trên đây là báo cáo {synthesis.subject[:1].lower()}{synthesis.subject[1:]}, "
                                 f"{body} kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.")
    nd30.add_signature_and_recipients(doc, recipients=RECIPIENTS, authority=list(authority or []),
                                      position=signer_position, signer_name=None)
    out = io.BytesIO()
    nd30.save(doc, out)
    return out.getvalue()
