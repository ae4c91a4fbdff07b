"""Hypothesis on the paths added for plans: noise lines (page markers, stamps, footer columns), due cells and their
ranges, unit cells split into names, task tables with merged, missing and odd cells."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.lib.vbhc import parse_document
from cchc.lib.vbhc.cleanup import drop_noise_lines, split_footer_columns
from cchc.lib.vbhc.deadlines import parse_due_text
from cchc.lib.vbhc.tables import split_unit_names

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NOISE = ["# PAGE 1", "--- Page 2 ---", "Trang 3/5", "ĐẾN", "CÔNG VĂN ĐẾN", "Số 73", "Số: 12", "Ngày: 05/12/2025",
         "Chuyển: P.TH", "Nơi nhận: TL. CỤC TRƯỞNG", "- Như trên; KT. TRƯỞNG PHÒNG", "- Lưu: VT. PHÓ TRƯỞNG PHÒNG",
         "KT.TRƯỞNG PHÒNG", "Điều 1 Thành lập", "Thành phố Hồ", "Chí Minh, ngày 14 tháng 10 năm 2025", "Đắk Lắk,",
         "ngày 05 tháng 12 năm 2025", "Số: 58/KH-UBND", "KẾ HOẠCH", "| STT | Nội dung | Cơ quan chủ trì | Cơ quan "
         "phối hợp | Thời gian |", "| I | Nhóm |  |  |  |", "|  |  | Sở Tài chính |  |  |", "| a) | Việc | Sở Nội vụ | "
         "Sở Y tế | Quí IV-2025 |", "| VI. SƠ KẾT |  |  |  |  |"]
DUE_WORDS = ["Quý", "Quí", "IV", "II", "I", "/", "-", "–", "2025", "2030", "Năm", "tháng", "12", "đến", "ngày",
             "Trước", "31/12/2025", "15 ngày làm việc", "Giai đoạn", "Hằng năm", " "]
UNIT_WORDS = ["Sở", "Khoa học", "và", "Công nghệ", "Công Thương", "UBND", "Ban", "Văn phòng", "Báo", "Đài", ";",
              "\n", ",", "các", "Bộ", "Cục", "Chi cục", "Thuế", "Hội", " "]


@FAST
@given(st.lists(st.one_of(st.sampled_from(NOISE), st.text(max_size=50)), max_size=60))
def test_noise_lines_never_raise_and_never_add_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    cleaned = drop_noise_lines(text)
    assert len(cleaned.replace("\n", "").replace(" ", "")) <= len(text.replace("\n", "").replace(" ", "")) + 4 * len(
        lines)
    json.dumps(parse_document(text).to_dict(), ensure_ascii=False)


@FAST
@given(st.lists(st.text(max_size=80), max_size=30))
def test_footer_columns_keep_every_word(lines: list[str]) -> None:
    out = split_footer_columns(lines)
    assert sorted(" ".join(out).split()) == sorted(" ".join(lines).split())


@FAST
@given(st.lists(st.sampled_from(DUE_WORDS), max_size=12), st.one_of(st.none(), st.dates(date(2000, 1, 1),
                                                                                         date(2040, 1, 1))))
def test_due_cells_give_a_date_or_nothing(words: list[str], doc_date: date | None) -> None:
    due, kind = parse_due_text(" ".join(words), doc_date)
    assert due is None or isinstance(due, date)
    assert kind in (None, "absolute", "period_end", "relative", "recurring", "year")
    text = " ".join(words)
    if due is not None and " - " in text and "Quý" in text:
        parts = [parse_due_text(p, doc_date)[0] for p in text.split(" - ")]
        assert all(p is None or p <= due for p in parts)  # a range gives its end


@FAST
@given(st.lists(st.sampled_from(UNIT_WORDS), max_size=20))
def test_unit_cells_split_into_names_that_were_in_the_cell(words: list[str]) -> None:
    cell = " ".join(words)
    names = split_unit_names(cell)
    assert all(name and name in " ".join(cell.split()) or name in cell for name in names)


CELLS = st.one_of(st.sampled_from(["", "I", "II.", "1", "2", "a)", "-", "Sở Nội vụ", "Sở Khoa học và Công nghệ Sở "
                                   "Công Thương", "Quí IV-2025", "Năm 2025-2030", "VI. SƠ KẾT", "Tổ chức hội nghị"]),
                  st.text(alphabet=st.characters(blacklist_characters="|\n"), max_size=30))


@FAST
@given(st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=25))
def test_task_tables_with_odd_rows_never_raise(rows: list[list[str]]) -> None:
    head = "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 1/KH-UBND\nGia Lai, ngày 01 tháng 02 năm 2021\nKẾ HOẠCH\nThử\n"
    table = "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n" + "\n".join(
        "| " + " | ".join(row) + " |" for row in rows)
    doc = parse_document(head + table)
    for task in doc.table_tasks:
        assert task.text and (task.due_date is None or isinstance(task.due_date, date))
