"""A form's periods as rows: built from cchc.lib.periods (Decree 09 windows) and the form's deadline rule."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cchc.lib import periods as lib_periods

from .choices import PeriodType
from .models import Period, ReportForm


def _holidays() -> frozenset[date]:
    from cchc.reminders.calendar import holiday_dates

    return holiday_dates()


def planned_periods(form: ReportForm, *, until: date | None = None) -> list[lib_periods.Period]:
    """The periods a form has: one-off from its start date to its fixed deadline, else every period between its
    first and last dates (or ``until``)."""
    if form.period_type == PeriodType.ONCE:
        if not (form.start_date and form.fixed_deadline):
            return []
        return [lib_periods.one_off(form.start_date, form.fixed_deadline)]
    if not form.start_date:
        return []
    end = form.end_date or until or form.start_date
    return lib_periods.periods_between(form.period_type, form.start_date, end, mode=form.window_mode)


@transaction.atomic
def ensure_periods(form: ReportForm, *, until: date | None = None) -> list[Period]:
    """Create the form's missing Period rows (idempotent) and return all of them, oldest first."""
    existing = {period.key: period for period in form.periods.all()}
    holidays = _holidays()
    for planned in planned_periods(form, until=until):
        if planned.key in existing:
            continue
        if form.period_type == PeriodType.ONCE:
            deadline = form.fixed_deadline
        else:
            deadline = lib_periods.deadline_after(planned.end, working_days=form.deadline_days, holidays=holidays)
        existing[planned.key] = Period.objects.create(
            form=form, key=planned.key, label=planned.label, start=planned.start, end=planned.end, deadline=deadline)
    return sorted(existing.values(), key=lambda period: period.start)
