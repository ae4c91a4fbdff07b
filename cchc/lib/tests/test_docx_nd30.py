"""The Decree 30 building blocks produce what the decree asks: read the saved .docx back and check it.

No Django needed: ``pytest -p no:django cchc/lib/tests/test_docx_nd30.py``.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from cchc.lib import docx_nd30 as nd30

SIGNER = "Nguyễn Thị Hương Giang"
TOLERANCE = Mm(0.5)


def build_cong_van() -> Document:
    doc = nd30.new_document()
    nd30.add_header(
        doc,
        parent_body="UBND TỈNH GIA LAI",
        issuing_body="SỞ NỘI VỤ",
        number_symbol=nd30.format_number_symbol(None, "SNV-CCHC"),
        place="Gia Lai",
        date=date(2020, 11, 20),
        subject_cv="đôn đốc báo cáo kết quả cải cách hành chính quý IV năm 2020",
    )
    nd30.add_kinh_gui(doc, ["Các sở, ban, ngành thuộc tỉnh", "UBND các huyện, thị xã, thành phố"])
    nd30.add_body_paragraph(
        doc,
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2020 của Ủy ban nhân dân tỉnh về cải cách hành chính "
        "năm 2020, Sở Nội vụ đề nghị các cơ quan, đơn vị gửi báo cáo kết quả thực hiện quý IV năm 2020.",
    )
    nd30.add_body_paragraph(
        doc,
        [
            ("Đến ngày 20 tháng 11 năm 2020, còn ", {}),
            ("05 đơn vị", {"bold": True}),
            (" chưa gửi báo cáo. Đề nghị gửi ", {}),
            ("trước ngày 30 tháng 11 năm 2020", {"italic": True}),
            (".", {}),
        ],
    )
    nd30.add_signature_and_recipients(
        doc,
        recipients=["Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, CCHC."],
        authority=["KT. GIÁM ĐỐC"],
        position="PHÓ GIÁM ĐỐC",
        signer_name=SIGNER,
    )
    return doc


def build_bao_cao() -> Document:
    doc = nd30.new_document()
    nd30.add_header(
        doc,
        parent_body="UBND TỈNH GIA LAI",
        issuing_body="SỞ NỘI VỤ",
        number_symbol="/BC-SNV",
        place="Gia Lai",
        date=date(2020, 11, 20),
    )
    nd30.add_title(doc, "Báo cáo", "Kết quả công tác cải cách hành chính quý IV năm 2020")
    nd30.add_kinh_gui(doc, ["Ủy ban nhân dân tỉnh Gia Lai"])
    nd30.add_heading_line(doc, "I. KẾT QUẢ THỰC HIỆN")
    for i in range(30):  # long enough for a second page (page numbers)
        nd30.add_body_paragraph(
            doc,
            f"{i + 1}. Nội dung báo cáo: các đơn vị đã hoàn thành nhiệm vụ được giao đúng hạn, chất lượng; "
            "tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.",
        )
    nd30.add_heading_line(doc, [("II. ", {}), ("PHƯƠNG HƯỚNG", {"italic": False})])
    nd30.add_body_paragraph(doc, "Tiếp tục đẩy mạnh cải cách hành chính.", italic=True)
    nd30.add_signature_and_recipients(
        doc,
        recipients=["UBND tỉnh", "Bộ Nội vụ", "Lưu: VT, CCHC"],
        authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        position="Phó Chủ tịch",
        signer_name=None,
    )
    return doc


@pytest.fixture(params=["cong_van", "bao_cao"])
def saved(request, tmp_path) -> tuple[str, Path, Document]:
    doc = build_cong_van() if request.param == "cong_van" else build_bao_cao()
    path = tmp_path / f"{request.param}.docx"
    nd30.save(doc, path)
    return request.param, path, Document(str(path))


def all_runs(doc: Document):
    """Every run in body, tables and headers."""
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in doc.sections:
        paragraphs.extend(section.header.paragraphs)
    for paragraph in paragraphs:
        yield from paragraph.runs


def cell_text_runs(cell):
    return [(p, r) for p in cell.paragraphs for r in p.runs if r.text.strip()]


def find_paragraph(paragraphs, text):
    for paragraph in paragraphs:
        if paragraph.text.strip() == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r} in {[p.text for p in paragraphs]}")


def effective(run, attribute):
    """A run's font attribute, falling back to its paragraph style then Normal."""
    value = getattr(run.font, attribute)
    if value is None:
        value = getattr(run.part.document.styles["Normal"].font, attribute)
    return value


def table_paragraphs(table):
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def test_page_setup_is_a4_portrait_with_the_decree_margins(saved):
    _, _, doc = saved
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) <= TOLERANCE
    assert abs(section.page_height - Mm(297)) <= TOLERANCE
    assert Mm(20) - TOLERANCE <= section.top_margin <= Mm(25) + TOLERANCE
    assert Mm(20) - TOLERANCE <= section.bottom_margin <= Mm(25) + TOLERANCE
    assert Mm(30) - TOLERANCE <= section.left_margin <= Mm(35) + TOLERANCE
    assert Mm(15) - TOLERANCE <= section.right_margin <= Mm(20) + TOLERANCE


def test_every_run_is_times_new_roman_in_every_script(saved):
    _, _, doc = saved
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert rfonts.get(qn(attr)) == "Times New Roman"
    assert rfonts.get(qn("w:asciiTheme")) is None
    # document defaults no longer point at theme fonts either
    default = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert default is None or default.get(qn("w:asciiTheme")) is None
    assert 1.0 <= (normal.paragraph_format.line_spacing or 1.0) <= 1.5
    assert normal.paragraph_format.space_after == Pt(6)
    runs = list(all_runs(doc))
    assert len(runs) > 20
    for run in runs:
        assert effective(run, "name") == "Times New Roman", run.text
        run_fonts = run._r.rPr.find(qn("w:rFonts"))
        assert run_fonts.get(qn("w:eastAsia")) == "Times New Roman"
        assert run_fonts.get(qn("w:cs")) == "Times New Roman"
        color = run.font.color.rgb
        assert color is None or str(color) == "000000"


def test_header_table_layout(saved):
    _, _, doc = saved
    table = doc.tables[0]
    assert len(table.columns) == 2
    assert table.autofit is False
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for index, width in enumerate((Cm(6.0), Cm(10.5))):
        assert abs(table.columns[index].width - width) <= TOLERANCE
        for cell in table.columns[index].cells:
            assert cell.width is not None and abs(cell.width - width) <= TOLERANCE
    # no visible borders
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    assert table.style is None or "Grid" not in table.style.name


def test_header_texts_sizes_and_styles(saved):
    kind, _, doc = saved
    table = doc.tables[0]
    paragraphs = table_paragraphs(table)

    quoc_hieu = find_paragraph(paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all(r.font.bold and r.font.size == Pt(12) for r in quoc_hieu.runs)
    assert quoc_hieu.alignment == WD_ALIGN_PARAGRAPH.CENTER
    tieu_ngu = find_paragraph(paragraphs, "Độc lập - Tự do - Hạnh phúc")
    assert all(r.font.bold and r.font.size == Pt(13) for r in tieu_ngu.runs)

    parent = find_paragraph(paragraphs, "UBND TỈNH GIA LAI")
    assert all(Pt(12) <= r.font.size <= Pt(13) and not r.font.bold for r in parent.runs)
    issuing = find_paragraph(paragraphs, "SỞ NỘI VỤ")
    assert all(Pt(12) <= r.font.size <= Pt(13) and r.font.bold for r in issuing.runs)

    # every text run in the header: 12–13 pt, except none
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                assert Pt(12) <= run.font.size <= Pt(13), run.text

    number = next(p for p in paragraphs if p.text.startswith("Số:"))
    assert not any(r.font.bold or r.font.italic for r in number.runs)
    assert all(r.font.size == Pt(13) for r in number.runs)
    if kind == "cong_van":
        assert number.text == "Số:      /SNV-CCHC"
        vv = next(p for p in paragraphs if p.text.startswith("V/v "))
        assert vv.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(Pt(12) <= r.font.size <= Pt(13) and not r.font.bold and not r.font.italic for r in vv.runs)
    else:
        assert number.text == "Số:      /BC-SNV"
        assert not any(p.text.startswith("V/v") for p in paragraphs)

    when = find_paragraph(paragraphs, "Gia Lai, ngày 20 tháng 11 năm 2020")
    assert all(r.font.italic and Pt(13) <= r.font.size <= Pt(14) for r in when.runs)
    # "Số" and the date start the same row
    assert number._p in [p._p for p in table.cell(1, 0).paragraphs]
    assert when._p in [p._p for p in table.cell(1, 1).paragraphs]


def rule_paragraphs(paragraphs):
    return [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]


def test_header_rules_are_borders_of_the_right_length(saved):
    _, _, doc = saved
    table = doc.tables[0]
    left_rules = rule_paragraphs(table.cell(0, 0).paragraphs)
    right_rules = rule_paragraphs(table.cell(0, 1).paragraphs)
    assert len(left_rules) == 1 and len(right_rules) == 1
    for rule in left_rules + right_rules:
        assert rule.text == ""  # not a line of box-drawing characters
        bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert bottom.get(qn("w:val")) == "single"
    available_left = Cm(6.0) - 2 * nd30.CELL_MARGIN
    fmt = left_rules[0].paragraph_format
    rule_length = available_left - fmt.left_indent - fmt.right_indent
    issuing_length = nd30.text_width("SỞ NỘI VỤ", 13, bold=True)
    assert issuing_length / 3 - Mm(1) <= rule_length <= issuing_length / 2 + Mm(1)
    assert abs(fmt.left_indent - fmt.right_indent) <= 1
    available_right = Cm(10.5) - 2 * nd30.CELL_MARGIN
    fmt = right_rules[0].paragraph_format
    rule_length = available_right - fmt.left_indent - fmt.right_indent
    assert abs(rule_length - nd30.text_width("Độc lập - Tự do - Hạnh phúc", 13, bold=True)) <= Mm(1)


def test_quoc_hieu_fits_the_right_column():
    width = nd30.text_width(nd30.QUOC_HIEU, nd30.SIZE_QUOC_HIEU, bold=True)
    assert width < nd30.HEADER_RIGHT - 2 * nd30.CELL_MARGIN
    # the trap the stack notes describe: 13 pt bold does not fit 95 mm
    assert nd30.text_width(nd30.QUOC_HIEU, 13, bold=True) > Mm(95) - 2 * nd30.CELL_MARGIN


def test_title_is_centred_bold_with_a_rule():
    doc = build_bao_cao()
    name = find_paragraph(doc.paragraphs, "BÁO CÁO")
    subject = find_paragraph(doc.paragraphs, "Kết quả công tác cải cách hành chính quý IV năm 2020")
    for paragraph in (name, subject):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.font.bold and r.font.size == Pt(14) for r in paragraph.runs)
    index = [p._p for p in doc.paragraphs].index(subject._p)
    rule = doc.paragraphs[index + 1]
    assert rule_paragraphs([rule]) == [rule]
    length = nd30.TEXT_WIDTH - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent
    subject_length = nd30.text_width(subject.text, 14, bold=True)
    assert subject_length / 3 - Mm(1) <= length <= subject_length / 2 + Mm(1)


def test_body_paragraphs_are_justified_with_first_line_indent(saved):
    kind, _, doc = saved
    body = [p for p in doc.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert len(body) >= 2
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert abs(fmt.first_line_indent - Cm(1.27)) <= Mm(0.1)
        assert fmt.space_after >= Pt(6)
        for run in paragraph.runs:
            assert Pt(13) <= run.font.size <= Pt(14)
    if kind == "cong_van":
        mixed = next(p for p in body if "05 đơn vị" in p.text)
        styles = {r.text: (r.font.bold, r.font.italic) for r in mixed.runs}
        assert styles["05 đơn vị"] == (True, False)
        assert styles["trước ngày 30 tháng 11 năm 2020"] == (False, True)
    else:
        heading = find_paragraph(doc.paragraphs, "I. KẾT QUẢ THỰC HIỆN")
        assert heading.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert all(r.font.bold for r in heading.runs)
        assert heading.paragraph_format.first_line_indent == Cm(1.27)
        italic = find_paragraph(doc.paragraphs, "Tiếp tục đẩy mạnh cải cách hành chính.")
        assert all(r.font.italic for r in italic.runs)


def test_kinh_gui_one_and_several_recipients(saved):
    kind, _, doc = saved
    texts = [p.text for p in doc.paragraphs]
    if kind == "bao_cao":
        single = find_paragraph(doc.paragraphs, "Kính gửi: Ủy ban nhân dân tỉnh Gia Lai.")
        assert single.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.font.size == Pt(14) for r in single.runs)
        return
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == ["- Các sở, ban, ngành thuộc tỉnh;", "- UBND các huyện, thị xã, thành phố."]
    label = doc.paragraphs[start]
    first = doc.paragraphs[start + 1]
    # the dashes sit under the colon: label indent + width of "Kính gửi"
    dash_at = first.paragraph_format.left_indent + first.paragraph_format.first_line_indent
    assert abs(dash_at - (label.paragraph_format.left_indent + nd30.text_width("Kính gửi", 14))) <= Mm(0.5)
    for paragraph in doc.paragraphs[start : start + 3]:
        assert all(r.font.size == Pt(14) for r in paragraph.runs)


def test_kinh_gui_needs_a_recipient():
    with pytest.raises(ValueError):
        nd30.add_kinh_gui(nd30.new_document(), ["  ", ""])


def test_noi_nhan_and_signature(saved):
    kind, _, doc = saved
    table = doc.tables[-1]
    assert len(table.columns) == 2 and table.autofit is False
    for column in table.columns:
        for cell in column.cells:
            assert cell.width == column.width
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # the block moves whole to the next page
    left, right = table.cell(0, 0), table.cell(0, 1)
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert all(r.font.bold and r.font.italic and r.font.size == Pt(12) for r in label.runs)
    lines = [p.text for p in left.paragraphs[1:]]
    if kind == "cong_van":
        assert lines == ["- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, CCHC."]
    else:
        assert lines == ["- UBND tỉnh;", "- Bộ Nội vụ;", "- Lưu: VT, CCHC."]
    for paragraph in left.paragraphs[1:]:
        assert all(r.font.size == Pt(11) and not r.font.bold and not r.font.italic for r in paragraph.runs)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT

    signed = [p for p in right.paragraphs if p.text.strip()]
    expected = (
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", SIGNER]
        if kind == "cong_van"
        else ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    )
    assert [p.text for p in signed] == expected
    for paragraph in right.paragraphs:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in signed:
        assert all(r.font.bold and r.font.size == Pt(14) for r in paragraph.runs)
    # room for the signature between the position and the name
    blank = [p for p in right.paragraphs if not p.text.strip()]
    assert len(blank) >= nd30.SIGNATURE_LINES
    if kind == "bao_cao":  # no name yet: the last line stays empty
        assert right.paragraphs[-1].text == ""


def test_page_number_field_from_page_two(saved):
    _, _, doc = saved
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header
    assert not header.is_linked_to_previous
    instr = [el.text for el in header._element.iter(qn("w:instrText"))]
    assert any(text.strip() == "PAGE" for text in instr)
    types = [el.get(qn("w:fldCharType")) for el in header._element.iter(qn("w:fldChar"))]
    assert types == ["begin", "separate", "end"]
    paragraph = header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        assert Pt(13) <= run.font.size <= Pt(14)
        assert not run.font.italic and not run.font.bold
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:fldChar")))
    assert all(not p.text.strip() for p in first.paragraphs)


def test_number_symbol_and_blank_date():
    assert nd30.format_number_symbol(5, "BC-SNV") == "05/BC-SNV"
    assert nd30.format_number_symbol(123, "/SNV-CCHC") == "123/SNV-CCHC"
    assert nd30.format_number_symbol(None, "BC-SNV") == "      /BC-SNV"
    doc = nd30.new_document()
    nd30.add_header(
        doc,
        parent_body=None,
        issuing_body="ỦY BAN NHÂN DÂN\nTỈNH GIA LAI",
        number_symbol="15/KH-UBND",
        place="Gia Lai",
        date=None,
        year=2021,
    )
    paragraphs = table_paragraphs(doc.tables[0])
    texts = [p.text for p in paragraphs]
    assert "Số: 15/KH-UBND" in texts
    assert "Gia Lai, ngày      tháng      năm 2021" in texts
    assert "ỦY BAN NHÂN DÂN" in texts and "TỈNH GIA LAI" in texts
    # blanks survive a save: the spaces are preserved in the XML
    stream = BytesIO()
    nd30.save(doc, stream)
    stream.seek(0)
    again = Document(stream)
    assert "Gia Lai, ngày      tháng      năm 2021" in [p.text for p in table_paragraphs(again.tables[0])]


def test_pdf_unavailable_without_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setattr(nd30.shutil, "which", lambda name: None)
    source = tmp_path / "a.docx"
    nd30.save(nd30.new_document(), source)
    with pytest.raises(nd30.PdfUnavailable, match="libreoffice-writer-nogui"):
        nd30.docx_to_pdf(source, tmp_path)


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n")
    program.chmod(0o755)
    monkeypatch.setattr(nd30.shutil, "which", lambda name: str(program) if name == "soffice" else None)


def test_pdf_timeout_stops_libreoffice(monkeypatch, tmp_path):
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    source = tmp_path / "a.docx"
    nd30.save(nd30.new_document(), source)
    with pytest.raises(nd30.PdfConversionFailed, match="did not finish"):
        nd30.docx_to_pdf(source, tmp_path / "out", timeout=0.5)


def test_pdf_failure_is_reported(monkeypatch, tmp_path):
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2; exit 1")
    source = tmp_path / "a.docx"
    nd30.save(nd30.new_document(), source)
    with pytest.raises(nd30.PdfConversionFailed, match="could not be loaded"):
        nd30.docx_to_pdf(source, tmp_path / "out")


@pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="LibreOffice (soffice) not installed: apt-get install "
    "libreoffice-writer-nogui fonts-liberation2 to run the PDF check",
)
@pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)
def test_pdf_through_libreoffice(tmp_path):
    source = tmp_path / "cong-van.docx"
    nd30.save(build_cong_van(), source)
    pdf = nd30.docx_to_pdf(source, tmp_path / "out")
    assert pdf == tmp_path / "out" / "cong-van.pdf" and pdf.stat().st_size > 1000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # on one line: the column is wide enough
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert SIGNER in text
    assert "Gia Lai, ngày 20 tháng 11 năm 2020" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "A4" in size or "595.2" in size or "595.3" in size, size


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_pdf_long_report_numbers_pages_from_two(tmp_path):
    source = tmp_path / "bao-cao.docx"
    nd30.save(build_bao_cao(), source)
    pdf = nd30.docx_to_pdf(source, tmp_path)
    pages = (
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split("\f")
    )
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    first_lines = [line.strip() for line in pages[1].splitlines() if line.strip()]
    assert first_lines[0] == "2"  # page 2 starts with its number
    assert not any(line.strip() == "1" for line in pages[0].splitlines()[:3])
    # the signature block is not split across pages, nor left alone: the last body lines come with it
    last = pages[-1]
    for text in ("Tiếp tục đẩy mạnh", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Lưu: VT, CCHC."):
        assert text in last, text
