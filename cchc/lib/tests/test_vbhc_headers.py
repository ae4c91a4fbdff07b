"""One header content, every way text extraction lays it out: the header fields must not change."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

import pytest

from cchc.lib.vbhc import parse_document

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
BODY = """
Kính gửi: Sở Nội vụ.

Nội dung văn bản được trình bày tại đây, đề nghị các đơn vị thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Nguyễn Thị Lan
"""


@dataclass(frozen=True)
class Spec:
    name: str
    left: tuple[str, ...]  # body lines of the left column before "Số"
    issuer: str
    parent: str | None
    number_line: str
    number: str
    subject_lines: tuple[str, ...]
    subject: str
    date_line: str
    place: str
    date: str


SPECS = [
    Spec(
        "ubnd",
        ("ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"),
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI",
        None,
        "Số: 2031/UBND-NC",
        "2031/UBND-NC",
        ("V/v đẩy mạnh thông tin, tuyên truyền", "cải cách hành chính năm 2020"),
        "đẩy mạnh thông tin, tuyên truyền cải cách hành chính năm 2020",
        "Gia Lai, ngày 01 tháng 10 năm 2020",
        "Gia Lai",
        "2020-10-01",
    ),
    Spec(
        "so",
        ("UBND TỈNH QUẢNG NAM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "UBND TỈNH QUẢNG NAM",
        "Số: 512/SGDĐT-VP",
        "512/SGDĐT-VP",
        ("V/v báo cáo công tác cải cách", "hành chính quý IV năm 2023"),
        "báo cáo công tác cải cách hành chính quý IV năm 2023",
        "Quảng Nam, ngày 12 tháng 12 năm 2023",
        "Quảng Nam",
        "2023-12-12",
    ),
    Spec(
        "bo",
        ("BỘ TÀI CHÍNH", "CỤC THUẾ"),
        "CỤC THUẾ",
        "BỘ TÀI CHÍNH",
        "Số: 98 /CT-TTHT",
        "98/CT-TTHT",
        ("V/v hướng dẫn quyết toán thuế", "thu nhập cá nhân năm 2024"),
        "hướng dẫn quyết toán thuế thu nhập cá nhân năm 2024",
        "Hà Nội, ngày 05 tháng 02 năm 2025",
        "Hà Nội",
        "2025-02-05",
    ),
    Spec(
        "wrapped_name",
        ("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY", "DỰNG CÁC CÔNG TRÌNH GIAO THÔNG"),
        "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÁC CÔNG TRÌNH GIAO THÔNG",
        None,
        "Số:15/BQLDA-KH",
        "15/BQLDA-KH",
        ("V/v tiến độ giải ngân vốn",),
        "tiến độ giải ngân vốn",
        "Thành phố Hồ Chí Minh, ngày 3 tháng 7 năm 2024",
        "Thành phố Hồ Chí Minh",
        "2024-07-03",
    ),
]


def linear_left_first(s: Spec) -> str:
    return "\n".join([*s.left, s.number_line, *s.subject_lines, QH, TN, s.date_line])


def linear_blank_lines(s: Spec) -> str:
    return "\n\n".join([*s.left, QH, TN, s.number_line, s.date_line, *s.subject_lines])


def merged_columns(s: Spec) -> str:
    left = [*s.left, s.number_line, *s.subject_lines]
    right = [QH, TN, s.date_line]
    return "\n".join(f"{a} {b}".strip() for a, b in zip_longest(left, right, fillvalue=""))


def row_table(s: Spec) -> str:
    left = [*s.left, s.number_line, *s.subject_lines]
    right = [QH, TN, s.date_line]
    return "\n".join(f"| {a} | {b} |" for a, b in zip_longest(left, right, fillvalue=""))


def tvpl(s: Spec) -> str:
    return "\n".join(
        [
            "|",
            *s.left[:-1],
            f"**{s.left[-1]}**",
            "--------",
            "|",
            "**CỘNG HÒA XÃ",
            "HỘI CHỦ NGHĨA VIỆT NAM**",
            TN,
            "---------------",
            "|",
            "|",
            s.number_line,
            f"*{s.subject_lines[0]}",
            *s.subject_lines[1:-1],
            *([f"{s.subject_lines[-1]}*"] if len(s.subject_lines) > 1 else []),
            "|",
            f"*{s.date_line}*",
            "|",
        ]
    ).replace(f"*{s.subject_lines[0]}\n|", f"*{s.subject_lines[0]}*\n|")


def ocr(s: Spec) -> str:
    left = [*s.left]
    first = f"{left[0]} {QH.replace('HÒA', 'HOÀ')}"
    second = f"{left[1]} {TN.replace(' - ', ' — ')}"
    number = f"{s.number_line.replace('Số', 'số')} {s.date_line.replace(', ngày', '. ngày')}"
    return "\n".join([first, second, number, "", *s.subject_lines])


LAYOUTS = [linear_left_first, linear_blank_lines, merged_columns, row_table, tvpl, ocr]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[f.__name__ for f in LAYOUTS])
@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_header_fields_survive_every_layout(spec: Spec, layout: object) -> None:
    text = layout(spec) + "\n" + BODY  # type: ignore[operator]
    doc = parse_document(text)
    got = (doc.issuer, doc.parent_issuer, doc.number, doc.place, doc.date and doc.date.isoformat(), doc.subject)
    want = (spec.issuer, spec.parent, spec.number, spec.place, spec.date, spec.subject)
    assert got == want, text
    assert doc.type == "Công văn"
    assert doc.recipients == ["Sở Nội vụ"]
    assert doc.signature.signer == "Nguyễn Thị Lan"
