"""``cchc holidays --year Y``: (re)load Vietnam's public holidays of a year into the calendar (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cchc.core import clock

from ...actions import do_load_holidays
from ...models import Holiday


class Command(BaseCommand):
    help = "Nạp (lại) ngày nghỉ lễ, Tết của một năm vào lịch nghỉ dùng để tính ngày làm việc."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, action="append",
                            help="Năm cần nạp (có thể lặp lại); mặc định là năm hiện tại.")

    def handle(self, *args: Any, year: list[int] | None = None, **options: Any) -> None:
        for value in year or [clock.today().year]:
            if not 1901 <= value <= 2100:
                raise CommandError(f"Năm không hợp lệ: {value} (1901–2100).")
            created = do_load_holidays(value, acting_user=None)
            total = Holiday.objects.filter(date__year=value).count()
            self.stdout.write(f"Năm {value}: thêm {created} ngày nghỉ; lịch có {total} ngày nghỉ.")
