"""Sending one reminder: who receives it, the e-mail, the in-app notification, and the exactly-once claim.

The claim comes first: the ``ReminderSent`` row is inserted in its own transaction, and the unique constraint on
(kind, object_id, step) lets only one of several concurrent runs through; the others skip. If the e-mail then fails,
the claim is deleted so that a later run tries again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.choices import Role
from cchc.core.models import notify
from cchc.lib import vn

from .models import ReminderSent
from .obligations import Obligation
from .schedule import BEFORE_PREFIX, DUE, MANUAL_PREFIX, OVERDUE_PREFIX, overdue_days

logger = logging.getLogger(__name__)

NOTIFICATION_CATEGORY = "reminder"
LOCK_ATTEMPTS = 40  # SQLite answers "database (table) is locked" when another writer holds it: wait and retry
LOCK_WAIT = 0.05  # seconds, growing with each attempt

T = TypeVar("T")


def retry_when_locked(operation: Callable[[], T]) -> T:
    """Run ``operation``; while SQLite reports the database locked by another writer, wait a little and retry."""
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            return operation()
        except OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == LOCK_ATTEMPTS:
                raise
            time.sleep(min(LOCK_WAIT * attempt, 0.5))
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Recipients:
    """Who a reminder goes to: accounts (in-app), e-mail addresses, and the head in copy once escalated."""

    users: tuple[Any, ...] = ()
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        return self.to + self.cc

    def describe(self) -> str:
        """"a@x, b@y, cc: head@z" — what the record and the summary show."""
        text = ", ".join(self.to)
        if self.cc:
            text = f"{text}; cc: {', '.join(self.cc)}" if text else ", ".join(self.cc)
        return text


def _unique(addresses: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            out.append(address)
    return out


def recipients_for(unit: Any, *, escalated: bool = False) -> Recipients:
    """The unit's active officer accounts (in-app, and by e-mail when they have one), its contact e-mails, and —
    escalated — its head in copy."""
    users = tuple(unit.members.filter(is_active=True, role=Role.OFFICER).order_by("username"))
    to = _unique([user.email for user in users] + unit.email_list())
    cc = [] if not escalated else [a for a in _unique([unit.head_email]) if a.lower() not in {t.lower() for t in to}]
    if not to and cc:
        to, cc = cc, []
    return Recipients(users=users, to=tuple(to), cc=tuple(cc))


def step_label(step: str) -> str:
    """How a step reads in Vietnamese: "trước hạn 7 ngày", "đến hạn", "quá hạn, lần 2", "đôn đốc trực tiếp"."""
    if step.startswith(BEFORE_PREFIX):
        return _("%(n)s days before the due date") % {"n": step.removeprefix(BEFORE_PREFIX)}
    if step == DUE:
        return _("on the due date")
    if step.startswith(OVERDUE_PREFIX):
        return _("overdue, reminder %(n)s") % {"n": step.removeprefix(OVERDUE_PREFIX)}
    if step.startswith(MANUAL_PREFIX):
        return _("manual reminder")
    return step


def absolute_url(path: str) -> str:
    base = (getattr(settings, "CCHC_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base and path.startswith("/") else path


def build_email(
    obligation: Obligation, *, step: str, today: date, recipients: Recipients, escalated: bool = False,
    message: str = "",
) -> EmailMultiAlternatives:
    """The reminder e-mail (subject, text and HTML templates under templates/emails/), in Vietnamese."""
    context = {
        "unit": obligation.unit,
        "obligation": obligation,
        "title": obligation.title,
        "due_date": obligation.due_date,
        "due": vn.date_short(obligation.due_date),
        "today": today,
        "step": step,
        "step_label": step_label(step),
        "is_overdue": obligation.due_date < today,
        "is_due_today": obligation.due_date == today,
        "days_overdue": overdue_days(obligation.due_date, today),
        "days_left": max((obligation.due_date - today).days, 0),
        "manual": step.startswith(MANUAL_PREFIX),
        "escalated": escalated,
        "message": message,
        "url": absolute_url(obligation.url),
        "site_name": settings.CCHC_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/reminder_subject.txt", context).split())
        text = render_to_string("emails/reminder.txt", context)
        html = render_to_string("emails/reminder.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=list(recipients.to), cc=list(recipients.cc))
    email.attach_alternative(html, "text/html")
    return email


def notification_title(obligation: Obligation, step: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Reminder (%(step)s): %(title)s — due %(due)s") % {
            "step": step_label(step), "title": obligation.title, "due": vn.date_short(obligation.due_date)}


def claim_and_send(
    obligation: Obligation,
    *,
    step: str,
    today: date,
    escalated: bool = False,
    manual: bool = False,
    sent_by: Any = None,
    message: str = "",
    recipients: Recipients | None = None,
) -> ReminderSent | None:
    """Claim ``step`` for ``obligation``, then send it. None when another run has the step, or when sending failed
    (the claim is then released and the error logged, so a later run retries)."""
    if recipients is None:
        recipients = recipients_for(obligation.unit, escalated=escalated)

    def claim() -> ReminderSent:
        with transaction.atomic():
            return ReminderSent.objects.create(
                kind=obligation.kind, object_id=obligation.pk, step=step, unit=obligation.unit,
                due_date=obligation.due_date, title=obligation.title[:255], recipients=recipients.describe(),
                escalated=escalated, manual=manual, sent_by=sent_by, sent_on=today, sent_at=timezone.now(),
            )

    try:
        record = retry_when_locked(claim)
    except IntegrityError:
        return None  # another run claimed this step first
    except OperationalError:
        logger.warning("Reminder %s for %s #%s not claimed: the database stayed busy; a later run retries",
                       step, obligation.kind, obligation.pk)
        return None
    try:
        if recipients.emails:
            build_email(obligation, step=step, today=today, recipients=recipients, escalated=escalated,
                        message=message).send()
    except Exception:
        logger.exception("Reminder %s for %s #%s (%s) could not be sent; released for a later run",
                         step, obligation.kind, obligation.pk, obligation.unit)
        retry_when_locked(record.delete)
        return None
    if recipients.users:
        title = notification_title(obligation, step)
        try:
            retry_when_locked(lambda: notify(recipients.users, title, body=message, url=obligation.url,
                                             category=NOTIFICATION_CATEGORY))
        except OperationalError:
            logger.exception("In-app notifications of reminder %s for %s #%s could not be saved",
                             step, obligation.kind, obligation.pk)
    return record
