"""The annex as it prints: "Phụ lục" heading, Times New Roman, borders, landscape fitted to the width, header rows
repeated, totals as formulas with their values stored, empty cells for figures not reported, links built from
CCHC_SITE_URL, the evidence compact on its own sheet, unit text as text cells (never a formula), control
characters removed; and LibreOffice shows the totals."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cchc.reports.models import Activity, Submission
from cchc.synthesis.tests.test_figures import Small, make_small
from cchc.synthesis.xlsx_annex import FIRST_ROW, HEADER_ROW, render_xlsx, sheet_name


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    settings.CCHC_SITE_URL = "https://cchc.gialai.example"
    return make_small(province, settings)


@pytest.fixture
def data(small: Small) -> bytes:
    return render_xlsx(small.collect())


@pytest.fixture
def workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


@pytest.fixture
def values(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data), data_only=True)  # the values stored with the formulas


def _column(ws: Any, header_start: str) -> int:
    for cell in ws[HEADER_ROW]:
        if str(cell.value or "").startswith(header_start):
            return cell.column
    raise AssertionError(header_start)


def _row(ws: Any, name: str) -> int:
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == name:
            return row
    raise AssertionError(name)


def test_every_sheet_prints(workbook: Any) -> None:
    assert workbook.sheetnames == ["Chỉ tiêu", "Tình hình báo cáo", "Minh chứng"]
    for number, ws in zip(("I", "II", "III"), workbook.worksheets, strict=True):
        assert ws["A1"].value == f"Phụ lục {number}"
        assert ws["A3"].value == "(Kèm theo Báo cáo số      /BC-SNV ngày     tháng     năm 2020 của Sở Nội vụ)"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        header = [cell for cell in ws[HEADER_ROW] if cell.value]
        assert all(cell.font.bold and cell.font.name == "Times New Roman" for cell in header)
        assert all(cell.border.left.style == "thin" for cell in ws[FIRST_ROW] if cell.value is not None)
        assert ws["B6"].font.name == "Times New Roman"


def test_totals_are_formulas_with_their_values(workbook: Any, values: Any, small: Small) -> None:
    ws, stored = workbook["Chỉ tiêu"], values["Chỉ tiêu"]
    total_row = _row(ws, "Tổng cộng")
    articles, online = _column(ws, "Số tin bài"), _column(ws, "Tỷ lệ trực tuyến")
    last = total_row - 1
    assert ws.cell(row=total_row, column=articles).value == f"=SUM(D{FIRST_ROW}:D{last})"
    assert stored.cell(row=total_row, column=articles).value == 15  # 5 + 3 + 7: received reports only
    assert "AVERAGE(" in ws.cell(row=total_row, column=online).value
    assert stored.cell(row=total_row, column=online).value == 60  # (50 + 70) / 2
    portal = _column(ws, "Có chuyên mục")
    assert ws.cell(row=total_row, column=portal).value.startswith("=COUNTIF(")
    assert stored.cell(row=total_row, column=portal).value == 1
    counts = total_row + 1
    assert stored.cell(row=counts, column=articles).value == 3


def test_not_reported_is_empty_and_units_are_named_as_the_province_writes_them(workbook: Any) -> None:
    ws = workbook["Chỉ tiêu"]
    articles, copies = _column(ws, "Số tin bài"), _column(ws, "Số bản in")
    assert ws.cell(row=_row(ws, "Sở Thông tin và Truyền thông"), column=copies).value == 100
    assert ws.cell(row=_row(ws, "UBND thành phố Pleiku"), column=copies).value is None  # not reported: empty
    assert ws.cell(row=_row(ws, "Sở Nội vụ"), column=_column(ws, "Hồ sơ tiếp nhận")).value == 0  # a reported zero
    assert ws.cell(row=_row(ws, "Sở Tư pháp"), column=articles).value is None  # a draft is not received
    assert ws.cell(row=_row(ws, "Sở Tư pháp"), column=3).value.startswith("Chưa gửi")


def test_status_sheet_links_from_the_site_address(workbook: Any, small: Small) -> None:
    ws = workbook["Tình hình báo cáo"]
    pleiku = _row(ws, "UBND thành phố Pleiku")
    assert ws.cell(row=pleiku, column=4).value == "Đã gửi (muộn)"
    assert ws.cell(row=_row(ws, "UBND huyện Chư Păh"), column=5).value is None
    link = ws.cell(row=pleiku, column=6)
    submission = Submission.objects.get(unit=small.province.pleiku)
    assert link.hyperlink.target == f"https://cchc.gialai.example/reports/{submission.pk}/"
    assert "127.0.0.1" not in link.hyperlink.target


def test_evidence_is_compact_one_row_per_activity(workbook: Any, small: Small) -> None:
    ws = workbook["Minh chứng"]
    rows = [row for row in ws.iter_rows(min_row=FIRST_ROW) if row[0].value]
    attached = small.activities[:2]  # Pleiku's two activities came with its report; Chư Păh sent nothing
    assert len(rows) == 2
    assert {row[1].value for row in rows} == {"UBND thành phố Pleiku"}
    targets = {row[6].hyperlink.target for row in rows}
    assert targets == {f"https://cchc.gialai.example/reports/activities/{a.pk}/" for a in attached}


def test_unit_text_is_text_never_a_formula(small: Small) -> None:
    titles = ["=1+2", "+SUM(A1:A3)", "-2+3", "@cmd\x1b[31m"]
    for activity, title in zip(small.activities[:2], titles, strict=False):
        Activity.objects.filter(pk=activity.pk).update(title=title)
    small.province.pleiku.short_name = "=HYPERLINK(\"http://x\")\x1b"
    small.province.pleiku.save()
    ws = load_workbook(io.BytesIO(render_xlsx(small.collect())))["Minh chứng"]
    cells = [row[4] for row in ws.iter_rows(min_row=FIRST_ROW) if row[0].value]
    assert {cell.value for cell in cells} == {"=1+2", "+SUM(A1:A3)"}
    assert all(cell.data_type == "s" for cell in cells)
    unit = next(row[1] for row in ws.iter_rows(min_row=FIRST_ROW) if row[0].value)
    assert unit.data_type == "s" and "\x1b" not in unit.value and unit.value.startswith("=HYPERLINK")


def test_sheet_names() -> None:
    used: set[str] = set()
    assert sheet_name("Dịch vụ công trực tuyến và BCCI: số liệu [2020]", used) == "Dịch vụ công trực tuyến và BCCI"
    assert sheet_name("Dịch vụ công trực tuyến và BCCI", used) == "Dịch vụ công trực tuyến và (2)"
    assert sheet_name("'\x1bXấu'", used) == "Xấu"


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice not installed")
def test_libreoffice_prints_it_landscape_with_the_totals(data: bytes, tmp_path: Path) -> None:
    from cchc.lib import docx_nd30 as nd30

    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(data)
    pdf = nd30.docx_to_pdf(source, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S607
    width, height = (float(v) for v in next(line for line in info.splitlines()
                                            if line.startswith("Page size:")).split()[2:5:2])
    assert width > height  # landscape
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # noqa: S607
                                   check=True).stdout.split())
    assert "Phụ lục I" in text and "Tổng cộng 15" in text.replace("  ", " ")


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_every_unit_written_field_survives_control_characters_and_formula_prefixes(small: Small,
                                                                                   prefix: str) -> None:
    """Unit names, activity titles, text figures and narratives: text cells in the annex, plain text in the DOCX."""
    from docx import Document

    from cchc.reports.models import IndicatorValue
    from cchc.synthesis.docx_report import render_docx

    evil = f"{prefix}cmd|'/c calc'!A0\x1b[31m"
    Activity.objects.filter(pk__in=[a.pk for a in small.activities]).update(title=evil, links=evil)
    IndicatorValue.objects.filter(indicator__code="note").update(text=evil)
    for submission in Submission.objects.all():
        submission.narrative = {key: evil for key in (submission.narrative or {})} or {"Kết quả": evil}
        submission.save(update_fields=["narrative"])
    small.province.pleiku.short_name = evil
    small.province.pleiku.save()
    synthesis = small.collect()
    workbook = load_workbook(io.BytesIO(render_xlsx(synthesis)))
    seen = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "cmd|" in cell.value:
                    assert cell.data_type == "s" and "\x1b" not in cell.value
                    seen += 1
    assert seen >= 4  # the unit's name on each sheet, its activity titles, the text figure
    doc = Document(io.BytesIO(render_docx(synthesis, today=synthesis.today)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "\x1b" not in text and f"{prefix}cmd|" in text  # the unit, named as written, without the control
