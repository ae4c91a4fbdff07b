"""The annex: formula totals, empty cells for figures not reported, the status and evidence sheets with links."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from cchc.reports.models import Submission
from cchc.synthesis.tests.test_figures import Small, make_small
from cchc.synthesis.xlsx_annex import FIRST_ROW, HEADER_ROW, render_xlsx, sheet_name


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    settings.CCHC_SITE_URL = "https://cchc.gialai.example"
    return make_small(province, settings)


@pytest.fixture
def workbook(small: Small) -> Any:
    return load_workbook(io.BytesIO(render_xlsx(small.collect())))


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


def test_sheets(workbook: Any) -> None:
    assert workbook.sheetnames == ["Chỉ tiêu", "Tình hình báo cáo", "Minh chứng"]
    for ws in workbook.worksheets:
        assert len(ws.title) <= 31
        assert ws.freeze_panes is not None
        assert all(cell.font.bold for cell in ws[HEADER_ROW] if cell.value)


def test_totals_are_formulas_and_not_reported_is_empty(workbook: Any, small: Small) -> None:
    ws = workbook["Chỉ tiêu"]
    p = small.province
    assert [ws.cell(row=FIRST_ROW + i, column=2).value for i in range(5)].count(None) == 0
    total_row = _row(ws, "Tổng hợp")
    articles, copies, online = _column(ws, "Số tin bài"), _column(ws, "Số bản in"), _column(ws, "Tỷ lệ trực tuyến")
    last = total_row - 1
    assert ws.cell(row=total_row, column=articles).value == f"=SUM(D{FIRST_ROW}:D{last})"
    assert ws.cell(row=total_row, column=online).value.startswith("=IF(COUNT(")
    assert "AVERAGE(" in ws.cell(row=total_row, column=online).value
    assert ws.cell(row=total_row, column=_column(ws, "Có chuyên mục")).value.startswith("=COUNTIF(")
    assert ws.cell(row=_row(ws, p.stttt.name), column=copies).value == 100
    assert ws.cell(row=_row(ws, p.pleiku.name), column=copies).value is None  # not reported: empty, never 0
    assert ws.cell(row=_row(ws, p.snv.name), column=_column(ws, "Hồ sơ tiếp nhận")).value == 0  # a reported zero
    assert ws.cell(row=_row(ws, p.stp.name), column=articles).value is None  # a draft is not received
    assert ws.cell(row=_row(ws, p.pleiku.name), column=articles).value == 7


def test_status_sheet(workbook: Any, small: Small) -> None:
    ws = workbook["Tình hình báo cáo"]
    p = small.province
    pleiku = _row(ws, p.pleiku.name)
    assert ws.cell(row=pleiku, column=4).value == "Nộp muộn"
    assert ws.cell(row=pleiku, column=6).value == "Muộn"
    assert ws.cell(row=_row(ws, p.stttt.name), column=6).value == "Đúng hạn"
    assert ws.cell(row=_row(ws, p.chupah.name), column=5).value is None
    link = ws.cell(row=pleiku, column=7)
    submission = Submission.objects.get(unit=p.pleiku)
    url = f"https://cchc.gialai.example/reports/{submission.pk}/"
    assert link.value == f'=HYPERLINK("{url}","{url}")'


def test_evidence_sheet(workbook: Any, small: Small) -> None:
    ws = workbook["Minh chứng"]
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=FIRST_ROW)]
    pleiku = Submission.objects.get(unit=small.province.pleiku)
    articles = [r for r in rows if str(r[1]).startswith("Chỉ tiêu: Số tin bài")]
    assert len(articles) == 3
    activity = small.activities[0]
    channel_rows = [r for r in rows if str(r[1]).startswith("Kênh: Cổng thông tin")]
    submission_url = f"https://cchc.gialai.example/reports/{pleiku.pk}/"
    assert channel_rows[0][4] == f'=HYPERLINK("{submission_url}","{submission_url}")'
    activity_url = f"https://cchc.gialai.example/reports/activities/{activity.pk}/"
    assert f'=HYPERLINK("{activity_url}","{activity_url}")' in [r[5] for r in channel_rows]


def test_sheet_names() -> None:
    used: set[str] = set()
    assert sheet_name("Dịch vụ công trực tuyến và BCCI: số liệu [2020]", used) == "Dịch vụ công trực tuyến và BCCI"
    assert sheet_name("Dịch vụ công trực tuyến và BCCI", used) == "Dịch vụ công trực tuyến và (2)"
