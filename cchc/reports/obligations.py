"""Expected report submissions as obligations for the reminder machinery (see cchc.reminders.obligations), and as
rows of the officer's "Việc của đơn vị" (cchc.directives.views.assignments reaches them through the registry).

An obligation is a (form, period, unit) triple, whether or not a draft exists yet: nothing is created by reading.
Its id encodes the period and the unit: ``period.pk * 1_000_000 + unit.pk``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from cchc.core import clock
from cchc.core.choices import Role
from cchc.core.permissions import role_of, unit_ids_of
from cchc.reminders.obligations import Obligation, register

from .models import Period, ReportForm, Submission, expected_units_for
from .submissions import is_on_time

PK_FACTOR = 1_000_000


def obligation_pk(period: Period, unit: Any) -> int:
    return period.pk * PK_FACTOR + unit.pk


def start_url(form: ReportForm, period: Period, unit: Any) -> str:
    query = urlencode({"form": form.pk, "period": period.pk, "unit": unit.pk})
    return f"{reverse('reports:submission_start')}?{query}"


def _title(form: ReportForm, period: Period) -> str:
    """"Báo cáo <form> — <period>", without "Báo cáo Báo cáo …" when the form's name already says it."""
    name = form.name if form.name.casefold().startswith("báo cáo") else f"Báo cáo {form.name}"
    return f"{name} — {period.label}"


def _obligation(form: ReportForm, period: Period, unit: Any, submission: Submission | None) -> Obligation:
    received = submission is not None and submission.status in ("submitted", "approved")
    completed_on = (submission.submitted_at.astimezone(clock.VIETNAM).date()
                    if received and submission and submission.submitted_at else None)
    return Obligation(
        kind=SubmissionSource.kind,
        pk=obligation_pk(period, unit),
        unit=unit,
        due_date=period.deadline,
        title=_title(form, period),
        url=submission.get_absolute_url() if submission else start_url(form, period, unit),
        done=received,
        completed_on=completed_on,
        policy=form.policy,
        group=f"form:{form.pk}:{period.pk}",
        extra={"form_id": form.pk, "period_id": period.pk,
               "submission_id": submission.pk if submission else None},
    )


def expected_triples(today: date, unit_ids: set[int] | None = None) -> Iterator[tuple[ReportForm, Period, Any,
                                                                            Submission | None]]:
    """(form, period, expected unit, its submission or None) for every active form's periods begun by today."""
    forms = ReportForm.objects.filter(is_active=True).select_related("policy", "directive")
    for form in forms:
        for period in form.periods.filter(start__lte=today, deadline__isnull=False).order_by("start"):
            units = expected_units_for(form, period)
            if unit_ids is not None:
                units = units.filter(pk__in=unit_ids)
            units = list(units.select_related("kind"))
            if not units:
                continue
            submissions = {submission.unit_id: submission
                           for submission in Submission.objects.filter(form=form, period=period)}
            for unit in units:
                yield form, period, unit, submissions.get(unit.pk)


class SubmissionSource:
    """Each expected unit owes each begun period of each active form its report by the period's deadline."""

    kind = "submission"

    def open_obligations(self, today: date) -> Iterable[Obligation]:
        for form, period, unit, submission in expected_triples(today):
            obligation = _obligation(form, period, unit, submission)
            if not obligation.done:
                yield obligation

    def get(self, pk: int) -> Obligation | None:
        period_pk, unit_pk = divmod(int(pk), PK_FACTOR)
        period = Period.objects.select_related("form__policy").filter(pk=period_pk).first()
        if period is None or not period.form.is_active:
            return None
        unit = expected_units_for(period.form, period).filter(pk=unit_pk).first()
        if unit is None:
            return None
        submission = Submission.objects.filter(form=period.form, period=period, unit=unit).first()
        return _obligation(period.form, period, unit, submission)

    def rows_for(self, user: Any, today: date) -> list[Any]:
        """The expected reports of the user's units (everyone's for coordinators and leaders) as rows of
        "Việc của đơn vị": todo, in progress (draft or returned), on time / late once received, overdue."""
        from cchc.directives.views.assignments import ObligationRow

        role = role_of(user)
        if role is None:
            return []
        unit_ids = unit_ids_of(user) if role == Role.OFFICER else None
        if unit_ids is not None and not unit_ids:
            return []
        rows = []
        for form, period, unit, submission in expected_triples(today, unit_ids):
            obligation = _obligation(form, period, unit, submission)
            if obligation.done:
                status = "done"
                state = "on_time" if is_on_time(submission, period) else "late"  # type: ignore[arg-type]
            else:
                status = "in_progress" if submission is not None else "todo"
                state = "overdue" if today > period.deadline else status
            directive = form.directive
            rows.append(ObligationRow(
                kind=self.kind, pk=obligation.pk, unit=unit,
                title=form.name,
                text=period.label,
                source=directive.short_label if directive else "",
                source_url=directive.get_absolute_url() if directive else reverse("reports:submissions"),
                due_date=period.deadline, status=status, state=state, completed_on=obligation.completed_on,
                url=obligation.url,
                overdue_days=(today - period.deadline).days if state == "overdue" else 0,
            ))
        return rows


def register_sources() -> None:
    register(SubmissionSource())
