"""Background work of feedback (django-tasks; enqueued on commit): e-mails to senders, answers to channels."""

from __future__ import annotations

from django_tasks import task


@task()
def send_sender_email(item_id: int, step: str) -> bool:
    from .notify import send_sender_email_now

    return send_sender_email_now(item_id, step)


@task()
def deliver_answer(delivery_id: int) -> bool | None:
    """First attempt right after publishing; later attempts come from ``cchc feedback-deadlines``."""
    from .webhooks import deliver

    return deliver(delivery_id)
