"""Header reader: issuer, number/symbol, place/date, type, subject and "Kính gửi" recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dateline import find_date
from .doctypes import TYPE_BY_FOLDED, type_from_symbol
from .lists import collect_list
from .names import body_name_incomplete, group_body_names
from .patterns import (
    BLOB_LINES,
    BODY_CUE_RE,
    DIEN_RE,
    HEADER_DATE_RE,
    HEADER_SCAN,
    INLINE_RULE_RE,
    KINH_GUI_RE,
    MARKS,
    MAX_HEADER_LINE,
    NUMBER_RE,
    QH_RE,
    SO_INLINE_RE,
    SO_START_RE,
    STAMP_RE,
    TN_RE,
    VV_RE,
)
from .subject import collect_type_subject, collect_vv
from .text import Line, fold, is_caps, next_text

__all__ = ["Header", "read_header", "split_number"]

_TITLE_SENTENCE_RE = re.compile(
    r"^(?P<type>[a-z ]{4,30}?)\s(?:so\s)?(?P<num>\d[\w./-]{0,40}/[\w./-]{1,40})(?:\s\w+){0,3}?"
)


@dataclass(slots=True)
class Header:
    issuer: str | None = None
    parent_issuer: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_found: bool = False
    printed_type: str | None = None
    place: str | None = None
    date: date | None = None
    date_found: bool = False
    subject: str | None = None
    subject_from: str | None = None  # "vv" | "ve" | "type" | "title"
    recipients: list[str] = field(default_factory=list)
    has_vv: bool = False
    has_kinh_gui: bool = False
    has_dien: bool = False
    has_header: bool = False  # national motto found
    body_start: int = 0
    number_line: int | None = None
    date_line: int | None = None
    type_line: int | None = None
    title_issuer: str | None = None
    title_type: str | None = None
    title_number: str | None = None


def split_number(raw: str) -> tuple[str | None, str | None]:
    """Normalise a matched number/symbol: ("4222 /TCT -PC") -> ("4222/TCT-PC", "TCT-PC")."""
    m = NUMBER_RE.match(raw.strip())
    if m is None:
        return None, None
    return _number_from_match(m)


def _number_from_match(m: re.Match[str]) -> tuple[str | None, str | None]:
    if m.group("party"):
        pn, pt, po = m.group("pn"), m.group("pt"), m.group("po")
        return f"{pn}-{pt}/{po}", f"{pt}/{po}"
    sym = "".join(m.group("sym").split()).rstrip(".")
    n = m.group("n")
    if not n or not n[0].isdigit():
        return None, sym or None
    year = m.group("y")
    number = f"{n}/{year}/{sym}" if year else f"{n}/{sym}"
    return number, sym


def _pieces_without_motto(lines: list[Line], limit: int) -> tuple[dict[int, list[str]], set[int], bool]:
    """Cut the national name and motto out of the first lines (they may wrap or share a line).

    Returns per-line remaining pieces (only for lines touched), the indices of lines that held
    part of the motto, and whether the motto was found at all.
    """
    head = [ln for ln in lines[:limit] if ln.kind == "text"][:BLOB_LINES]
    texts = [ln.text[:MAX_HEADER_LINE] for ln in head]
    low = "\n".join([ln.low[:MAX_HEADER_LINE] for ln in head])
    spans: list[tuple[int, int]] = []
    for rx in (QH_RE, TN_RE):
        m = rx.search(low)
        if m:
            spans.append((m.start(), m.end()))
    found = bool(spans)
    pieces: dict[int, list[str]] = {}
    touched: set[int] = set()
    if not spans:
        return pieces, touched, False
    blob = "\n".join(texts)
    last = max(e for _, e in spans)
    pos = 0
    for ln, t in zip(head, texts, strict=True):
        if pos >= last:
            break  # no span reaches this line or the next ones
        li = ln.index
        start, end = pos, pos + len(t)
        cuts = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
        if cuts:
            touched.add(li)
            rest: list[str] = []
            cur = start
            for s, e in sorted(cuts):
                if s > cur:
                    rest.append(blob[cur:s])
                cur = max(cur, e)
            if cur < end:
                rest.append(blob[cur:end])
            pieces[li] = [r for r in (x.strip(" |-—–") for x in rest) if r]
        pos = end + 1
    return pieces, touched, found


def _line_pieces(ln: Line, pieces: dict[int, list[str]]) -> list[str]:
    base = pieces.get(ln.index, [ln.text])
    out: list[str] = []
    for p in base:
        for q in INLINE_RULE_RE.split(p):
            q = q.strip(" |")
            if q:
                out.append(q)
    return out


def _trailing_caps_run(text: str) -> str | None:
    toks = text.split()
    run: list[str] = []
    for tok in reversed(toks[-20:]):
        core = tok.strip(".,;:()\"“”'")
        if core and is_caps(core) or (core in ("-", "&") and run):
            run.append(tok)
        else:
            break
    run.reverse()
    while run and run[0] in ("-", "&"):
        run.pop(0)
    if len(run) >= 2:
        return " ".join(run).strip(" .,;:")
    return None


def _find_number(lines: list[Line], end: int) -> tuple[int, re.Match[str], str] | None:
    for ln in lines[:end]:
        if ln.kind != "text":
            continue
        t = ln.text[:MAX_HEADER_LINE].lstrip("|* ")
        m0 = SO_START_RE.match(t)
        if m0 is not None:
            m = NUMBER_RE.match(t, m0.end())
            if m is not None and (m.group("party") or m.group("sym")):
                # "Số" without a colon needs a real number ("Số 70/KH-UBND"), not a blank one.
                has_colon = ":" in t[: m0.end()]
                if has_colon or (m.group("party") or (m.group("n") and m.group("n")[0].isdigit())):
                    return ln.index, m, t
            if m is None and not t[m0.end() :].strip(" :.") and len(t) <= 6:
                # "Số:" alone, the number on the next line
                nxt = next_text(lines, ln.index, 2)
                if nxt is not None:
                    t2 = nxt.text[:MAX_HEADER_LINE].lstrip("|* ")
                    m2 = NUMBER_RE.match(t2)
                    if m2 is not None and (m2.group("party") or m2.group("n") and m2.group("n")[0].isdigit()):
                        return nxt.index, m2, t2
        for mi in SO_INLINE_RE.finditer(t[:300]):
            before = t[: mi.start()].strip(" |*")
            if before and not is_caps(before):
                continue  # "… Công văn số: 12/UBND …" inside a sentence
            m = NUMBER_RE.match(t, mi.end())
            if m is not None and (m.group("party") or m.group("sym")):
                return ln.index, m, t
    return None


def _type_of_line(ln: Line) -> str | None:
    if ln.kind != "text" or len(ln.text) > 40 or not is_caps(ln.text):
        return None
    key = " ".join(ln.low.replace(":", " ").replace("!", " ").split())
    if key in TYPE_BY_FOLDED:
        return TYPE_BY_FOLDED[key]
    for suffix in (" khan", " hoa toc", " thuong khan", " mat"):
        if key.endswith(suffix) and key[: -len(suffix)] in TYPE_BY_FOLDED:
            return TYPE_BY_FOLDED[key[: -len(suffix)]]
    return None


def _title_sentence(lines: list[Line]) -> tuple[str | None, str | None, str | None]:
    """The crawl's title sentence: "Công văn 296/BHXH-CSYT năm 2021 … do Bảo hiểm xã hội Việt Nam ban hành."."""
    for ln in lines[:3]:
        if ln.kind != "text":
            continue
        text = ln.text[:700]
        low = fold(text)
        m = _TITLE_SENTENCE_RE.match(low)
        if m is None:
            continue
        tkey = " ".join(m.group("type").split())
        ttype = TYPE_BY_FOLDED.get(tkey) or ("Công văn" if tkey == "cong van" else None)
        if ttype is None:
            continue
        number = "".join(text[m.start("num") : m.end("num")].split()).rstrip(".")
        issuer = None
        k = low.find(" ban hanh")
        d = low.rfind(" do ", 0, k) if k != -1 else -1
        if d != -1 and k - d < 120:
            issuer = text[d + 4 : k].strip()
        return ttype, number, issuer
    return None, None, None


def read_header(lines: list[Line]) -> Header:
    h = Header()
    n = len(lines)
    scan = min(n, HEADER_SCAN)
    # the header never runs past "Nơi nhận" (a form attached after the signature has its own "Kính gửi")
    for ln in lines[:scan]:
        if ln.kind == "text" and ln.index > 3 and ln.low.lstrip("*| ").startswith(("noi nhan:", "noi nhan ")):
            scan = ln.index
            break
    pieces, _motto_lines, h.has_header = _pieces_without_motto(lines, scan)

    # Number
    num = _find_number(lines, scan)
    number_end = 0
    if num is not None:
        li, m, t = num
        h.number, h.symbol = _number_from_match(m)
        h.number_found = True
        h.number_line = li
        number_end = m.end()
        rest = t[m.end() :]
        # "Số: 296/BHXH-CSYT V/v …" on one line
        vv = VV_RE.search(rest)
        if vv is not None:
            h.has_vv = True
            h.subject, last = collect_vv(lines, li, rest[vv.end() :], False)
            h.subject_from = "vv"
            h.body_start = max(h.body_start, last + 1)
        h.body_start = max(h.body_start, li + 1)
        number_end = len(lines[li].text) - len(t) + m.end()

    # Kính gửi
    kg_idx: int | None = None
    for ln in lines[:scan]:
        if ln.kind == "text" and "gu" in ln.low:  # (KINH_GUI_RE needs "gui"; g and u only match g/G and u/U)
            mk = KINH_GUI_RE.search(ln.low)
            if mk is not None:
                # "Kính gửi" must be a heading, not part of a sentence (a date may precede it: 025)
                before = ln.text[: mk.start()].strip(" *|")
                if before and not HEADER_DATE_RE.search(fold(before)) and len(before) > 3:
                    continue
                kg_idx = ln.index
                h.has_kinh_gui = True
                rest = ln.text[mk.end() :].lstrip(" :")
                h.recipients, kg_last = collect_list(lines, ln.index, rest)
                h.body_start = max(h.body_start, kg_last + 1)
                break

    date_end = kg_idx + 1 if kg_idx is not None else scan
    found_date = find_date(lines, min(scan, date_end), h.number_line, number_end)
    if found_date is not None:
        h.date_line, h.place, h.date, blank = found_date
        h.date_found = not blank
        h.body_start = max(h.body_start, h.date_line + 1)

    # Type line: before "Kính gửi" and the first body cue
    type_end = kg_idx if kg_idx is not None else scan
    for ln in lines[:type_end]:
        if ln.kind != "text":
            continue
        if BODY_CUE_RE.match(ln.low) and ln.index > (h.number_line or 0) + 1 and ln.index != h.date_line:
            break  # (a date line wrapped before "ngày" starts like a body cue: "ngày 01 tháng 12 …")
        printed = _type_of_line(ln)
        if printed is not None:
            h.printed_type = printed
            h.type_line = ln.index
            h.body_start = max(h.body_start, ln.index + 1)
            break

    # "THÔNG BÁO KẾT LUẬN CỦA …" on one line: the type name starts a longer caps line
    type_rest: str | None = None
    sym_type = type_from_symbol(h.symbol)
    if h.printed_type is None and sym_type is not None:
        key = fold(sym_type)
        for ln in lines[:type_end]:
            if ln.kind != "text" or len(ln.text) > 160 or not is_caps(ln.text):
                continue
            if ln.low.startswith(key + " ") and ln.index != h.number_line:
                h.printed_type = sym_type
                h.type_line = ln.index
                type_rest = ln.text[len(key) :].strip(" :")
                h.body_start = max(h.body_start, ln.index + 1)
                break

    # Issuer
    stops = [x for x in (h.number_line, h.type_line, h.date_line, kg_idx) if x is not None]
    stop = min(stops) if stops else min(scan, 12)
    if h.number_line is not None:
        stop = h.number_line
    cands: list[tuple[str, bool]] = []
    for ln in lines[: stop + (1 if stop == h.number_line and number_end else 0)]:
        if ln.kind != "text":
            continue
        for piece in _line_pieces(ln, pieces):
            if ln.index == h.number_line:
                # the left part of a merged "BỘ X Số: …" line
                so = SO_INLINE_RE.search(piece) or SO_START_RE.match(piece)
                if so is None or so.start() == 0:
                    continue
                piece = piece[: so.start()].strip()
                if not piece:
                    continue
            low = fold(piece).strip(" .:;*")
            if not low or STAMP_RE.match(low) or low in MARKS or VV_RE.match(piece):
                continue
            if is_caps(piece):
                cands.append((piece.strip(" .:;|"), ln.bold))
            else:
                run = _trailing_caps_run(piece)
                if run is not None and ln.index < 5:
                    cands.append((run, ln.bold))
    names = group_body_names(cands)
    names = [nm for nm in names if fold(nm).strip() not in MARKS]
    if names:
        h.issuer = names[-1]
        if len(names) >= 2:
            h.parent_issuer = names[-2]

    # Subject
    if h.printed_type is not None and h.printed_type != "Công văn" and h.type_line is not None:
        subj, last, authority = collect_type_subject(lines, h.type_line, h.issuer, type_rest)
        if authority and h.issuer and body_name_incomplete(fold(h.issuer)):
            # "ỦY BAN NHÂN DÂN" in a clipped header, "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" under the subject
            k = fold(authority).find(fold(h.issuer))
            if k != -1:
                h.issuer = authority[k:].strip()
        if subj:
            h.subject, h.subject_from = subj, "type"
            h.body_start = max(h.body_start, last + 1)
    if h.subject is None:
        for ln in lines[: (kg_idx if kg_idx is not None else scan)]:
            if ln.kind != "text":
                continue
            mv = VV_RE.match(ln.text.lstrip("|* "))
            if mv is not None:
                t = ln.text.lstrip("|* ")
                h.has_vv = True
                h.subject, last = collect_vv(lines, ln.index, t[mv.end() :], ln.italic_start)
                h.subject_from = "vv"
                h.body_start = max(h.body_start, last + 1)
                break
    if h.subject is None and h.number_line is not None and h.printed_type is None:
        nxt = next_text(lines, h.number_line, 2)
        italic_next = (
            nxt is not None
            and nxt.index == h.number_line + 1
            and nxt.italic_start
            and not is_caps(nxt.text)
            and not HEADER_DATE_RE.search(nxt.low)
        )
        if nxt is not None and (nxt.low.startswith("ve ") or italic_next) and nxt.index != h.date_line:
            h.subject, last = collect_vv(lines, nxt.index, nxt.text, nxt.italic_start)
            h.subject_from = "ve"
            h.body_start = max(h.body_start, last + 1)

    # Công điện addressees: "THỦ TƯỚNG CHÍNH PHỦ điện:"
    if not h.recipients:
        for ln in lines[:scan]:
            if ln.kind != "text":
                continue
            md = DIEN_RE.search(ln.low)
            if md is not None and (md.end() >= len(ln.low) - 2 or is_caps(ln.text[: md.start()])):
                h.has_dien = True
                h.recipients, last = collect_list(lines, ln.index, ln.text[md.end() :])
                h.body_start = max(h.body_start, last + 1)
                break

    if h.subject and h.place and h.date_line is not None and lines[h.date_line].low.lstrip("*_ ").startswith("ngay"):
        # "V/v …" / "Đắk Lắk," / "ngày 05 tháng 12 …": the wrapped place is not the end of the subject
        tail = " " + h.place
        if h.subject.rstrip(" ,").endswith(tail):
            h.subject = h.subject.rstrip(" ,")[: -len(tail)].rstrip(" ,")
    h.title_type, h.title_number, h.title_issuer = _title_sentence(lines)
    if h.issuer is None and h.title_issuer:
        h.issuer = h.title_issuer
    return h
