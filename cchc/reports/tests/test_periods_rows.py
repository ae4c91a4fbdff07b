from __future__ import annotations

from datetime import date
from typing import Any

from cchc import test as personas
from cchc.reports.config import do_save_form
from cchc.reports.models import ReportForm, expected_units_for
from cchc.reports.periods import ensure_periods
from cchc.units import choices as kinds


def _form(code: str, **fields: Any) -> ReportForm:
    return do_save_form(ReportForm(), acting_user=None, name=code, code=code, **fields)


def test_yearly_decree09(db: Any) -> None:
    form = _form("nam", period_type="year", start_date=date(2020, 1, 1), end_date=date(2020, 12, 14))
    periods = list(form.periods.all())
    assert [(p.label, p.start, p.end) for p in periods] == [("Năm 2020", date(2019, 12, 15), date(2020, 12, 14))]
    assert periods[0].deadline > date(2020, 12, 14)
    assert ensure_periods(form) == periods  # idempotent


def test_monthly_decree09(db: Any) -> None:
    form = _form("thang", period_type="month", start_date=date(2020, 1, 1), end_date=date(2020, 3, 14))
    periods = list(form.periods.all())
    assert [p.label for p in periods] == ["Tháng 01/2020", "Tháng 02/2020", "Tháng 03/2020"]
    assert (periods[0].start, periods[0].end) == (date(2019, 12, 15), date(2020, 1, 14))


def test_quarterly_decree09(db: Any) -> None:
    form = _form("quy", period_type="quarter", start_date=date(2020, 1, 1), end_date=date(2020, 12, 14))
    periods = list(form.periods.all())
    assert [p.label for p in periods] == ["Quý I/2020", "Quý II/2020", "Quý III/2020", "Quý IV/2020"]
    assert (periods[0].start, periods[0].end) == (date(2019, 12, 15), date(2020, 3, 14))


def test_open_ended_form_gets_a_year_ahead(db: Any, settings: Any) -> None:
    settings.CCHC_TODAY = "2020-06-01"
    form = _form("thang-mo", period_type="month", start_date=date(2020, 1, 1))
    assert form.periods.last().end == date(2021, 6, 14)


def test_one_off_period(db: Any) -> None:
    form = _form("dot-xuat", period_type="once", start_date=date(2020, 10, 1), fixed_deadline=date(2020, 11, 25))
    (period,) = form.periods.all()
    assert (period.start, period.end, period.deadline) == (date(2020, 10, 1), date(2020, 11, 25), date(2020, 11, 25))


def test_changing_dates_drops_unused_periods(db: Any) -> None:
    form = _form("quy2", period_type="quarter", start_date=date(2020, 1, 1), end_date=date(2020, 12, 14))
    do_save_form(form, acting_user=None, end_date=date(2020, 6, 14))
    assert form.periods.count() == 2


def test_expected_units_by_kind_and_name_only_open_ones(province: personas.Province) -> None:
    closed = personas.make_unit("cu", kinds.DEPARTMENT, "Sở cũ", valid_to=date(2019, 6, 30))
    later = personas.make_unit("moi", kinds.DEPARTMENT, "Sở mới", valid_from=date(2021, 1, 1))
    form = _form("nam-don-vi", period_type="year", start_date=date(2020, 1, 1), end_date=date(2020, 12, 14),
                 expected_kinds=[personas.kind(kinds.DEPARTMENT)], expected_units=[province.buudien])
    period = form.periods.get()
    expected = set(expected_units_for(form, period))
    assert expected == {province.snv, province.stttt, province.stp, province.buudien}
    assert closed not in expected and later not in expected
