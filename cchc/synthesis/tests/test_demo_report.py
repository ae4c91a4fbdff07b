"""Done means, on the demo campaign of Công văn 2031/UBND-NC: ``cchc synthesize`` and ``cchc remind-letter`` read
back as a director and a clerk would, figures checked against the annex, the API and the submissions."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from cchc.demo.campaign import load_campaign
from cchc.demo.loader import load_accounts, load_units
from cchc.reports.choices import PeriodType
from cchc.reports.models import ReportForm, Submission, expected_units_for
from cchc.synthesis.figures import province_name
from cchc.synthesis.tests.test_docx_report import assert_no_internal_words

SITE = "https://cchc.gialai.example"


@pytest.fixture
def demo(db: Any, settings: Any) -> tuple[Any, Any]:
    settings.CCHC_TODAY = "2020-11-20"
    settings.CCHC_SITE_URL = SITE
    load_accounts(load_units())
    directive = load_campaign()
    form = ReportForm.objects.get(directive=directive, period_type=PeriodType.ONCE)
    return form, form.periods.get()


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _synthesize(tmp_path: Path) -> tuple[str, Any]:
    call_command("synthesize", "--directive", "2031/UBND-NC", "--out", str(tmp_path), "--no-pdf",
                 stdout=io.StringIO(), stderr=io.StringIO())
    text = _text(tmp_path / "bao-cao-2031-UBND-NC-2020.docx")
    workbook = load_workbook(tmp_path / "bao-cao-2031-UBND-NC-2020-phu-luc.xlsx", data_only=False)
    return text, workbook


def _not_received(form: Any, period: Any) -> set[str]:
    """From the submissions themselves: expected units without a submitted or approved report."""
    received = set(Submission.objects.filter(form=form, period=period, status__in=["submitted", "approved"])
                   .values_list("unit_id", flat=True))
    return {province_name(unit) for unit in expected_units_for(form, period) if unit.pk not in received}


def test_the_report_before_the_deadline(demo: tuple[Any, Any], tmp_path: Path, settings: Any) -> None:
    form, period = demo
    text, workbook = _synthesize(tmp_path)
    assert_no_internal_words(text)
    # every numbered item of the directive answered, in part II
    results = text.split("II. KẾT QUẢ THỰC HIỆN", 1)[1].split("III. ĐÁNH GIÁ", 1)[0]
    labels = [task.label.rstrip(".") for task in form.directive.tasks.order_by("order")]
    assert labels == ["1", "2", "3"]
    for label in labels:
        assert re.search(rf"^{label}\. \S", results, re.MULTILINE), label
    assert results.count("Tiêu biểu,") >= 2  # examples in prose, naming the units
    for word in ("muộn", "chậm", "quá hạn", "Đã hết thời hạn"):
        assert word not in text, word
    assert "đến ngày 20/11/2020" in text
    assert "Lê Thị Thu Hà" in text and "GIÁM ĐỐC" in text
    # the basis, once, equal to the API
    client = Client()
    client.force_login(__import__("cchc.accounts.models", fromlist=["User"]).User.objects.get(username="sonoivu"))
    summary = client.get("/api/v1/monitoring/summary/", {"form": form.pk, "period": period.pk}).json()
    basis = f"Theo báo cáo của {summary['submitted']}/{summary['expected']} đơn vị"
    assert text.count(basis) == 1
    # one figure per measure, equal to the annex's totals (computed values stored with the formulas)
    sheet = workbook.worksheets[0]
    values = load_workbook(tmp_path / "bao-cao-2031-UBND-NC-2020-phu-luc.xlsx", data_only=True).worksheets[0]
    assert sheet["A1"].value.startswith("Phụ lục")
    assert "(Kèm theo Báo cáo số      /BC-SNV ngày" in sheet["A3"].value
    total_row = next(row for row in range(6, sheet.max_row + 1) if sheet.cell(row=row, column=2).value == "Tổng cộng")
    checked = 0
    for column in range(4, sheet.max_column + 1):
        header = sheet.cell(row=5, column=column).value
        name, _sep, measure = header.rpartition(" (")
        measure = measure.rstrip(")")
        formula = sheet.cell(row=total_row, column=column).value
        total = values.cell(row=total_row, column=column).value
        assert str(formula).startswith("=SUM(") and isinstance(total, int | float)
        stated = re.findall(rf"{re.escape(name.lower())}: ([\d.]+) {re.escape(measure)}", text.lower())
        assert stated == [f"{int(total):,}".replace(",", ".")], name  # once, and equal to the annex
        checked += 1
    assert checked == 8
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$5:$5"
    assert sheet["B6"].font.name == "Times New Roman"


def test_the_report_after_the_deadline_names_every_silent_unit(demo: tuple[Any, Any], tmp_path: Path,
                                                               settings: Any) -> None:
    form, period = demo
    settings.CCHC_TODAY = "2020-11-30"
    text, _workbook = _synthesize(tmp_path)
    assert_no_internal_words(text)
    assessment = text.split("III. ĐÁNH GIÁ", 1)[1].split("IV. ĐỀ XUẤT", 1)[0]
    silent = _not_received(form, period)
    assert len(silent) == 17
    for name in silent:
        assert name in assessment, name
    returned = {province_name(s.unit) for s in Submission.objects.filter(form=form, status="returned")}
    returned_line = next(line for line in assessment.splitlines() if "trả lại" in line)
    assert all(name in returned_line for name in returned)


def _letter(tmp_path: Path) -> tuple[Any, str]:
    out = io.StringIO()
    call_command("remind-letter", "--directive", "2031/UBND-NC", "--out", str(tmp_path), stdout=out)
    path = Path(out.getvalue().strip().splitlines()[-1])
    return Document(str(path)), _text(path)


def test_the_reminder_letter_goes_to_exactly_the_units_without_a_report(demo: tuple[Any, Any], tmp_path: Path,
                                                                        settings: Any) -> None:
    form, period = demo
    doc, text = _letter(tmp_path)
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["UBND TỈNH GIA LAI", "SỞ NỘI VỤ"]
    number, subject = [p.text for p in header.cell(1, 0).paragraphs if p.text]
    assert number == "Số:      /SNV-CCHC"
    assert subject == "V/v nhắc gửi báo cáo kết quả thực hiện Công văn số 2031/UBND-NC của UBND tỉnh"
    assert "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách kèm theo." in text
    listed = {row.cells[1].text for row in doc.tables[-1].rows[1:]}
    assert listed == _not_received(form, period)
    assert "Lê Thị Thu Hà" in doc.tables[1].cell(0, 1).text
    assert set(re.findall(r"trước ngày (\d\d/\d\d/\d{4})", text)) == {"25/11/2020"}  # UBND tỉnh's deadline only

    settings.CCHC_TODAY = "2020-11-30"
    doc, text = _letter(tmp_path / "late")
    subject = [p.text for p in doc.tables[0].cell(1, 0).paragraphs if p.text][1]
    assert subject.startswith("V/v đôn đốc các cơ quan, đơn vị chậm gửi báo cáo")
    assert "khẩn trương gửi báo cáo" in text
    assert set(re.findall(r"trước ngày (\d\d/\d\d/\d{4})", text)) <= {"25/11/2020"}
