"""Build the .docx and .pdf of this folder (written after the code; see ../plans/build.py for the helpers).

Run from the repository: ``.venv/bin/python cchc/lib/tests/data/unseen/build.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "plans"))

from build import _cell, footer, header, para, to_pdf  # noqa: E402

ROWS = [
    ("=", "I. TUYÊN TRUYỀN, PHỔ BIẾN"),
    ("1", "Tuyên truyền Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
     "Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình Lâm Đồng\nCác cơ quan báo chí", "Quý I/2026"),
    ("2", "Xây dựng chuyên mục “Chuyển đổi số” trên Cổng Thông tin điện tử tỉnh", "Văn phòng UBND tỉnh",
     "Sở Khoa học và Công nghệ", "Tháng 3/2026"),
    ("=", "II. PHÁT TRIỂN HẠ TẦNG SỐ"),
    ("1", "Phủ sóng di động 4G, 5G đến các thôn, bon chưa có sóng", "Sở Khoa học và Công nghệ",
     "Các doanh nghiệp viễn thông\nUBND các xã, phường", "Năm 2026"),
    ("2", "Nâng cấp Trung tâm dữ liệu của tỉnh", None, "Sở Tài chính", "Quý IV/2026 - Quý II/2027"),
    ("", "", "Công an tỉnh", "", ""),
]


def plan(path: Path) -> None:
    document = Document()
    header(document, ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"],
           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
           "Số: 1042/KH-UBND", "Lâm Đồng, ngày 05 tháng 12 năm 2025")
    para(document, "KẾ HOẠCH", bold=True, center=True)
    para(document, "Thực hiện chuyển đổi số tỉnh Lâm Đồng năm 2026", bold=True, center=True)
    para(document, "I. MỤC TIÊU", bold=True)
    para(document, "Phát triển chính quyền số, kinh tế số và xã hội số trên địa bàn tỉnh.")
    para(document, "II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN", bold=True)
    table = document.add_table(rows=1 + len(ROWS), cols=5)
    table.style = "Table Grid"
    for col, title in enumerate(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]):
        _cell(table.cell(0, col), title, bold=True)
    for r, row in enumerate(ROWS, start=1):
        if row[0] == "=":
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            _cell(merged, row[1], bold=True, center=False)
            continue
        for col, value in enumerate(row):
            if value is None:
                table.cell(r - 1, col).merge(table.cell(r, col))
                continue
            _cell(table.cell(r, col), value, center=col in (0, 4))
    para(document, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    para(document, "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 10/12/2026 "
                   "để tổng hợp, báo cáo UBND tỉnh./.")
    footer(document, ["Nơi nhận:", "- Bộ Khoa học và Công nghệ (b/c);", "- TT Tỉnh ủy, TT HĐND tỉnh;",
                      "- Các sở, ban, ngành;", "- Lưu: VT, KGVX."],
           ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Ngọc Phúc"])
    document.save(str(path))


def dispatch(path: Path) -> None:
    document = Document()
    header(document, ["UBND TỈNH ĐỒNG THÁP", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
           "Số: 2310/SKHCN-CĐS\nV/v đăng ký tài khoản trên Nền tảng học trực tuyến mở đại trà",
           "Đồng Tháp, ngày 24 tháng 11 năm 2025")
    para(document, "Kính gửi: Ủy ban nhân dân các xã, phường.", center=True)
    para(document, "Thực hiện chỉ đạo của UBND tỉnh về phổ cập kỹ năng số cho người dân, Sở Khoa học và Công nghệ đề "
                   "nghị Ủy ban nhân dân các xã, phường chỉ đạo Tổ công nghệ số cộng đồng hướng dẫn người dân đăng ký "
                   "tài khoản trên Nền tảng học trực tuyến mở đại trà và báo cáo số lượng tài khoản đã đăng ký về Sở "
                   "Khoa học và Công nghệ trước ngày 15/12/2025./.")
    footer(document, ["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, CĐS."],
           ["GIÁM ĐỐC", "", "", "Huỳnh Minh Tuấn"])
    document.save(str(path))


if __name__ == "__main__":
    plan(HERE / "kh-lamdong-1042.docx")
    dispatch(HERE / "_cv-2310.docx")
    to_pdf(HERE / "_cv-2310.docx", HERE / "cv-dongthap-2310.pdf")
    (HERE / "_cv-2310.docx").unlink()
