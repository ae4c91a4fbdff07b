"""The công văn đôn đốc: read the DOCX back and check the Decree 30 layout and the words."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from docx import Document
from docx.shared import Mm

from cchc.directives.models import Assignment
from cchc.directives.obligations import as_obligation
from cchc.reminders.letters import build_reminder_letter

ABOUT = "Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh về đẩy mạnh tuyên truyền cải cách hành chính"
TODAY = date(2020, 11, 20)  # a Friday: five working days later is 27/11/2020


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def letter(assignment: Assignment, pleiku_assignment: Assignment) -> Any:
    content = build_reminder_letter(about=ABOUT, obligations=[as_obligation(assignment),
                                                               as_obligation(pleiku_assignment)], today=TODAY)
    assert content[:2] == b"PK"
    return Document(BytesIO(content))


def test_it_is_an_a4_page_with_the_decree_margins_in_times_new_roman(letter: Any) -> None:
    section = letter.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5) and abs(section.bottom_margin - Mm(20)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5) and abs(section.right_margin - Mm(15)) < Mm(0.5)
    assert letter.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in letter.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_the_header_table_has_the_bodies_the_blank_number_and_the_date(letter: Any) -> None:
    header = letter.tables[0]
    left_top = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    assert left_top == ["UBND TỈNH GIA LAI", "SỞ NỘI VỤ"]
    right_top = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert right_top == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, subject = [p.text for p in header.cell(1, 0).paragraphs if p.text]
    assert number == "Số:      /SNV-CCHC"
    assert subject == ("V/v đôn đốc thực hiện nhiệm vụ quá hạn theo Công văn số 2031/UBND-NC ngày 01/10/2020 của "
                       "UBND tỉnh")
    date_line = header.cell(1, 1).paragraphs[0]
    assert date_line.text == "Gia Lai, ngày 20 tháng 11 năm 2020"
    assert all(run.italic for run in date_line.runs if run.text)


def test_it_is_addressed_to_the_late_units_one_per_line(letter: Any) -> None:
    texts = [p.text for p in letter.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1:start + 3] == ["- Sở Thông tin và Truyền thông;", "- UBND thành phố Pleiku."]


def test_the_body_cites_the_document_and_lists_each_task_once(letter: Any) -> None:
    text = all_text(letter)
    assert f"Thực hiện {ABOUT}; qua theo dõi, đến ngày 20/11/2020, còn 2 cơ quan, đơn vị chưa hoàn thành" in text
    task_lines = [p.text for p in letter.paragraphs if p.text.startswith("- Nhiệm vụ")]
    assert len(task_lines) == 1  # one task, both units on it: not one line per unit
    assert "2 đơn vị (Sở Thông tin và Truyền thông, UBND thành phố Pleiku)" in task_lines[0]
    assert "khẩn trương hoàn thành" in text
    assert "trước ngày" not in text  # no new deadline


def test_the_closing_block_has_noi_nhan_and_the_signer(letter: Any) -> None:
    closing = letter.tables[-1]
    left = [p.text for p in closing.cell(0, 0).paragraphs if p.text]
    assert left == ["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, CCHC."]
    noi_nhan = closing.cell(0, 0).paragraphs[0].runs[0]
    assert noi_nhan.bold and noi_nhan.italic
    right = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert right == ["GIÁM ĐỐC"]


def test_the_signer_chosen_for_the_reports_signs(assignment: Assignment) -> None:
    from cchc.synthesis.models import SignatureDefaults

    SignatureDefaults.objects.create(signer_name="Nguyễn Văn Phó", signer_position="PHÓ GIÁM ĐỐC", on_behalf=True,
                                     head_position="GIÁM ĐỐC")
    doc = Document(BytesIO(build_reminder_letter(about=ABOUT, obligations=[as_obligation(assignment)],
                                                 today=TODAY)))
    assert [p.text for p in doc.tables[-1].cell(0, 1).paragraphs if p.text] == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Phó"]


def test_one_late_unit_is_addressed_on_one_line_with_the_authority_line(assignment: Assignment) -> None:
    content = build_reminder_letter(about=ABOUT, obligations=[as_obligation(assignment)], today=date(2020, 12, 1),
                                    authority=["KT. GIÁM ĐỐC"], signer_position="PHÓ GIÁM ĐỐC")
    doc = Document(BytesIO(content))
    text = all_text(doc)
    assert "Kính gửi: Sở Thông tin và Truyền thông." in text
    assert "đến ngày 01/12/2020, đơn vị vẫn chưa hoàn thành nhiệm vụ được giao" in text
    assert "(đã quá hạn 6 ngày)." in text and "1. Sở" not in text
    assert "Đề nghị đơn vị quan tâm, thực hiện./." in text
    assert [p.text for p in doc.tables[-1].cell(0, 1).paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_capitals_in_the_citation_become_sentence_case() -> None:
    from cchc.reminders.letters import tidy_citation

    assert tidy_citation("Công văn số 2031/UBND-NC ngày 01/10/2020 của ỦY BAN NHÂN DÂN TỈNH GIA LAI về đẩy mạnh") == (
        "Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh về đẩy mạnh")


def test_a_letter_needs_obligations() -> None:
    with pytest.raises(ValueError):
        build_reminder_letter(about=ABOUT, obligations=[], today=TODAY)
