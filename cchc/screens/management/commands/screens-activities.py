"""``cchc screens-activities``: the plays of the screens become activities of their units, once per screen, day and
slide (run by the scheduler every hour; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.screens.actions import do_turn_plays_into_activities


class Command(BaseCommand):
    help = "Ghi lượt phát của các màn hình thành hoạt động tuyên truyền của đơn vị (mỗi ngày, mỗi nội dung một lần)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=31,
                            help="Số ngày gần nhất được xét (mặc định 31; 0 = toàn bộ lịch sử).")

    def handle(self, *args: Any, **options: Any) -> None:
        result = do_turn_plays_into_activities(days=options["days"] or None)
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"Màn hình: {result['created']} hoạt động mới, {result['updated']} hoạt động cập nhật.")
