"""Field readers one by one: deadlines, references, addressees, numbers, types, signatures."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.lib.holidays import vietnam_public_holidays
from cchc.lib.vbhc import fold, parse_document
from cchc.lib.vbhc.deadlines import find_deadlines, parse_due_text
from cchc.lib.vbhc.doctypes import type_from_symbol
from cchc.lib.vbhc.header import split_number
from cchc.lib.vbhc.references import find_references
from cchc.lib.vbhc.sections import extract_addressees

DOC_DATE = date(2025, 11, 18)


def _dl(text: str, doc_date: date | None = DOC_DATE) -> list[tuple[str | None, str]]:
    return [(d.date.isoformat() if d.date else None, d.kind) for d in find_deadlines(text, doc_date)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("báo cáo trước ngày 25/11/2025.", [("2025-11-25", "absolute")]),
        ("gửi về Sở trước ngày 06 tháng 12 năm 2025 để tổng hợp", [("2025-12-06", "absolute")]),
        ("gửi trước ngày 26/11/2025 .", [("2025-11-26", "absolute")]),
        ("nộp chậm nhất ngày 30.11.2025", [("2025-11-30", "absolute")]),
        ("báo cáo trước 16 giờ ngày 20/11/2025", [("2025-11-20", "absolute")]),
        ("hoàn thành trước 17h00, ngày 21-11-2025", [("2025-11-21", "absolute")]),
        ("hạn chót: 01/12/2025", [("2025-12-01", "absolute")]),
        ("gửi trước ngày 15/12", [("2025-12-15", "absolute")]),
        ("hoàn thành trong quý I năm 2026", [("2026-03-31", "period_end")]),
        ("thực hiện trong quý IV/2025", [("2025-12-31", "period_end")]),
        ("tổ chức trong tháng 12 năm 2025", [("2025-12-31", "period_end")]),
        ("thực hiện đến hết tháng 12", [("2025-12-31", "period_end")]),
        ("hạn cuối ngày 15 tháng 12 hàng năm", [("2025-12-15", "recurring")]),
        ("báo cáo trước ngày 15/12 hằng năm", [("2025-12-15", "recurring")]),
        ("báo cáo ngày 10 tháng 3 hằng năm", [("2026-03-10", "recurring")]),
        ("gửi trước ngày 20 hằng tháng", [("2025-11-20", "recurring")]),
        ("gửi trước ngày 05 hằng tháng", [("2025-12-05", "recurring")]),
        ("trong thời hạn 03 ngày làm việc kể từ ngày ký", [("2025-11-21", "relative")]),
        ("trong vòng 10 ngày kể từ ngày 20/11/2025", [("2025-11-30", "relative")]),
        ("03 ngày làm việc, kể từ ngày Quyết định có hiệu lực", [(None, "relative")]),
        # not deadlines
        ("treo cờ từ ngày 10/5/2026 đến hết ngày 14/5/2026", []),
        ("Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng", []),
        ("từ ngày 01/7/2025, nước ta có 34 tỉnh", []),
        ("trước ngày 01/7/2025 các xã đã sáp nhập", []),
        ("Trong tháng 11 năm 2025, do mưa lũ, nhiều nơi đã bị ngập.", []),
        ("Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.", []),
        ("hạn chế sử dụng ngày 20/11/2025", []),
    ],
)
def test_deadlines(text: str, want: list[tuple[str | None, str]]) -> None:
    assert _dl(text) == want


def test_relative_working_days_skip_weekends_and_given_holidays() -> None:
    text = "trong thời hạn 05 ngày làm việc kể từ ngày ký"
    d = date(2025, 8, 27)  # Wednesday before National Day
    got = find_deadlines(text, d, holidays=vietnam_public_holidays(2025))
    assert got[0].date == date(2025, 9, 5)  # skips 30-31/8 weekend and 1-2/9
    assert find_deadlines(text, d, holidays=set())[0].date == date(2025, 9, 3)


def test_deadline_without_document_date_keeps_absolute_dates_only() -> None:
    assert _dl("báo cáo trước ngày 25/11/2025; hạn cuối ngày 15 tháng 12 hằng năm", None) == [
        ("2025-11-25", "absolute"),
        (None, "recurring"),
    ]


@pytest.mark.parametrize(
    ("cell", "want"),
    [
        ("Trước ngày 30/11/2025", (date(2025, 11, 30), "absolute")),
        ("30/11/2025", (date(2025, 11, 30), "absolute")),
        ("Quý I/2026", (date(2026, 3, 31), "period_end")),
        ("Tháng 9/2021", (date(2021, 9, 30), "period_end")),
        ("Tháng 12 hằng năm", (date(2025, 12, 31), "recurring")),
        ("2025", (date(2025, 12, 31), "year")),
        ("Năm 2026", (date(2026, 12, 31), "year")),
        ("Thường xuyên", (None, None)),
        ("Theo Kế hoạch riêng", (None, None)),
    ],
)
def test_task_table_due_cells(cell: str, want: tuple[date | None, str | None]) -> None:
    assert parse_due_text(cell, DOC_DATE) == want


def test_references_with_type_number_date_issuer() -> None:
    text = (
        "Thực hiện văn bản số 4849/BNV-CCHC ngày 16/9/2020 của Bộ Nội vụ về đẩy mạnh; Nghị quyết số 30c/NQ-CP "
        "ngày 08/11/2011 của Chính phủ ban hành; Nghị quyết 30c/NQ-CP ngày 08/11/2011; Nghị quyết số 02-NQ/TU "
        "ngày 01/7/2016 của Tỉnh ủy về cải cách; Thông tư số 11/2025/TT-BGDĐT ngày 12 tháng 6 năm 2025 của Bộ Giáo "
        "dục và Đào tạo quy định; Công văn số 4687/STC-GCS ngày tháng 10 năm 2025 về việc; Luật Tổ chức chính "
        "quyền địa phương số 72/2025/QH15; các công điện: số 217/CĐ-TTg ngày 16/11/2025; Thông tư số 92/2009/TT- BTC."
    )
    refs = [(r.type, r.number, r.date and r.date.isoformat(), r.issuer) for r in find_references(text, "1/UBND")]
    assert refs == [
        ("Công văn", "4849/BNV-CCHC", "2020-09-16", "Bộ Nội vụ"),
        ("Nghị quyết", "30c/NQ-CP", "2011-11-08", "Chính phủ"),
        ("Nghị quyết", "02-NQ/TU", "2016-07-01", "Tỉnh ủy"),
        ("Thông tư", "11/2025/TT-BGDĐT", "2025-06-12", "Bộ Giáo dục và Đào tạo"),
        ("Công văn", "4687/STC-GCS", None, None),
        ("Luật", "72/2025/QH15", None, None),
        ("Công điện", "217/CĐ-TTg", "2025-11-16", None),
        ("Thông tư", "92/2009/TT-BTC", None, None),
    ]


def test_the_documents_own_number_is_not_a_reference() -> None:
    assert find_references("(Kèm theo Kế hoạch số 980/KH-UBND ngày 18/11/2025)", "980/KH-UBND") == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố đăng tải kịp thời",
            ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"],
        ),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể tỉnh phối hợp các ngành",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể tỉnh"],
        ),
        (
            "Báo Gia Lai; Đài Phát thanh - Truyền hình Gia Lai; Cổng Thông tin điện tử tỉnh",
            ["Báo Gia Lai", "Đài Phát thanh - Truyền hình Gia Lai", "Cổng Thông tin điện tử tỉnh"],
        ),
        ("Giao Sở Nội vụ chủ trì, theo dõi, đôn đốc", ["Sở Nội vụ"]),
        ("Bộ Quốc phòng, Bộ Công an theo chức năng, nhiệm vụ", ["Bộ Quốc phòng, Bộ Công an"]),
        (
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:",
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
        ),
        (
            "Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã chịu trách nhiệm",
            ["Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã"],
        ),
        ("Sở Nội vụ (cơ quan thường trực) tham mưu", ["Sở Nội vụ"]),
        ("Thông tin kịp thời các mô hình mới", []),
        ("Trường hợp cơ sở KCB tăng số giường", []),
        ("Các nội dung cần lưu ý như sau", []),
        ("Rà soát việc kê thêm giường", []),
    ],
)
def test_addressees(text: str, want: list[str]) -> None:
    assert extract_addressees(text) == want


@pytest.mark.parametrize(
    ("raw", "number", "symbol"),
    [
        ("2031 /UBND-NC", "2031/UBND-NC", "UBND-NC"),
        ("4222 /TCT -PC", "4222/TCT-PC", "TCT-PC"),
        ("10988/BNV-CQĐP", "10988/BNV-CQĐP", "BNV-CQĐP"),
        ("52/2025/QĐ-UBND", "52/2025/QĐ-UBND", "QĐ-UBND"),
        ("02-NQ/TU", "02-NQ/TU", "NQ/TU"),
        ("/TB-UBND", None, "TB-UBND"),
        ("01814/QĐ-UBND", "01814/QĐ-UBND", "QĐ-UBND"),
        ("30c/NQ-CP", "30c/NQ-CP", "NQ-CP"),
    ],
)
def test_numbers(raw: str, number: str | None, symbol: str) -> None:
    assert split_number(raw) == (number, symbol)


@pytest.mark.parametrize(
    ("symbol", "doc_type"),
    [
        ("QĐ-UBND", "Quyết định"),
        ("QyĐ-UBND", "Quy định"),
        ("CT-UBND", "Chỉ thị"),
        ("CTr-UBND", "Chương trình"),
        ("TTr-SNV", "Tờ trình"),
        ("2025/QĐ-UBND", "Quyết định"),
        ("NQ/TU", "Nghị quyết"),
        ("CĐ-TTg", "Công điện"),
        ("GM-UBND", "Giấy mời"),
        ("UBND-NC", None),
        ("BNV-CQĐP", None),
    ],
)
def test_type_from_symbol(symbol: str, doc_type: str | None) -> None:
    assert type_from_symbol(symbol) == doc_type


def test_a_cuc_thue_letter_with_v_v_is_a_cong_van_not_a_chi_thi() -> None:
    doc = parse_document(
        "CỤC THUẾ TP HÀ NỘI\nSố: 12345/CT-TTHT\nV/v chính sách thuế\nHà Nội, ngày 02 tháng 3 năm 2024\n"
    )
    assert doc.type == "Công văn"
    assert parse_document("Số: 12/CT-UBND\nHà Nội, ngày 02 tháng 3 năm 2024\n").type == "Chỉ thị"


def test_fold_keeps_length_and_positions() -> None:
    text = "ỦY BAN NHÂN DÂN – Tỉnh Gia Lai “Đổi mới” ☃ Hoà/Hòa THUỶ/THỦY"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("uy ban nhan dan - tinh gia lai")
    assert "hoa/hoa thuy/thuy" in folded and "☃" in folded


def test_empty_and_whitespace_documents_warn() -> None:
    for text in ("", "   \n\n\t", "|\n|\n----"):
        doc = parse_document(text)
        assert doc.warnings and doc.to_dict()["number"] is None
