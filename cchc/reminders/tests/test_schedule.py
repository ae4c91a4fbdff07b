"""The step logic, without a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc.lib.holidays import vietnam_public_holidays
from cchc.reminders.schedule import latest_step, scheduled_steps, step_to_send

from .conftest import DUE, STEP_DATES


@dataclass
class Policy:
    days_before: list[int] = field(default_factory=lambda: [7, 1])
    on_due_date: bool = True
    overdue_every: int = 3
    overdue_max: int = 10
    escalate_after: int = 3
    working_days: bool = True


TET_2021 = vietnam_public_holidays(2021, compensatory=True)  # 11–17 February 2021


def test_it_schedules_the_default_steps_on_working_days() -> None:
    steps = scheduled_steps(DUE, Policy())
    assert [s.name for s in steps][:6] == list(STEP_DATES)
    assert {s.name: s.on for s in steps[:6]} == STEP_DATES
    assert len(steps) == 2 + 1 + 10
    assert all(s.on.weekday() < 5 for s in steps)


def test_it_escalates_from_the_third_overdue_reminder() -> None:
    steps = {s.name: s for s in scheduled_steps(DUE, Policy())}
    assert not steps["overdue-1"].escalated and not steps["overdue-2"].escalated
    assert steps["overdue-3"].escalated and steps["overdue-10"].escalated
    never = {s.name: s for s in scheduled_steps(DUE, Policy(escalate_after=0))}
    assert not any(s.escalated for s in never.values())


def test_it_counts_calendar_days_when_asked() -> None:
    steps = {s.name: s.on for s in scheduled_steps(DUE, Policy(working_days=False, overdue_max=2))}
    assert steps == {"before-7": date(2020, 11, 18), "before-1": date(2020, 11, 24), "due": DUE,
                     "overdue-1": date(2020, 11, 28), "overdue-2": date(2020, 12, 1)}


def test_it_counts_back_over_a_weekend() -> None:
    monday = date(2020, 11, 30)
    steps = {s.name: s.on for s in scheduled_steps(monday, Policy())}
    assert steps["before-1"] == date(2020, 11, 27)  # the Friday, not the Sunday
    assert steps["due"] == monday


def test_a_due_date_on_a_weekend_is_reminded_the_working_day_before() -> None:
    sunday = date(2020, 11, 29)
    steps = scheduled_steps(sunday, Policy())
    by_name = {s.name: s.on for s in steps}
    assert by_name["due"] == date(2020, 11, 27)
    assert by_name["before-1"] == date(2020, 11, 27)
    assert latest_step(steps, date(2020, 11, 27)).name == "due"  # the later step of the same day wins


def test_it_skips_tet() -> None:
    after_tet = date(2021, 2, 18)  # Thursday after Tết
    steps = {s.name: s.on for s in scheduled_steps(after_tet, Policy(), TET_2021)}
    assert steps["before-1"] == date(2021, 2, 10)  # not 17 February (Tết), nor the 16th, …
    assert steps["before-7"] == date(2021, 2, 2)
    on_tet = date(2021, 2, 15)  # a due date inside Tết: the "due" reminder goes out before the holiday
    assert {s.name: s.on for s in scheduled_steps(on_tet, Policy(), TET_2021)}["due"] == date(2021, 2, 10)
    assert {s.name: s.on for s in scheduled_steps(on_tet, Policy(), TET_2021)}["overdue-1"] == date(2021, 2, 22)


def test_the_step_to_send_is_the_latest_whose_date_has_come() -> None:
    policy = Policy()
    assert step_to_send(DUE, policy, date(2020, 11, 13)) is None  # before the first step
    assert step_to_send(DUE, policy, STEP_DATES["before-7"]).name == "before-7"
    assert step_to_send(DUE, policy, date(2020, 11, 18)).name == "before-7"  # still the latest, until sent
    assert step_to_send(DUE, policy, date(2020, 11, 18), sent={"before-7"}) is None
    # missed steps are not sent after the fact: only the latest
    assert step_to_send(DUE, policy, STEP_DATES["overdue-2"]).name == "overdue-2"
    assert step_to_send(DUE, policy, STEP_DATES["overdue-2"], sent={"overdue-2"}) is None


def test_nothing_is_sent_on_a_non_working_day() -> None:
    policy = Policy()
    assert step_to_send(DUE, policy, date(2020, 11, 28)) is None  # Saturday
    assert step_to_send(DUE, policy, date(2020, 11, 30)).name == "overdue-1"  # Monday
    assert step_to_send(date(2021, 2, 18), policy, date(2021, 2, 16), TET_2021) is None  # Tết
    calendar_days = Policy(working_days=False)
    assert step_to_send(DUE, calendar_days, date(2020, 11, 28)).name == "overdue-1"


def test_overdue_max_and_no_overdue() -> None:
    steps = scheduled_steps(DUE, Policy(overdue_max=2))
    assert [s.name for s in steps] == ["before-7", "before-1", "due", "overdue-1", "overdue-2"]
    assert step_to_send(DUE, Policy(overdue_max=2), date(2021, 6, 1), sent={"overdue-2"}) is None
    assert [s.name for s in scheduled_steps(DUE, Policy(overdue_every=0, on_due_date=False, days_before=[]))] == []


def test_bad_days_before_values_are_ignored() -> None:
    steps = scheduled_steps(DUE, Policy(days_before=[1, "x", 0, -2, 7, 7], overdue_every=0))  # type: ignore[list-item]
    assert [s.name for s in steps] == ["before-7", "before-1", "due"]
