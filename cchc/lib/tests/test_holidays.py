"""Vietnamese public holidays (Labour Code 2019, Art. 112) and working-day arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.lib.holidays import add_working_days, is_working_day, vietnam_public_holidays


def test_2025_statutory_days() -> None:
    assert sorted(vietnam_public_holidays(2025)) == [
        date(2025, 1, 1),
        # Tết Ất Tỵ: lunar new year on 29/1/2025; the last day of the old year and 1st–4th of month 1
        date(2025, 1, 28),
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
        date(2025, 2, 1),
        date(2025, 4, 7),  # Giỗ Tổ Hùng Vương, 10/3 lunar
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]


@pytest.mark.parametrize(
    ("year", "new_year", "hung_kings"),
    [
        (2020, date(2020, 1, 25), date(2020, 4, 2)),
        (2021, date(2021, 2, 12), date(2021, 4, 21)),
        (2023, date(2023, 1, 22), date(2023, 4, 29)),
        (2024, date(2024, 2, 10), date(2024, 4, 18)),
        (2026, date(2026, 2, 17), date(2026, 4, 26)),
    ],
)
def test_lunar_holidays(year: int, new_year: date, hung_kings: date) -> None:
    days = vietnam_public_holidays(year)
    for offset in range(-1, 4):
        assert new_year + timedelta(days=offset) in days
    assert new_year + timedelta(days=4) not in days
    assert new_year - timedelta(days=2) not in days
    assert hung_kings in days
    assert len(days) == (11 if year >= 2021 else 10)


def test_national_day_has_a_second_day_from_2021() -> None:
    assert date(2020, 9, 1) not in vietnam_public_holidays(2020)
    assert date(2021, 9, 1) in vietnam_public_holidays(2021)


def test_compensatory_days_follow_weekend_holidays() -> None:
    # 1/1/2022 was a Saturday: compensated on Monday 3/1/2022
    plain = vietnam_public_holidays(2022)
    extra = vietnam_public_holidays(2022, compensatory=True) - plain
    assert date(2022, 1, 3) in extra
    assert all(d.weekday() < 5 for d in extra)


def test_is_working_day() -> None:
    hol = vietnam_public_holidays(2025)
    assert is_working_day(date(2025, 11, 24), hol)  # Monday
    assert not is_working_day(date(2025, 11, 22), hol)  # Saturday
    assert not is_working_day(date(2025, 9, 2), hol)  # National Day (Tuesday)


def test_add_working_days() -> None:
    hol = vietnam_public_holidays(2025) | vietnam_public_holidays(2026)
    assert add_working_days(date(2025, 11, 21), 0, hol) == date(2025, 11, 21)
    assert add_working_days(date(2025, 11, 21), 1, hol) == date(2025, 11, 24)  # Friday -> Monday
    assert add_working_days(date(2025, 8, 29), 1, hol) == date(2025, 9, 3)  # skips 1/9 and 2/9
    assert add_working_days(date(2025, 4, 29), 2, hol) == date(2025, 5, 5)  # 30/4, 1/5 and the weekend
    assert add_working_days(date(2026, 2, 13), 1, hol) == date(2026, 2, 23)  # over Tết Bính Ngọ
    assert add_working_days(date(2025, 11, 24), -1, hol) == date(2025, 11, 21)
    assert add_working_days(date(2025, 11, 24), 5, []) == date(2025, 12, 1)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=-40, max_value=40))
def test_working_day_arithmetic_properties(start: date, n: int) -> None:
    hol: set[date] = set()
    for y in range(start.year - 1, start.year + 2):
        hol |= vietnam_public_holidays(y)
    end = add_working_days(start, n, hol)
    if n == 0:
        assert end == start
        return
    assert is_working_day(end, hol)
    lo, hi = (start, end) if n > 0 else (end, start)
    assert (end > start) == (n > 0)
    between = [lo + timedelta(days=i) for i in range(1, (hi - lo).days)]
    assert sum(is_working_day(d, hol) for d in between) == abs(n) - 1
