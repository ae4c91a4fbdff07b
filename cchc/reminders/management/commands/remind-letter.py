"""``cchc remind-letter --directive 2031/UBND-NC --out DIR``: the letter to the units that have not sent the report
the directive asks for (before the deadline a reminder, after it a reminder of lateness), as a DOCX to sign."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cchc.core import clock


class Command(BaseCommand):
    help = ("Công văn nhắc/đôn đốc gửi báo cáo tới đúng các đơn vị chưa gửi báo cáo theo văn bản chỉ đạo: "
            "--directive 2031/UBND-NC --out THƯ_MỤC.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--directive", required=True, help="Số, ký hiệu văn bản chỉ đạo, ví dụ 2031/UBND-NC.")
        parser.add_argument("--out", required=True, help="Thư mục ghi tệp DOCX.")

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.reminders.letters import build_report_letter, units_owing_report
        from cchc.reminders.report_letters import directive_report, letter_file_name

        today = clock.today()
        found = directive_report(options["directive"])
        if found is None:
            raise CommandError(f"Không tìm thấy báo cáo mà văn bản số {options['directive']} yêu cầu.")
        form, period = found
        addressees = units_owing_report(form, period, today)
        if not addressees:
            self.stdout.write("Tất cả các đơn vị đã gửi báo cáo: không cần công văn nhắc.")
            return
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        target = out / letter_file_name(form, period, today)
        target.write_bytes(build_report_letter(form=form, period=period, today=today, addressees=addressees))
        self.stdout.write(f"{len(addressees)} đơn vị chưa gửi báo cáo.")
        self.stdout.write(str(target.resolve()))
