"""``cchc reap-jobs``: background jobs whose worker vanished are retried or failed (scheduled every 5 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.core.jobs import reap_jobs


class Command(BaseCommand):
    help = "Thử lại hoặc đánh dấu thất bại các việc nền mà tiến trình xử lý đã dừng giữa chừng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale-after", type=int, default=None,
                            help="Số giây không có dấu hiệu hoạt động thì coi là đã dừng.")
        parser.add_argument("--max-attempts", type=int, default=None)

    def handle(self, *args: Any, stale_after: int | None = None, max_attempts: int | None = None,
               **options: Any) -> None:
        reaped = reap_jobs(stale_after=stale_after, max_attempts=max_attempts)
        if options.get("verbosity", 1) and (reaped.retried or reaped.failed):
            self.stdout.write(f"Thử lại: {len(reaped.retried)}; thất bại: {len(reaped.failed)}.")
