"""``parse_document``: read the fields of a Vietnamese administrative document from its text."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from .cleanup import drop_noise_lines
from .dates import safe_date
from .deadlines import find_deadlines, parse_due_text
from .doctypes import ABBREVIATIONS, type_from_symbol
from .header import read_header, split_number
from .model import Deadline, ParsedDocument
from .references import find_references
from .sections import build_paragraphs, find_sections
from .signature import esign_signer, find_cc, find_nn_line, find_signature
from .tables import find_table_tasks
from .text import Line, normalize_text, split_document

__all__ = ["MAX_CHARS", "parse_document"]

MAX_CHARS = 1_000_000  # ~200 pages; longer input is cut (with a warning) to keep parsing fast
MAX_LINES = 30_000

W_TOO_LONG = "Văn bản quá dài: chỉ phân tích {n} ký tự đầu."
W_EMPTY = "Văn bản trống: không có nội dung để phân tích."
W_NO_MOTTO = "Không tìm thấy Quốc hiệu, Tiêu ngữ (phần đầu văn bản có thể bị thiếu)."
W_NO_ISSUER = "Không tìm thấy tên cơ quan ban hành."
W_NO_NUMBER = "Không tìm thấy số, ký hiệu văn bản."
W_BLANK_NUMBER = "Số văn bản để trống (văn bản ký số thường được cấp số khi ký)."
W_NO_DATE = "Không tìm thấy địa danh và ngày ban hành."
W_BLANK_DATE = "Ngày ban hành để trống (văn bản ký số thường được ghi ngày khi ký)."
W_NO_TYPE = "Không xác định được loại văn bản."
W_NO_SUBJECT = "Không tìm thấy trích yếu nội dung."
W_NO_SIGNATURE = "Không tìm thấy phần chức vụ, họ tên người ký."
W_NO_SIGNER = "Không đọc được họ tên người ký (chữ ký có thể chỉ là hình ảnh)."
W_NO_CC = "Không tìm thấy phần Nơi nhận."

_YEAR_IN_NUMBER_RE = re.compile(r"/\d{4}/")


def _document_type(
    h_type: str | None, symbol: str | None, number: str | None, has_vv: bool, cv_cue: bool
) -> str | None:
    """Printed type name > "V/v" (công văn) > symbol abbreviation > "Kính gửi" under a header."""
    if h_type is not None:
        return h_type
    if has_vv:
        return "Công văn"  # "CT-TTHT" of a Cục Thuế letter is not a Chỉ thị
    t = type_from_symbol(symbol)
    if t is not None:
        return t
    if cv_cue:
        return "Công văn"
    if symbol and number and not _YEAR_IN_NUMBER_RE.search(number):
        head = symbol.split("/")[0].split("-")[0]
        if head and head not in ABBREVIATIONS and "-" in symbol:
            return "Công văn"
    return None


_STAMP_DATE_RE = re.compile(r"(?:thoi gian ky|ngay ky)\s{0,3}:?\s{0,3}(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


def _stamp_date(lines: list[Line]) -> date | None:
    """Date of a digital-signature stamp in the first or last lines, None when absent."""
    n = len(lines)
    for ln in [*lines[:15], *lines[max(15, n - 15) :]]:
        if ln.kind == "text" and "ky" in ln.low:
            m = _STAMP_DATE_RE.search(ln.low[:200])
            if m is not None:
                return safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _line_offsets(lines: list[Line], wanted: tuple[int, ...]) -> dict[int, int]:
    """Offset of line k in the lines' texts joined by newlines, for each k in ``wanted``."""
    out: dict[int, int] = {}
    pos = 0
    k = 0
    for target in sorted(set(wanted)):
        for ln in lines[k:target]:
            pos += len(ln.text) + 1
        k = max(k, target)
        out[target] = pos
    return out


def parse_document(text: str, *, holidays: Collection[date] | None = None) -> ParsedDocument:
    """Parse the text of one document. Never raises on odd input; unreadable fields stay None/empty.

    ``holidays`` are the public holidays used to count working days in relative deadlines
    (default: :func:`cchc.lib.holidays.vietnam_public_holidays` around the start date).
    """
    doc = ParsedDocument()
    warnings = doc.warnings
    if not isinstance(text, str):
        raise TypeError("parse_document() expects str")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(W_TOO_LONG.format(n=f"{MAX_CHARS:,}".replace(",", ".")))
    text = drop_noise_lines(normalize_text(text))
    lines, flat, low = split_document(text, max_lines=MAX_LINES)
    if len(lines) >= MAX_LINES and not warnings:
        warnings.append(W_TOO_LONG.format(n=f"{sum(len(ln.raw) + 1 for ln in lines):,}".replace(",", ".")))
    if not any(ln.kind == "text" for ln in lines):
        warnings.append(W_EMPTY)
        return doc

    h = read_header(lines)
    doc.issuer = h.issuer
    doc.parent_issuer = h.parent_issuer if h.issuer else None
    doc.number, doc.symbol = h.number, h.symbol
    if not h.number_found and h.title_number:
        doc.number, doc.symbol = split_number(h.title_number)
    doc.place, doc.date = h.place, h.date
    doc.subject = h.subject
    doc.recipients = h.recipients
    cv_cue = (h.has_vv or h.has_kinh_gui) and (h.has_header or h.number_found or h.issuer is not None)
    doc.type = _document_type(h.printed_type, doc.symbol, doc.number, h.has_vv, cv_cue)
    if doc.type is None and h.title_type:
        doc.type = h.title_type

    # Dates before the document's own date are not deadlines; an e-signed copy without a printed
    # date still carries its signing time ("Thời gian ký: 10.11.2023 15:36"), good enough for that.
    ref_date = doc.date or _stamp_date(lines)

    nn_idx = find_nn_line(lines, h.body_start)
    block = find_signature(lines, h.body_start, nn_idx)
    doc.signature = block.signature
    if doc.signature.signer is None:
        doc.signature.signer = esign_signer(lines)
    if nn_idx is not None:
        doc.cc, _ = find_cc(lines, nn_idx, block.start)
    ends = [x for x in (nn_idx, block.start) if x is not None and x >= h.body_start]
    body_end = min(ends) if ends else len(lines)

    paras = build_paragraphs(lines, h.body_start, body_end)
    doc.sections = find_sections(paras)

    # the text of lines[k:] is flat[offset(k):]: "flat" joins all lines with "\n" (same for "low")
    first = h.number_line if h.number_line is not None else 0
    after = h.date_line + 1 if h.date_line is not None else h.body_start
    offsets = _line_offsets(lines, (first, after))
    flat_all, low_all = flat[offsets[first] :], low[offsets[first] :]
    doc.references = find_references(flat_all, doc.number, low=low_all)
    flat_body, low_body = flat[offsets[after] :], low[offsets[after] :]
    deadlines = find_deadlines(flat_body, ref_date, holidays, low=low_body)

    if "chu tri" in low_all or "|" in flat_all:
        doc.table_tasks = find_table_tasks(lines, h.body_start, ref_date)
    seen = {(d.kind, d.date) for d in deadlines}
    seen_dates = {d.date for d in deadlines if d.date is not None}
    for t in doc.table_tasks:
        if t.due_date is None or t.due_text is None or t.due_date in seen_dates:
            continue
        if ref_date is not None and t.due_date < ref_date:
            continue
        _, kind = parse_due_text(t.due_text, ref_date)
        if kind is None or kind == "year":
            continue  # a bare year ("2025") is too vague to be a deadline of the document
        if (kind, t.due_date) in seen:
            continue
        seen.add((kind, t.due_date))
        seen_dates.add(t.due_date)
        deadlines.append(Deadline(t.due_date, t.due_text, kind))
    doc.deadlines = deadlines

    if not h.has_header:
        warnings.append(W_NO_MOTTO)
    if doc.issuer is None:
        warnings.append(W_NO_ISSUER)
    if doc.number is None:
        warnings.append(W_BLANK_NUMBER if doc.symbol else W_NO_NUMBER)
    if doc.date is None:
        warnings.append(W_BLANK_DATE if h.date_line is not None else W_NO_DATE)
    if doc.type is None:
        warnings.append(W_NO_TYPE)
    if doc.subject is None:
        warnings.append(W_NO_SUBJECT)
    if block.start is None:
        warnings.append(W_NO_SIGNATURE)
    elif doc.signature.signer is None:
        warnings.append(W_NO_SIGNER)
    if nn_idx is None:
        warnings.append(W_NO_CC)
    return doc
