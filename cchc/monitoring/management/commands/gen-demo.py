"""``cchc gen-demo --units N --years Y [--reset]``: generate a province at scale for the monitoring pages.

See :mod:`cchc.monitoring.generate`. Codes start with ``gd-``; it works beside ``cchc demo`` and on a freshly migrated
database. A second run refuses unless ``--reset`` (which deletes the previous gd- data first).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...generate import MIN_UNITS, AlreadyGenerated, generate


class Command(BaseCommand):
    help = ("Sinh dữ liệu một tỉnh ở quy mô thật (mã bắt đầu bằng gd-): đơn vị mọi loại, biểu mẫu tháng/quý/năm, "
            "báo cáo ở mọi trạng thái, giá trị chỉ tiêu, hoạt động tuyên truyền.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=1000, help="số đơn vị báo cáo (mặc định 1000)")
        parser.add_argument("--years", type=int, default=10, help="số năm lịch sử, kết thúc hôm nay (mặc định 10)")
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu gd- đã sinh trước rồi sinh lại")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình")

    def handle(self, *args: Any, units: int, years: int, reset: bool = False, seed: int = 2026,
               batch_size: int = 2000, no_progress: bool = False, **options: Any) -> None:
        if units < MIN_UNITS:
            raise CommandError(f"--units phải từ {MIN_UNITS} trở lên.")
        if years < 1:
            raise CommandError("--years phải từ 1 trở lên.")
        try:
            counts = generate(units=units, years=years, reset_first=reset, seed=seed, batch_size=batch_size,
                              progress=not no_progress and options.get("verbosity", 1) > 0)
        except AlreadyGenerated:
            raise CommandError("Đã có dữ liệu do gen-demo sinh ra (mã gd-). Thêm --reset để xóa và sinh lại.") from None
        self.stdout.write("\n".join(counts.lines()))
