"""Small builders for the monitoring tests: a one-period form and submissions at chosen moments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cchc.core import clock
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Period, ReportForm, Submission
from cchc.units.models import UnitKind

START, END, DEADLINE = date(2020, 1, 1), date(2020, 3, 31), date(2020, 4, 10)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Vietnam's time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.VIETNAM)


def make_form(code: str = "bao-cao-quy", *, kinds: tuple[str, ...] = ("department", "district"),
              deadline: date = DEADLINE, periods: int = 1) -> tuple[ReportForm, list[Period]]:
    """A form for ``kinds`` with ``periods`` consecutive quarters from Q1/2020 (deadlines 10 days after each)."""
    form = ReportForm.objects.create(name=f"Báo cáo {code}", code=code, window_mode="calendar")
    form.expected_kinds.set(UnitKind.objects.filter(code__in=kinds))
    made = []
    for index in range(periods):
        year, quarter = 2020 + index // 4, index % 4
        start = date(year, 1 + quarter * 3, 1)
        end = date(year + (quarter == 3), 1 if quarter == 3 else 4 + quarter * 3, 1)
        end = date.fromordinal(end.toordinal() - 1)
        due = deadline if index == 0 else date.fromordinal(end.toordinal() + 10)
        made.append(Period.objects.create(form=form, key=f"{year}-q{quarter + 1}", label=f"Quý {quarter + 1}/{year}",
                                          start=start, end=end, deadline=due))
    return form, made


def report(form: ReportForm, period: Period, unit: Any, status: str = SubmissionStatus.SUBMITTED,
           when: datetime | None = None) -> Submission:
    received = status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED, SubmissionStatus.RETURNED)
    return Submission.objects.create(form=form, period=period, unit=unit, status=status,
                                     submitted_at=when if received else None,
                                     first_submitted_at=when if received else None)
