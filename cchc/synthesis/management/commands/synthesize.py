"""``cchc synthesize``: the synthesis report of a form and period (or of a directive's report), at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cchc.core import clock
from cchc.reports.choices import PeriodType
from cchc.reports.models import Period, ReportForm


class Command(BaseCommand):
    help = ("Tạo báo cáo tổng hợp (DOCX), phụ lục (XLSX) và, khi có LibreOffice, bản PDF: "
            "--form <id> --period <id> hoặc --directive 2031/UBND-NC.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--form", type=int, help="Mã (id) của mẫu báo cáo.")
        parser.add_argument("--period", type=int, help="Mã (id) của kỳ báo cáo.")
        parser.add_argument("--directive", help="Số, ký hiệu văn bản chỉ đạo, ví dụ 2031/UBND-NC.")
        parser.add_argument("--out", required=True, help="Thư mục ghi các tệp.")
        parser.add_argument("--no-pdf", action="store_true", help="Không xuất PDF.")

    def _by_directive(self, number: str) -> tuple[ReportForm, Period]:
        number = number.replace(" ", "")
        forms = (ReportForm.objects.filter(directive__number__iexact=number, period_type=PeriodType.ONCE)
                 .select_related("directive").order_by("-directive__year", "-directive__date", "-id"))
        form = forms.first()
        if form is None:
            raise CommandError(f"Không tìm thấy mẫu báo cáo đột xuất theo văn bản số {number}.")
        period = form.periods.order_by("-start").first()
        if period is None:
            raise CommandError(f"Mẫu báo cáo “{form.name}” chưa có kỳ báo cáo.")
        return form, period

    def _by_ids(self, form_id: int | None, period_id: int | None) -> tuple[ReportForm, Period]:
        if form_id is None:
            raise CommandError("Cần chỉ rõ --form <id> (hoặc --directive <số văn bản>).")
        form = ReportForm.objects.filter(pk=form_id).first()
        if form is None:
            raise CommandError(f"Không có mẫu báo cáo mã {form_id}.")
        if period_id is None:
            period = form.periods.order_by("-start").first()
            if period is None:
                raise CommandError(f"Mẫu báo cáo “{form.name}” chưa có kỳ báo cáo.")
            return form, period
        period = Period.objects.filter(pk=period_id, form=form).first()
        if period is None:
            raise CommandError(f"Mẫu báo cáo “{form.name}” không có kỳ báo cáo mã {period_id}.")
        return form, period

    def handle(self, *args: Any, **options: Any) -> None:
        from cchc.synthesis.build import build_synthesis
        from cchc.synthesis.drafts import draft_of, edits_for, signature_for
        from cchc.synthesis.figures import subject_for

        if options.get("directive"):
            form, period = self._by_directive(options["directive"])
        else:
            form, period = self._by_ids(options.get("form"), options.get("period"))
        from cchc.monitoring.numbers import snapshot

        if not snapshot(form, period).rows:
            raise CommandError(f"Không có đơn vị nào được giao báo cáo “{form.name}” ({period.label}): "
                               "chưa có dữ liệu để tổng hợp.")
        out = Path(options["out"])
        self.stdout.write(f"Tổng hợp: {subject_for(form, period, form.directive)} — {period.label}")
        draft = draft_of(form, period)  # the clerk's edits, signer and recipients, as on the page
        result = build_synthesis(form, period, today=clock.today(), with_pdf=not options["no_pdf"], out_dir=out,
                                 signature=signature_for(form, period, draft), edits=edits_for(form, period, draft))
        for name in result.files():
            self.stdout.write(str((out / name).resolve()))
        if result.pdf_error and not options["no_pdf"]:
            self.stderr.write(result.pdf_error)
