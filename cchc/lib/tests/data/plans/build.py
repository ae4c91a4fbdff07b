"""Build the .docx and .pdf samples of this folder from the texts below (python-docx; LibreOffice for the PDF).

Run from the repository: ``.venv/bin/python cchc/lib/tests/data/plans/build.py``. The files are committed; this
script says how they were made (merged cells of a real plan's task table, a two-column header as Word lays it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell(cell, text: str, *, bold: bool = False, center: bool = True) -> None:  # type: ignore[no-untyped-def]
    lines = text.split("\n")
    cell.paragraphs[0].text = ""
    for k, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(12)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def header(document, left: list[str], right: list[str], number: str, dateline: str) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _cell(table.cell(0, 0), "\n".join(left), bold=True)
    _cell(table.cell(0, 1), "\n".join(right), bold=True)
    _cell(table.cell(1, 0), number)
    _cell(table.cell(1, 1), dateline)


def footer(document, cc: list[str], signature: list[str]) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _cell(table.cell(0, 0), "\n".join(cc), center=False)
    _cell(table.cell(0, 1), "\n".join(signature), bold=True)


def para(document, text: str, *, bold: bool = False, center: bool = False) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(13)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- 1. A Gia Lai plan whose task table has merged cells -------------------------------------------------------

PLAN_ROWS = [
    # (STT, Nội dung, Chủ trì, Phối hợp, Thời gian) ; None = merged with the row above (vMerge); "=" spans the row
    ("=", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    ("1", "Xây dựng, ban hành kế hoạch tuyên truyền chuyển đổi số của cơ quan, đơn vị", "Sở Thông tin và Truyền thông",
     "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố", "Quí I-2021"),
    ("2", "Tổ chức hội nghị quán triệt các văn bản về chuyển đổi số", "Sở Nội vụ",
     "Sở KH&CN, Sở Công Thương, các doanh nghiệp viễn thông", "Quý II/2021 - Quý IV/2021"),
    ("3", "Biên soạn tài liệu hỏi - đáp về chuyển đổi số", None, "Báo Gia Lai", "Tháng 6/2021"),
    ("=", "II. NHIỆM VỤ CỤ THỂ"),
    ("1", "Mở chuyên trang, chuyên mục về chuyển đổi số trên báo, đài", "Sở Khoa học và Công nghệ\nSở Công Thương",
     "Báo Gia Lai; Đài Phát thanh - Truyền hình Gia Lai", "Thường xuyên"),
    ("", "", "Cổng Thông tin điện tử tỉnh", "", ""),
    ("2", "Hướng dẫn triển khai nền tảng số dùng chung", "Bộ Thông tin và Truyền thông",
     "Sở Thông tin và Truyền thông", "Năm 2021-2025"),
    ("a)", "Tập huấn kỹ năng số cho cán bộ, công chức cấp xã", "UBND các xã, phường, thị trấn", "Sở Nội vụ",
     "Trong 15 ngày làm việc"),
    ("3", "Bảo đảm an toàn thông tin cho hệ thống một cửa điện tử", "Văn phòng UBND tỉnh",
     "Công an tỉnh Đắk Lắk; Trung tâm Phục vụ hành chính công tỉnh", "Trước ngày 30/11/2021"),
    ("=", "III. KIỂM TRA, ĐÁNH GIÁ"),
    ("1", "Kiểm tra việc thực hiện kế hoạch tại các cơ quan, địa phương", "Sở Nội vụ",
     "Sở Thông tin và Truyền thông", "Quí IV-2021"),
]


def plan_docx(path: Path) -> None:
    document = Document()
    header(document, ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"],
           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
           "Số: 58/KH-UBND", "Gia Lai, ngày 20 tháng 01 năm 2021")
    para(document, "KẾ HOẠCH", bold=True, center=True)
    para(document, "Tuyên truyền về chuyển đổi số trên địa bàn tỉnh năm 2021", bold=True, center=True)
    para(document, "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt "
                   "Chương trình Chuyển đổi số quốc gia, UBND tỉnh ban hành Kế hoạch như sau:")
    para(document, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    para(document, "Nâng cao nhận thức của cán bộ, công chức và người dân về chuyển đổi số.")
    para(document, "II. NHIỆM VỤ", bold=True)
    para(document, "Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.")
    para(document, "III. KINH PHÍ", bold=True)
    para(document, "Kinh phí thực hiện từ nguồn ngân sách nhà nước giao trong dự toán năm 2021 của cơ quan, đơn vị.")
    para(document, "IV. TỔ CHỨC THỰC HIỆN", bold=True)
    para(document, "Các cơ quan, đơn vị được giao nhiệm vụ báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Thông tin "
                   "và Truyền thông) trước ngày 15/12/2021 để tổng hợp./.")
    footer(document, ["Nơi nhận:", "- Bộ Thông tin và Truyền thông (để báo cáo);", "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);",
                      "- Chủ tịch, các PCT UBND tỉnh;", "- Các sở, ban, ngành tỉnh;", "- Lưu: VT, KGVX."],
           ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Kpă Thuyên"])
    para(document, "PHỤ LỤC", bold=True, center=True)
    para(document, "NHIỆM VỤ TUYÊN TRUYỀN VỀ CHUYỂN ĐỔI SỐ NĂM 2021", bold=True, center=True)
    table = document.add_table(rows=1 + len(PLAN_ROWS), cols=5)
    table.style = "Table Grid"
    for col, title in enumerate(["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]):
        _cell(table.cell(0, col), title, bold=True)
    for r, row in enumerate(PLAN_ROWS, start=1):
        if row[0] == "=":
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            _cell(merged, row[1], bold=True, center=False)
            continue
        for col, value in enumerate(row):
            if value is None:
                table.cell(r - 1, col).merge(table.cell(r, col))
                continue
            _cell(table.cell(r, col), value, center=col in (0, 4))
    document.save(str(path))


# --- 2. A Gia Lai dispatch as a PDF with the usual two-column header ------------------------------------------

def dispatch_docx(path: Path) -> None:
    document = Document()
    header(document, ["UBND TỈNH GIA LAI", "SỞ NỘI VỤ"],
           ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
           "Số: 1215/SNV-CCHC\nV/v báo cáo kết quả tuyên truyền cải cách hành chính năm 2021",
           "Gia Lai, ngày 02 tháng 11 năm 2021")
    para(document, "Kính gửi:", center=True)
    para(document, "- Các sở, ban, ngành tỉnh;", center=True)
    para(document, "- UBND các huyện, thị xã, thành phố.", center=True)
    para(document, "Thực hiện Kế hoạch số 58/KH-UBND ngày 20/01/2021 của UBND tỉnh về tuyên truyền chuyển đổi số "
                   "năm 2021, Sở Nội vụ đề nghị các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện công tác "
                   "tuyên truyền cải cách hành chính năm 2021, gồm số tin bài, chuyên mục, hội nghị đã tổ chức và "
                   "các mô hình hay, gửi về Sở Nội vụ trước ngày 25/11/2021 để tổng hợp, báo cáo UBND tỉnh.")
    para(document, "Sở Nội vụ đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.")
    footer(document, ["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, CCHC."],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Nguyễn Văn Hòa"])
    document.save(str(path))


def to_pdf(docx: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
                        "--outdir", tmp, str(docx)], check=True, capture_output=True, timeout=120)
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), str(pdf))


if __name__ == "__main__":
    plan_docx(HERE / "kh-58-gialai-chuyen-doi-so.docx")
    to_pdf(HERE / "kh-58-gialai-chuyen-doi-so.docx", HERE / "kh-58-gialai-chuyen-doi-so.pdf")
    dispatch_docx(HERE / "_cv-1215.docx")
    to_pdf(HERE / "_cv-1215.docx", HERE / "cv-1215-snv-gialai.pdf")
    (HERE / "_cv-1215.docx").unlink()
