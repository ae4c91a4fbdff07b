"""The scheduler: runs CCHC Hub's periodic commands at their interval, forever.

Each periodic command is idempotent (running it twice, or from two schedulers at once, sends nothing twice),
so in production a systemd timer or cron can run the same commands instead (see README).
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import close_old_connections

DEFAULT_SCHEDULE: list[tuple[str, int]] = [("clearsessions", 24 * 3600)]


class Command(BaseCommand):
    help = "Chạy các lệnh định kỳ (nhắc việc, dọn dẹp) theo lịch."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Chạy mỗi lệnh một lần rồi dừng.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        schedule = list(getattr(settings, "CCHC_SCHEDULE", DEFAULT_SCHEDULE))
        known = get_commands()
        schedule = [(name, every) for name, every in schedule if name in known]
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = {name: 0.0 for name, _ in schedule}
        while not stopping:
            for name, every in schedule:
                if time.monotonic() >= next_run[name]:
                    close_old_connections()
                    try:
                        call_command(name, verbosity=0)
                    except Exception as exc:  # noqa: BLE001 - one failing command must not stop the others
                        self.stderr.write(f"Lệnh định kỳ {name} lỗi: {exc}")
                    next_run[name] = time.monotonic() + every
            if once:
                return
            for _ in range(10):
                if stopping:
                    break
                time.sleep(1)
