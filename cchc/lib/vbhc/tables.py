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

__all__ = ["NAME_START_RE", "find_table_tasks", "split_names_run_together", "split_unit_names"]

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


# A body's name starting in the middle of a cell: two names on two lines of one cell, read as one line
# ("Sở Khoa học và Công nghệ Sở Công Thương").
NAME_START_RE = re.compile(
    r"(?<=[\wÀ-ỹ)])\s+(?=(?:Sở|UBND|Ủy ban|Uỷ ban|Ban|Báo|Đài|Bộ|Cục|Chi cục|Trung tâm|Văn phòng|Thanh tra"
    r"|Công an|Bưu điện|Kho bạc|Liên đoàn|Tỉnh đoàn|Hội|Cổng|Bảo hiểm|Ngân hàng|Mặt trận)\s[A-ZĐÀ-Ỹ&])"
)


# Words after which a body's name goes on ("Văn phòng Ban Chỉ huy", "Thanh tra Sở", "Trưởng Ban", "của Sở").
_NAME_GOES_ON = frozenset({
    "phong", "tam", "tra", "truc", "truong", "pho", "vien", "cua", "thuoc", "va", "voi", "cac", "cap", "giup", "viec",
    "hoi", "ban", "so", "dai", "bao", "cuc", "bo", "quan", "uy", "dong", "chi", "nhanh", "lanh", "dao", "toi",
})


def split_names_run_together(part: str) -> list[str]:
    """``part`` cut where a new body's name starts after the end of another one."""
    cuts = [m for m in NAME_START_RE.finditer(part)
            if fold(part[: m.start()].rsplit(None, 1)[-1]).strip(",.;") not in _NAME_GOES_ON]
    if not cuts:
        return [part]
    pieces, pos = [], 0
    for m in cuts:
        pieces.append(part[pos : m.start()])
        pos = m.end()
    pieces.append(part[pos:])
    return pieces


def split_unit_names(text: str) -> list[str]:
    """The bodies of a unit cell: one per line or ";", and names run together split where a new one starts."""
    out: list[str] = []
    for part in re.split(r"[;\n]", text):
        for piece in split_names_run_together(part):
            p = collapse_ws(piece).strip(" ,.-–+")
            if p:
                out.append(p)
    return out


def _split_partners(text: str) -> list[str]:
    return split_unit_names(text)


_GROUP_TEXT_RE = re.compile(r"^(?P<r>[IVX]{1,6})\s{0,2}[.)\-–:]\s{0,3}\S")
_LETTER_GROUP_RE = re.compile(r"^[A-H][.)]?$")
_LETTER_TEXT_RE = re.compile(r"^(?P<r>[A-H])\s{0,2}[.)]\s{1,3}(?P<rest>\S.*)$")
_SUB_LABEL_RE = re.compile(r"^(?:[a-zđ][.)]?|[-+•–])$")


def _group_of(label: str, text: str, lead: str, filled: list[str]) -> str | None:
    """The Roman numeral of a group heading row ("II" | "II." in the STT column, or "II. NHIỆM VỤ …" spread over
    the row), None for a task row."""
    if label and _ROMAN_RE.match(label):
        return label.rstrip(".")
    if lead:
        return None
    if label and _LETTER_GROUP_RE.match(label) and (not text or is_caps(text)):
        return label.rstrip(".)")  # "A" | "B." over a heading in capitals: a group of a Party or ministry plan
    m = _LETTER_TEXT_RE.match(label or text or "")
    if m is not None and is_caps(m.group("rest")):
        return m.group("r")
    distinct = list(dict.fromkeys(filled))
    for candidate in (label, text, *(distinct[:1] if len(distinct) == 1 else [])):
        m = _GROUP_TEXT_RE.match(candidate or "")
        if m is not None and not candidate[m.end() - 1 :].strip()[:1].isdigit():
            return m.group("r")
    return None


def _rows_to_tasks(rows: list[list[str]], cols: dict[str, int], doc_date: date | None) -> list[TableTask]:
    tasks: list[TableTask] = []
    group: str | None = None
    parent: str | None = None  # the label of the last numbered task (sub-rows are numbered under it)
    sub_count = 0
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
        text = cell(cells, "text")
        lead = cell(cells, "lead")
        partners_text = cell(cells, "partners")
        due_cell = cell(cells, "due")
        roman = _group_of(label, text, lead, filled)
        if roman is not None:
            group, parent, sub_count = roman, None, 0
            continue
        if len(filled) <= 2 and len(cells) < ncols and (not label or not label[0].isdigit()):
            # a merged heading row ("A. NHIỆM VỤ CHUNG")
            if filled and is_caps(filled[-1]):
                continue
        if len(set(filled)) == 1 and len(filled) >= max(2, ncols - 1) and not lead:
            continue  # one text spread over the whole row: a heading
        if not text and (lead or partners_text):
            # a row whose only text is a unit: more bodies for the task above (a unit cell split over rows)
            if tasks:
                last = tasks[-1]
                if lead and fold(lead) not in fold(last.lead or ""):
                    last.lead = f"{last.lead}; {lead}" if last.lead else lead
                for p in _split_partners(partners_text):
                    if p not in last.partners:
                        last.partners.append(p)
            continue
        if not text:
            continue
        if is_caps(text) and not lead and not due_cell:
            continue
        if label and not _LABEL_RE.match(label):
            label = label[:10]
        due_text = due_cell or None
        due_date = parse_due_text(due_text, doc_date)[0] if due_text else None
        full_label = label or None
        if full_label and _SUB_LABEL_RE.match(full_label) and parent:
            sub_count += 1
            letter = full_label.rstrip(".)")
            full_label = f"{parent}.{letter if letter.isalpha() else sub_count}"
        elif full_label and group and full_label[0].isdigit():
            full_label = f"{group}.{full_label.rstrip('.')}"
            parent, sub_count = full_label, 0
        elif full_label and full_label[0].isdigit():
            full_label = full_label.rstrip(".")
            parent, sub_count = full_label, 0
        tasks.append(
            TableTask(
                label=full_label,
                text=text,
                lead="; ".join(split_unit_names(lead)) or None,
                partners=_split_partners(partners_text),
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
