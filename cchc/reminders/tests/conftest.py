"""Obligations for the reminder tests, built through the real directives models (one directive, one task,
assignments for Sở TT&TT — alice's unit — and UBND thành phố Pleiku — bob's)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.directives.models import Assignment, Directive, Task

DUE = date(2020, 11, 25)  # a Wednesday
# The default policy's steps for DUE (working days: weekends skipped, no holiday in the period).
STEP_DATES = {
    "before-7": date(2020, 11, 16),
    "before-1": date(2020, 11, 24),
    "due": date(2020, 11, 25),
    "overdue-1": date(2020, 11, 30),
    "overdue-2": date(2020, 12, 3),
    "overdue-3": date(2020, 12, 8),
}


@pytest.fixture
def directive(province: Any) -> Directive:
    return Directive.objects.create(
        number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1), issuer="UBND tỉnh Gia Lai",
        subject="Về việc đẩy mạnh tuyên truyền cải cách hành chính năm 2020",
    )


@pytest.fixture
def task(directive: Directive) -> Task:
    return Task.objects.create(directive=directive, label="1", text="Tuyên truyền cải cách hành chính", due_date=DUE)


@pytest.fixture
def assignment(task: Task, province: Any, alice: Any) -> Assignment:
    """Sở TT&TT's assignment, due DUE (alice is its officer)."""
    return Assignment.objects.create(task=task, unit=province.stttt, due_date=DUE)


@pytest.fixture
def pleiku_assignment(task: Task, province: Any, bob: Any) -> Assignment:
    return Assignment.objects.create(task=task, unit=province.pleiku, due_date=DUE)


@pytest.fixture
def on_day(settings: Any):  # type: ignore[no-untyped-def]
    """``on_day(date)`` fixes the clock."""

    def fix(day: date) -> date:
        settings.CCHC_TODAY = day.isoformat()
        return day

    return fix
