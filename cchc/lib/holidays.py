"""Vietnamese public holidays (Labour Code 2019, Art. 112) and working-day arithmetic.

Statutory days off (Bộ luật Lao động 2019, Điều 112, khoản 1):

* Tết Dương lịch: 1 January;
* Tết Âm lịch: 5 days — here the last day of the lunar year and lunar 1/1 to 4/1;
* Ngày Chiến thắng: 30 April;  Ngày Quốc tế lao động: 1 May;
* Quốc khánh: 2 September and one adjacent day (from 2021; this module uses 1 September, as the
  Government has chosen in practice); before 2021 (Labour Code 2012) only 2 September;
* Giỗ Tổ Hùng Vương: 10th day of the 3rd lunar month.

The exact Tết and National-Day spans are fixed each year by the Prime Minister (Art. 112(3)),
and days falling on a weekend are compensated (Art. 111(3)); pass ``compensatory=True`` to add
those compensation days.  Callers that know the official calendar of a year can pass their own
holiday set to :func:`add_working_days` and :func:`is_working_day`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

from lunar_vn import LunarDate, lunar_to_solar

__all__ = ["add_working_days", "is_working_day", "vietnam_public_holidays"]


def _lunar(day: int, month: int, year: int) -> date:
    return lunar_to_solar(LunarDate(day, month, year))


@lru_cache(maxsize=256)
def _statutory(year: int) -> frozenset[date]:
    days: set[date] = {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)}
    if year >= 2021:
        days.add(date(year, 9, 1))
    try:
        new_year = _lunar(1, 1, year)
        hung_kings = _lunar(10, 3, year)
    except ValueError:  # outside lunar_vn's supported years (1900–2100): solar days only
        return frozenset(days)
    for offset in range(-1, 4):
        days.add(new_year + timedelta(days=offset))
    days.add(hung_kings)
    return frozenset(days)


def vietnam_public_holidays(year: int, *, compensatory: bool = False) -> set[date]:
    """Statutory public holidays of ``year``, optionally with compensation days.

    Lunar holidays are computed for 1900–2100 (the range of ``lunar_vn``); outside it only the solar ones.
    """
    days = set(_statutory(year))
    if compensatory:
        extra: set[date] = set()
        for d in sorted(days):
            if d.weekday() >= 5:
                c = d + timedelta(days=1)
                while c.weekday() >= 5 or c in days or c in extra:
                    c += timedelta(days=1)
                extra.add(c)
        days |= extra
    return days


def is_working_day(d: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not a holiday."""
    return d.weekday() < 5 and d not in holidays


def add_working_days(start: date, n: int, holidays: Collection[date]) -> date:
    """The ``n``-th working day after ``start`` (``n`` = 0 gives ``start`` itself).

    Negative ``n`` counts backwards. Weekends and the given holidays are skipped.
    """
    if n == 0:
        return start
    step = 1 if n > 0 else -1
    remaining = abs(n)
    d = start
    guard = 0
    while remaining:
        d += timedelta(days=step)
        guard += 1
        if is_working_day(d, holidays):
            remaining -= 1
        if guard > 100_000:  # pragma: no cover - only with an absurd holiday set
            raise ValueError("holiday set leaves no working days")
    return d
