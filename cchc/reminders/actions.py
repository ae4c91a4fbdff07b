"""Writes of the reminders app: the coordinator's "Đôn đốc", reminder policies, the holiday calendar.

Views, commands and other apps call these; each checks permissions and records who acted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Role
from cchc.core.permissions import MANAGERS, role_of

from . import calendar
from .models import Holiday, ReminderPolicy, ReminderSent
from .obligations import Obligation
from .schedule import MANUAL_PREFIX
from .sending import claim_and_send

POLICY_FIELDS = ("name", "days_before", "on_due_date", "overdue_every", "overdue_max", "escalate_after",
                 "working_days", "is_default")


def _require_manager(user: Any) -> None:
    if role_of(user) not in MANAGERS:
        raise PermissionDenied(_("Only the coordinator or an administrator may do this."))


def _require_admin(user: Any) -> None:
    if role_of(user) != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator may change the holiday calendar."))


def can_remind(user: Any) -> bool:
    """Whether ``user`` may send a manual reminder ("Đôn đốc") or edit reminder policies."""
    return role_of(user) in MANAGERS


def do_remind_now(obligations: Iterable[Obligation], *, acting_user: Any, message: str = "") -> list[ReminderSent]:
    """The "Đôn đốc" button: remind each obligation's unit now, by e-mail and in-app, whatever the policy says.

    Coordinators and administrators only. Done obligations and units closed today are skipped; a failed e-mail is
    logged and leaves no record. Returns the records of the reminders sent.
    """
    _require_manager(acting_user)
    today = clock.today()
    sent = []
    for obligation in obligations:
        if obligation.done or obligation.due_date is None or not obligation.unit.is_open_on(today):
            continue
        record = claim_and_send(obligation, step=f"{MANUAL_PREFIX}{uuid.uuid4().hex}", today=today, manual=True,
                                sent_by=acting_user, message=message.strip())
        if record is not None:
            sent.append(record)
    return sent


# --- Policies ----------------------------------------------------------------------------------------------------


def _save_policy(policy: ReminderPolicy, fields: dict[str, Any]) -> ReminderPolicy:
    for name in POLICY_FIELDS:
        if name in fields:
            setattr(policy, name, fields[name])
    policy.days_before = sorted({int(n) for n in policy.days_before or []}, reverse=True)
    if any(n <= 0 for n in policy.days_before):
        raise ValidationError({"days_before": _("Enter positive whole numbers of days, e.g. 7, 1.")})
    policy.full_clean(exclude=["days_before"])
    if policy.is_default:
        ReminderPolicy.objects.exclude(pk=policy.pk).filter(is_default=True).update(is_default=False)
    elif policy.pk and not ReminderPolicy.objects.exclude(pk=policy.pk).filter(is_default=True).exists():
        policy.is_default = True  # there is always a default policy
    policy.save()
    return policy


@transaction.atomic
def do_create_policy(*, acting_user: Any, **fields: Any) -> ReminderPolicy:
    _require_manager(acting_user)
    with acting_as(acting_user):
        return _save_policy(ReminderPolicy(), fields)


@transaction.atomic
def do_update_policy(policy: ReminderPolicy, *, acting_user: Any, **fields: Any) -> ReminderPolicy:
    _require_manager(acting_user)
    with acting_as(acting_user):
        return _save_policy(policy, fields)


# --- Holidays ----------------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_holiday(*, acting_user: Any, day: date, name: str) -> Holiday:
    _require_admin(acting_user)
    with acting_as(acting_user):
        holiday, _created = Holiday.objects.update_or_create(date=day, defaults={"name": name.strip()})
    return holiday


@transaction.atomic
def do_delete_holiday(holiday: Holiday, *, acting_user: Any) -> None:
    _require_admin(acting_user)
    with acting_as(acting_user):
        holiday.delete()


@transaction.atomic
def do_load_holidays(year: int, *, acting_user: Any) -> int:
    """(Re)load Vietnam's public holidays of ``year``; returns how many days were added."""
    if acting_user is not None:  # None: the command line (the operator)
        _require_admin(acting_user)
    with acting_as(acting_user):
        return calendar.load_year(year)
