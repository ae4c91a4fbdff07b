"""When to remind: the steps of a reminder policy as dates, and the one step to send on a given day.

Pure functions (no database): a policy is anything with the attributes of ``ReminderPolicy``.

Steps, in order, for a due date D:

* ``before-N`` for each N of ``days_before`` (largest first): N days before D — N *working* days when the policy
  counts working days, so the step always lands on a working day;
* ``due`` on D — or, when D is not a working day, on the working day before it;
* ``overdue-1`` … ``overdue-<overdue_max>``: k × ``overdue_every`` (working) days after D.

From ``overdue-<escalate_after>`` on (3 by default: after the second overdue reminder) the unit's head is copied;
``escalate_after`` 0 means never. The dates never go down along the list, so "the latest step whose date has come"
is the last such step in the list. Only that step is ever sent: earlier steps missed (the obligation was created
late, the server was down) are not sent after the fact.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from cchc.lib.holidays import add_working_days, is_working_day

DUE = "due"
BEFORE_PREFIX = "before-"
OVERDUE_PREFIX = "overdue-"
MANUAL_PREFIX = "manual-"


class PolicyLike(Protocol):
    days_before: list[int]
    on_due_date: bool
    overdue_every: int
    overdue_max: int
    escalate_after: int
    working_days: bool


@dataclass(frozen=True)
class Step:
    """One scheduled reminder: its name ("before-7", "due", "overdue-2"), its date, whether the head is copied."""

    name: str
    on: date
    escalated: bool = False

    @property
    def overdue_index(self) -> int:
        """1 for "overdue-1", …; 0 for the other steps."""
        return int(self.name.removeprefix(OVERDUE_PREFIX)) if self.name.startswith(OVERDUE_PREFIX) else 0


def _shift(day: date, days: int, policy: PolicyLike, holidays: Collection[date]) -> date:
    if policy.working_days:
        return add_working_days(day, days, holidays)
    return day + timedelta(days=days)


def previous_working_day(day: date, holidays: Collection[date]) -> date:
    """``day`` itself if it is a working day, else the working day before it."""
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return day


def days_before_list(policy: PolicyLike) -> list[int]:
    """The policy's positive ``days_before``, largest first, without repeats."""
    values: set[int] = set()
    for value in policy.days_before or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number > 0:
            values.add(number)
    return sorted(values, reverse=True)


def scheduled_steps(due_date: date, policy: PolicyLike, holidays: Collection[date] = frozenset()) -> list[Step]:
    """Every step of ``policy`` for an obligation due on ``due_date``, in order (dates never decrease)."""
    steps = [Step(f"{BEFORE_PREFIX}{n}", _shift(due_date, -n, policy, holidays)) for n in days_before_list(policy)]
    if policy.on_due_date:
        on = previous_working_day(due_date, holidays) if policy.working_days else due_date
        steps.append(Step(DUE, on))
    if policy.overdue_every > 0:
        for k in range(1, policy.overdue_max + 1):
            escalated = policy.escalate_after > 0 and k >= policy.escalate_after
            steps.append(Step(f"{OVERDUE_PREFIX}{k}", _shift(due_date, k * policy.overdue_every, policy, holidays),
                              escalated))
    # A "before" step may fall on the day the "due" step was moved back to: keep the list ordered by date.
    return sorted(steps, key=lambda step: step.on)


def latest_step(steps: Iterable[Step], today: date) -> Step | None:
    """The last step whose date has come (≤ today), or None."""
    latest = None
    for step in steps:
        if step.on <= today:
            latest = step
    return latest


def step_to_send(
    due_date: date,
    policy: PolicyLike,
    today: date,
    holidays: Collection[date] = frozenset(),
    sent: Collection[str] = frozenset(),
) -> Step | None:
    """The step to send today, or None.

    None on a non-working day (when the policy counts working days), before the first step, and when the latest
    step whose date has come was already sent (``sent``: the names of the steps already recorded).
    """
    if policy.working_days and not is_working_day(today, holidays):
        return None
    step = latest_step(scheduled_steps(due_date, policy, holidays), today)
    if step is None or step.name in sent:
        return None
    return step


def overdue_days(due_date: date, today: date) -> int:
    """Calendar days past the due date (0 when not overdue)."""
    return max((today - due_date).days, 0)
