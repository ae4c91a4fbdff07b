"""Deadlines: absolute dates, period ends, relative (working) days and recurring dates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

from .dates import DATE_FOLD_RE, month_end, quarter_end, roman_to_int, safe_date
from .model import Deadline
from .text import collapse_ws, fold, guided_finditer

__all__ = ["find_deadlines", "parse_due_text"]

# All patterns run on FOLDED text and begin with a literal or a digit so that the regex engine can
# skip quickly to candidate positions; the words in front of a match are checked on a short window.
_TRIGGER_BEFORE_RE = re.compile(
    r"(?<![a-z])(truoc|cham nhat|muon nhat|han cuoi|han chot|han nop|thoi han|han|khong muon hon|den het|"
    r"xong truoc|hoan thanh truoc|hoan thanh)\s{0,3}(?:(?:la|vao|nop|gui)\s{1,3}){0,2}:?\s{0,3}"
    r"(?:\d{1,2}\s{0,2}(?:gio|h|g)\s{0,2}(?:\d{1,2}\s{0,2}(?:phut|p)?)?\s{0,3}(?:,\s{0,2})?"
    r"(?:(?:sang|chieu|toi)\s{1,2})?)?(?:ngay\s{0,3})?$"
)
# "\d\d?" rather than "\d{1,2}" (same matches): a pattern that starts with a character class lets
# ``re`` skip to the digits instead of trying every position.
_DATE_RE = re.compile(
    r"(?P<d>\d\d?)(?:\s{1,5}thang\s{1,5}(?P<tm>\d{1,2})\s{1,5}nam\s{1,5}(?P<ty>\d{4})"
    r"|\s{0,2}(?P<sep>[/.-])\s{0,2}(?P<nm>\d{1,2})\s{0,2}(?P=sep)\s{0,2}(?P<ny>\d{4})(?!\d)"
    r"|\s{0,2}/\s{0,2}(?P<sm>\d{1,2})(?![\d/])"
    r"|\s{1,3}thang\s{1,3}(?P<stm>\d{1,2})(?!\d))"
)
_RECUR_AFTER_RE = re.compile(r"\s{0,3},?\s{0,3}(?:cua\s{1,3})?(?:hang|moi)\s{1,3}nam")
_RECUR_TAIL_RE = re.compile(r"(?:hang|moi)\s{1,3}nam(?![a-z])")
_RECUR_GUIDE = ("nam",)  # at most 7 characters after the start ("hang" and 3 spaces); width <= 10 + 1 lookahead
_RECUR_LEAD = 7
_RECUR_REACH = 16
_RECUR_HEAD_RE = re.compile(
    r"(?:ngay\s{1,3}(\d{1,2})\s{1,3}thang\s{1,3}(\d{1,2})|(\d{1,2})\s{0,2}/\s{0,2}(\d{1,2})|thang\s{1,3}(\d{1,2}))"
    r"\s{0,3},?\s{0,3}(?:cua\s{1,3})?$"
)
_MONTHLY_RE = re.compile(r"ngay\s{1,3}(\d{1,2})\s{0,3},?\s{0,3}(?:cua\s{1,3})?(?:hang|moi)\s{1,3}thang(?![a-z])")
_PERIOD_RE = re.compile(
    r"(?:qu[yi]\s{1,3}(?P<q>iv|i{1,3}|[1-4])(?![a-z0-9])|thang\s{1,3}(?P<m>\d{1,2})(?!\d))"
    r"(?:\s{0,3}(?:nam|/|-)\s{0,3}(?P<y>\d{4}))?"
)
_PERIOD_GUIDE = ("quy", "qui", "thang")  # a match starts with one of them; width <= 23
_PERIOD_REACH = 32
_PERIOD_TRIGGER_RE = re.compile(
    r"(?<![a-z])(trong|den het|het|cham nhat trong|cham nhat la|cham nhat|hoan thanh trong|hoan thanh)\s{1,3}$"
)
_RANGE_BEFORE_RE = re.compile(r"(?<![a-z])tu\s{1,3}(?:ngay|thang|nay|dem|sang|chieu|toi|hom|bay|\d)")
_REL_RE = re.compile(
    r"(?P<n>\d{1,3})\s{0,2}(?:\([a-z ]{1,20}\)\s{0,2})?(?P<unit>ngay lam viec|ngay)\s{0,3},?\s{0,3}"
    r"(ke tu|tinh tu|sau)\s{1,3}(?:ngay|khi)?"
)
# Every relative deadline holds "ngày [làm việc] kể từ|tính từ|sau" at most 29 characters after its
# start (3 digits, 2 spaces, a 22-character note in brackets, 2 spaces); a match spans at most 63.
_REL_GUIDE_RE = re.compile(r"ngay(?: lam viec)?\s{0,3},?\s{0,3}(?:ke tu|tinh tu|sau)")
_REL_LEAD = 29
_REL_REACH = 80
_REL_FIXED_RE = re.compile(r"\s{0,3}(?:ky|ban hanh|ky ban hanh)(?![a-z])")
_DA_RE = re.compile(r"(?<![a-z])da(?![a-z])")


MAX_DEADLINES = 300


class _Spans:
    """Non-overlapping [start, end) spans with O(log n) overlap tests."""

    __slots__ = ("_starts", "_ends")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self._starts, s)
        if i > 0 and self._ends[i - 1] > s:
            return True
        return i < len(self._starts) and self._starts[i] < e

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_right(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])

    def __len__(self) -> int:
        return len(self._starts)


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


def _monthly_date(day: int, doc_date: date | None) -> date | None:
    if doc_date is None:
        return None
    year, month = doc_date.year, doc_date.month
    for _ in range(2):
        last = month_end(year, month)
        if last is None:
            return None
        d = date(year, month, min(day, last.day))
        if d >= doc_date:
            return d
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
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
    taken = _Spans()
    overlaps = taken.overlaps

    # recurring first ("ngày 15 tháng 12 hằng năm")
    for m in guided_finditer(_RECUR_TAIL_RE, low, _RECUR_GUIDE, _RECUR_LEAD, _RECUR_REACH):
        if len(found) >= MAX_DEADLINES:
            break
        w0 = max(0, m.start() - 45)
        h = _RECUR_HEAD_RE.search(low, w0, m.start())
        if h is None or (h.start() > 0 and low[h.start() - 1].isalpha()):
            continue
        if h.group(5) is not None:
            month, day = int(h.group(5)), None
        elif h.group(1) is not None:
            day, month = int(h.group(1)), int(h.group(2))
        else:
            day, month = int(h.group(3)), int(h.group(4))
        if not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        d = _recurring_date(month, day, doc_date)
        found.append((h.start(), Deadline(d, _text(text, h.start(), m.end()), "recurring")))
        taken.add((h.start(), m.end()))

    # monthly ("trước ngày 20 hằng tháng")
    for m in _MONTHLY_RE.finditer(low):
        if len(found) >= MAX_DEADLINES:
            break
        day = int(m.group(1))
        if not 1 <= day <= 31 or overlaps(m.start(), m.end()):
            continue
        t = _TRIGGER_BEFORE_RE.search(low, max(0, m.start() - 40), m.start() + 5)
        begin = t.start() if t is not None and t.end() >= m.start() else m.start()
        found.append((begin, Deadline(_monthly_date(day, doc_date), _text(text, begin, m.end()), "recurring")))
        taken.add((begin, m.end()))

    # absolute dates after a deadline word ("trước ngày 25/11/2020", "chậm nhất ngày 06 tháng 12 năm 2025")
    for m in _DATE_RE.finditer(low):
        if len(found) >= MAX_DEADLINES:
            break
        s0 = m.start()
        if s0 > 0 and (low[s0 - 1].isdigit() or low[s0 - 1] in "/.-"):
            continue
        t = _TRIGGER_BEFORE_RE.search(low, max(0, s0 - 70), s0)
        if t is None:
            continue
        trig = t.group(1)
        if trig == "den het" and _RANGE_BEFORE_RE.search(low, max(0, t.start() - 90), t.start()):
            continue
        day = int(m.group("d"))
        if m.group("ty") is not None:
            d = safe_date(int(m.group("ty")), int(m.group("tm")), day)
        elif m.group("ny") is not None:
            d = safe_date(int(m.group("ny")), int(m.group("nm")), day)
        else:
            if trig == "hoan thanh" or doc_date is None or _RECUR_AFTER_RE.match(low, m.end()):
                continue
            month = int(m.group("sm") or m.group("stm"))
            d = safe_date(doc_date.year, month, day)
        if d is None or overlaps(t.start(), m.end()):
            continue
        found.append((t.start(), Deadline(d, _text(text, t.start(), m.end()), "absolute")))
        taken.add((t.start(), m.end()))

    # end of a quarter or a month ("trong quý I năm 2026", "đến hết tháng 12")
    for m in guided_finditer(_PERIOD_RE, low, _PERIOD_GUIDE, 0, _PERIOD_REACH):
        if len(found) >= MAX_DEADLINES:
            break
        t = _PERIOD_TRIGGER_RE.search(low, max(0, m.start() - 30), m.start())
        if t is None or overlaps(t.start(), m.end()):
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
        if t.group(1) == "trong" and _sentence_start(low, t.start()):
            # "Trong tháng 11 năm 2025, do mưa lũ … đã …" is a narrative, not a deadline
            if _DA_RE.search(low, m.end(), _clause_end(low, m.end(), 240)):
                continue
        found.append((t.start(), Deadline(d, _text(text, t.start(), m.end()), "period_end")))
        taken.add((t.start(), m.end()))

    # relative ("03 ngày làm việc kể từ ngày …")
    for m in guided_finditer(_REL_RE, low, _REL_GUIDE_RE, _REL_LEAD, _REL_REACH):
        if len(found) >= MAX_DEADLINES:
            break
        if m.start() > 0 and (low[m.start() - 1].isdigit() or low[m.start() - 1] == "/"):
            continue
        if overlaps(m.start(), m.end()):
            continue
        if "hieu luc" in low[max(0, m.start() - 40) : m.start()]:
            continue  # "có hiệu lực sau 10 ngày kể từ ngày ký" is an entry into force, not a deadline
        n = int(m.group("n"))
        working = m.group("unit") == "ngay lam viec"
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
        if start_date is None and _PROCEDURE_RE.search(low, max(0, m.start() - 80), end):
            continue  # a procedure's processing time, counted from whenever a file comes in
        d = None
        if start_date is not None and n <= 366:
            if working:
                hol = holidays if holidays is not None else _default_holidays(start_date)
                from ..holidays import add_working_days  # imported when needed: it loads the lunar calendar

                d = add_working_days(start_date, n, hol)
            else:
                d = start_date + timedelta(days=n)
        found.append((m.start(), Deadline(d, _text(text, m.start(), end), "relative")))
        taken.add((m.start(), m.end()))

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


_DUE_MONTH_ONLY_RE = re.compile(r"^(?:trong\s{1,3})?thang\s{1,3}(\d{1,2})$")
_DUE_YEAR_RE = re.compile(
    r"^(?:(?:trong\s{1,3})?(?:nam|giai doan)\s{1,3})?(?:\d{4}\s{0,3}(?:-|–|den|toi)\s{0,3}(?:nam\s{1,3})?)?(\d{4})$"
)
_DUE_MONTH_RE = re.compile(r"(?<![a-z])thang\s{1,3}(\d{1,2})\s{0,3}(?:/|-|nam)\s{0,3}(\d{4})")
_DUE_QUARTER_RE = re.compile(r"(?<![a-z])qu[yi]\s{1,3}(iv|i{1,3}|[1-4])\s{0,3}(?:/|-|nam)\s{0,3}(\d{4})")
_DUE_RANGE_RE = re.compile(r"\s[-–]\s|(?<![a-z])(?:den|toi)(?![a-z])")
# A processing time counted from an event ("15 ngày làm việc kể từ ngày nhận đủ hồ sơ"): not a deadline.
_PROCEDURE_RE = re.compile(r"ho so|thu tuc|giai quyet|tiep nhan|nhan du(?![a-z])")


def _range_end(low: str, doc_date: date | None) -> date | None:
    """The last date a due cell written as a range names ("Quý IV/2025 - Quý II/2026", "01/12 - 31/12/2025")."""
    ends: list[date] = []
    for m in DATE_FOLD_RE.finditer(low):
        d = (safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m.group(1) is not None
             else safe_date(int(m.group(7)), int(m.group(6)), int(m.group(4))))
        if d is not None:
            ends.append(d)
    for m in _DUE_QUARTER_RE.finditer(low):
        q = roman_to_int(m.group(1))
        d = quarter_end(int(m.group(2)), q) if q else None
        if d is not None:
            ends.append(d)
    for m in _DUE_MONTH_RE.finditer(low):
        d = month_end(int(m.group(2)), int(m.group(1)))
        if d is not None:
            ends.append(d)
    return max(ends) if len(ends) >= 2 else None


@lru_cache(maxsize=2048)
def parse_due_text(text: str, doc_date: date | None) -> tuple[date | None, str | None]:
    """Date and kind of a task-table due cell ("Trước ngày 30/11/2025", "Quý I/2026", "2025").

    Kinds are those of :class:`Deadline` plus "year" for a bare year (its last day).
    """
    t = collapse_ws(text)
    if not t:
        return None, None
    low = fold(t)
    if _DUE_RANGE_RE.search(low):
        end = _range_end(low, doc_date)
        if end is not None:
            return end, ("absolute" if DATE_FOLD_RE.search(low) and not _DUE_QUARTER_RE.search(low)
                         else "period_end")
    for dl in find_deadlines(t, None):
        if dl.kind == "recurring":
            rec = [d for d in find_deadlines(t, doc_date) if d.kind == "recurring"]
            return (rec[0].date if rec else None), "recurring"
        if dl.date is not None:
            return dl.date, dl.kind
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
        return (quarter_end(int(mq.group(2)), q) if q else None), "period_end"
    mm = _DUE_MONTH_RE.search(low)
    if mm is not None:
        return month_end(int(mm.group(2)), int(mm.group(1))), "period_end"
    mm = _DUE_MONTH_ONLY_RE.match(low.strip(" .*"))
    if mm is not None and doc_date is not None:
        return month_end(doc_date.year, int(mm.group(1))), "period_end"
    my = _DUE_YEAR_RE.match(low.strip(" .*"))
    if my is not None:
        return month_end(int(my.group(1)), 12), "year"
    return None, None
