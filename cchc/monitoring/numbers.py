"""The monitoring numbers of a report form and period, defined once and used everywhere (pages, API, synthesis).

- ``expected``: units expected to report in the period (open in it: named, or of an expected kind);
- ``submitted``: those whose report is now submitted/resubmitted or approved (a returned report counts again
  only once resubmitted);
- ``on_time`` / ``late``: submitted reports split by whether their latest submission came on or before the
  deadline (``submitted = on_time + late``);
- ``overdue``: expected, not submitted, deadline passed on the clock's today;
- ``completeness`` = submitted / expected and ``timeliness`` = on_time / expected: shares in [0, 1], ``None``
  when nothing is expected.

They are computed live from the submissions (one query for the units, one for the reports): what a page or the API
answers is what the last committed transaction left. A unit merged into another before the period rolls up under
its successor: the successor's row counts a report sent by any of its predecessors for that period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.core import clock
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Period, ReportForm, Submission, expected_units_for
from cchc.reports.submissions import (
    STATE_APPROVED,
    STATE_DRAFT,
    STATE_LATE,
    STATE_MISSING,
    STATE_ON_TIME,
    STATE_OVERDUE,
    STATE_RETURNED,
    is_on_time,
    submission_state,
)

# A unit's status in a period: ONE vocabulary, decided once by ``reports.submissions.submission_state`` (the review
# list uses it as is). The monitoring pages group its two "nothing received yet, deadline not passed" states
# (missing, draft) as NOT_SUBMITTED; every other state is the same value.
ON_TIME = STATE_ON_TIME  # đã nộp đúng hạn
LATE = STATE_LATE  # nộp muộn
OVERDUE = STATE_OVERDUE  # quá hạn chưa nộp
RETURNED = STATE_RETURNED  # bị trả lại
APPROVED = STATE_APPROVED  # đã duyệt
NOT_SUBMITTED = "not_submitted"  # chưa nộp: STATE_MISSING or STATE_DRAFT before the deadline
NOT_YET_SENT = frozenset({STATE_MISSING, STATE_DRAFT})

STATUS_LABELS = {
    NOT_SUBMITTED: "Chưa nộp",
    ON_TIME: "Đã nộp đúng hạn",
    LATE: "Nộp muộn",
    OVERDUE: "Quá hạn chưa nộp",
    RETURNED: "Bị trả lại",
    APPROVED: "Đã duyệt",
}
RECEIVED = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED})


@dataclass
class Numbers:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def completeness(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    def as_dict(self) -> dict[str, Any]:
        return {"expected": self.expected, "submitted": self.submitted, "on_time": self.on_time, "late": self.late,
                "overdue": self.overdue, "completeness": self.completeness, "timeliness": self.timeliness}


@dataclass
class UnitRow:
    unit: Any  # OrgUnit
    status: str
    submission: Submission | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def submitted(self) -> bool:
        return self.status in (ON_TIME, LATE, APPROVED)


@dataclass
class Snapshot:
    """Everything monitoring knows about one form and period on one day."""

    form: ReportForm
    period: Period
    today: date
    rows: list[UnitRow]
    total: Numbers
    by_kind: dict[str, Numbers] = field(default_factory=dict)  # kind code → numbers
    kind_names: dict[str, str] = field(default_factory=dict)


def submitted_on_time(submission: Submission, period: Period) -> bool:
    """The latest submission came on or before the deadline (in Vietnam's time)."""
    return is_on_time(submission, period)


def status_of(submission: Submission | None, period: Period, today: date) -> str:
    """The unit's state (``submission_state``), missing and draft grouped as NOT_SUBMITTED."""
    state = submission_state(submission, period, today)
    return NOT_SUBMITTED if state in NOT_YET_SENT else state


def _count(numbers: Numbers, row: UnitRow, submission: Submission | None, period: Period, today: date) -> None:
    numbers.expected += 1
    if submission is not None and submission.status in RECEIVED:
        numbers.submitted += 1
        if submitted_on_time(submission, period):
            numbers.on_time += 1
        else:
            numbers.late += 1
    elif today > period.deadline:
        numbers.overdue += 1


def snapshot(form: ReportForm, period: Period, today: date | None = None) -> Snapshot:
    """Numbers, per-kind numbers and per-unit statuses of ``form`` for ``period`` (two queries)."""
    today = today or clock.today()
    units = list(expected_units_for(form, period).select_related("kind").order_by("kind__order", "sort_name"))
    submissions = list(Submission.objects.filter(form=form, period=period).select_related("unit"))
    by_unit: dict[int, Submission] = {submission.unit_id: submission for submission in submissions}
    expected_ids = {unit.pk for unit in units}
    # Roll-up: a report of a unit no longer expected (merged before the period) counts for its successor.
    orphans = [submission for submission in submissions if submission.unit_id not in expected_ids]
    if orphans:
        from cchc.units.models import OrgUnit

        successors: dict[int, set[int]] = defaultdict(set)
        for source_id, target_id in OrgUnit.successors.through.objects.filter(
                from_orgunit_id__in=[s.unit_id for s in orphans]).values_list("from_orgunit_id", "to_orgunit_id"):
            successors[source_id].add(target_id)
        for submission in orphans:
            for target in successors.get(submission.unit_id, ()):
                if target in expected_ids and target not in by_unit:
                    by_unit[target] = submission
    total = Numbers()
    by_kind: dict[str, Numbers] = {}
    kind_names: dict[str, str] = {}
    rows = []
    for unit in units:
        submission = by_unit.get(unit.pk)
        row = UnitRow(unit=unit, status=status_of(submission, period, today), submission=submission)
        rows.append(row)
        _count(total, row, submission, period, today)
        kind_names[unit.kind.code] = unit.kind.name
        _count(by_kind.setdefault(unit.kind.code, Numbers()), row, submission, period, today)
    return Snapshot(form=form, period=period, today=today, rows=rows, total=total, by_kind=by_kind,
                    kind_names=kind_names)


def summary(form: ReportForm, period: Period, today: date | None = None) -> dict[str, Any]:
    """The API's answer: the numbers and ``by_kind``."""
    snap = snapshot(form, period, today)
    return {**snap.total.as_dict(),
            "by_kind": {code: {"name": snap.kind_names[code], **numbers.as_dict()}
                        for code, numbers in snap.by_kind.items()}}


def latest_period(form: ReportForm, today: date | None = None) -> Period | None:
    """The latest period that has started (else the first one)."""
    today = today or clock.today()
    return (form.periods.filter(start__lte=today).order_by("-start").first()
            or form.periods.order_by("start").first())
