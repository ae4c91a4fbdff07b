"""``cchc gen-demo``: a small province of every kind, periods of three types, reports in every state, numbers that
add up, and a second run that refuses or resets cleanly."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cchc.monitoring import numbers
from cchc.monitoring.generate import FORMS, PREFIX, plan_units
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Activity, IndicatorValue, Period, ReportForm, Submission
from cchc.units import choices as kinds
from cchc.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CCHC_TODAY = "2026-06-20"  # a fixed clock: the same province on every run

REPORTING_KINDS = {kinds.PROVINCE, kinds.DEPARTMENT, kinds.DISTRICT, kinds.COMMUNE, kinds.MASS_ORG, kinds.PRESS,
                   kinds.BROADCASTER, kinds.PORTAL, kinds.SERVICE_CENTRE, kinds.POST}


def _generate(**options):  # type: ignore[no-untyped-def]
    call_command("gen-demo", units=60, years=1, no_progress=True, **options)


def test_generates_a_province_of_every_kind() -> None:
    _generate()
    units = OrgUnit.objects.filter(code__startswith=PREFIX)
    assert units.count() == 60
    assert set(units.values_list("kind__code", flat=True)) == REPORTING_KINDS
    assert sum(plan_units(60).values()) == 60
    communes = units.filter(kind__code=kinds.COMMUNE)
    assert communes.count() > 30
    assert not communes.exclude(parent__kind__code=kinds.DISTRICT).exists()
    merged = communes.filter(valid_to__isnull=False)
    assert merged.exists() and all(unit.successors.exists() for unit in merged)
    assert units.filter(sort_name="").count() == 0 and units.filter(search_text="").count() == 0

    forms = ReportForm.objects.filter(code__startswith=PREFIX)
    assert set(forms.values_list("period_type", flat=True)) == {"month", "quarter", "year"}
    assert Period.objects.filter(form__in=forms, form__period_type="month").count() >= 12
    statuses = set(Submission.objects.filter(form__in=forms).values_list("status", flat=True))
    assert statuses == {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED,
                        SubmissionStatus.APPROVED}
    assert IndicatorValue.objects.filter(submission__form__in=forms).exists()
    assert Activity.objects.filter(unit__in=units).count() > 60
    assert not Activity.objects.filter(unit__in=units, topics__isnull=True).exists()

    seen = {numbers.ON_TIME: 0, numbers.LATE: 0, numbers.OVERDUE: 0, numbers.RETURNED: 0, numbers.APPROVED: 0}
    for form in forms:
        for period in form.periods.all():
            snap = numbers.snapshot(form, period)
            total = snap.total
            assert total.submitted == total.on_time + total.late
            assert total.expected >= total.submitted + total.overdue
            assert total.expected > 0 and 0 <= total.completeness <= 1 and 0 <= total.timeliness <= 1
            assert sum(n.expected for n in snap.by_kind.values()) == total.expected
            summary = numbers.summary(form, period)
            assert summary["submitted"] == summary["on_time"] + summary["late"]
            for row in snap.rows:
                if row.status in seen:
                    seen[row.status] += 1
    assert all(seen.values()), seen  # on time, late, overdue (missing), returned and approved all occur
    assert len(FORMS) == forms.count()


def test_second_run_refuses_then_resets_cleanly() -> None:
    _generate()
    counts = (OrgUnit.objects.filter(code__startswith=PREFIX).count(), Submission.objects.count(),
              Activity.objects.count())
    with pytest.raises(CommandError, match="--reset"):
        _generate()
    assert Submission.objects.count() == counts[1]
    _generate(reset=True)
    assert (OrgUnit.objects.filter(code__startswith=PREFIX).count(), Submission.objects.count(),
            Activity.objects.count()) == counts  # same seed, same clock: the same province again


def test_lives_beside_other_units(province) -> None:  # type: ignore[no-untyped-def]
    before = OrgUnit.objects.exclude(code__startswith=PREFIX).count()
    _generate()
    _generate(reset=True)
    assert OrgUnit.objects.exclude(code__startswith=PREFIX).count() == before


def test_rejects_too_few_units() -> None:
    with pytest.raises(CommandError):
        call_command("gen-demo", units=5, years=1, no_progress=True)
