"""Deadlines: absolute dates, period ends, relative (working) days and recurring dates."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta

from ..holidays import add_working_days
from .dates import DATE_FOLD_RE, month_end, quarter_end, roman_to_int, safe_date
from .model import Deadline
from .text import collapse_ws, fold

__all__ = ["find_deadlines", "parse_due_text"]

# Triggers before an absolute date (folded text).
_ABS_TRIGGER_RE = re.compile(
    r"(?<![a-z])(truoc|cham nhat|muon nhat|han cuoi|han chot|han nop|thoi han|han|khong muon hon|den het|"
    r"xong truoc|hoan thanh truoc|hoan thanh)(?![a-z])"
)
_ABS_FILLER_RE = re.compile(
    r"\s{0,3}(?:(?:la|vao|nop|gui)\s{1,3}){0,2}:?\s{0,3}"
    r"(?:\d{1,2}\s{0,2}(?:gio|h|g)\s{0,2}(?:\d{1,2}\s{0,2}(?:phut|p)?)?\s{0,3}(?:,\s{0,2})?(?:(?:sang|chieu|toi)\s{1,2})?)?"
    r"(?:(?:ngay|ngay)\s{0,3})?"
)
_SHORT_DATE_RE = re.compile(r"(\d{1,2})\s{0,2}/\s{0,2}(\d{1,2})(?![\d/])|(\d{1,2})\s{1,3}thang\s{1,3}(\d{1,2})(?!\d)")
_RECUR_AFTER_RE = re.compile(r"\s{0,3},?\s{0,3}(?:cua\s{1,3})?(?:hang|moi)\s{1,3}nam")
_RECUR_RE = re.compile(
    r"(?<![a-z])(?:ngay\s{1,3}(\d{1,2})\s{1,3}thang\s{1,3}(\d{1,2})|(\d{1,2})\s{0,2}/\s{0,2}(\d{1,2})|thang\s{1,3}(\d{1,2}))"
    r"\s{0,3},?\s{0,3}(?:hang|moi)\s{1,3}nam"
)
_PERIOD_RE = re.compile(
    r"(?<![a-z])(trong|den het|het|cham nhat trong|cham nhat la|cham nhat|hoan thanh trong|hoan thanh)\s{1,3}"
    r"(?:quy\s{1,3}(?P<q>iv|i{1,3}|[1-4])(?![a-z0-9])|thang\s{1,3}(?P<m>\d{1,2})(?!\d))"
    r"(?:\s{0,3}(?:nam|/|-)\s{0,3}(?P<y>\d{4}))?"
)
_RANGE_BEFORE_RE = re.compile(r"(?<![a-z])tu\s{1,3}(?:ngay|thang|nay|dem|sang|chieu|toi|hom|bay|\d)")
_REL_RE = re.compile(
    r"(?<![\d/])(\d{1,3})\s{0,2}(?:\([a-z ]{1,20}\)\s{0,2})?(ngay lam viec|ngay)\s{0,3},?\s{0,3}"
    r"(ke tu|tinh tu|sau)\s{1,3}(?:ngay|khi)?"
)
_REL_FIXED_RE = re.compile(r"\s{0,3}(?:ky|ban hanh|ky ban hanh)(?![a-z])")


def _sentence_start(low: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and low[k] in " \n\t*":
        k -= 1
    return k < 0 or low[k] in ".;:!?|(" or pos - k > 1 and low[k] == "\n"


def _clause_end(low: str, pos: int, limit: int = 160) -> int:
    end = min(len(low), pos + limit)
    for i in range(pos, end):
        if low[i] in ".;\n|":
            return i
    return end


def _text(text: str, start: int, end: int) -> str:
    return collapse_ws(text[start:end]).strip(" ,;:(")


def _recurring_date(month: int, day: int | None, doc_date: date | None) -> date | None:
    if doc_date is None:
        return None
    for year in (doc_date.year, doc_date.year + 1):
        d = safe_date(year, month, day) if day is not None else month_end(year, month)
        if d is not None and d >= doc_date:
            return d
    return None


def find_deadlines(
    text: str,
    doc_date: date | None,
    holidays: Collection[date] | None = None,
    low: str | None = None,
) -> list[Deadline]:
    """Deadlines stated in ``text`` (markup already removed). Dates before ``doc_date`` are dropped.

    ``low`` may pass ``fold(text)`` when the caller already has it.
    """
    if low is None or len(low) != len(text):
        low = fold(text)
    found: list[tuple[int, Deadline]] = []
    taken: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> bool:
        return any(s < te and e > ts for ts, te in taken)

    # recurring first ("ngày 15 tháng 12 hằng năm")
    for m in _RECUR_RE.finditer(low):
        if m.group(5) is not None:
            month, day = int(m.group(5)), None
        elif m.group(1) is not None:
            day, month = int(m.group(1)), int(m.group(2))
        else:
            day, month = int(m.group(3)), int(m.group(4))
        if not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        d = _recurring_date(month, day, doc_date)
        found.append((m.start(), Deadline(d, _text(text, m.start(), m.end()), "recurring")))
        taken.append((m.start(), m.end()))

    for m in _ABS_TRIGGER_RE.finditer(low):
        f = _ABS_FILLER_RE.match(low, m.end())
        pos = f.end() if f is not None else m.end()
        dm = DATE_FOLD_RE.match(low, pos)
        trig = m.group(1)
        if trig == "den het" and _RANGE_BEFORE_RE.search(low, max(0, m.start() - 90), m.start()):
            continue
        if dm is not None:
            if dm.group(1) is not None:
                d = safe_date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
            else:
                d = safe_date(int(dm.group(7)), int(dm.group(6)), int(dm.group(4)))
            end = dm.end()
            if overlaps(m.start(), end):
                continue
            if d is None:
                continue
            found.append((m.start(), Deadline(d, _text(text, m.start(), end), "absolute")))
            taken.append((m.start(), end))
            continue
        if trig in ("hoan thanh",):
            continue
        sm = _SHORT_DATE_RE.match(low, pos)
        if sm is not None and doc_date is not None:
            if sm.group(1) is not None:
                day, month = int(sm.group(1)), int(sm.group(2))
            else:
                day, month = int(sm.group(3)), int(sm.group(4))
            end = sm.end()
            if overlaps(m.start(), end) or _RECUR_AFTER_RE.match(low, end):
                continue
            d = safe_date(doc_date.year, month, day)
            if d is None:
                continue
            found.append((m.start(), Deadline(d, _text(text, m.start(), end), "absolute")))
            taken.append((m.start(), end))

    for m in _PERIOD_RE.finditer(low):
        if overlaps(m.start(), m.end()):
            continue
        year = int(m.group("y")) if m.group("y") else (doc_date.year if doc_date else None)
        if year is None:
            continue
        if m.group("q"):
            q = roman_to_int(m.group("q"))
            d = quarter_end(year, q) if q else None
        else:
            d = month_end(year, int(m.group("m")))
        if d is None:
            continue
        if m.group(1) == "trong" and _sentence_start(low, m.start()):
            rest = low[m.end() : _clause_end(low, m.end(), 240)]
            if re.search(r"(?<![a-z])da(?![a-z])", rest):
                continue
        # a past narrative "… đã … trong tháng 10" is filtered by the document date below
        found.append((m.start(), Deadline(d, _text(text, m.start(), m.end()), "period_end")))
        taken.append((m.start(), m.end()))

    for m in _REL_RE.finditer(low):
        if overlaps(m.start(), m.end()):
            continue
        if "hieu luc" in low[max(0, m.start() - 40) : m.start()]:
            continue  # "có hiệu lực sau 10 ngày kể từ ngày ký" is an entry into force, not a deadline
        n = int(m.group(1))
        working = m.group(2) == "ngay lam viec"
        end = _clause_end(low, m.end(), 80)
        start_date: date | None = None
        fx = _REL_FIXED_RE.match(low, m.end())
        if fx is not None and doc_date is not None:
            start_date = doc_date
        else:
            dm = DATE_FOLD_RE.match(low, m.end())
            if dm is None:
                dm = DATE_FOLD_RE.match(low, m.end() + 1) if m.end() < len(low) else None
            if dm is not None:
                if dm.group(1) is not None:
                    start_date = safe_date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
                else:
                    start_date = safe_date(int(dm.group(7)), int(dm.group(6)), int(dm.group(4)))
        d = None
        if start_date is not None and n <= 366:
            if working:
                hol = holidays if holidays is not None else _default_holidays(start_date)
                d = add_working_days(start_date, n, hol)
            else:
                d = start_date + timedelta(days=n)
        found.append((m.start(), Deadline(d, _text(text, m.start(), end), "relative")))
        taken.append((m.start(), end))

    found.sort(key=lambda x: x[0])
    out: list[Deadline] = []
    seen: set[tuple[str, str]] = set()
    for _, dl in found:
        if dl.date is not None and doc_date is not None and dl.date < doc_date:
            continue
        key = (dl.kind, dl.date.isoformat()) if dl.date is not None else (dl.kind, fold(dl.text))
        if key in seen:
            continue
        seen.add(key)
        out.append(dl)
    return out


def _default_holidays(start: date) -> set[date]:
    from ..holidays import vietnam_public_holidays

    out: set[date] = set()
    for y in (start.year, start.year + 1):
        out |= vietnam_public_holidays(y)
    return out


_DUE_YEAR_RE = re.compile(r"^(?:nam\s{1,3})?(\d{4})$")
_DUE_MONTH_RE = re.compile(r"(?<![a-z])thang\s{1,3}(\d{1,2})\s{0,3}(?:/|-|nam)\s{0,3}(\d{4})")
_DUE_QUARTER_RE = re.compile(r"(?<![a-z])quy\s{1,3}(iv|i{1,3}|[1-4])\s{0,3}(?:/|-|nam)\s{0,3}(\d{4})")


def parse_due_text(text: str, doc_date: date | None) -> tuple[date | None, str | None]:
    """Date and kind of a task-table due cell ("Trước ngày 30/11/2025", "Quý I/2026", "2025")."""
    t = collapse_ws(text)
    if not t:
        return None, None
    found = find_deadlines(t, None)
    for dl in found:
        if dl.date is not None:
            if dl.kind == "recurring" and doc_date is not None:
                return find_deadlines(t, doc_date)[0].date if find_deadlines(t, doc_date) else None, dl.kind
            return dl.date, dl.kind
    low = fold(t)
    if low.strip().endswith(("hang nam", "moi nam")):
        rec = find_deadlines(t, doc_date)
        for dl in rec:
            if dl.kind == "recurring":
                return dl.date, "recurring"
        return None, "recurring"
    m = DATE_FOLD_RE.search(low)
    if m is not None:
        if m.group(1) is not None:
            d = safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            d = safe_date(int(m.group(7)), int(m.group(6)), int(m.group(4)))
        if d is not None:
            return d, "absolute"
    mq = _DUE_QUARTER_RE.search(low)
    if mq is not None:
        q = roman_to_int(mq.group(1))
        d = quarter_end(int(mq.group(2)), q) if q else None
        return d, "period_end"
    mm = _DUE_MONTH_RE.search(low)
    if mm is not None:
        return month_end(int(mm.group(2)), int(mm.group(1))), "period_end"
    my = _DUE_YEAR_RE.match(low.strip(" .*"))
    if my is not None:
        return month_end(int(my.group(1)), 12), "year"
    return None, None
