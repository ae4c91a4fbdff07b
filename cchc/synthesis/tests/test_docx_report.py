"""The synthesis report read back: Decree 30 layout, fonts, sizes, every unit named where it belongs; its PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from cchc.lib import docx_nd30 as nd30
from cchc.synthesis.docx_report import number, render_docx
from cchc.synthesis.tests.test_figures import TODAY, Small, make_small


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    return make_small(province, settings)


@pytest.fixture
def doc(small: Small) -> Any:
    return Document(io.BytesIO(render_docx(small.collect(), today=TODAY)))


def _runs(doc: Any) -> list[Any]:
    runs = [run for p in doc.paragraphs for run in p.runs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [run for p in cell.paragraphs for run in p.runs]
    return runs


def _text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _paragraph(doc: Any, start: str) -> Any:
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_page_setup_and_fonts(doc: Any) -> None:
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    def within(value: int, low: float, high: float) -> bool:  # twips round to ±0.02 mm
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = _runs(doc)
    assert runs and all(run.font.name == "Times New Roman" for run in runs)


def test_header_number_date_title(doc: Any) -> None:
    header = doc.tables[0]
    assert len(header.columns) == 2
    right = header.cell(0, 1).paragraphs
    quoc_hieu = next(p for p in right if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all(run.bold for run in quoc_hieu.runs)
    left = header.cell(0, 0).text
    assert "UBND TỈNH GIA LAI" in left and "SỞ NỘI VỤ" in left
    assert header.cell(1, 0).text.strip() == "Số:      /BC-SNV".strip()
    assert header.cell(1, 0).paragraphs[0].text == "Số:      /BC-SNV"
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text == "Gia Lai, ngày 20 tháng 11 năm 2020"
    assert all(run.italic for run in date_line.runs)
    title = _paragraph(doc, "BÁO CÁO")
    assert title.text == "BÁO CÁO" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    index = next(i for i, p in enumerate(doc.paragraphs) if p.text == "BÁO CÁO")
    subject = doc.paragraphs[index + 1]
    assert subject.text.startswith("Kết quả công tác thông tin, tuyên truyền")
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(run.bold for run in subject.runs)
    assert any(p.text == "Kính gửi: Ủy ban nhân dân tỉnh Gia Lai." for p in doc.paragraphs)


def test_body_sizes_and_layout(doc: Any) -> None:
    body = [p for p in doc.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert len(body) > 10
    for paragraph in body:
        assert paragraph.paragraph_format.first_line_indent == nd30.FIRST_LINE_INDENT
        for run in paragraph.runs:
            assert Pt(13) <= run.font.size <= Pt(14)
    for heading in ("I. ", "II. ", "III. ", "IV. "):
        assert all(run.bold for run in _paragraph(doc, heading).runs)
    note = _paragraph(doc, "[Nội dung tổng hợp")
    assert all(run.italic for run in note.runs)
    sign = doc.tables[-1]
    left = sign.cell(0, 0).paragraphs
    assert left[0].text == "Nơi nhận:"
    assert all(run.bold and run.italic and run.font.size == Pt(12) for run in left[0].runs)
    lines = [p.text for p in left[1:]]
    assert lines == ["- Như trên;", "- Bộ Nội vụ (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, CCHC."]
    assert all(run.font.size == Pt(11) for p in left[1:] for run in p.runs)
    assert "GIÁM ĐỐC" in sign.cell(0, 1).text
    for table in doc.tables[1:-1]:  # data tables: 12–13 pt
        for row in table.rows:
            for cell in row.cells:
                assert all(Pt(12) <= run.font.size <= Pt(13) for p in cell.paragraphs for run in p.runs)


def test_units_named_where_they_belong(doc: Any, small: Small) -> None:
    p = small.province
    late = _paragraph(doc, "1. Đơn vị gửi báo cáo muộn")
    assert p.pleiku.name in late.text
    missing = _paragraph(doc, "2. Đơn vị chưa gửi báo cáo")
    assert p.stp.name in missing.text and p.chupah.name in missing.text
    assert p.stttt.name not in missing.text + late.text
    text = _text(doc)
    assert f"{p.stttt.name}: “Mở chuyên mục “Cải cách hành chính” trên cổng thông tin.”" in text
    assert "Thiếu kinh phí in tờ gấp." in text
    assert "tỷ lệ đầy đủ 60%" in text and "tỷ lệ đúng hạn 40%" in text
    assert "Trên đây là báo cáo" in text


def test_vietnamese_numbers() -> None:
    assert number(1234) == "1.234"
    assert number(12.5) == "12,5"
    from cchc.lib.vn import format_percent

    assert format_percent(0.125) == "12,5%"


def test_one_off_subject_and_big_numbers(small: Small) -> None:
    from datetime import date

    from cchc.directives.models import Directive

    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1),
                                         issuer="ỦY BAN NHÂN DÂN TỈNH GIA LAI",
                                         subject="V/v đẩy mạnh thông tin, tuyên truyền CCHC")
    form = small.setup.form
    form.directive = directive
    form.period_type = "once"
    form.save()
    synthesis = small.collect()
    assert synthesis.subject == ("Kết quả thực hiện Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh về đẩy "
                                 "mạnh thông tin, tuyên truyền CCHC")
    synthesis.activity_total.reach = 12345
    synthesis.indicators[5].total = 12.5  # the percentage indicator
    text = _text(Document(io.BytesIO(render_docx(synthesis, today=TODAY, authority=["KT. GIÁM ĐỐC"],
                                                 signer_position="PHÓ GIÁM ĐỐC"))))
    assert "12.345 lượt tiếp cận" in text
    assert "12,5%" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice not installed")
def test_pdf(small: Small, tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render_docx(small.collect(), today=TODAY))
    pdf = nd30.docx_to_pdf(source, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S607
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])
    assert 1 <= pages <= 10
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # noqa: S607
                          check=True).stdout
    flat = " ".join(text.split())
    p = small.province
    for unit in (p.pleiku, p.stp, p.chupah, p.stttt):  # late, not reported, quoted
        assert unit.name in flat, unit.name
    assert "Gia Lai, ngày 20 tháng 11 năm 2020" in flat


def test_add_table_block(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    doc = nd30.new_document()
    nd30.add_table(doc, ["TT", "Chỉ tiêu", "Kết quả"], [["1", "Tin bài", "1.234"], ["", "Tổng cộng", "1.234"]],
                   [Mm(10), Mm(120), Mm(35)], align=["center", "left", "right"], bold_last_row=True)
    path = tmp_path / "t.docx"
    nd30.save(doc, path)
    table = Document(str(path)).tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeated on every page
    assert table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "single"
    assert [round(cell.width.mm) for cell in table.rows[1].cells] == [10, 120, 35]
    assert all(run.bold for run in table.rows[0].cells[1].paragraphs[0].runs)
    assert all(run.bold for run in table.rows[2].cells[1].paragraphs[0].runs)
    assert not any(run.bold for run in table.rows[1].cells[1].paragraphs[0].runs)
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    runs = [run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    assert all(run.font.name == "Times New Roman" and run.font.size == Pt(12) for run in runs)
