"""``cchc synthesize`` writes the report, the annex (and their PDFs when LibreOffice is here)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from cchc.directives.models import Directive
from cchc.synthesis.build import build_synthesis, file_stem
from cchc.synthesis.management.commands.synthesize import Command
from cchc.synthesis.tests.test_figures import Small, make_small


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    return make_small(province, settings)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), *args, "--no-pdf", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_form_and_period(small: Small, tmp_path: Path, settings: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    form, period = small.setup.form, small.setup.period
    output = _run("--form", str(form.pk), "--period", str(period.pk), "--out", str(tmp_path))
    stem = file_stem(form, period)
    docx, xlsx = tmp_path / f"{stem}.docx", tmp_path / f"{stem}-phu-luc.xlsx"
    assert docx.is_file() and xlsx.is_file()
    assert str(docx.resolve()) in output
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "UBND huyện Chư Păh" in text  # silent, named the way the province writes it


def test_directive(small: Small, tmp_path: Path, settings: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1),
                                         issuer="ỦY BAN NHÂN DÂN TỈNH GIA LAI", subject="V/v đẩy mạnh tuyên truyền")
    form = small.setup.form
    form.directive, form.period_type = directive, "once"
    form.save()
    form.periods.exclude(pk=small.setup.period.pk).delete()
    _run("--directive", "2031/UBND-NC", "--out", str(tmp_path))
    assert (tmp_path / "bao-cao-2031-UBND-NC-2020.docx").is_file()
    assert (tmp_path / "bao-cao-2031-UBND-NC-2020-phu-luc.xlsx").is_file()


def test_errors(small: Small, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không có mẫu báo cáo mã 9999"):
        _run("--form", "9999", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="Không tìm thấy mẫu báo cáo đột xuất"):
        _run("--directive", "1/XX-YY", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="không có kỳ báo cáo mã"):
        _run("--form", str(small.setup.form.pk), "--period", "9999", "--out", str(tmp_path))


def test_build_with_pdf_and_progress(small: Small, tmp_path: Path) -> None:
    steps: list[int] = []
    result = build_synthesis(small.setup.form, small.setup.period, today=date(2020, 11, 20), with_pdf=True,
                             out_dir=tmp_path, progress=lambda percent, message: steps.append(percent))
    assert steps[0] < steps[-1] == 100
    assert result.docx.startswith(b"PK") and result.xlsx.startswith(b"PK")
    assert result.figures["numbers"]["expected"] == 5
    if result.pdf_error:
        assert "LibreOffice" in result.pdf_error
    else:
        assert result.pdf_docx.startswith(b"%PDF") and result.pdf_xlsx.startswith(b"%PDF")
        assert (tmp_path / f"{result.file_stem}.pdf").is_file()
