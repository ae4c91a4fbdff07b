"""Building blocks for administrative documents laid out per Decree 30/2020/NĐ-CP (Phụ lục I).

Pure Python + python-docx, no Django: the reminder letter (công văn đôn đốc), the synthesis report (báo cáo) and every
later generated document are assembled from these functions, so page setup, fonts and the header/signature blocks are
defined once.

    doc = new_document()
    add_header(doc, parent_body="UBND TỈNH GIA LAI", issuing_body="SỞ NỘI VỤ", number_symbol="/BC-SNV",
               place="Gia Lai", date=date(2020, 11, 20))
    add_title(doc, "BÁO CÁO", "Kết quả công tác cải cách hành chính quý IV năm 2020")
    add_body_paragraph(doc, "…")
    add_signature_and_recipients(doc, recipients=["Như trên", "Lưu: VT, CCHC"], authority=["KT. GIÁM ĐỐC"],
                                 position="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn An")
    save(doc, "bao-cao.docx")

See docs/development/documents.md.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date as Date
from pathlib import Path
from typing import IO, Any

from docx import Document as _open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cchc.lib.vn import date_in_words

__all__ = [
    "FONT_NAME",
    "PdfConversionFailed",
    "PdfError",
    "PdfUnavailable",
    "Runs",
    "add_body_paragraph",
    "add_header",
    "add_heading_line",
    "add_kinh_gui",
    "add_signature_and_recipients",
    "add_title",
    "docx_to_pdf",
    "format_number_symbol",
    "new_document",
    "save",
    "set_run_font",
    "text_width",
]

# --- Page setup and sizes (Phụ lục I, Mục I and the font table of Mục V) -----------------------------------------

FONT_NAME = "Times New Roman"
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)  # decree: 20–25 mm
MARGIN_BOTTOM = Mm(20)  # 20–25 mm
MARGIN_LEFT = Mm(30)  # 30–35 mm
MARGIN_RIGHT = Mm(15)  # 15–20 mm
HEADER_DISTANCE = Mm(10)  # the page number sits in the top margin
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm

SIZE_BODY = 14  # nội dung, tên loại, trích yếu, Kính gửi, chức vụ and name of the signer: 13–14
SIZE_PAGE_NUMBER = 13  # 13–14, upright
SIZE_QUOC_HIEU = 12  # 12–13; 13 pt bold wraps in a 95 mm column
SIZE_TIEU_NGU = 13  # 13–14
SIZE_BODY_NAME = 13  # parent and issuing body: 12–13
SIZE_NUMBER = 13  # Số, ký hiệu: 13
SIZE_VV = 12  # trích yếu of a công văn: 12–13
SIZE_DATE = 13  # địa danh và thời gian: 13–14 italic
SIZE_NOI_NHAN_LABEL = 12  # "Nơi nhận:" 12 bold italic
SIZE_NOI_NHAN = 11  # its list: 11

FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)
ZERO = Pt(0)

# Header table: left column (issuing body, number) and right column (Quốc hiệu, Tiêu ngữ, date). 6.0 + 10.5 cm fills
# the 16.5 cm text width; the right column leaves room for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold (≈ 88 mm).
HEADER_LEFT = Cm(6.0)
HEADER_RIGHT = Emu(TEXT_WIDTH - HEADER_LEFT)
# Signature table: Nơi nhận on the left, the signer's block on the right.
SIGN_LEFT = Cm(7.5)
SIGN_RIGHT = Emu(TEXT_WIDTH - SIGN_LEFT)
CELL_MARGIN = Cm(0.19)  # Word's default left/right cell margin (108 twips)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

BLANK_NUMBER = " " * 6  # Số:      /BC-SNV — the clerk writes the number after signing
BLANK_DAY = " " * 6

SIGNATURE_LINES = 4  # empty lines left for the handwritten signature and the seal

# A run given as plain text or a list of (text, {"bold": …, "italic": …, "underline": …}) pieces.
Runs = str | Sequence[tuple[str, dict[str, Any]]]

# --- Fonts ---------------------------------------------------------------------------------------------------------


def _set_rfonts(rpr: Any, name: str = FONT_NAME) -> None:
    """Explicit ascii/hAnsi/cs/eastAsia fonts, and no theme fonts (a theme attribute would win over them)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme_attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def set_run_font(
    run: Run,
    size_pt: float | None = None,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> Run:
    """Times New Roman (all four script slots), black, with the given size and style. ``None`` leaves it unset."""
    run.font.name = FONT_NAME
    _set_rfonts(run._r.get_or_add_rPr())
    run.font.color.rgb = RGBColor(0, 0, 0)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
        # complex-script size too, so the cs slot is not left at the default
        rpr = run._r.get_or_add_rPr()
        szcs = rpr.find(qn("w:szCs"))
        if szcs is None:
            szcs = OxmlElement("w:szCs")
            sz = rpr.find(qn("w:sz"))
            sz.addnext(szcs)
        szcs.set(qn("w:val"), str(int(round(size_pt * 2))))
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline
    return run


def _add_text(paragraph: Paragraph, text: str, size_pt: float, **style: bool | None) -> Run:
    run = paragraph.add_run()
    _set_text(run, text)
    return set_run_font(run, size_pt, **style)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _set_text(run: Run, text: str) -> None:
    """Text with runs of spaces kept (python-docx only marks leading/trailing spaces as preserved); control
    characters (which XML cannot hold, e.g. U+001B from a pasted terminal line) are dropped."""
    run.text = _CONTROL.sub("", text or "")
    for t in run._r.findall(qn("w:t")):
        t.set(qn("xml:space"), "preserve")


def _add_runs(paragraph: Paragraph, content: Runs, size_pt: float, *, bold: bool = False, italic: bool = False) -> None:
    if isinstance(content, str):
        _add_text(paragraph, content, size_pt, bold=bold, italic=italic)
        return
    for text, style in content:
        _add_text(
            paragraph,
            text,
            size_pt,
            bold=bool(style.get("bold", bold)),
            italic=bool(style.get("italic", italic)),
            underline=style.get("underline"),
        )


# --- Text width estimate (for rules "1/3–1/2 of the text" and centring the Kính gửi block) --------------------------

# Advance widths in 1/1000 em of ASCII 32..126 in Times New Roman (measured on the metric-compatible Liberation Serif).
_WIDTHS_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
    444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
    200, 480, 541,
)  # fmt: skip
_WIDTHS_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
    722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556,
    444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394,
    220, 394, 520,
)  # fmt: skip


def text_width(text: str, size_pt: float, *, bold: bool = False) -> Length:
    """Approximate printed width of one line of ``text`` (Vietnamese letters measured as their base letter)."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[:1] or " "
        code = ord(base)
        total += table[code - 32] if 32 <= code <= 126 else 500
    return Pt(total * size_pt / 1000)


# --- Paragraph helpers ---------------------------------------------------------------------------------------------


def _format(
    paragraph: Paragraph,
    *,
    align: Any = None,
    before: Length | None = ZERO,
    after: Length | None = ZERO,
    first_line: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.space_before = before
    fmt.space_after = after
    fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    return paragraph


def _set_bottom_border(paragraph: Paragraph, size_eighths: int = 6) -> None:
    """A solid line under the paragraph, as long as the paragraph (its indents shorten it)."""
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))  # 6/8 pt = 0.75 pt
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    pbdr.append(bottom)
    successors = (
        "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
        "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
        "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    )  # fmt: skip
    ppr.insert_element_before(pbdr, *successors)


def _add_rule(container: Any, available: Length, length: Length, *, after: Length = ZERO) -> Paragraph:
    """A centred solid rule ``length`` long: an empty, low paragraph with a bottom border and equal side indents."""
    length = Emu(max(min(int(length), int(available)), int(Mm(8))))
    side = Emu((int(available) - int(length)) // 2)
    paragraph = container.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, after=after, left=side, right=side)
    paragraph.paragraph_format.line_spacing = Pt(3)  # exact: the rule sits right under the text above
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _set_bottom_border(paragraph)
    # the paragraph mark itself: tiny, so the empty line does not push the rule down
    rpr = OxmlElement("w:rPr")
    _set_rfonts(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "4")
    rpr.append(sz)
    paragraph._p.get_or_add_pPr().append(rpr)
    return paragraph


def _cell_paragraph(cell: _Cell) -> Paragraph:
    """The cell's first (empty) paragraph the first time, a new one after."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs and first._p.pPr is None:
        return first
    return cell.add_paragraph()


# --- Tables --------------------------------------------------------------------------------------------------------


def _borderless_table(doc: Document, rows: int, widths: Sequence[Length]) -> Table:
    """A fixed-layout table with no visible borders; every cell of every column gets its width."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # fixed layout: Word and LibreOffice keep the widths
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.insert_element_before(
            tblw,
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        )
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(int(w) for w in widths) // 635))  # EMU → twentieths of a point
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    tblpr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )
    for row in table.rows:  # a block never breaks across pages (the signature moves whole to the next page)
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))
    for index, width in enumerate(widths):
        table.columns[index].width = width  # the grid
        for cell in table.columns[index].cells:
            cell.width = width  # and each cell (Word reads tcW, LibreOffice the grid)
    return table


# --- Document ------------------------------------------------------------------------------------------------------


def _add_page_number_field(paragraph: Paragraph) -> None:
    def field_char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    begin = _add_text(paragraph, "", SIZE_PAGE_NUMBER, bold=False, italic=False)
    begin._r.append(field_char("begin"))
    instr = _add_text(paragraph, "", SIZE_PAGE_NUMBER, bold=False, italic=False)
    instr_text = OxmlElement("w:instrText")
    instr_text.set(qn("xml:space"), "preserve")
    instr_text.text = " PAGE "
    instr._r.append(instr_text)
    separate = _add_text(paragraph, "", SIZE_PAGE_NUMBER, bold=False, italic=False)
    separate._r.append(field_char("separate"))
    _add_text(paragraph, "2", SIZE_PAGE_NUMBER, bold=False, italic=False)  # cached result until the field updates
    end = _add_text(paragraph, "", SIZE_PAGE_NUMBER, bold=False, italic=False)
    end._r.append(field_char("end"))
    for run in (begin, instr, separate, end):  # the empty w:t python-docx added is not wanted in field runs
        for t in run._r.findall(qn("w:t")):
            run._r.remove(t)


def new_document() -> Document:
    """An empty A4 portrait document with the decree's margins, Times New Roman 14 and page numbers from page 2."""
    doc = _open_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)

    # Document defaults: Times New Roman in every script slot instead of the template's theme fonts.
    styles_element = doc.styles.element
    rpr_default = styles_element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        _set_rfonts(rpr_default)

    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(SIZE_BODY)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal_rpr = normal.element.get_or_add_rPr()
    _set_rfonts(normal_rpr)
    lang = normal_rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        normal_rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE  # decree: single to 1.5 lines
    pf.space_before = Pt(0)
    pf.space_after = SPACE_AFTER
    pf.widow_control = True

    # Page numbers: centred in the top margin, 13 pt upright, none on page 1.
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False  # an explicit, empty first-page header
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add_page_number_field(paragraph)
    for part in (section.footer, section.first_page_footer):
        part.is_linked_to_previous = False
    return doc


def format_number_symbol(number: int | None, symbol: str) -> str:
    """ "05/BC-SNV" (leading zero below 10), or "      /BC-SNV" when the number is given after signing."""
    symbol = symbol.lstrip("/").strip()
    if number is None:
        return f"{BLANK_NUMBER}/{symbol}"
    return f"{number:02d}/{symbol}"


def _number_line(number_symbol: str) -> str:
    text = number_symbol.strip()
    if text.lower().startswith("số"):
        text = text[2:].lstrip(": ").strip()
    if not text or text.startswith("/"):
        return f"Số:{BLANK_NUMBER}{text}"
    return f"Số: {text}"


def _date_line(place: str, value: Date | None, year: int | None) -> str:
    if value is not None:
        return date_in_words(value, place)
    year = year if year is not None else time.localtime().tm_year
    return f"{place}, ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def add_header(
    doc: Document,
    *,
    parent_body: str | None,
    issuing_body: str,
    number_symbol: str,
    place: str,
    date: Date | None,
    subject_cv: str | None = None,
    year: int | None = None,
) -> Table:
    """The header block (cells 1–4 and 5b of the decree's layout): a borderless table, two columns, two rows.

    Row 1: parent body (12–13 pt), issuing body (bold) and a rule 2/5 of its length | Quốc hiệu (12 pt bold),
    Tiêu ngữ (13 pt bold) and a rule as long as it. Row 2: "Số: …" and, for a công văn, "V/v …" | the italic
    place-and-date line — two rows so "Số" and the date start on the same line whatever the names' length.

    ``number_symbol``: "15/BC-SNV" or, number not yet given, "/BC-SNV" → "Số:      /BC-SNV" (see
    ``format_number_symbol``). ``issuing_body`` may hold "\\n" for a name on several lines.
    ``date`` None (signed and dated later, e.g. by digital signature) → "Gia Lai, ngày      tháng      năm 2020":
    day and month left blank for the clerk, the year filled with ``year`` (default: the current year).
    """
    table = _borderless_table(doc, 2, (HEADER_LEFT, HEADER_RIGHT))
    left_avail = Emu(int(HEADER_LEFT) - 2 * int(CELL_MARGIN))
    right_avail = Emu(int(HEADER_RIGHT) - 2 * int(CELL_MARGIN))
    center = WD_ALIGN_PARAGRAPH.CENTER

    # Row 1, left: tên cơ quan chủ quản + tên cơ quan ban hành + rule
    left = table.cell(0, 0)
    if parent_body:
        for line in parent_body.upper().splitlines():
            _add_text(_format(_cell_paragraph(left), align=center), line, SIZE_BODY_NAME, bold=False, italic=False)
    issuing_lines = [line for line in issuing_body.upper().splitlines() if line.strip()] or [""]
    for line in issuing_lines:
        _add_text(_format(_cell_paragraph(left), align=center), line, SIZE_BODY_NAME, bold=True, italic=False)
    longest = max(text_width(line, SIZE_BODY_NAME, bold=True) for line in issuing_lines)
    _add_rule(left, left_avail, Emu(int(min(int(longest), int(left_avail)) * 0.4)))

    # Row 1, right: Quốc hiệu + Tiêu ngữ + rule as long as the Tiêu ngữ
    right = table.cell(0, 1)
    _add_text(_format(_cell_paragraph(right), align=center), QUOC_HIEU, SIZE_QUOC_HIEU, bold=True, italic=False)
    _add_text(_format(_cell_paragraph(right), align=center), TIEU_NGU, SIZE_TIEU_NGU, bold=True, italic=False)
    _add_rule(right, right_avail, text_width(TIEU_NGU, SIZE_TIEU_NGU, bold=True))

    # Row 2, left: Số, ký hiệu + V/v
    left = table.cell(1, 0)
    number = _format(_cell_paragraph(left), align=center, before=Pt(6))
    _add_text(number, _number_line(number_symbol), SIZE_NUMBER, bold=False, italic=False)
    if subject_cv:
        vv = subject_cv.strip()
        if not vv.lower().startswith("v/v"):
            vv = f"V/v {vv}"
        _add_text(_format(_cell_paragraph(left), align=center, before=Pt(6)), vv, SIZE_VV, bold=False, italic=False)

    # Row 2, right: địa danh và thời gian
    right = table.cell(1, 1)
    when = _format(_cell_paragraph(right), align=center, before=Pt(6))
    _add_text(when, _date_line(place, date, year), SIZE_DATE, bold=False, italic=True)

    spacer = doc.add_paragraph()
    _format(spacer, after=Pt(0))
    return table


def add_title(doc: Document, type_name: str, subject: str) -> list[Paragraph]:
    """Tên loại (capitals) and trích yếu, centred bold 14 pt, with a short rule (2/5 of the subject line) under them."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    name = _format(doc.add_paragraph(), align=center, before=Pt(6))
    _add_text(name, type_name.upper(), SIZE_BODY, bold=True, italic=False)
    paragraphs = [name]
    for line in subject.splitlines() or [""]:
        paragraph = _format(doc.add_paragraph(), align=center)
        _add_text(paragraph, line.strip(), SIZE_BODY, bold=True, italic=False)
        paragraphs.append(paragraph)
    longest = max(text_width(line.strip(), SIZE_BODY, bold=True) for line in subject.splitlines() or [""])
    line_length = min(int(longest), int(TEXT_WIDTH))
    paragraphs.append(_add_rule(doc, TEXT_WIDTH, Emu(int(line_length * 0.4)), after=Pt(12)))
    return paragraphs


def _strip_end(text: str) -> str:
    return text.strip().rstrip(";.,").strip()


def add_kinh_gui(doc: Document, recipients: Sequence[str]) -> list[Paragraph]:
    """ "Kính gửi: X." centred for one recipient; for several, "Kính gửi:" then "- X;" lines, the last ending ".",
    their dashes under the colon, the block centred on the page.
    """
    names = [_strip_end(name) for name in recipients if _strip_end(name)]
    if not names:
        raise ValueError("Kính gửi needs at least one recipient")
    if len(names) == 1:
        paragraph = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, after=SPACE_AFTER)
        _add_text(paragraph, f"Kính gửi: {names[0]}.", SIZE_BODY, bold=False, italic=False)
        return [paragraph]

    label = "Kính gửi"
    label_width = int(text_width(label, SIZE_BODY))  # the colon falls right here: the dashes go under it
    lines = [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]
    widest = max(int(text_width(line, SIZE_BODY)) for line in lines)
    block = label_width + widest
    left = max(0, (int(TEXT_WIDTH) - block) // 2)
    dash_indent = Emu(left + label_width)
    hang = text_width("- ", SIZE_BODY)

    heading = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, left=Emu(left))
    _add_text(heading, f"{label}:", SIZE_BODY, bold=False, italic=False)
    out = [heading]
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        paragraph = _format(
            doc.add_paragraph(),
            align=WD_ALIGN_PARAGRAPH.LEFT,
            left=Emu(int(dash_indent) + int(hang)),
            first_line=Emu(-int(hang)),  # hanging: a wrapped name lines up after the dash
            after=SPACE_AFTER if last else Pt(0),
        )
        _add_text(paragraph, line, SIZE_BODY, bold=False, italic=False)
        out.append(paragraph)
    return out


def add_body_paragraph(doc: Document, text: Runs, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A body paragraph: 14 pt, justified, first line indented 1.27 cm, 6 pt after.

    ``text``: a string, or [(text, {"bold": True}), (text, {"italic": True}), …] for mixed styles.
    """
    paragraph = _format(
        doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=SPACE_AFTER, first_line=FIRST_LINE_INDENT
    )
    _add_runs(paragraph, text, SIZE_BODY, bold=bold, italic=italic)
    return paragraph


def add_heading_line(doc: Document, text: Runs) -> Paragraph:
    """A section heading inside the body ("I. KẾT QUẢ THỰC HIỆN"): bold, justified, first-line indent."""
    paragraph = add_body_paragraph(doc, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_centered_line(doc: Document, text: str, *, bold: bool = False, italic: bool = False,
                      after: Length | None = ZERO) -> Paragraph:
    """A centred line at the body size (the heading of a list attached to a document: "DANH SÁCH", its
    "(Kèm theo Công văn số …)" in italics)."""
    paragraph = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, after=after)
    _add_text(paragraph, text, SIZE_BODY, bold=bold, italic=italic)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


__all__ += ["add_centered_line"]


def _recipient_lines(recipients: Iterable[str]) -> list[str]:
    names = [_strip_end(name) for name in recipients]
    names = [name[1:].strip() if name.startswith("-") else name for name in names if name]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def add_signature_and_recipients(
    doc: Document,
    *,
    recipients: Sequence[str],
    authority: Sequence[str],
    position: str | None,
    signer_name: str | None,
) -> Table:
    """Cells 9b and 7a–7c: a borderless two-column table closing the document.

    Left: "Nơi nhận:" (12 pt bold italic) and "- X;" lines at 11 pt, the last ending "." (pass e.g.
    ["Như trên", "Lãnh đạo Sở", "Lưu: VT, CCHC"]; dashes and punctuation are added). Right, centred, bold 14 pt:
    the authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"), the position ("PHÓ GIÁM ĐỐC"), room for the
    signature and seal, then the signer's name (an empty line when ``signer_name`` is None).
    """
    last = doc.element.body[-2] if len(doc.element.body) > 1 else None  # [-1] is the section properties
    if last is not None and last.tag == qn("w:p"):
        Paragraph(last, doc._body).paragraph_format.keep_with_next = True  # no signature alone on a page
    spacer = _format(doc.add_paragraph(), after=Pt(0))
    spacer.paragraph_format.keep_with_next = True
    _add_text(spacer, "", SIZE_NOI_NHAN)
    table = _borderless_table(doc, 1, (SIGN_LEFT, SIGN_RIGHT))
    left, right = table.cell(0, 0), table.cell(0, 1)

    lines = _recipient_lines(recipients)
    if lines:
        label = _format(_cell_paragraph(left), align=WD_ALIGN_PARAGRAPH.LEFT)
        _add_text(label, "Nơi nhận:", SIZE_NOI_NHAN_LABEL, bold=True, italic=True)
        for line in lines:
            paragraph = _format(_cell_paragraph(left), align=WD_ALIGN_PARAGRAPH.LEFT)
            _add_text(paragraph, line, SIZE_NOI_NHAN, bold=False, italic=False)

    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in [*authority, *([position] if position else [])]:
        paragraph = _format(_cell_paragraph(right), align=center)
        _add_text(paragraph, line.strip().upper(), SIZE_BODY, bold=True, italic=False)
    for _ in range(SIGNATURE_LINES):
        paragraph = _format(_cell_paragraph(right), align=center)
        _add_text(paragraph, "", SIZE_BODY, bold=True, italic=False)
    name = _format(_cell_paragraph(right), align=center)
    _add_text(name, (signer_name or "").strip(), SIZE_BODY, bold=True, italic=False)
    return table


def save(doc: Document, path_or_stream: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the .docx to a path or a binary stream (e.g. an HttpResponse or BytesIO)."""
    if isinstance(path_or_stream, os.PathLike):
        path_or_stream = os.fspath(path_or_stream)
    doc.save(path_or_stream)


# --- PDF through LibreOffice ---------------------------------------------------------------------------------------

PDF_TIMEOUT = 60  # seconds


class PdfError(RuntimeError):
    """The PDF could not be produced."""


class PdfUnavailable(PdfError):
    """LibreOffice is not installed on this machine."""

    def __init__(self, message: str = "Cần cài LibreOffice (gói libreoffice-writer-nogui) để xuất PDF.") -> None:
        super().__init__(message)


class PdfConversionFailed(PdfError):
    """LibreOffice ran but gave no PDF (error, crash or timeout)."""


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailable()


def docx_to_pdf(
    docx_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, timeout: float = PDF_TIMEOUT
) -> Path:
    """Convert with headless LibreOffice; returns ``out_dir/<name>.pdf``.

    Each call uses its own throw-away LibreOffice profile, so concurrent conversions (web requests, a worker) do not
    block each other. Raises ``PdfUnavailable`` without LibreOffice, ``PdfConversionFailed`` on error or after
    ``timeout`` seconds (the whole LibreOffice process group is then killed).
    """
    soffice = _soffice()
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise FileNotFoundError(source)
    target_dir = Path(out_dir).resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="cchc-lo-"))
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        "pdf",
        "--outdir",
        str(target_dir),
        str(source),
    ]
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout can stop soffice.bin too
            env={**os.environ, "HOME": str(profile)},
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.communicate()
            message = f"LibreOffice did not finish within {timeout:g} s converting {source.name}"
            raise PdfConversionFailed(message) from None
        result = target_dir / f"{source.stem}.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()
            raise PdfConversionFailed(
                f"LibreOffice could not convert {source.name} (exit {process.returncode}): {detail[-500:]}"
            )
        return result
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# --- Data tables inside a document (per-indicator totals, per-kind figures) ---------------------------------------

SIZE_TABLE = 12  # data tables in the body: 12–13 pt


def _set_cell_borders(table: Table) -> None:
    """Single black borders on every edge of a data table."""
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tblpr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
        "w:tblPrChange",
    )


def add_table(
    doc: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[Length] | None = None,
    *,
    align: Sequence[str] | None = None,
    size_pt: float = SIZE_TABLE,
    bold_last_row: bool = False,
) -> Table:
    """A data table in the body: fixed layout, thin black borders, header row bold, centred and repeated on every
    page, cells at ``size_pt`` (12–13), Times New Roman in every run. ``widths`` default to equal columns over the text
    width; ``align`` per column: "left", "center" or "right" (numbers). ``bold_last_row`` for a totals row.
    """
    columns = len(headers)
    if widths is None:
        widths = [Emu(int(TEXT_WIDTH) // columns)] * columns
    alignments = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                  "right": WD_ALIGN_PARAGRAPH.RIGHT}
    column_align = [alignments.get(a, WD_ALIGN_PARAGRAPH.LEFT) for a in (align or ["left"] * columns)]
    table = _borderless_table(doc, len(rows) + 1, widths)
    _set_cell_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    for index, text in enumerate(headers):
        paragraph = _format(table.cell(0, index).paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER,
                            before=Pt(2), after=Pt(2))
        _add_text(paragraph, str(text), size_pt, bold=True, italic=False)
    for row_index, row in enumerate(rows, start=1):
        bold = bold_last_row and row_index == len(rows)
        for index in range(columns):
            value = row[index] if index < len(row) else ""
            paragraph = _format(table.cell(row_index, index).paragraphs[0], align=column_align[index],
                                before=Pt(2), after=Pt(2))
            _add_text(paragraph, "" if value is None else str(value), size_pt, bold=bold, italic=False)
    for row in table.rows[1:]:  # data rows may break across pages; only the header stays whole
        trpr = row._tr.get_or_add_trPr()
        for cant in trpr.findall(qn("w:cantSplit")):
            trpr.remove(cant)
    after = _format(doc.add_paragraph(), after=Pt(6))
    _add_text(after, "", SIZE_NOI_NHAN)
    return table
__all__ += ["SIZE_TABLE", "add_table"]
