from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.lib import periods
from cchc.lib.periods import (
    CalendarWindow,
    Period,
    closing_window,
    deadline_after,
    one_off,
    parse_key,
    period_containing,
    period_for,
    periods_between,
)

D = date


# --- Decree 09 windows, hand-computed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "index", "start", "end"),
    [
        ("month", 2020, 1, D(2019, 12, 15), D(2020, 1, 14)),
        ("month", 2020, 2, D(2020, 1, 15), D(2020, 2, 14)),
        ("month", 2020, 3, D(2020, 2, 15), D(2020, 3, 14)),
        ("month", 2020, 12, D(2020, 11, 15), D(2020, 12, 14)),
        ("quarter", 2020, 1, D(2019, 12, 15), D(2020, 3, 14)),
        ("quarter", 2020, 2, D(2020, 3, 15), D(2020, 6, 14)),
        ("quarter", 2020, 3, D(2020, 6, 15), D(2020, 9, 14)),
        ("quarter", 2020, 4, D(2020, 9, 15), D(2020, 12, 14)),
        ("half", 2020, 1, D(2019, 12, 15), D(2020, 6, 14)),
        ("half", 2020, 2, D(2020, 6, 15), D(2020, 12, 14)),
        ("nine_months", 2020, 1, D(2019, 12, 15), D(2020, 9, 14)),
        ("year", 2020, 1, D(2019, 12, 15), D(2020, 12, 14)),
    ],
)
def test_decree09_windows(kind, year, index, start, end):
    assert closing_window(kind, year, index) == (start, end)
    period = period_for(kind, year, index)
    assert (period.kind, period.year, period.index, period.start, period.end) == (kind, year, index, start, end)


def test_february_window_in_leap_and_common_years():
    # under ND 09 February's days fall in March's window (15/02 → 14/03)
    assert closing_window("month", 2020, 3) == (D(2020, 2, 15), D(2020, 3, 14))
    assert period_for("month", 2020, 3).days == 29  # 15/02 → 14/03 in a leap year: 15..29 Feb + 14 Mar
    assert period_for("month", 2021, 3).days == 28
    assert period_for("month", 2020, 2).days == 31
    # calendar mode: February itself
    assert closing_window("month", 2020, 2, mode="calendar") == (D(2020, 2, 1), D(2020, 2, 29))
    assert closing_window("month", 2021, 2, mode="calendar") == (D(2021, 2, 1), D(2021, 2, 28))
    assert closing_window("month", 2000, 2, mode="calendar")[1] == D(2000, 2, 29)
    assert closing_window("month", 1900, 2, mode="calendar")[1] == D(1900, 2, 28)
    assert period_for("year", 2020, mode="calendar").days == 366
    assert period_for("year", 2020).days == 366  # 15/12/2019 → 14/12/2020 spans 29/02/2020


@pytest.mark.parametrize(
    ("kind", "index", "start", "end"),
    [
        ("year", 1, D(2020, 1, 1), D(2020, 12, 31)),
        ("half", 1, D(2020, 1, 1), D(2020, 6, 30)),
        ("half", 2, D(2020, 7, 1), D(2020, 12, 31)),
        ("quarter", 1, D(2020, 1, 1), D(2020, 3, 31)),
        ("quarter", 2, D(2020, 4, 1), D(2020, 6, 30)),
        ("quarter", 3, D(2020, 7, 1), D(2020, 9, 30)),
        ("quarter", 4, D(2020, 10, 1), D(2020, 12, 31)),
        ("month", 1, D(2020, 1, 1), D(2020, 1, 31)),
        ("month", 4, D(2020, 4, 1), D(2020, 4, 30)),
        ("nine_months", 1, D(2020, 1, 1), D(2020, 9, 30)),
    ],
)
def test_calendar_mode_windows(kind, index, start, end):
    assert closing_window(kind, 2020, index, mode="calendar") == (start, end)
    assert closing_window(kind, 2020, index, mode=periods.CALENDAR) == (start, end)


def test_custom_closing_day_under_khoan_5():
    window = CalendarWindow(closing_day=20)
    assert closing_window("month", 2021, 1, mode=window) == (D(2020, 12, 21), D(2021, 1, 20))
    assert closing_window("year", 2021, 1, mode=window) == (D(2020, 12, 21), D(2021, 12, 20))
    assert period_containing("month", D(2021, 1, 21), mode=window).key == "2021-M02"
    assert CalendarWindow() == periods.DECREE09


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "fiscal"}, "Cách tính thời gian chốt số liệu không hợp lệ"),
        ({"closing_day": 0}, "Ngày chốt số liệu phải là số nguyên từ 1 đến 27"),
        ({"closing_day": 28}, "Ngày chốt số liệu phải là số nguyên từ 1 đến 27"),
    ],
)
def test_bad_window_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CalendarWindow(**kwargs)
    with pytest.raises(ValueError, match="Cách tính"):
        period_for("year", 2020, mode="fiscal")


# --- validation -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "index", "message"),
    [
        ("month", 0, "Số thứ tự tháng phải từ 1 đến 12, nhận được 0"),
        ("month", 13, "Số thứ tự tháng phải từ 1 đến 12, nhận được 13"),
        ("quarter", 5, "Số thứ tự quý phải từ 1 đến 4"),
        ("quarter", 0, "Số thứ tự quý phải từ 1 đến 4"),
        ("half", 3, "Số thứ tự 6 tháng phải từ 1 đến 2"),
        ("year", 2, "Kỳ báo cáo năm chỉ có số thứ tự 1"),
        ("nine_months", 2, "Kỳ báo cáo 9 tháng chỉ có số thứ tự 1"),
        ("month", "1", "phải là số nguyên"),
        ("month", True, "phải là số nguyên"),
    ],
)
def test_index_ranges_are_validated(kind, index, message):
    with pytest.raises(ValueError, match=message):
        period_for(kind, 2020, index)
    with pytest.raises(ValueError, match=message):
        closing_window(kind, 2020, index)


def test_kind_and_year_are_validated():
    with pytest.raises(ValueError, match="Loại kỳ báo cáo không hợp lệ: 'week'"):
        period_for("week", 2020, 1)
    with pytest.raises(ValueError, match="Kỳ báo cáo một lần"):
        period_for("once", 2020, 1)
    with pytest.raises(ValueError, match="Loại kỳ báo cáo không hợp lệ"):
        closing_window("once", 2020, 1)
    with pytest.raises(ValueError, match="Loại kỳ báo cáo không hợp lệ"):
        periods_between("once", D(2020, 1, 1), D(2020, 2, 1))
    with pytest.raises(ValueError, match="nằm ngoài khoảng cho phép"):
        period_for("year", 99999, 1)
    with pytest.raises(ValueError, match="Năm báo cáo phải là số nguyên"):
        period_for("year", "2020", 1)


def test_period_itself_is_validated_and_frozen():
    with pytest.raises(ValueError, match="trước ngày bắt đầu"):
        Period("month", 2020, 1, D(2020, 1, 14), D(2019, 12, 15))
    with pytest.raises(ValueError, match="Số thứ tự quý"):
        Period("quarter", 2020, 7, D(2020, 1, 1), D(2020, 3, 31))
    period = period_for("month", 2020, 1)
    with pytest.raises(AttributeError):
        period.year = 2021  # type: ignore[misc]
    assert period == period_for("month", 2020, 1)
    assert len({period, period_for("month", 2020, 1)}) == 1


# --- labels and keys ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "index", "label", "key"),
    [
        ("year", 1, "Năm 2020", "2020"),
        ("half", 1, "6 tháng đầu năm 2020", "2020-H1"),
        ("half", 2, "6 tháng cuối năm 2020", "2020-H2"),
        ("quarter", 1, "Quý I/2020", "2020-Q1"),
        ("quarter", 2, "Quý II/2020", "2020-Q2"),
        ("quarter", 3, "Quý III/2020", "2020-Q3"),
        ("quarter", 4, "Quý IV/2020", "2020-Q4"),
        ("month", 1, "Tháng 01/2020", "2020-M01"),
        ("month", 12, "Tháng 12/2020", "2020-M12"),
        ("nine_months", 1, "9 tháng năm 2020", "2020-9M"),
    ],
)
def test_labels_and_keys(kind, index, label, key):
    period = period_for(kind, 2020, index)
    assert period.label == label
    assert str(period) == label
    assert period.key == key
    # neither depends on the window mode
    assert period_for(kind, 2020, index, mode="calendar").label == label
    assert period_for(kind, 2020, index, mode="calendar").key == key


def test_keys_sort_chronologically_within_a_kind():
    months = periods_between("month", D(2019, 1, 1), D(2021, 12, 31))
    keys = [p.key for p in months]
    assert keys == sorted(keys)
    assert keys[0] == "2019-M01" and keys[-1] == "2022-M01"  # 15–31/12/2021 already in January 2022's window


# --- period_containing ----------------------------------------------------------------------------------------------


def test_period_containing_at_the_14th_and_15th():
    assert period_containing("month", D(2020, 3, 14)).key == "2020-M03"
    assert period_containing("month", D(2020, 3, 15)).key == "2020-M04"
    assert period_containing("quarter", D(2020, 3, 14)).key == "2020-Q1"
    assert period_containing("quarter", D(2020, 3, 15)).key == "2020-Q2"
    assert period_containing("half", D(2020, 6, 14)).key == "2020-H1"
    assert period_containing("half", D(2020, 6, 15)).key == "2020-H2"
    assert period_containing("nine_months", D(2020, 9, 14)).key == "2020-9M"
    assert period_containing("year", D(2020, 12, 14)).key == "2020"
    assert period_containing("year", D(2020, 12, 15)).key == "2021"


def test_period_containing_crosses_the_year_under_decree09():
    day = D(2020, 12, 20)
    assert period_containing("year", day).label == "Năm 2021"
    assert period_containing("month", day).label == "Tháng 01/2021"
    assert period_containing("quarter", day).label == "Quý I/2021"
    assert period_containing("half", day).label == "6 tháng đầu năm 2021"
    assert period_containing("nine_months", day).label == "9 tháng năm 2021"
    # calendar mode keeps it in 2020
    assert period_containing("year", day, mode="calendar").label == "Năm 2020"
    assert period_containing("month", day, mode="calendar").label == "Tháng 12/2020"
    assert period_containing("month", D(2020, 12, 31), mode="calendar").key == "2020-M12"
    assert period_containing("month", D(2021, 1, 1), mode="calendar").key == "2021-M01"


def test_nine_months_has_a_gap_after_september():
    with pytest.raises(ValueError, match="không thuộc thời gian chốt số liệu của kỳ 9 tháng nào"):
        period_containing("nine_months", D(2020, 9, 15))
    with pytest.raises(ValueError, match="kỳ 9 tháng"):
        period_containing("nine_months", D(2020, 11, 1), mode="calendar")


# --- periods_between ------------------------------------------------------------------------------------------------


def test_periods_between_returns_overlapping_periods_oldest_first():
    found = periods_between("quarter", D(2020, 3, 10), D(2020, 9, 20))
    assert [p.key for p in found] == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    found = periods_between("quarter", D(2020, 3, 15), D(2020, 9, 14))
    assert [p.key for p in found] == ["2020-Q2", "2020-Q3"]
    found = periods_between("quarter", D(2020, 3, 10), D(2020, 9, 20), mode="calendar")
    assert [p.key for p in found] == ["2020-Q1", "2020-Q2", "2020-Q3"]


def test_periods_between_across_years():
    found = periods_between("month", D(2019, 12, 10), D(2020, 1, 20))
    assert [p.key for p in found] == ["2019-M12", "2020-M01", "2020-M02"]
    found = periods_between("year", D(2019, 12, 14), D(2019, 12, 15))
    assert [p.key for p in found] == ["2019", "2020"]
    found = periods_between("year", D(2020, 1, 1), D(2020, 12, 31), mode="calendar")
    assert [p.key for p in found] == ["2020"]
    found = periods_between("half", D(2020, 1, 1), D(2021, 12, 31))
    assert [p.key for p in found] == ["2020-H1", "2020-H2", "2021-H1", "2021-H2", "2022-H1"]


def test_periods_between_single_day_and_nine_months():
    assert [p.key for p in periods_between("month", D(2020, 5, 15), D(2020, 5, 15))] == ["2020-M06"]
    assert periods_between("nine_months", D(2020, 9, 15), D(2020, 12, 14)) == []
    found = periods_between("nine_months", D(2020, 1, 1), D(2021, 1, 1))
    assert [p.key for p in found] == ["2020-9M", "2021-9M"]


def test_periods_between_rejects_reversed_range():
    with pytest.raises(ValueError, match="Ngày kết thúc .* trước ngày bắt đầu"):
        periods_between("month", D(2020, 2, 1), D(2020, 1, 1))


# --- one-off periods ------------------------------------------------------------------------------------------------


def test_one_off():
    period = one_off(D(2020, 10, 1), D(2020, 11, 25))
    assert period.kind == "once"
    assert (period.start, period.end) == (D(2020, 10, 1), D(2020, 11, 25))
    assert period.year == 2020
    assert period.label == "Từ 01/10/2020 đến 25/11/2020"
    assert period.key == "once:2020-10-01:2020-11-25"
    assert period.contains(D(2020, 11, 25)) and not period.contains(D(2020, 11, 26))
    assert one_off(D(2020, 10, 1), D(2020, 10, 1)).days == 1


def test_one_off_rejects_deadline_before_start():
    with pytest.raises(ValueError, match=r"Hạn báo cáo \(30/09/2020\) không được trước ngày bắt đầu \(01/10/2020\)"):
        one_off(D(2020, 10, 1), D(2020, 9, 30))


# --- parse_key ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["decree09", "calendar"])
def test_parse_key_round_trips_every_kind(mode):
    every = [period_for("year", 2020, mode=mode), period_for("nine_months", 2020, mode=mode)]
    every += [period_for("half", 2020, i, mode=mode) for i in (1, 2)]
    every += [period_for("quarter", 2020, i, mode=mode) for i in range(1, 5)]
    every += [period_for("month", 2020, i, mode=mode) for i in range(1, 13)]
    every.append(one_off(D(2020, 10, 1), D(2020, 11, 25)))
    for period in every:
        assert parse_key(period.key, mode=mode) == period


@pytest.mark.parametrize(
    "key",
    [
        "",
        "20",
        "2020-",
        "2020-H3",
        "2020-Q0",
        "2020-Q5",
        "2020-M1",
        "2020-M13",
        "2020-M00",
        "2020-9m",
        "2020-Y",
        " 2020",
        "2020-Q1 ",
        "once:2020-10-01",
        "once:2020-1-01:2020-11-25",
        "quý I/2020",
    ],
)
def test_parse_key_rejects_bad_keys(key):
    with pytest.raises(ValueError, match="Mã kỳ báo cáo không hợp lệ"):
        parse_key(key)


def test_parse_key_other_errors():
    with pytest.raises(ValueError, match="chứa ngày không tồn tại"):
        parse_key("once:2021-02-29:2021-03-10")
    with pytest.raises(ValueError, match="Hạn báo cáo .* không được trước"):
        parse_key("once:2020-11-25:2020-10-01")
    with pytest.raises(ValueError, match="Mã kỳ báo cáo phải là chuỗi"):
        parse_key(2020)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nằm ngoài khoảng cho phép"):
        parse_key("0999")


# --- sending deadline -----------------------------------------------------------------------------------------------


def test_deadline_after_working_days_skips_the_weekend():
    # Friday 11/12/2020 + 2 working days → Tuesday 15/12/2020
    assert deadline_after(D(2020, 12, 11), working_days=2) == D(2020, 12, 15)
    # Monday 14/12/2020 (ND 09 closing date of 2020) + 2 working days → Wednesday
    assert deadline_after(D(2020, 12, 14), working_days=2) == D(2020, 12, 16)
    # Saturday closing date: Monday is the first working day after it
    assert deadline_after(D(2020, 12, 12), working_days=1) == D(2020, 12, 14)
    assert deadline_after(D(2020, 12, 11), working_days=0) == D(2020, 12, 11)


def test_deadline_after_skips_given_holidays():
    # Thursday 31/12/2020 + 2 working days, 01/01/2021 (Friday) a holiday → Tuesday 05/01/2021
    assert deadline_after(D(2020, 12, 31), working_days=2, holidays={D(2021, 1, 1)}) == D(2021, 1, 5)
    assert deadline_after(D(2020, 12, 31), working_days=2) == D(2021, 1, 4)


def test_deadline_after_calendar_days():
    assert deadline_after(D(2020, 12, 11), days=2) == D(2020, 12, 13)
    assert deadline_after(D(2020, 12, 31), days=1) == D(2021, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Cần cho đúng một trong hai"),
        ({"working_days": 2, "days": 2}, "Cần cho đúng một trong hai"),
        ({"working_days": -1}, "Số ngày phải là số nguyên không âm"),
        ({"days": -1}, "Số ngày phải là số nguyên không âm"),
        ({"days": 1.5}, "Số ngày phải là số nguyên không âm"),
    ],
)
def test_deadline_after_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        deadline_after(D(2020, 12, 11), **kwargs)


def test_private_fallback_matches_the_rule():
    add = periods._fallback_add_working_days
    assert add(D(2020, 12, 11), 2) == D(2020, 12, 15)
    assert add(D(2020, 12, 31), 2, {D(2021, 1, 1)}) == D(2021, 1, 5)
    assert add(D(2020, 12, 12), 0) == D(2020, 12, 12)


def test_shared_holidays_module_is_preferred():
    holidays = pytest.importorskip("cchc.lib.holidays")
    assert periods._add_working_days is holidays.add_working_days


# --- properties -----------------------------------------------------------------------------------------------------

TILING_KINDS = ["year", "half", "quarter", "month"]  # nine_months leaves 15/09 → 14/12 uncovered by design
MODES = st.sampled_from(["decree09", "calendar", CalendarWindow(closing_day=1), CalendarWindow(closing_day=27)])


def _next(period: Period, mode) -> Period:
    top = {"year": 1, "half": 2, "quarter": 4, "month": 12}[period.kind]
    if period.index < top:
        return period_for(period.kind, period.year, period.index + 1, mode=mode)
    return period_for(period.kind, period.year + 1, 1, mode=mode)


@given(kind=st.sampled_from(TILING_KINDS), year=st.integers(1001, 9997), mode=MODES)
def test_consecutive_windows_tile_without_gaps_or_overlaps(kind, year, mode):
    period = period_for(kind, year, 1, mode=mode)
    steps = {"year": 1, "half": 2, "quarter": 4, "month": 12}[kind]
    for _ in range(steps):
        following = _next(period, mode)
        assert following.start == period.end + timedelta(days=1)
        period = following
    assert period.key == period_for(kind, year + 1, 1).key


@given(kind=st.sampled_from(TILING_KINDS), day=st.dates(D(1001, 1, 1), D(9997, 12, 31)), mode=MODES)
def test_period_containing_contains_the_day(kind, day, mode):
    period = period_containing(kind, day, mode=mode)
    assert period.contains(day)
    assert periods_between(kind, day, day, mode=mode) == [period]
    assert parse_key(period.key, mode=mode) == period


@given(kind=st.sampled_from(TILING_KINDS), start=st.dates(D(2000, 1, 1), D(2030, 12, 31)),
       span=st.integers(0, 800), mode=MODES)
def test_periods_between_are_contiguous_and_cover_the_range(kind, start, span, mode):
    end = start + timedelta(days=span)
    found = periods_between(kind, start, end, mode=mode)
    assert found[0].contains(start) and found[-1].contains(end)
    for before, after in pairwise(found):
        assert after.start == before.end + timedelta(days=1)
