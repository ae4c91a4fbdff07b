"""Reporting periods (kỳ báo cáo) and their closing windows (thời gian chốt số liệu).

Pure Python (no Django), shared by report forms, completeness/timeliness counts and reminders.

Period kinds: ``year`` (hằng năm), ``half`` (6 tháng), ``quarter`` (hằng quý), ``month`` (hằng tháng),
``nine_months`` (9 tháng, used by local regimes) and ``once`` (one-off: from a directive's date to a request's
deadline).

Closing windows follow Nghị định 09/2019/NĐ-CP (Điều 12 khoản 1–4, see docs nd30-rules.md §11): a period spanning the
calendar months m1..m2 of year y closes from the 15th of the month before m1 to the 14th of m2, e.g. monthly
15/12/2019 → 14/01/2020, Q1 15/12/2019 → 14/03/2020, annual 15/12/2019 → 14/12/2020. Khoản 5 lets the issuing body set
other windows, hence :class:`CalendarWindow`: ``mode="decree09"`` (default, with a configurable closing day) or
``mode="calendar"`` (plain calendar periods: 01/01 → 31/12, quarter months, …).

A period's ``start``/``end`` are its window under the mode it was built with; ``label`` and ``key`` do not depend on
the mode (the key of a one-off period carries its own dates).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

YEAR = "year"
HALF = "half"
QUARTER = "quarter"
MONTH = "month"
NINE_MONTHS = "nine_months"
ONCE = "once"

PERIODIC_KINDS: tuple[str, ...] = (YEAR, HALF, QUARTER, MONTH, NINE_MONTHS)
KINDS: tuple[str, ...] = (*PERIODIC_KINDS, ONCE)

# For forms: (value, Vietnamese name of the reporting frequency).
KIND_CHOICES: tuple[tuple[str, str], ...] = (
    (YEAR, "Hằng năm"),
    (HALF, "6 tháng"),
    (QUARTER, "Hằng quý"),
    (MONTH, "Hằng tháng"),
    (NINE_MONTHS, "9 tháng"),
    (ONCE, "Một lần (theo văn bản yêu cầu)"),
)

MODE_DECREE09 = "decree09"
MODE_CALENDAR = "calendar"
MODES: tuple[str, ...] = (MODE_DECREE09, MODE_CALENDAR)

# Years whose windows and 4-digit keys stay within what ``date`` can represent.
MIN_YEAR = 1000
MAX_YEAR = 9998

_INDEX_RANGE: dict[str, int] = {YEAR: 1, HALF: 2, QUARTER: 4, MONTH: 12, NINE_MONTHS: 1, ONCE: 1}
_INDEX_NAME: dict[str, str] = {
    YEAR: "năm",
    HALF: "6 tháng",
    QUARTER: "quý",
    MONTH: "tháng",
    NINE_MONTHS: "9 tháng",
    ONCE: "một lần",
}
_ROMAN = ("I", "II", "III", "IV")


def _check_kind(kind: object, allowed: tuple[str, ...] = PERIODIC_KINDS) -> str:
    if kind not in allowed:
        names = ", ".join(f'"{k}"' for k in allowed)
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r} (chỉ nhận {names}).")
    return str(kind)


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError(f"Năm báo cáo phải là số nguyên, nhận được {year!r}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm báo cáo {year} nằm ngoài khoảng cho phép ({MIN_YEAR}–{MAX_YEAR}).")
    return year


def _check_index(kind: str, index: object) -> int:
    top = _INDEX_RANGE[kind]
    if isinstance(index, bool) or not isinstance(index, int):
        raise ValueError(f"Số thứ tự kỳ báo cáo phải là số nguyên, nhận được {index!r}.")
    if not 1 <= index <= top:
        if top == 1:
            raise ValueError(f"Kỳ báo cáo {_INDEX_NAME[kind]} chỉ có số thứ tự 1, nhận được {index}.")
        raise ValueError(f"Số thứ tự {_INDEX_NAME[kind]} phải từ 1 đến {top}, nhận được {index}.")
    return index


def _months(kind: str, index: int) -> tuple[int, int]:
    """First and last calendar month covered by a periodic period."""
    if kind == YEAR:
        return 1, 12
    if kind == HALF:
        return (1, 6) if index == 1 else (7, 12)
    if kind == QUARTER:
        return 3 * index - 2, 3 * index
    if kind == MONTH:
        return index, index
    return 1, 9  # NINE_MONTHS


def _vn_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class Period:
    """One reporting period; ``start``/``end`` are its closing window, both inclusive."""

    kind: str
    year: int
    index: int
    start: date
    end: date

    def __post_init__(self) -> None:
        _check_kind(self.kind, KINDS)
        _check_year(self.year)
        _check_index(self.kind, self.index)
        if not isinstance(self.start, date) or not isinstance(self.end, date):
            raise ValueError("Ngày bắt đầu và ngày kết thúc kỳ báo cáo phải là ngày (date).")
        if self.end < self.start:
            raise ValueError(
                f"Ngày kết thúc kỳ báo cáo ({_vn_date(self.end)}) trước ngày bắt đầu ({_vn_date(self.start)})."
            )

    @property
    def label(self) -> str:
        """Vietnamese name: "Quý I/2020", "Tháng 01/2020", "6 tháng đầu năm 2020", …"""
        if self.kind == YEAR:
            return f"Năm {self.year}"
        if self.kind == HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == QUARTER:
            return f"Quý {_ROMAN[self.index - 1]}/{self.year}"
        if self.kind == MONTH:
            return f"Tháng {self.index:02d}/{self.year}"
        if self.kind == NINE_MONTHS:
            return f"9 tháng năm {self.year}"
        return f"Từ {_vn_date(self.start)} đến {_vn_date(self.end)}"

    @property
    def key(self) -> str:
        """Stable id, sortable within a kind: "2020", "2020-H1", "2020-Q3", "2020-M01", "2020-9M", "once:…"."""
        if self.kind == YEAR:
            return f"{self.year:04d}"
        if self.kind == HALF:
            return f"{self.year:04d}-H{self.index}"
        if self.kind == QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == MONTH:
            return f"{self.year:04d}-M{self.index:02d}"
        if self.kind == NINE_MONTHS:
            return f"{self.year:04d}-9M"
        return f"once:{self.start.isoformat()}:{self.end.isoformat()}"

    @property
    def days(self) -> int:
        """Number of days in the window."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class CalendarWindow:
    """How periods close.

    ``mode="decree09"``: a period over months m1..m2 runs from day ``closing_day + 1`` of the month before m1 to day
    ``closing_day`` of m2 (ND 09/2019: ``closing_day=14``; an issuing body may choose another under khoản 5).
    ``mode="calendar"``: plain calendar months (01/01 → 31/12, 01/01 → 31/03, …); ``closing_day`` is ignored.
    """

    mode: str = MODE_DECREE09
    closing_day: int = 14

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(
                f'Cách tính thời gian chốt số liệu không hợp lệ: {self.mode!r} (chỉ nhận "decree09" hoặc "calendar").'
            )
        day = self.closing_day
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 27:
            raise ValueError(f"Ngày chốt số liệu phải là số nguyên từ 1 đến 27, nhận được {day!r}.")

    def window(self, kind: str, year: int, index: int) -> tuple[date, date]:
        kind = _check_kind(kind)
        _check_year(year)
        _check_index(kind, index)
        first, last = _months(kind, index)
        if self.mode == MODE_CALENDAR:
            return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
        prev_year, prev_month = (year - 1, 12) if first == 1 else (year, first - 1)
        return date(prev_year, prev_month, self.closing_day + 1), date(year, last, self.closing_day)

    def reporting_month(self, day: date) -> tuple[int, int]:
        """(year, month) of the monthly period whose window contains ``day``."""
        if self.mode == MODE_CALENDAR or day.day <= self.closing_day:
            return day.year, day.month
        return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


DECREE09 = CalendarWindow()
CALENDAR = CalendarWindow(MODE_CALENDAR)

WindowMode = str | CalendarWindow


def _window(mode: WindowMode) -> CalendarWindow:
    if isinstance(mode, CalendarWindow):
        return mode
    return CalendarWindow(mode)


def closing_window(kind: str, year: int, index: int, *, mode: WindowMode = MODE_DECREE09) -> tuple[date, date]:
    """First and last day (inclusive) over which a period's data is collected (thời gian chốt số liệu)."""
    return _window(mode).window(kind, year, index)


def period_for(kind: str, year: int, index: int = 1, *, mode: WindowMode = MODE_DECREE09) -> Period:
    """The period ``index`` of ``year`` (index 1 for year and nine_months)."""
    if kind == ONCE:
        raise ValueError("Kỳ báo cáo một lần không tính theo năm và số thứ tự; dùng one_off(ngày bắt đầu, hạn).")
    start, end = closing_window(kind, year, index, mode=mode)
    return Period(kind, year, index, start, end)


def period_containing(kind: str, day: date, *, mode: WindowMode = MODE_DECREE09) -> Period:
    """The period whose window contains ``day`` (ND 09: 20/12/2020 belongs to "Năm 2021" and "Tháng 01/2021")."""
    kind = _check_kind(kind)
    window = _window(mode)
    year, month = window.reporting_month(day)
    if kind == YEAR:
        index = 1
    elif kind == HALF:
        index = 1 if month <= 6 else 2
    elif kind == QUARTER:
        index = (month - 1) // 3 + 1
    elif kind == MONTH:
        index = month
    else:  # NINE_MONTHS
        if month > 9:
            raise ValueError(f"Ngày {_vn_date(day)} không thuộc thời gian chốt số liệu của kỳ 9 tháng nào.")
        index = 1
    return period_for(kind, year, index, mode=window)


def periods_between(kind: str, start: date, end: date, *, mode: WindowMode = MODE_DECREE09) -> list[Period]:
    """Every period whose window overlaps [start, end] (both inclusive), oldest first."""
    kind = _check_kind(kind)
    if end < start:
        raise ValueError(f"Ngày kết thúc ({_vn_date(end)}) trước ngày bắt đầu ({_vn_date(start)}).")
    window = _window(mode)
    first_year = window.reporting_month(start)[0]
    last_year = window.reporting_month(end)[0]
    found: list[Period] = []
    for year in range(first_year, last_year + 1):
        for index in range(1, _INDEX_RANGE[kind] + 1):
            period = period_for(kind, year, index, mode=window)
            if period.start <= end and start <= period.end:
                found.append(period)
    return found


def one_off(start: date, deadline: date) -> Period:
    """A one-off period (báo cáo đột xuất/chuyên đề): from ``start`` to ``deadline``, both inclusive."""
    if not isinstance(start, date) or not isinstance(deadline, date):
        raise ValueError("Ngày bắt đầu và hạn báo cáo phải là ngày (date).")
    if deadline < start:
        raise ValueError(f"Hạn báo cáo ({_vn_date(deadline)}) không được trước ngày bắt đầu ({_vn_date(start)}).")
    return Period(ONCE, start.year, 1, start, deadline)


_KEY = re.compile(
    r"(?P<year>\d{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])|M(?P<month>0[1-9]|1[0-2])|(?P<nine>9M)))?"
)
_ONCE_KEY = re.compile(r"once:(\d{4})-(\d{2})-(\d{2}):(\d{4})-(\d{2})-(\d{2})")


def parse_key(key: str, *, mode: WindowMode = MODE_DECREE09) -> Period:
    """Inverse of :attr:`Period.key` (periodic periods get their window under ``mode``)."""
    if not isinstance(key, str):
        raise ValueError(f"Mã kỳ báo cáo phải là chuỗi, nhận được {key!r}.")
    once = _ONCE_KEY.fullmatch(key)
    if once:
        parts = [int(p) for p in once.groups()]
        try:
            start, deadline = date(*parts[:3]), date(*parts[3:])
        except ValueError:
            raise ValueError(f"Mã kỳ báo cáo {key!r} chứa ngày không tồn tại.") from None
        return one_off(start, deadline)
    match = _KEY.fullmatch(key)
    if not match:
        raise ValueError(
            f"Mã kỳ báo cáo không hợp lệ: {key!r} (ví dụ hợp lệ: 2020, 2020-H1, 2020-Q3, 2020-M01, 2020-9M, "
            "once:2020-10-01:2020-11-25)."
        )
    year = int(match["year"])
    if match["half"]:
        return period_for(HALF, year, int(match["half"]), mode=mode)
    if match["quarter"]:
        return period_for(QUARTER, year, int(match["quarter"]), mode=mode)
    if match["month"]:
        return period_for(MONTH, year, int(match["month"]), mode=mode)
    if match["nine"]:
        return period_for(NINE_MONTHS, year, 1, mode=mode)
    return period_for(YEAR, year, 1, mode=mode)


def _fallback_add_working_days(start: date, n: int, holidays: Iterable[date] = frozenset()) -> date:
    """The ``n``-th working day after ``start`` (skipping Saturdays, Sundays and ``holidays``); ``start`` if n == 0."""
    off = frozenset(holidays)
    day = start
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            remaining -= 1
    return day


_add_working_days: Callable[..., date]
try:
    from cchc.lib.holidays import add_working_days as _add_working_days
except ImportError:  # pragma: no cover - cchc.lib.holidays (or its lunar_vn dependency) missing: same rule
    _add_working_days = _fallback_add_working_days


def deadline_after(
    period_end: date,
    *,
    working_days: int | None = None,
    days: int | None = None,
    holidays: Iterable[date] = frozenset(),
) -> date:
    """Sending deadline: ``working_days`` working days or ``days`` calendar days after the closing date.

    E.g. Khánh Hòa QĐ 01/2023/QĐ-UBND: 02 working days after the closing date. Working days skip Saturdays, Sundays
    and ``holidays``; calendar days do not (give exactly one of the two).
    """
    if (working_days is None) == (days is None):
        raise ValueError("Cần cho đúng một trong hai: số ngày làm việc (working_days) hoặc số ngày (days).")
    count = working_days if working_days is not None else days
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"Số ngày phải là số nguyên không âm, nhận được {count!r}.")
    if days is not None:
        return period_end + timedelta(days=count)
    return _add_working_days(period_end, count, frozenset(holidays))
