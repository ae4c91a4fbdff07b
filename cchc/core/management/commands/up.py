"""``cchc up``: the web server, the task worker and the scheduler, together, until Ctrl-C or SIGTERM.

A worker or scheduler that dies (killed, out of memory) is started again while the web keeps serving; jobs it left
half-done are retried or failed by ``cchc reap-jobs`` (run by the scheduler).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cchc.core import clock


class Command(BaseCommand):
    help = "Chạy máy chủ web, tiến trình xử lý nền và bộ lập lịch."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args: Any, port: int, host: str, web_workers: int, **options: Any) -> None:
        bin_dir = os.path.dirname(sys.executable)
        cchc = [sys.executable, "-m", "cchc"]
        commands = {
            "web": [
                os.path.join(bin_dir, "gunicorn"), "cchc.wsgi", "--bind", f"{host}:{port}",
                "--workers", str(web_workers), "--access-logfile", "-", "--graceful-timeout", "5",
                "--no-control-socket",
            ],
            "worker": [*cchc, "db_worker", "--interval", "1"],
            "scheduler": [*cchc, "scheduler"],
        }
        children: dict[str, subprocess.Popen[bytes]] = {}
        restarts: dict[str, list[float]] = {name: [] for name in commands}
        due: dict[str, float] = {}
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, command in commands.items():
            children[name] = subprocess.Popen(command)  # noqa: S603 - our own executables
        self.banner(host, port)
        exit_code = 0
        try:
            while not stopping:
                now = time.monotonic()
                for name, child in list(children.items()):
                    if name in due:
                        if now >= due[name]:
                            del due[name]
                            children[name] = subprocess.Popen(commands[name])  # noqa: S603
                            self.stderr.write(f"Đã khởi động lại tiến trình {name}.")
                        continue
                    if child.poll() is None:
                        continue
                    # A child died: the others keep running; it is started again, later and later if it keeps
                    # dying. Only a web server that cannot stay up stops everything.
                    recent = [moment for moment in restarts[name] if now - moment < 60] + [now]
                    restarts[name] = recent
                    if name == "web" and len(recent) > 5:
                        self.stderr.write(f"Tiến trình {name} dừng liên tục (mã {child.returncode}); dừng tất cả.")
                        stopping, exit_code = True, 1
                        break
                    delay = min(30.0, 0.5 * 2 ** (len(recent) - 1))
                    self.stderr.write(f"Tiến trình {name} đã dừng (mã {child.returncode}); khởi động lại sau "
                                      f"{delay:g} giây.")
                    due[name] = now + delay
                time.sleep(0.5)
        finally:
            for name, child in children.items():
                if name not in due and child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for name, child in children.items():
                if name in due:
                    continue
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("CCHC Hub đã dừng.")
        sys.exit(exit_code)

    def banner(self, host: str, port: int) -> None:
        lines = ["", f"CCHC Hub đang chạy tại http://{host}:{port}/  (Ctrl-C để dừng)"]
        fixed = clock.fixed_today()
        if fixed:
            lines.append(f"Ngày hệ thống cố định (CCHC_TODAY): {fixed:%d/%m/%Y}")
        if not settings.PRODUCTION:
            from cchc.demo.loader import demo_account_lines

            accounts = demo_account_lines()
            if accounts:
                lines.append("Tài khoản minh họa (CHỈ dùng để thử, mật khẩu chung: "
                             f"{settings.CCHC_DEMO_PASSWORD}):")
                lines.extend(f"  {line}" for line in accounts)
                lines.append("CẢNH BÁO: không dùng các tài khoản này khi vận hành thật.")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()
