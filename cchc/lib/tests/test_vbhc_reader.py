"""read_text: encodings, Word documents built here with python-docx, PDFs built with reportlab, bad files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cchc.lib.vbhc import (
    BinaryFileError,
    DocumentReadError,
    EmptyDocumentError,
    FileAccessError,
    LegacyFormatError,
    ScannedPdfError,
    UnsupportedFormatError,
    parse_document,
    read_text,
)

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "cong-van-2031-UBND-NC.txt"
FONTS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode like legacy Vietnamese Windows software: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _check_seed(text: str) -> None:
    doc = parse_document(text)
    assert doc.number == "2031/UBND-NC"
    assert doc.issuer == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert doc.signature.signer == "Đỗ Tiến Đông"
    assert doc.subject is not None and doc.subject.startswith("đẩy mạnh thông tin, tuyên truyền CCHC")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8.txt", lambda t: t.encode("utf-8")),
        ("utf8-bom.md", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("utf16.txt", lambda t: t.encode("utf-16")),
        ("utf16be.txt", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf16le-nobom.txt", lambda t: t.encode("utf-16-le")),
        ("cp1258.txt", to_cp1258),
    ],
)
def test_it_reads_text_files_in_every_encoding(tmp_path: Path, name: str, encode: object) -> None:
    path = tmp_path / name
    path.write_bytes(encode(seed_text()))  # type: ignore[operator]
    text = read_text(path)
    assert text == unicodedata.normalize("NFC", text)
    assert "ỦY BAN NHÂN DÂN" in text and "Đỗ Tiến Đông" in text
    _check_seed(text)


def test_cp1258_really_uses_combining_marks() -> None:
    raw = to_cp1258("Tiến Đông")
    assert b"\xec" in raw  # combining acute accent of cp1258
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_it_reads_a_path_given_as_str(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(seed_text(), encoding="utf-8")
    assert read_text(str(path)).startswith("\n\n**ỦY BAN")


# ---------------------------------------------------------------------------------------------
# .docx


def _bold(paragraph: object, text: str) -> None:
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    run.bold = True


def build_plan_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    _bold(left.paragraphs[0], "ỦY BAN NHÂN DÂN")
    _bold(left.add_paragraph(), "TỈNH GIA LAI")
    left.add_paragraph("Số: 45/KH-UBND")
    _bold(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _bold(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Gia Lai, ngày 15 tháng 01 năm 2021")
    _bold(d.add_paragraph(), "KẾ HOẠCH")
    _bold(d.add_paragraph(), "Tuyên truyền cải cách hành chính năm 2021")
    d.add_paragraph(
        "Thực hiện Quyết định số 752/QĐ-UBND ngày 09/12/2019 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch như sau:"
    )
    _bold(d.add_paragraph(), "I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("Nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính.")
    _bold(d.add_paragraph(), "II. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("1. Sở Nội vụ chủ trì, theo dõi, đôn đốc; tổng hợp báo cáo UBND tỉnh trước ngày 15/12/2021.")
    d.add_paragraph("2. Các sở, ban, ngành tỉnh thực hiện các nhiệm vụ tại Phụ lục kèm theo.")
    d.add_paragraph("(Chi tiết tại Phụ lục kèm theo)./.")
    sig = d.add_table(rows=1, cols=2)
    cc, signer = sig.rows[0].cells
    cc.paragraphs[0].add_run("Nơi nhận:").italic = True
    cc.add_paragraph("- Bộ Nội vụ (b/c);")
    cc.add_paragraph("- Các sở, ban, ngành tỉnh;")
    cc.add_paragraph("- Lưu: VT, NC.")
    _bold(signer.paragraphs[0], "TM. ỦY BAN NHÂN DÂN")
    _bold(signer.add_paragraph(), "KT. CHỦ TỊCH")
    _bold(signer.add_paragraph(), "PHÓ CHỦ TỊCH")
    signer.add_paragraph("")
    _bold(signer.add_paragraph(), "Đỗ Tiến Đông")
    _bold(d.add_paragraph(), "PHỤ LỤC")
    d.add_paragraph("DANH MỤC NHIỆM VỤ")
    t = d.add_table(rows=1, cols=6)
    for cell, text in zip(
        t.rows[0].cells,
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
        strict=True,
    ):
        cell.text = text
    group = t.add_row().cells
    group[0].text = "I"
    merged = group[1].merge(group[5])
    merged.text = "TUYÊN TRUYỀN TRÊN CỔNG THÔNG TIN"
    rows = [
        (
            "1",
            "Đăng tải văn bản chỉ đạo về CCHC",
            "Văn phòng UBND tỉnh",
            "Sở Thông tin và Truyền thông",
            "Quý I/2021",
            "Tin, bài",
        ),
        ("2", "Xây dựng chuyên mục CCHC", "Báo Gia Lai", "Sở Nội vụ; Sở Tư pháp", "Trước ngày 30/6/2021", "Chuyên mục"),
        ("3", "Tổ chức cuộc thi tìm hiểu CCHC", "Sở Nội vụ", "", "Tháng 9/2021", "Cuộc thi"),
    ]
    for values in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    d.save(str(path))


def test_it_reads_a_docx_in_reading_order_with_tables(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    build_plan_docx(path)
    text = read_text(path)
    lines = text.splitlines()
    # header table first, body paragraphs after it, data table rows as "| … |" lines
    assert lines.index("**ỦY BAN NHÂN DÂN**") < lines.index("**KẾ HOẠCH**")
    assert "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |" in lines
    doc = parse_document(text)
    assert doc.issuer == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert doc.number == "45/KH-UBND"
    assert doc.type == "Kế hoạch"
    assert doc.place == "Gia Lai"
    assert doc.date is not None and doc.date.isoformat() == "2021-01-15"
    assert doc.subject == "Tuyên truyền cải cách hành chính năm 2021"
    assert doc.signature.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert doc.signature.position == "PHÓ CHỦ TỊCH"
    assert doc.signature.signer == "Đỗ Tiến Đông"
    assert doc.cc == ["Bộ Nội vụ (b/c)", "Các sở, ban, ngành tỉnh", "Lưu: VT, NC"]
    assert [s.label for s in doc.sections] == ["I", "II"]
    assert doc.sections[1].addressees == ["Sở Nội vụ", "Các sở, ban, ngành tỉnh"]
    tasks = doc.table_tasks
    assert [t.label for t in tasks] == ["I.1", "I.2", "I.3"]
    assert tasks[0].lead == "Văn phòng UBND tỉnh"
    assert tasks[1].partners == ["Sở Nội vụ", "Sở Tư pháp"]
    assert tasks[2].partners == []
    assert [t.due_date.isoformat() if t.due_date else None for t in tasks] == ["2021-03-31", "2021-06-30", "2021-09-30"]
    assert "2021-12-15" in [d.date.isoformat() for d in doc.deadlines if d.date]


def test_it_reads_the_plan_table_when_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    build_plan_docx(path)
    as_text = tmp_path / "ke-hoach.txt"
    as_text.write_text(read_text(path), encoding="utf-8")
    doc = parse_document(read_text(as_text))
    assert len(doc.table_tasks) == 3


# ---------------------------------------------------------------------------------------------
# .pdf


def _font() -> str | None:
    for f in FONTS:
        if Path(f).exists():
            return f
    return None


def build_pdf(path: Path, lines: list[tuple[float, float, str]] | None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    if lines is None:
        c.rect(100, 100, 300, 400, fill=1)  # a "scan": no text layer at all
    else:
        font = _font()
        assert font is not None
        pdfmetrics.registerFont(TTFont("VN", font))
        c.setFont("VN", 12)
        for x, y, text in lines:
            c.drawString(x, y, text)
    c.showPage()
    c.save()


PDF_LINES = [
    (60, 800, "ỦY BAN NHÂN DÂN"),
    (330, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (70, 785, "HUYỆN CHƯ SÊ"),
    (350, 785, "Độc lập - Tự do - Hạnh phúc"),
    (60, 760, "Số: 127/UBND-VP"),
    (330, 760, "Chư Sê, ngày 09 tháng 11 năm 2020"),
    (60, 745, "V/v báo cáo kết quả tuyên truyền CCHC"),
    (200, 720, "Kính gửi: Sở Nội vụ tỉnh Gia Lai."),
    (60, 700, "Thực hiện Công văn số 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh, UBND huyện báo cáo như sau."),
    (60, 680, "Báo cáo gửi trước ngày 20/11/2020./."),
    (60, 650, "Nơi nhận:"),
    (60, 635, "- Như trên;"),
    (60, 620, "- Lưu: VT."),
    (350, 650, "TM. ỦY BAN NHÂN DÂN"),
    (370, 635, "CHỦ TỊCH"),
    (360, 590, "Nguyễn Văn Hải"),
]


@pytest.mark.skipif(_font() is None, reason="no TTF font with Vietnamese glyphs (Liberation/DejaVu) installed")
def test_it_reads_a_pdf_with_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.pdf"
    build_pdf(path, PDF_LINES)
    text = read_text(path)
    assert "127/UBND-VP" in text
    doc = parse_document(text)
    assert doc.number == "127/UBND-VP"
    assert doc.issuer == "ỦY BAN NHÂN DÂN HUYỆN CHƯ SÊ"
    assert doc.place == "Chư Sê"
    assert doc.date is not None and doc.date.isoformat() == "2020-11-09"
    assert doc.type == "Công văn"
    assert doc.subject == "báo cáo kết quả tuyên truyền CCHC"
    assert doc.recipients == ["Sở Nội vụ tỉnh Gia Lai"]
    assert [r.number for r in doc.references] == ["2031/UBND-NC"]
    assert [d.date.isoformat() for d in doc.deadlines if d.date] == ["2020-11-20"]
    assert doc.signature.signer == "Nguyễn Văn Hải"


def test_a_pdf_without_text_layer_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    build_pdf(path, None)
    with pytest.raises(ScannedPdfError) as exc:
        read_text(path)
    assert "OCR" in str(exc.value) and "lớp chữ" in str(exc.value)


# ---------------------------------------------------------------------------------------------
# bad input


def test_a_doc_file_gets_the_word_97_message(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(LegacyFormatError) as exc:
        read_text(path)
    assert str(exc.value) == (
        "Tệp .doc (Word 97-2003) không đọc được: hãy mở bằng Word/LibreOffice và lưu lại dưới dạng .docx hoặc PDF."
    )


def test_a_doc_extension_without_ole_content_still_gets_the_message(tmp_path: Path) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(b"plain")
    with pytest.raises(LegacyFormatError):
        read_text(path)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.txt", b"", EmptyDocumentError),
        ("blank.txt", b"  \n\t\n", EmptyDocumentError),
        ("binary.txt", bytes(range(256)) * 8, BinaryFileError),
        ("noext", b"\x00\x01\x02\x03\xff\xfe\x00\x00garbage" * 50, BinaryFileError),
        ("sheet.xlsx", b"PK\x03\x04" + b"\x00" * 100, UnsupportedFormatError),
        ("notes.odt", b"PK\x03\x04" + b"\x00" * 100, UnsupportedFormatError),
        ("letter.rtf", b"{\\rtf1\\ansi hello}", UnsupportedFormatError),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, UnsupportedFormatError),
        ("broken.docx", b"PK\x03\x04not really a zip", DocumentReadError),
        ("broken.pdf", b"%PDF-1.4\n garbage without objects", DocumentReadError),
        ("fake.pdf", b"just text named pdf", DocumentReadError),
    ],
)
def test_bad_files_raise_a_reader_error_with_a_vietnamese_message(
    tmp_path: Path, name: str, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as exc:
        read_text(path)
    assert isinstance(exc.value, DocumentReadError)
    message = str(exc.value)
    assert message and any(ch in message for ch in "ạảãàáâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as exc:
        read_text(tmp_path / "missing.txt")
    assert "Không tìm thấy tệp" in str(exc.value)
    with pytest.raises(FileAccessError):
        read_text(tmp_path)
