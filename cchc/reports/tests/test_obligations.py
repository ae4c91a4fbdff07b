"""Expected submissions as obligations (reminders) and as rows of "Việc của đơn vị"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from cchc.directives.views.assignments import obligation_rows
from cchc.reminders.obligations import source_for
from cchc.reports import submissions as actions
from cchc.reports.models import Submission
from cchc.reports.obligations import SubmissionSource, obligation_pk

from .test_submissions import ReportSetup, make_report_setup


@pytest.fixture
def setup(province: Any) -> ReportSetup:
    return make_report_setup()


def _submit(setup: ReportSetup, unit: Any, user: Any) -> Submission:
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=unit, acting_user=user)
    actions.do_save_submission(submission, acting_user=user, values={"articles": "1", "received": "1"})
    return actions.do_submit(submission, acting_user=user)


def test_the_source_is_registered() -> None:
    assert isinstance(source_for("submission"), SubmissionSource)


def test_expected_units_without_a_received_report_owe_it(setup: ReportSetup, province: Any, alice: Any,
                                                          bob: Any) -> None:
    _submit(setup, province.stttt, alice)
    actions.do_start_submission(form=setup.form, period=setup.period, unit=province.pleiku, acting_user=bob)
    today = date(2020, 3, 1)  # only the first quarter has begun
    obligations = list(SubmissionSource().open_obligations(today))
    units = {obligation.unit.code for obligation in obligations}
    assert units == {"snv", "stp", "ubnd-pleiku", "ubnd-chupah"}  # stttt has sent its report; mttq not expected
    pleiku = next(obligation for obligation in obligations if obligation.unit == province.pleiku)
    draft = Submission.objects.get(unit=province.pleiku)
    assert pleiku.due_date == setup.period.deadline
    assert pleiku.pk == obligation_pk(setup.period, province.pleiku)
    assert pleiku.title == f"{setup.form.name} — {setup.period.label}"  # not "Báo cáo Báo cáo …"
    assert pleiku.url == draft.get_absolute_url()
    assert pleiku.group == f"form:{setup.form.pk}:{setup.period.pk}"
    assert not pleiku.done
    chupah = next(obligation for obligation in obligations if obligation.unit == province.chupah)
    assert chupah.url.startswith(reverse("reports:submission_start") + "?")
    assert f"unit={province.chupah.pk}" in chupah.url
    assert Submission.objects.count() == 2  # reading creates nothing
    later = list(SubmissionSource().open_obligations(date(2020, 12, 31)))
    assert len(later) == 4 + 3 * 5  # the other three quarters: all five expected units


def test_get_decodes_the_id(setup: ReportSetup, province: Any, alice: Any) -> None:
    source = SubmissionSource()
    obligation = source.get(obligation_pk(setup.period, province.stttt))
    assert obligation is not None and obligation.unit == province.stttt and not obligation.done
    _submit(setup, province.stttt, alice)
    obligation = source.get(obligation_pk(setup.period, province.stttt))
    assert obligation.done and obligation.completed_on is not None
    assert source.get(obligation_pk(setup.period, province.mttq)) is None
    assert source.get(999 * 1_000_000 + province.stttt.pk) is None


def test_closed_units_are_not_expected(setup: ReportSetup, province: Any) -> None:
    province.chupah.valid_to = setup.period.start - timedelta(days=1)
    province.chupah.save()
    units = {obligation.unit for obligation in SubmissionSource().open_obligations(date(2020, 3, 1))}
    assert province.chupah not in units
    assert province.pleiku in units
    assert province.chupah not in [unit for unit, _s in actions.expected_rows(setup.form, setup.period)]


def test_inactive_forms_owe_nothing(setup: ReportSetup) -> None:
    setup.form.is_active = False
    setup.form.save()
    assert list(SubmissionSource().open_obligations(date(2020, 12, 31))) == []


def test_my_tasks_lists_the_report_beside_assignments(settings: Any, setup: ReportSetup, province: Any, alice: Any,
                                                      alice_client: Any) -> None:
    today = setup.period.deadline + timedelta(days=3)
    rows = [row for row in obligation_rows(alice, today) if row.kind == "submission"]
    assert [(row.unit, row.due_date, row.state) for row in rows] == [
        (province.stttt, setup.period.deadline, "overdue"), (province.stttt, setup.periods[1].deadline, "todo")]
    assert rows[0].overdue_days == 3
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt,
                                             acting_user=alice)
    rows = [row for row in obligation_rows(alice, setup.period.start) if row.kind == "submission"]
    assert rows[0].state == "in_progress" and rows[0].url == submission.get_absolute_url()
    settings.CCHC_TODAY = today.isoformat()
    _submit(setup, province.stttt, alice)
    rows = [row for row in obligation_rows(alice, today) if row.kind == "submission"]
    done = next(row for row in rows if row.due_date == setup.period.deadline)
    assert done.done and done.state == "late"
    settings.CCHC_TODAY = today.isoformat()
    response = alice_client.get(reverse("directives:my_tasks"))
    assert response.status_code == 200
    assert setup.periods[1].label in response.content.decode()


def test_my_tasks_for_another_officer(setup: ReportSetup, bob: Any) -> None:
    rows = [row for row in obligation_rows(bob, date(2020, 3, 1)) if row.kind == "submission"]
    assert {row.unit.code for row in rows} == {"ubnd-pleiku"}
