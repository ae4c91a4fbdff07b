"""Background work of the reminders app (django-tasks; the database backend's worker runs it)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .run import run_reminders


@task()
def send_due_reminders() -> int:
    """Send today's reminders (idempotent: a step already sent is never sent again). Returns how many were sent."""
    return len(run_reminders())


def enqueue_due_reminders() -> None:
    """Queue a reminder run once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(send_due_reminders.enqueue)
