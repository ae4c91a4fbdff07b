"""Every monitoring number on hand-computed cases, and after every workflow step."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, connection

from cchc.monitoring import numbers
from cchc.monitoring.numbers import snapshot, summary
from cchc.reports import submissions as actions
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Submission
from cchc.test import make_unit, make_user
from cchc.units.actions import do_merge_units

from .helpers import DEADLINE, at, make_form, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(province: Any) -> Any:
    """5 expected units (3 departments, 2 districts); a district closed before the period; others not expected."""
    form, (period,) = make_form()
    make_unit("ubnd-cu", "district", "UBND huyện Cũ", parent=province.province, valid_to=date(2019, 12, 31))
    report(form, period, province.snv, when=at(date(2020, 4, 9)))  # on time
    report(form, period, province.stttt, when=at(date(2020, 4, 11), 0, 30))  # late (17:30 UTC on the 10th)
    report(form, period, province.stp, SubmissionStatus.DRAFT)  # a draft is not a report
    report(form, period, province.pleiku, SubmissionStatus.APPROVED, at(DEADLINE, 23, 30))  # on time, approved
    report(form, period, province.chupah, SubmissionStatus.RETURNED, at(date(2020, 4, 8)))  # returned: not counted
    report(form, period, province.mttq, when=at(date(2020, 4, 1)))  # not expected: ignored
    return form, period


def test_numbers_after_the_deadline(case: Any, province: Any) -> None:
    form, period = case
    snap = snapshot(form, period, date(2020, 4, 15))
    assert snap.total.as_dict() == {"expected": 5, "submitted": 3, "on_time": 2, "late": 1, "overdue": 2,
                                    "completeness": 0.6, "timeliness": 0.4}
    statuses = {row.unit.code: row.status for row in snap.rows}
    assert statuses == {"snv": numbers.ON_TIME, "stttt": numbers.LATE, "stp": numbers.OVERDUE,
                        "ubnd-pleiku": numbers.APPROVED, "ubnd-chupah": numbers.RETURNED}
    assert snap.by_kind["department"].as_dict() == {"expected": 3, "submitted": 2, "on_time": 1, "late": 1,
                                                    "overdue": 1, "completeness": 2 / 3, "timeliness": 1 / 3}
    assert snap.by_kind["district"].as_dict() == {"expected": 2, "submitted": 1, "on_time": 1, "late": 0,
                                                  "overdue": 1, "completeness": 0.5, "timeliness": 0.5}


def test_nothing_is_overdue_before_the_deadline(case: Any) -> None:
    form, period = case
    snap = snapshot(form, period, date(2020, 4, 5))
    assert snap.total.overdue == 0
    assert {row.unit.code: row.status for row in snap.rows}["stp"] == numbers.NOT_SUBMITTED
    assert snapshot(form, period, DEADLINE).total.overdue == 0  # the deadline day itself is not late
    assert snapshot(form, period, date(2020, 4, 11)).total.overdue == 2


def test_the_clock_decides_overdue(case: Any, settings: Any) -> None:
    form, period = case
    settings.CCHC_TODAY = "2020-04-10"
    assert summary(form, period)["overdue"] == 0
    settings.CCHC_TODAY = "2020-04-11"
    assert summary(form, period)["overdue"] == 2


def test_nothing_expected_gives_no_shares(province: Any) -> None:
    form, (period,) = make_form(kinds=())
    assert summary(form, period, date(2020, 4, 15)) == {"expected": 0, "submitted": 0, "on_time": 0, "late": 0,
                                                        "overdue": 0, "completeness": None, "timeliness": None,
                                                        "by_kind": {}}


def test_an_empty_report_counts_as_submitted(province: Any, alice: Any) -> None:
    """Numbers are about reports, not values: a report with nothing filled in is still a report."""
    form, (period,) = make_form(kinds=("department",))
    submission = actions.do_start_submission(form=form, period=period, unit=province.stttt, acting_user=alice)
    assert submission.values.count() == 0
    assert summary(form, period, date(2020, 4, 5))["submitted"] == 0
    actions.do_submit(submission, acting_user=alice)
    assert summary(form, period, date(2020, 4, 5))["submitted"] == 1


def test_a_merged_units_report_rolls_up_to_its_successor(province: Any) -> None:
    old = make_unit("ubnd-a", "district", "UBND huyện A", parent=province.province)
    new = make_unit("ubnd-b", "district", "UBND huyện B", parent=province.province, valid_from=date(2020, 1, 1))
    do_merge_units([old], new, on=date(2019, 12, 31), acting_user=None)
    old.refresh_from_db()
    assert old.valid_to is not None and old.valid_to < date(2020, 1, 1)
    form, (period,) = make_form(kinds=("district",))
    report(form, period, old, when=at(date(2020, 4, 2)))
    snap = snapshot(form, period, date(2020, 4, 15))
    row = {row.unit.code: row for row in snap.rows}
    assert "ubnd-a" not in row
    assert row["ubnd-b"].status == numbers.ON_TIME
    assert snap.total.as_dict()["submitted"] == 1
    assert snap.total.expected == 3  # Pleiku, Chư Păh, the new district


def test_numbers_follow_every_workflow_step(province: Any, alice: Any, coordinator: Any, settings: Any) -> None:
    form, (period,) = make_form(kinds=("department",))
    settings.CCHC_TODAY = "2020-04-08"

    def check(**expected: Any) -> None:
        got = summary(form, period)
        assert {key: got[key] for key in expected} == expected

    check(expected=3, submitted=0, on_time=0, late=0, overdue=0)
    submission = actions.do_start_submission(form=form, period=period, unit=province.stttt, acting_user=alice)
    check(submitted=0, overdue=0)
    submission = actions.do_submit(submission, acting_user=alice)
    check(submitted=1, on_time=1, late=0, completeness=1 / 3, timeliness=1 / 3)
    submission = actions.do_return(submission, acting_user=coordinator, reason="Thiếu số liệu")
    check(submitted=0, on_time=0, late=0)
    settings.CCHC_TODAY = "2020-04-12"  # resubmitted after the deadline: counts again, late
    check(submitted=0, overdue=3)
    submission = actions.do_submit(submission, acting_user=alice)
    check(submitted=1, on_time=0, late=1, overdue=2)
    actions.do_approve(submission, acting_user=coordinator)
    check(submitted=1, on_time=0, late=1, overdue=2)
    assert {row.unit.code: row.status for row in snapshot(form, period).rows}["stttt"] == numbers.APPROVED


def _submit_with_retry(submission: Submission, user: Any) -> None:
    for attempt in range(20):
        try:
            actions.do_submit(submission, acting_user=user)
            return
        except OperationalError:  # SQLite in memory: "database table is locked" while the other thread writes
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("could not submit")


@pytest.mark.django_db(transaction=True)
def test_two_officers_submitting_at_the_same_moment_are_both_counted(province: Any, alice: Any,
                                                                      settings: Any) -> None:
    bob = make_user("bob2", "officer", [province.pleiku])
    form, (period,) = make_form()
    settings.CCHC_TODAY = "2020-04-08"
    first = actions.do_start_submission(form=form, period=period, unit=province.stttt, acting_user=alice)
    second = actions.do_start_submission(form=form, period=period, unit=province.pleiku, acting_user=bob)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(submission: Submission, user: Any) -> None:
        try:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA read_uncommitted = 1")
            barrier.wait()
            _submit_with_retry(submission, user)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in ((first, alice), (second, bob))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    got = summary(form, period)
    assert (got["submitted"], got["on_time"], got["late"]) == (2, 2, 0)
    assert got["by_kind"]["department"]["submitted"] == 1
    assert got["by_kind"]["district"]["submitted"] == 1
