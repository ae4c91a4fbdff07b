"""Date helpers shared by the header, reference, deadline and table readers."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = [
    "DATE_FOLD_RE",
    "NUMERIC_DATE_RE",
    "month_end",
    "parse_date_at",
    "quarter_end",
    "roman_to_int",
    "safe_date",
]

MIN_YEAR = 1945
MAX_YEAR = 2100


def safe_date(year: int, month: int, day: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def roman_to_int(text: str) -> int | None:
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if t in _ROMAN:
        return _ROMAN[t]
    total = 0
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    prev = 0
    for ch in reversed(t):
        if ch not in values:
            return None
        v = values[ch]
        if v < prev:
            total -= v
        else:
            total += v
            prev = v
    return total or None


def quarter_end(year: int, quarter: int) -> date | None:
    if not 1 <= quarter <= 4:
        return None
    return month_end(year, quarter * 3)


# Patterns on FOLDED text (see text.fold): "ngay 06 thang 12 nam 2025", "06/12/2025", "6-12-2025".
DATE_FOLD_RE = re.compile(
    r"(?:ngay\s{1,5})?(\d{1,2})\s{1,5}thang\s{1,5}(\d{1,2})\s{1,5}nam\s{1,5}(\d{4})"
    r"|(\d{1,2})\s{0,2}([/.-])\s{0,2}(\d{1,2})\s{0,2}\5\s{0,2}(\d{4})(?!\d)"
)
NUMERIC_DATE_RE = DATE_FOLD_RE


def parse_date_at(folded: str, pos: int) -> tuple[date | None, int] | None:
    """Parse a date starting exactly at ``pos`` of folded text; return (date, end) or None."""
    m = DATE_FOLD_RE.match(folded, pos)
    if m is None:
        return None
    if m.group(1) is not None:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        d, mo, y = int(m.group(4)), int(m.group(6)), int(m.group(7))
    return safe_date(y, mo, d), m.end()
