"""``cchc feedback-deadlines``: flag the items past their time limit, send the units' reminders for feedback (the
reminders module's steps, each exactly once), and retry the answers not yet accepted by their channel.

Idempotent; the scheduler runs it every 15 minutes (settings.CCHC_SCHEDULE).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.core import clock

from ...actions import do_erase_personal_data, do_flag_overdue
from ...webhooks import deliver_due


def send_feedback_reminders(today: Any) -> int:
    """The reminder steps due today for items at units (the same machinery and records as ``cchc remind``)."""
    from cchc.reminders.calendar import holiday_dates
    from cchc.reminders.models import ReminderPolicy
    from cchc.reminders.run import _sent_steps, plan_for
    from cchc.reminders.sending import claim_and_send, recipients_for

    from ...obligations import FeedbackSource

    source = FeedbackSource()
    holidays = holiday_dates()
    sent = _sent_steps(source.kind)
    policy = None
    count = 0
    for obligation in list(source.open_obligations(today)):
        policy = policy or ReminderPolicy.default()
        step = plan_for(obligation, today, holidays, sent.get(obligation.pk, ()), obligation.policy or policy)
        if step is None:
            continue
        record = claim_and_send(obligation, step=step.name, today=today, escalated=step.escalated,
                                recipients=recipients_for(obligation.unit, escalated=step.escalated))
        count += int(record is not None)
    return count


class Command(BaseCommand):
    help = "Phản ánh, kiến nghị: đánh dấu quá hạn, nhắc đơn vị, gửi lại trả lời về kênh tiếp nhận."

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        flagged = do_flag_overdue(today)
        reminded = send_feedback_reminders(today)
        delivered = deliver_due()
        erased = do_erase_personal_data(today)
        self.stdout.write(f"Quá hạn mới: {flagged}; thư nhắc: {reminded}; gửi trả lời về kênh: "
                          f"{delivered['delivered']} thành công, {delivered['failed']} lỗi (sẽ thử lại); "
                          f"xóa dữ liệu cá nhân hết hạn lưu trữ: {erased} phản ánh.")
