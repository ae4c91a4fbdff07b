"""``read_text``: .txt/.md (UTF-8, UTF-16, Windows-1258), .docx and text-layer .pdf to text."""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from .errors import (
    BinaryFileError,
    CorruptFileError,
    DocumentReadError,
    EmptyDocumentError,
    FileAccessError,
    LegacyFormatError,
    ScannedPdfError,
    UnsupportedFormatError,
)
from .text import fold

__all__ = ["decode_text", "read_text"]

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text", ""})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VN_MARKERS = frozenset("ăâêôơưđĂÂÊÔƠƯĐ\u0300\u0301\u0303\u0309\u0323")
MAX_TEXT_BYTES = 200 * 1024 * 1024

MSG_MISSING = "Không tìm thấy tệp “{name}”: hãy kiểm tra lại đường dẫn."
MSG_DIR = "“{name}” là thư mục, không phải tệp văn bản."
MSG_PERM = "Không có quyền đọc tệp “{name}”: hãy kiểm tra quyền truy cập."
MSG_EMPTY = "Tệp “{name}” rỗng: không có nội dung để đọc."
MSG_DOC = "Tệp .doc (Word 97-2003) không đọc được: hãy mở bằng Word/LibreOffice và lưu lại dưới dạng .docx hoặc PDF."
MSG_OLE = "Tệp “{name}” là định dạng Office cũ (97-2003) không đọc được: hãy lưu lại dưới dạng .docx hoặc PDF."
MSG_RTF = "Tệp RTF không đọc được: hãy mở bằng Word/LibreOffice và lưu lại dưới dạng .docx hoặc PDF."
MSG_ODT = "Tệp OpenDocument (.odt) chưa được hỗ trợ: hãy lưu lại dưới dạng .docx hoặc PDF."
MSG_UNKNOWN = "Định dạng tệp “{ext}” không được hỗ trợ: hãy dùng tệp .txt, .md, .docx hoặc .pdf có lớp chữ."
MSG_SCANNED = (
    "Tệp PDF “{name}” không có lớp chữ (có thể là bản quét ảnh): hãy nhận dạng chữ (OCR) trước, "
    "ví dụ bằng ocrmypdf, hoặc dùng bản .docx/.pdf gốc."
)
MSG_PDF_PASSWORD = "Tệp PDF “{name}” được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi thử lại."  # noqa: S105
MSG_PDF_BAD = "Tệp PDF “{name}” bị hỏng hoặc không mở được: hãy xuất lại PDF từ văn bản gốc."
MSG_DOCX_BAD = "Tệp .docx “{name}” bị hỏng hoặc không phải tệp Word: hãy mở bằng Word/LibreOffice và lưu lại."
MSG_BINARY = "Tệp “{name}” không phải văn bản (dữ liệu nhị phân): hãy dùng tệp .txt, .md, .docx hoặc .pdf có lớp chữ."
MSG_ENCODING = "Không nhận ra bảng mã của tệp “{name}”: hãy lưu lại tệp dưới dạng văn bản Unicode (UTF-8)."
MSG_TOO_BIG = "Tệp “{name}” quá lớn để đọc như văn bản (trên 200 MB)."


_VN_MARK_RE = re.compile("[" + "".join(sorted(_VN_MARKERS)) + "]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _looks_vietnamese(text: str) -> bool:
    sample = text[:20000]
    letters = len(_LETTER_RE.findall(sample))
    if letters == 0:
        return False
    return len(_VN_MARK_RE.findall(sample)) / letters >= 0.01


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_BAD_CHAR_RE.findall(sample)) / len(sample)


def decode_text(data: bytes, name: str = "") -> str:
    """Decode bytes of a text file: BOMs, UTF-8, UTF-16 without BOM, Windows-1258; NFC result."""
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        text = data.decode("utf-32", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        head = data[:4096]
        zeros = head.count(0)
        if zeros:
            even = head[0::2].count(0)
            odd = head[1::2].count(0)
            if len(head) >= 4 and odd > 0.3 * len(head) / 2 and even == 0:
                text = data.decode("utf-16-le", errors="replace")
            elif len(head) >= 4 and even > 0.3 * len(head) / 2 and odd == 0:
                text = data.decode("utf-16-be", errors="replace")
            else:
                raise BinaryFileError(MSG_BINARY.format(name=name))
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is None:
                try:
                    candidate = data.decode("cp1258")
                except UnicodeDecodeError:
                    candidate = None
                if candidate is not None and _looks_vietnamese(unicodedata.normalize("NFC", candidate)):
                    text = candidate
            if text is None:
                text = _guess(data)
            if text is None:
                raise BinaryFileError(MSG_ENCODING.format(name=name))
    if _control_ratio(text) > 0.02:
        raise BinaryFileError(MSG_BINARY.format(name=name))
    return unicodedata.normalize("NFC", text)


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        return None
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except (LookupError, ValueError):  # pragma: no cover
        return None


# ---------------------------------------------------------------------------------------------
# .docx


def _paragraph_text(p: Any) -> str:
    text = str(p.text or "")
    stripped = text.strip()
    if not stripped:
        return ""
    runs = [r for r in p.runs if r.text and r.text.strip()]
    if runs and all(r.bold for r in runs) and "\n" not in stripped:
        return f"**{stripped}**"
    return stripped


def _cell_lines(cell: Any, doc: Any) -> list[str]:
    out: list[str] = []
    for child in cell._tc.iterchildren():
        out.extend(_block_lines(child, doc))
    return out


def _row_cells(row: Any) -> list[Any]:
    cells: list[Any] = []
    last_tc = None
    for c in row.cells:
        if c._tc is last_tc:
            continue
        last_tc = c._tc
        cells.append(c)
    return cells


def _grid_rows(tbl: Any, doc: Any) -> list[list[list[str]]]:
    """The table as the document's grid: one entry per grid column in every row. A cell spanning columns
    (``gridSpan``) gives its lines to its first column and nothing to the others; a cell continuing a vertical
    merge (``vMerge``) repeats the lines of the cell it continues (the same lead body for several rows)."""
    from docx.table import _Cell

    rows: list[list[list[str]]] = []
    above: dict[int, list[str]] = {}
    for tr in tbl.tr_lst:
        row: list[list[str]] = []
        col = 0
        for tc in tr.tc_lst:
            span = max(1, min(int(tc.grid_span or 1), 60))
            merge = tc.vMerge
            if merge is not None and merge != "restart":
                lines = list(above.get(col, []))
            else:
                lines = _cell_lines(_Cell(tc, doc), doc)
            row.append(lines)
            row.extend([] for _ in range(span - 1))
            above[col] = lines
            for k in range(1, span):
                above[col + k] = []
            col += span
        rows.append(row)
    return rows


def _table_lines(tbl: Any, doc: Any) -> list[str]:
    from docx.table import Table

    table = Table(tbl, doc)
    try:
        rows = [_row_cells(r) for r in table.rows]
    except (IndexError, ValueError, AttributeError):  # malformed grid
        return []
    ncols = max((len(r) for r in rows), default=0)
    texts = [[_cell_lines(c, doc) for c in r] for r in rows]
    flat_low = fold(" ".join(" ".join(x for cell in r for x in cell) for r in texts[:4]))
    layout = (
        ncols <= 2
        or "cong hoa xa hoi" in flat_low
        or "noi nhan" in flat_low
        or "kinh gui" in flat_low
        or (len(rows) <= 2 and ncols <= 3)
    )
    out: list[str] = []
    if layout:
        for r in texts:
            for cell in r:
                out.extend(x for x in cell if x)
        return out
    try:
        texts = _grid_rows(tbl, doc)
    except (IndexError, ValueError, AttributeError, TypeError):  # a grid python-docx cannot read: cells as found
        pass
    for r in texts:
        cells: list[str] = []
        for cell in r:
            joined = ""
            for part in cell:
                part = part.replace("**", "").replace("|", "/").strip()
                if not part:
                    continue
                if joined and not joined.endswith((".", ";", ",", ":")):
                    joined += "; " + part
                else:
                    joined = (joined + " " + part).strip()
            cells.append(joined)
        out.append("| " + " | ".join(cells) + " |")
    return out


def _block_lines(el: Any, doc: Any) -> list[str]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    tag = el.tag
    if tag == qn("w:p"):
        t = _paragraph_text(Paragraph(el, doc))
        return t.split("\n") if t else [""]
    if tag == qn("w:tbl"):
        return _table_lines(el, doc)
    if tag == qn("w:sdt"):
        out: list[str] = []
        content = el.find(qn("w:sdtContent"))
        if content is not None:
            for child in content.iterchildren():
                out.extend(_block_lines(child, doc))
        return out
    return []


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover
        raise UnsupportedFormatError("Thiếu thư viện python-docx để đọc tệp .docx.") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds (KeyError, BadZipFile, XMLSyntaxError…)
        raise CorruptFileError(MSG_DOCX_BAD.format(name=path.name)) from exc
    lines: list[str] = []
    try:
        for child in document.element.body.iterchildren():
            lines.extend(_block_lines(child, document))
    except Exception as exc:
        raise CorruptFileError(MSG_DOCX_BAD.format(name=path.name)) from exc
    return unicodedata.normalize("NFC", "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# .pdf


_COLUMN_GAP = 24.0  # points: wider than any space between words of one column (a body line is justified tighter)
_LINE_TOLERANCE = 3.0
MAX_PDF_WORDS = 20_000  # a page with more words is read as plain text


def _pdf_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into printed lines (by their top), each line left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"]), 1), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(word["top"])) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: float(w["x0"]))
    return lines


def _segments(line: list[dict[str, Any]]) -> list[tuple[float, float, str]]:
    """The runs of a printed line separated by a column gap: (x0, x1, text)."""
    out: list[tuple[float, float, str]] = []
    run: list[dict[str, Any]] = []
    for word in line:
        if run and float(word["x0"]) - float(run[-1]["x1"]) > _COLUMN_GAP:
            out.append((float(run[0]["x0"]), float(run[-1]["x1"]), " ".join(w["text"] for w in run)))
            run = []
        run.append(word)
    if run:
        out.append((float(run[0]["x0"]), float(run[-1]["x1"]), " ".join(w["text"] for w in run)))
    return out


def _column_block(segs: list[list[tuple[float, float, str]]], middle: float) -> tuple[list[str], list[str]] | None:
    """The left and right columns of a run of lines, None if some line does not fit two columns."""
    left: list[str] = []
    right: list[str] = []
    for line in segs:
        if len(line) > 2:
            return None
        for x0, x1, text in line:
            if x1 <= middle + 20:
                left.append(text)
            elif x0 >= middle - 20:
                right.append(text)
            else:
                return None
    return left, right


def _within(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (float(word["x0"]) + float(word["x1"])) / 2
    y = (float(word["top"]) + float(word["bottom"])) / 2
    return bbox[0] - 1 <= x <= bbox[2] + 1 and bbox[1] - 1 <= y <= bbox[3] + 1


def _cell_text(text: str | None) -> str:
    return " ".join((text or "").replace("|", "/").split())


def _task_tables(page: Any) -> list[tuple[tuple[float, float, float, float], list[str]]]:
    """The ruled tables of a page with three columns or more, as "| a | b |" rows: a cell merged with the one
    above (vertically) repeats its text, a cell spanning columns gives them nothing (as in a DOCX's grid)."""
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - a page pdfminer cannot lay out has no table for us
        return []
    out: list[tuple[tuple[float, float, float, float], list[str]]] = []
    for table in found:
        try:
            grid = table.extract()
            rows = table.rows
        except Exception:  # noqa: BLE001, S112 - a table pdfplumber cannot read stays plain text
            continue
        if not grid or max((len(r) for r in grid), default=0) < 3 or len(grid) > 400:
            continue
        texts: list[list[str]] = []
        for r, row in enumerate(grid):
            cells: list[str] = []
            for c, value in enumerate(row):
                if value is None and r > 0 and c < len(texts[-1]) and _merged_from_above(table, rows, r, c):
                    cells.append(texts[-1][c])
                else:
                    cells.append(_cell_text(value))
            texts.append(cells)
        out.append((tuple(float(v) for v in table.bbox), ["| " + " | ".join(cells) + " |" for cells in texts]))
    return out


def _merged_from_above(table: Any, rows: list[Any], r: int, c: int) -> bool:
    """Whether the grid position (row r, column c), which has no cell of its own, is covered by a cell that
    starts in a row above (a vertical merge) rather than by one to its left (a horizontal span)."""
    column = next((row.cells[c] for row in rows if c < len(row.cells) and row.cells[c] is not None), None)
    bbox = rows[r].bbox if r < len(rows) else None
    if column is None or bbox is None:
        return False
    x = (float(column[0]) + float(column[2])) / 2
    y = (float(bbox[1]) + float(bbox[3])) / 2
    for cell in table.cells:
        if float(cell[0]) <= x <= float(cell[2]) and float(cell[1]) <= y <= float(cell[3]):
            return float(cell[1]) < float(bbox[1]) - 1
    return False


def _page_text(page: Any, *, first: bool, last: bool) -> str:
    """The text of a PDF page; on the first page the two-column header (issuer | national motto, number | place
    and date) and on the last the footer ("Nơi nhận" | signature) are read column by column, from the words'
    positions, instead of line by line across both columns."""
    plain = page.extract_text() or ""
    tables = _task_tables(page)
    if not (first or last or tables or "Nơi nhận" in plain):
        return plain
    try:
        words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    except Exception:  # noqa: BLE001 - a page pdfminer cannot lay out is read as plain text
        return plain
    if not words or len(words) > MAX_PDF_WORDS:
        return plain
    if tables:
        # the words of a table are its rows ("| a | b |"), written where the table begins
        inside = [any(_within(w, bbox) for bbox, _rows in tables) for w in words]
        words = [w for w, skip in zip(words, inside, strict=True) if not skip]
    middle = float(page.width) / 2
    lines = _pdf_lines(words)
    for bbox, rows in tables:  # each row a line of its own, where the table begins
        lines.extend([{"text": row, "top": bbox[1] + k * 0.001, "x0": bbox[0], "x1": bbox[2]}]
                     for k, row in enumerate(rows))
    lines.sort(key=lambda line: float(line[0]["top"]))
    segs = [_segments(line) for line in lines]
    texts = [" ".join(w["text"] for w in line) for line in lines]
    two = [len(s) == 2 and s[0][1] < middle + 20 and s[1][0] > middle - 20 for s in segs]
    out: list[str] = []
    i = 0
    n = len(lines)
    head_bottom = float(page.height) * 0.45  # the header's two columns are in the top part of the first page
    while i < n:
        in_head = first and float(lines[i][0]["top"]) < head_bottom and any(two[i:min(n, i + 6)])
        # the footer ("Nơi nhận" | signature), also its end carried over to the top of the next page
        in_foot = two[i] and (fold(texts[i]).startswith("noi nhan") or i < 3 and texts[i].startswith(("-", "+")))
        if not (in_head or in_foot):
            out.append(texts[i])
            i += 1
            continue
        # the longest run of lines from i that reads as two columns
        j = i
        best: tuple[int, tuple[list[str], list[str]]] | None = None
        seen_two = False
        while j < n and j - i < 40:
            block = _column_block(segs[i : j + 1], middle)
            if block is None:
                break
            seen_two = seen_two or two[j]
            if seen_two:
                best = (j + 1, block)
            j += 1
        if best is None:
            out.append(texts[i])
            i += 1
            continue
        end, (left, right) = best
        out.extend([*left, "", *right, ""])
        i = end
    return "\n".join(out)


def _read_pdf(path: Path) -> str:
    for name in ("pdfminer", "pdfplumber", "pypdf"):
        logging.getLogger(name).setLevel(logging.ERROR)
    pages: list[str] | None = None
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            count = len(pdf.pages)
            pages = [_page_text(page, first=k == 0, last=k == count - 1) for k, page in enumerate(pdf.pages)]
    except Exception as exc:
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise CorruptFileError(MSG_PDF_PASSWORD.format(name=path.name)) from exc
        pages = None
    if pages is None:
        try:
            from pypdf import PdfReader

            reader = PdfReader(str(path))
            if reader.is_encrypted:
                raise CorruptFileError(MSG_PDF_PASSWORD.format(name=path.name))
            pages = [(page.extract_text() or "") for page in reader.pages]
        except DocumentReadError:
            raise
        except Exception as exc:
            raise CorruptFileError(MSG_PDF_BAD.format(name=path.name)) from exc
    text = "\n".join(pages)
    if sum(1 for c in text if c.isalpha()) < 10:
        raise ScannedPdfError(MSG_SCANNED.format(name=path.name))
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------


def read_text(path: str | os.PathLike[str]) -> str:
    """Text of a document file. Raises a :class:`DocumentReadError` subclass (Vietnamese message)."""
    p = Path(path)
    name = p.name or str(path)
    try:
        if not p.exists():
            raise FileAccessError(MSG_MISSING.format(name=str(path)))
        if p.is_dir():
            raise FileAccessError(MSG_DIR.format(name=str(path)))
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise FileAccessError(MSG_PERM.format(name=name)) from exc
    except OSError as exc:
        raise FileAccessError(MSG_MISSING.format(name=str(path))) from exc
    if size == 0:
        raise EmptyDocumentError(MSG_EMPTY.format(name=name))
    ext = p.suffix.lower()
    try:
        if head.startswith(b"%PDF-") or ext == ".pdf":
            if not head.startswith(b"%PDF-"):
                raise CorruptFileError(MSG_PDF_BAD.format(name=name))
            text = _read_pdf(p)
        elif head.startswith(_OLE_MAGIC):
            raise LegacyFormatError(MSG_DOC if ext in (".doc", ".dot", "") else MSG_OLE.format(name=name))
        elif ext == ".doc":
            raise LegacyFormatError(MSG_DOC)
        elif head.startswith(b"PK\x03\x04"):
            if ext == ".odt":
                raise UnsupportedFormatError(MSG_ODT)
            if ext in (".docx", ".docm", ".dotx") or _zip_is_docx(p):
                text = _read_docx(p)
            else:
                raise UnsupportedFormatError(MSG_UNKNOWN.format(ext=ext or name))
        elif ext in (".docx", ".docm"):
            raise CorruptFileError(MSG_DOCX_BAD.format(name=name))
        elif head.startswith(b"{\\rtf") or ext == ".rtf":
            raise UnsupportedFormatError(MSG_RTF)
        elif ext in TEXT_EXTENSIONS:
            if size > MAX_TEXT_BYTES:
                raise UnsupportedFormatError(MSG_TOO_BIG.format(name=name))
            text = decode_text(p.read_bytes(), name)
        else:
            raise UnsupportedFormatError(MSG_UNKNOWN.format(ext=ext))
    except PermissionError as exc:
        raise FileAccessError(MSG_PERM.format(name=name)) from exc
    except OSError as exc:
        raise FileAccessError(MSG_MISSING.format(name=str(path))) from exc
    if not text.strip():
        raise EmptyDocumentError(MSG_EMPTY.format(name=name))
    return text


def _zip_is_docx(p: Path) -> bool:
    try:
        with zipfile.ZipFile(p) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
