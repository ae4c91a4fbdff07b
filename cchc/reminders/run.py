"""The reminder run: every registered source's open obligations, the step each is at today, sent once.

``cchc remind`` (every 15 minutes from the scheduler) and the ``send_due_reminders`` task call ``run_reminders``.
Running it again, or from several schedulers at once, sends nothing twice (see ``sending.claim_and_send``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.core import clock

from .calendar import holiday_dates
from .models import ReminderPolicy, ReminderSent
from .obligations import Obligation, sources
from .schedule import MANUAL_PREFIX, Step, step_to_send
from .sending import Recipients, claim_and_send, recipients_for, retry_when_locked

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """A reminder due today: the obligation, the step, who receives it; ``sent`` is the record once sent."""

    obligation: Obligation
    step: Step
    recipients: Recipients
    sent: ReminderSent | None = None


def _sent_steps(kind: str) -> dict[int, set[str]]:
    """The automatic steps already recorded for the obligations of ``kind``, by obligation id."""
    sent: dict[int, set[str]] = defaultdict(set)
    rows = ReminderSent.objects.filter(kind=kind).exclude(step__startswith=MANUAL_PREFIX)
    for object_id, step in rows.values_list("object_id", "step").iterator():
        sent[object_id].add(step)
    return sent


def _default_policy(*, dry_run: bool) -> ReminderPolicy:
    """The default policy; a dry run does not create it when missing (an unsaved one with the model defaults)."""
    if dry_run:
        found = ReminderPolicy.objects.filter(is_default=True).first()
        return found or ReminderPolicy(name="Mặc định", days_before=[7, 1], is_default=True)
    return ReminderPolicy.default()


def plan_for(
    obligation: Obligation, today: date, holidays: Collection[date], sent: Collection[str], policy: Any
) -> Step | None:
    """The step to send today for one obligation, or None (done, no due date, unit closed, nothing due)."""
    if obligation.done or obligation.due_date is None:
        return None
    if not obligation.unit.is_open_on(today):
        return None
    return step_to_send(obligation.due_date, policy, today, holidays, sent)


def run_reminders(today: date | None = None, *, dry_run: bool = False) -> list[Planned]:
    """Send today's reminders of every obligation source; return what was sent (``dry_run``: what would be,
    with nothing sent or recorded)."""
    today = today or clock.today()
    holidays = holiday_dates()
    default_policy: ReminderPolicy | None = None
    planned: list[Planned] = []
    for source in sources():
        sent_steps = retry_when_locked(lambda kind=source.kind: _sent_steps(kind))
        # Read the whole list first: no cursor stays open while e-mails go out.
        for obligation in list(source.open_obligations(today)):
            policy = obligation.policy
            if policy is None:
                if default_policy is None:
                    default_policy = _default_policy(dry_run=dry_run)
                policy = default_policy
            step = plan_for(obligation, today, holidays, sent_steps.get(obligation.pk, ()), policy)
            if step is None:
                continue
            recipients = recipients_for(obligation.unit, escalated=step.escalated)
            if dry_run:
                planned.append(Planned(obligation, step, recipients))
                continue
            record = claim_and_send(obligation, step=step.name, today=today, escalated=step.escalated,
                                    recipients=recipients)
            if record is not None:
                planned.append(Planned(obligation, step, recipients, record))
    if not dry_run and planned:
        logger.info("Reminders sent on %s: %d", today, len(planned))
    return planned
