from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc.demo.loader import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa tỉnh Gia Lai năm 2020 (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("CCHC_ENV=production: không nạp dữ liệu và tài khoản minh họa.")
        load_demo(log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
