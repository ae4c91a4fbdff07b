"""``cchc remind [--dry-run] [--date YYYY-MM-DD]``: send today's reminders (the scheduler runs it every 15 minutes).

Idempotent: a step already sent is never sent again, however often or from however many schedulers it runs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cchc.core import clock
from cchc.lib.vn import date_short

from ...run import Planned, run_reminders
from ...sending import step_label


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD).") from exc


def describe(item: Planned) -> str:
    """One line of the summary: unit, obligation, step, recipients."""
    obligation = item.obligation
    recipients = item.recipients.describe() or "không có địa chỉ e-mail"
    accounts = len(item.recipients.users)
    head = " (đồng gửi thủ trưởng)" if item.step.escalated else ""
    return (f"- {obligation.unit.name}: {obligation.title} (hạn {date_short(obligation.due_date)}) — "
            f"{step_label(item.step.name)}{head} → {recipients}; {accounts} tài khoản nhận thông báo")


class Command(BaseCommand):
    help = "Gửi thư nhắc việc đến hạn hôm nay (mỗi bước chỉ gửi một lần)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi, không ghi nhận.")
        parser.add_argument("--date", type=_day, help="Ngày chạy (YYYY-MM-DD); mặc định là hôm nay của hệ thống.")

    def handle(self, *args: Any, dry_run: bool = False, date: date | None = None, **options: Any) -> None:
        today = date or clock.today()
        planned = run_reminders(today, dry_run=dry_run)
        if not planned:
            if options.get("verbosity", 1) == 0:  # the scheduler, every 15 minutes: stay quiet
                return
            self.stdout.write(f"Ngày {date_short(today)}: không có thư nhắc nào cần gửi.")
            return
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"Ngày {date_short(today)}: {verb.lower()} {len(planned)} thư nhắc"
                          f"{' (chạy thử, không gửi)' if dry_run else ''}:")
        for item in planned:
            self.stdout.write(describe(item))
