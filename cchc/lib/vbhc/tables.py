"""Task tables of plans (STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm).

Two serialisations are understood:

* one row per line with cells separated by ``|`` (what :func:`read_text` writes for Word tables);
* the crawl's flattened form: one cell per run of lines, cells separated by lines holding only
  ``|`` and a row boundary shown by an empty cell (``|`` / ``|``).
"""

from __future__ import annotations

import re
from datetime import date

from .deadlines import parse_due_text
from .model import TableTask
from .text import Line, collapse_ws, fold, is_caps

__all__ = ["find_table_tasks"]

_LABEL_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVX]{1,6}\.?|[a-zđ][.)]?)$")
_ROMAN_RE = re.compile(r"^[IVX]{1,6}\.?$")
_HEADER_WORDS = (
    "tt",
    "stt",
    "so tt",
    "noi dung",
    "nhiem vu",
    "cong viec",
    "ten",
    "chu tri",
    "phoi hop",
    "thoi gian",
    "thoi han",
    "tien do",
    "san pham",
    "ket qua",
    "co quan",
    "don vi",
    "ghi chu",
    "du kien",
    "hoan thanh",
    "thuc hien",
    "linh vuc",
    "kinh phi",
    "hinh thuc",
)
MAX_CELL_CHARS = 1500
MAX_CELL_LINES = 14


def _header_like(text: str) -> bool:
    low = fold(collapse_ws(text)).strip(" .:*")
    if not low or len(low.split()) > 7:
        return False
    return any(low == w or low.startswith(w + " ") or (" " + w) in (" " + low) for w in _HEADER_WORDS)


def _map_columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        low = fold(collapse_ws(h)).strip(" .:*")
        if "label" not in cols and low in ("tt", "stt", "so tt", "so thu tu"):
            cols["label"] = i
        elif "lead" not in cols and ("chu tri" in low or low in ("co quan thuc hien", "don vi thuc hien")):
            cols["lead"] = i
        elif "partners" not in cols and "phoi hop" in low:
            cols["partners"] = i
        elif "due" not in cols and any(w in low for w in ("thoi gian", "thoi han", "tien do", "hoan thanh")):
            cols["due"] = i
        elif "product" not in cols and any(w in low for w in ("san pham", "ket qua")):
            cols["product"] = i
        elif "text" not in cols and any(w in low for w in ("noi dung", "nhiem vu", "cong viec", "ten ")):
            cols["text"] = i
    if "lead" not in cols or "text" not in cols:
        return None
    return cols


def _split_partners(text: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[;\n]", text):
        p = collapse_ws(part).strip(" ,.-–")
        if p:
            out.append(p)
    return out


def _rows_to_tasks(rows: list[list[str]], cols: dict[str, int], doc_date: date | None) -> list[TableTask]:
    tasks: list[TableTask] = []
    group: str | None = None
    ncols = max(cols.values()) + 1

    def cell(row: list[str], key: str) -> str:
        i = cols.get(key)
        if i is None or i >= len(row):
            return ""
        return collapse_ws(row[i])

    for row in rows:
        cells = [collapse_ws(c) for c in row]
        if not any(cells):
            continue
        label = cell(cells, "label") if "label" in cols else ""
        filled = [c for c in cells if c]
        if "label" in cols and _ROMAN_RE.match(label):
            group = label.rstrip(".")
            continue
        if len(filled) <= 2 and len(cells) < ncols and (not label or not label[0].isdigit()):
            # a merged heading row ("A. NHIỆM VỤ CHUNG")
            if filled and is_caps(filled[-1]):
                continue
        text = cell(cells, "text")
        lead = cell(cells, "lead")
        if not text and not lead:
            continue
        if text and is_caps(text) and not lead and not cell(cells, "due"):
            continue
        if label and not _LABEL_RE.match(label):
            label = label[:10]
        due_text = cell(cells, "due") or None
        due_date = parse_due_text(due_text, doc_date)[0] if due_text else None
        full_label = label or None
        if full_label and group and full_label[0].isdigit():
            full_label = f"{group}.{full_label}"
        tasks.append(
            TableTask(
                label=full_label,
                text=text,
                lead=lead or None,
                partners=_split_partners(cell(cells, "partners")),
                due_text=due_text,
                due_date=due_date,
            )
        )
    return tasks


def _inline_cells(text: str) -> list[str] | None:
    n = text.count("|")
    if n < 2 or n > 40:
        return None
    t = text.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    return [c.strip() for c in t.split("|")]


def _from_inline(lines: list[Line], start: int, doc_date: date | None) -> list[TableTask]:
    tasks: list[TableTask] = []
    i = start
    n = len(lines)
    # a header row is a text line with at least two "|" (the other lines cannot start a table)
    for k in [ln.index for ln in lines[start:] if ln.kind == "text" and ln.text.count("|") >= 2]:
        if k < i:
            continue  # a row of the table just read
        cells = _inline_cells(lines[k].text)
        if cells is None or len(cells) < 3 or not sum(_header_like(c) for c in cells) >= 3:
            continue
        cols = _map_columns(cells)
        if cols is None:
            continue
        i = k
        rows: list[list[str]] = []
        j = i + 1
        while j < n:
            lj = lines[j]
            if lj.kind == "blank":
                j += 1
                continue
            rc = _inline_cells(lj.text) if lj.kind == "text" else None
            if rc is None:
                break
            if sum(_header_like(c) for c in rc) >= 3 and _map_columns(rc) is not None:
                break
            rows.append(rc)
            j += 1
        tasks.extend(_rows_to_tasks(rows, cols, doc_date))
        i = j
    return tasks


def _tokens(lines: list[Line], start: int) -> list[tuple[str, int]]:
    """Cells of the flattened form: (text, first line index); empty string for an empty cell."""
    toks: list[tuple[str, int]] = []
    cur: list[str] = []
    cur_start = start
    in_table = False
    for ln in lines[start:]:
        if ln.kind == "pipe":
            if in_table:
                toks.append((" ".join(cur), cur_start))
            in_table = True
            cur = []
            cur_start = ln.index + 1
            continue
        if not in_table:
            continue
        if ln.kind == "text":
            cur.append(ln.text)
    if in_table and cur:
        toks.append((" ".join(cur), cur_start))
    return toks


def _from_flattened(lines: list[Line], start: int, doc_date: date | None) -> list[TableTask]:
    toks = _tokens(lines, start)
    tasks: list[TableTask] = []
    k = 0
    n = len(toks)
    while k < n:
        text, _ = toks[k]
        if len(text) >= 60 or "chu tri" not in fold(text):
            k += 1
            continue
        # widen to the whole header row
        a = k
        while a - 1 >= 0 and toks[a - 1][0] and _header_like(toks[a - 1][0]):
            a -= 1
        b = k
        while b + 1 < n and toks[b + 1][0] and _header_like(toks[b + 1][0]):
            b += 1
        header = [t for t, _ in toks[a : b + 1]]
        cols = _map_columns(header)
        if cols is None or len(header) < 3:
            k += 1
            continue
        ncols = len(header)
        rows: list[list[str]] = []
        i = b + 1
        while i < n:
            while i < n and toks[i][0] == "":
                i += 1
            if i >= n:
                break
            first = toks[i][0]
            if len(first) > MAX_CELL_CHARS or fold(first).startswith(("noi nhan", "tm.", "kt.")):
                break
            row = [first]
            i += 1
            stop = False
            while len(row) < ncols and i < n:
                t = toks[i][0]
                if t == "" and len(row) <= 2 and i + 1 < n and _LABEL_RE.match(toks[i + 1][0]):
                    break
                if len(t) > MAX_CELL_CHARS:
                    stop = True
                    break
                row.append(t)
                i += 1
            rows.append(row)
            if stop:
                break
        tasks.extend(_rows_to_tasks(rows, cols, doc_date))
        k = i
    return tasks


def find_table_tasks(lines: list[Line], start: int, doc_date: date | None) -> list[TableTask]:
    """Task rows of every task table found after line ``start``."""
    tasks = _from_inline(lines, start, doc_date)
    if tasks:
        return tasks
    return _from_flattened(lines, start, doc_date)
