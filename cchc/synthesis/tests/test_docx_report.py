"""The synthesis report read back: Decree 30 layout and fonts; the words a director signs — the basis said once,
the units named the way the province writes them, nobody called late before the deadline, every silent unit named
after it, the clerk's edits and the signer; no drafting note, no software word; its PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from cchc.lib import docx_nd30 as nd30
from cchc.synthesis.compose import compose
from cchc.synthesis.docx_report import Signature, number, render_docx
from cchc.synthesis.figures import collect
from cchc.synthesis.tests.test_figures import TODAY, Small, make_small

# Words that must never reach a signed report: drafting notes, software and data words.
INTERNAL_WORDS = ("chuyên viên rà soát", "không tính là 0", "hệ thống", "CCHC Hub", "phần mềm", "dữ liệu", "None",
                  "http", "submission", "[", "]", "(Trước ngày", "tỉnh Gia Lai;")


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    return make_small(province, settings)


def _doc(synthesis: Any, **options: Any) -> Any:
    return Document(io.BytesIO(render_docx(synthesis, today=synthesis.today, **options)))


@pytest.fixture
def doc(small: Small) -> Any:
    return _doc(small.collect(), signature=Signature(name="Lê Thị Thu Hà"))


def _text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _paragraph(doc: Any, start: str) -> Any:
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def assert_no_internal_words(text: str) -> None:
    body = text.split("Kính gửi", 1)[-1]
    for word in INTERNAL_WORDS:
        assert word not in body, word


def test_page_setup_and_fonts(doc: Any) -> None:
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)

    def within(value: int, low: float, high: float) -> bool:  # twips round to ±0.02 mm
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    body = [p for p in doc.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert len(body) > 10
    for paragraph in body:
        assert paragraph.paragraph_format.first_line_indent == nd30.FIRST_LINE_INDENT
        assert all(Pt(13) <= run.font.size <= Pt(14) for run in paragraph.runs)
    for heading in ("I. ", "II. ", "III. ", "IV. "):
        assert all(run.bold for run in _paragraph(doc, heading).runs)


def test_signature_and_recipients(small: Small) -> None:
    signature = Signature(name="Nguyễn Văn Phó", position="Phó Giám đốc", on_behalf=True, head_position="Giám đốc",
                          recipients=["Như trên", "Bộ Nội vụ (b/c)", "Lưu: VT, CCHC"])
    doc = _doc(small.collect(), signature=signature)
    sign = doc.tables[-1]
    left = [p.text for p in sign.cell(0, 0).paragraphs if p.text]
    assert left == ["Nơi nhận:", "- Như trên;", "- Bộ Nội vụ (b/c);", "- Lưu: VT, CCHC."]
    right = [p.text for p in sign.cell(0, 1).paragraphs if p.text]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Phó"]


def test_after_the_deadline_every_silent_unit_is_named_and_late_ones_called_late(doc: Any, small: Small) -> None:
    text = _text(doc)
    assert_no_internal_words(text)
    deadline = small.setup.period.deadline
    assert TODAY > deadline
    missing = _paragraph(doc, "Đã hết thời hạn gửi báo cáo")
    assert "Sở Tư pháp" in missing.text and "UBND huyện Chư Păh" in missing.text  # a draft, and nothing at all
    assert "Sở Thông tin và Truyền thông" not in missing.text and "Sở Nội vụ" not in missing.text
    late = _paragraph(doc, "Có 1 cơ quan, đơn vị gửi báo cáo chậm")
    assert "UBND thành phố Pleiku" in late.text
    assert "tỉnh Gia Lai" not in missing.text + late.text  # the province's own way of naming units
    assert "Theo báo cáo của 3/5 đơn vị, kết quả" in text  # the basis, once
    assert text.count("3/5 đơn vị") == 2  # the basis, and how many reports came in (part I)
    assert "Lê Thị Thu Hà" in doc.tables[-1].cell(0, 1).text


def test_before_the_deadline_the_report_speaks_as_of_the_date_and_calls_nobody_late(small: Small) -> None:
    day = small.setup.period.deadline - timedelta(days=1)
    synthesis = collect(small.setup.form, small.setup.period, today=day)
    text = _text(_doc(synthesis))
    assert_no_internal_words(text)
    for word in ("muộn", "chậm", "quá hạn", "Đã hết thời hạn"):
        assert word not in text, word
    assert f"đến ngày {day:%d/%m/%Y}" in text
    assert "Sở Tư pháp" not in text.split("III. ĐÁNH GIÁ")[1]  # nobody named as silent yet


def test_one_figure_per_measure_equal_to_the_measures(small: Small) -> None:
    synthesis = small.collect()
    composition = compose(synthesis)
    text = _text(_doc(synthesis, composition=composition))
    articles = next(m for m in composition.measures if m.key == "indicator:articles")
    assert articles.value == 5 + 3 + 7  # the three received reports; the draft's 100 is not counted
    assert f"số tin bài: {articles.text}" in text.lower()
    figures = re.findall(r"số tin bài: ([\d.]+) tin bài", text.lower())
    assert figures == ["15"]  # stated once


def test_the_clerks_edits_and_removals(small: Small) -> None:
    synthesis = small.collect()
    edits = {"intro": {"text": "Đoạn mở đầu do chuyên môn viết lại.", "base": "x"},
             "IV.1": {"text": "", "base": "y"}}
    composition = compose(synthesis, edits=edits)
    removed = next(block for block in compose(synthesis).blocks if block.key == "IV.1").text
    text = _text(_doc(synthesis, composition=composition))
    assert "Đoạn mở đầu do chuyên môn viết lại." in text
    assert removed not in text
    intro = next(block for block in composition.blocks if block.key == "intro")
    assert intro.edited and intro.stale  # the text generated now differs from the one the edit replaced


def test_control_characters_and_formula_prefixes_in_unit_text(small: Small, tmp_path: Path) -> None:
    from cchc.reports.models import Activity

    Activity.objects.filter(pk__in=[a.pk for a in small.activities]).update(title="=HYPERLINK(\"x\")\x1b[31m đỏ")
    synthesis = small.collect()
    data = render_docx(synthesis, today=TODAY, edits={"intro": {"text": "@SUM(1)\x1b tiêu đề", "base": ""}})
    text = _text(Document(io.BytesIO(data)))
    assert "\x1b" not in text and "@SUM(1)" in text


def test_vietnamese_numbers() -> None:
    assert number(1234) == "1.234"
    assert number(12.5) == "12,5"
    from cchc.lib.vn import format_percent

    assert format_percent(0.125) == "12,5%"


def test_one_off_subject(small: Small) -> None:
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
    text = _text(_doc(synthesis))
    assert "Thực hiện Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh về đẩy mạnh" in text


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice not installed")
def test_pdf(small: Small, tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render_docx(small.collect(), today=TODAY, signature=Signature(name="Lê Thị Thu Hà")))
    pdf = nd30.docx_to_pdf(source, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S607
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])
    assert 1 <= pages <= 10
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # noqa: S607
                          check=True).stdout
    flat = " ".join(text.split())
    for unit in ("UBND thành phố Pleiku", "Sở Tư pháp", "UBND huyện Chư Păh", "Lê Thị Thu Hà"):
        assert unit in flat, unit
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
