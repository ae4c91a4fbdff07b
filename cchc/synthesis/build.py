"""One generation of the synthesis report: figures → DOCX report + XLSX annex (+ their PDFs when LibreOffice is here).

Called by the background job (``progress`` reports to it) and by ``cchc synthesize`` (at once, no worker).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from cchc.core import clock
from cchc.lib import docx_nd30 as nd30
from cchc.reports.models import Period, ReportForm

from .compose import Composition, compose
from .docx_report import render_docx
from .figures import Synthesis, collect
from .xlsx_annex import render_xlsx

Progress = Callable[[int, str], None]
PDF_UNAVAILABLE = "Cần cài LibreOffice (gói libreoffice-writer-nogui, libreoffice-calc-nogui) để xuất PDF."


@dataclass
class BuildResult:
    docx: bytes
    xlsx: bytes
    pdf_docx: bytes | None = None
    pdf_xlsx: bytes | None = None
    pdf_error: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    file_stem: str = "bao-cao"
    synthesis: Synthesis | None = None
    composition: Composition | None = None

    def files(self) -> dict[str, bytes]:
        """File name → content of everything produced."""
        out = {f"{self.file_stem}.docx": self.docx, f"{self.file_stem}-phu-luc.xlsx": self.xlsx}
        if self.pdf_docx is not None:
            out[f"{self.file_stem}.pdf"] = self.pdf_docx
        if self.pdf_xlsx is not None:
            out[f"{self.file_stem}-phu-luc.pdf"] = self.pdf_xlsx
        return out


def file_stem(form: ReportForm, period: Period) -> str:
    """ "bao-cao-2031-UBND-NC-2020" for a directive's report, "bao-cao-<form code>-<period key>" otherwise."""
    directive = form.directive
    if directive is not None and directive.number:
        number = directive.number.replace("/", "-").replace("Đ", "D").replace("đ", "d")
        number = re.sub(r"[^0-9A-Za-z-]+", "-", number)
        year = directive.year or (directive.date.year if directive.date else period.end.year)
        return f"bao-cao-{number.strip('-')}-{year}"
    return f"bao-cao-{slugify(form.code)}-{slugify(period.key)}".rstrip("-")


def _pdf(name: str, data: bytes, work: Path) -> bytes:
    source = work / name
    source.write_bytes(data)
    return nd30.docx_to_pdf(source, work / "pdf").read_bytes()


def build_synthesis(
    form: ReportForm,
    period: Period,
    *,
    today: date | None = None,
    with_pdf: bool = False,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    **docx_options: Any,
) -> BuildResult:
    """Collect the figures and render the report and the annex; with ``with_pdf`` also their PDFs (LibreOffice).

    ``out_dir``: also write the files there. ``docx_options`` go to ``render_docx`` (place, issuing_body, symbol,
    signature, edits …). A missing LibreOffice is not an error: ``pdf_error`` says so in Vietnamese.
    """
    def report(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    today = today or clock.today()
    report(5, "Đang tổng hợp số liệu…")
    synthesis = collect(form, period, today=today)
    report(40, "Đang soạn báo cáo (DOCX)…")
    composition = compose(synthesis, issuing_body=docx_options.get("issuing_body", "SỞ NỘI VỤ"),
                          edits=docx_options.pop("edits", None))
    docx = render_docx(synthesis, today=today, composition=composition, **docx_options)
    report(60, "Đang lập phụ lục (XLSX)…")
    xlsx = render_xlsx(synthesis)
    figures = synthesis.as_dict()
    figures["measures"] = [{"key": m.key, "label": m.label, "value": m.value, "text": m.text}
                           for m in composition.measures]
    result = BuildResult(docx=docx, xlsx=xlsx, figures=figures, file_stem=file_stem(form, period),
                         synthesis=synthesis, composition=composition)
    if with_pdf:
        report(75, "Đang xuất PDF…")
        with tempfile.TemporaryDirectory(prefix="cchc-synth-") as tmp:
            work = Path(tmp)
            try:
                result.pdf_docx = _pdf(f"{result.file_stem}.docx", docx, work)
            except nd30.PdfUnavailable:
                result.pdf_error = PDF_UNAVAILABLE
            except nd30.PdfError as exc:
                result.pdf_error = f"Không xuất được PDF của báo cáo: {exc}"
            if result.pdf_error is None:
                try:
                    result.pdf_xlsx = _pdf(f"{result.file_stem}-phu-luc.xlsx", xlsx, work)
                except nd30.PdfError:
                    result.pdf_error = ("Đã xuất PDF của báo cáo; chưa xuất được PDF của phụ lục: cần cài LibreOffice "
                                        "Calc (gói libreoffice-calc-nogui) để xuất PDF.")
    if out_dir is not None:
        target = Path(out_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name, data in result.files().items():
            (target / name).write_bytes(data)
    report(100, "Đã tạo xong báo cáo.")
    return result
