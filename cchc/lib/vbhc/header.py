"""Header reader: issuer, number/symbol, place/date, type, subject and "Kính gửi" recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import safe_date
from .doctypes import TYPE_BY_FOLDED, type_from_symbol
from .names import body_name_incomplete, can_start_body, group_body_names, starts_with_title
from .text import Line, collapse_ws, fold, is_caps, starts_lower, starts_upper

__all__ = ["Header", "NUMBER_RE", "clean_item", "collect_list", "read_header", "split_number"]

HEADER_SCAN = 90  # lines scanned for header fields
MAX_HEADER_LINE = 400  # a longer line is body text, whatever it contains
BLOB_LINES = 60  # text lines joined to find the national motto across wrapped/merged lines

_QH_RE = re.compile(
    r"cong\s{0,3}hoa\s{1,3}xa\s{1,3}hoi\s{1,3}chu\s{1,3}nghia\s{1,3}viet\s{1,3}nam"
    r"|dang\s{1,3}cong\s{1,3}san\s{1,3}viet\s{1,3}nam"
)
_TN_RE = re.compile(r"doc\s{0,3}lap\s{0,3}[-,.:]{0,2}\s{0,3}tu\s{1,3}do\s{0,3}[-,.:]{0,2}\s{0,3}hanh\s{1,3}phuc")
_INLINE_RULE_RE = re.compile(r"-{3,}|_{3,}|={3,}|—{2,}")

# "Số: 2031/UBND-NC", "số: 4222 /TCT -PC", "Số 70/KH-UBND", "Số: /TB-UBND", "Số: 52/2025/QĐ-UBND", "Số 02-NQ/TU".
_SYM = r"[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9&.]{0,15}(?:\s{0,2}-\s{0,2}[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9&.]{0,15}){0,6}"
NUMBER_RE = re.compile(
    r"(?P<party>(?P<pn>\d{1,6})\s{0,2}-\s{0,2}(?P<pt>[A-ZĐ][A-ZĐa-z]{0,5})\s{0,2}/\s{0,2}(?P<po>[A-ZĐ][A-ZĐa-z0-9]{0,10}))"
    r"|(?P<n>\d{1,6}[a-zđ]{0,3}|[.…_]{1,20})?\s{0,3}(?:/\s{0,2}(?P<y>\d{4})\s{0,2})?/\s{0,3}(?P<sym>" + _SYM + ")"
)
_SO_START_RE = re.compile(r"^[\s|*(]{0,5}(?:s[oố6ô])\s{0,3}[:.;]?\s{0,3}", re.IGNORECASE)
_SO_INLINE_RE = re.compile(r"(?<![\w])[Ss][ốô]\s{0,2}:\s{0,3}")

_HEADER_DATE_RE = re.compile(
    r"ngay\s{0,3}(?:(\d{1,2})|[.…_\s]{0,30}?)\s{0,3}thang\s{0,3}(?:(\d{1,2})|[.…_\s]{0,30}?)\s{0,3}nam(?:\s{0,3}(\d{4}))?"
    r"|ngay\s{0,3}(\d{1,2})\s{0,2}([/.-])\s{0,2}(\d{1,2})\s{0,2}\5\s{0,2}(\d{4})"
)
_KINH_GUI_RE = re.compile(r"(?:^|[\s|*])kinh\s{1,3}gui\s{0,3}(?::|$|(?=\s[A-ZĐ-]))", re.IGNORECASE)
_DIEN_RE = re.compile(r"\bdien\s{0,2}:\s{0,3}")
_VV_RE = re.compile(r"(?:^|(?<=\s))[Vv]\s{0,1}/\s{0,1}[Vv]\b\s{0,3}[:.]?\s{0,3}")
_BODY_CUE_RE = re.compile(
    r"^(?:can cu\b|thuc hien\b|theo de nghi|xet de nghi|xet\b|nham\b|tren co so|hom nay|vao hoi|vao luc"
    r"|dieu \d|chuong [ivxl\d]|phan [ivxl\d]|muc \d|[ivx]{1,4}\s{0,2}[.)-]\s|\d{1,2}\s{0,2}[.)]\s|ngay \d"
    r"|trong thoi gian|ke tu|sau khi|qua |nhan duoc|thay mat|ve viec nay|de nghi|yeu cau)"
)
# Body cues that are also common first words of a trích yếu ("Thực hiện Nghị quyết …").
_SOFT_CUE_RE = re.compile(r"^(?:thuc hien|nham|tren co so|ke tu|sau khi|de nghi|yeu cau|trong thoi gian|qua )")
_STAMP_RE = re.compile(
    r"^(?:ky boi|ky so boi|nguoi ky|thoi gian ky|ngay ky|dia chi|email|e-mail|co quan\s*:|so dien thoai|dien thoai"
    r"|fax|website)"
)
_MARKS: frozenset[str] = frozenset(
    {"khan", "hoa toc", "thuong khan", "mat", "toi mat", "tuyet mat", "du thao", "ban sao", "hoa toc hen gio", "khan!"}
)
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


def clean_item(text: str) -> str:
    t = text.strip()
    t = t.lstrip("-–—+•*·▪● \t")
    t = t.strip()
    while t and t[-1] in ";,.":
        t = t[:-1].rstrip()
    return collapse_ws(t)


def _is_item_start(text: str) -> bool:
    return bool(text) and text[0] in "-–—+•·▪●" and not text.startswith("---")


# ---------------------------------------------------------------------------------------------


def _pieces_without_motto(lines: list[Line], limit: int) -> tuple[dict[int, list[str]], set[int], bool]:
    """Cut the national name and motto out of the first lines (they may wrap or share a line).

    Returns per-line remaining pieces (only for lines touched), the indices of lines that held
    part of the motto, and whether the motto was found at all.
    """
    idx: list[int] = []
    texts: list[str] = []
    lows: list[str] = []
    for ln in lines[:limit]:
        if ln.kind == "text":
            idx.append(ln.index)
            texts.append(ln.text[:MAX_HEADER_LINE])
            lows.append(ln.low[:MAX_HEADER_LINE])
        if len(idx) >= BLOB_LINES:
            break
    blob = "\n".join(texts)
    low = "\n".join(lows)
    spans: list[tuple[int, int]] = []
    for rx in (_QH_RE, _TN_RE):
        m = rx.search(low)
        if m:
            spans.append((m.start(), m.end()))
    found = bool(spans)
    pieces: dict[int, list[str]] = {}
    touched: set[int] = set()
    if not spans:
        return pieces, touched, False
    pos = 0
    for li, t in zip(idx, texts, strict=True):
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
        for q in _INLINE_RULE_RE.split(p):
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
        m0 = _SO_START_RE.match(t)
        if m0 is not None:
            m = NUMBER_RE.match(t, m0.end())
            if m is not None and (m.group("party") or m.group("sym")):
                # "Số" without a colon needs a real number ("Số 70/KH-UBND"), not a blank one.
                has_colon = ":" in t[: m0.end()]
                if has_colon or (m.group("party") or (m.group("n") and m.group("n")[0].isdigit())):
                    return ln.index, m, t
            if m is None and not t[m0.end() :].strip(" :.") and len(t) <= 6:
                # "Số:" alone, the number on the next line
                nxt = _next_text(lines, ln.index, 2)
                if nxt is not None:
                    t2 = nxt.text[:MAX_HEADER_LINE].lstrip("|* ")
                    m2 = NUMBER_RE.match(t2)
                    if m2 is not None and (m2.group("party") or m2.group("n") and m2.group("n")[0].isdigit()):
                        return nxt.index, m2, t2
        for mi in _SO_INLINE_RE.finditer(t[:300]):
            before = t[: mi.start()].strip(" |*")
            if before and not is_caps(before):
                continue  # "… Công văn số: 12/UBND …" inside a sentence
            m = NUMBER_RE.match(t, mi.end())
            if m is not None and (m.group("party") or m.group("sym")):
                return ln.index, m, t
    return None


def _place_from_prefix(prefix: str) -> str | None:
    p = prefix.strip(" |*_-–—:;\t")
    p = p.rstrip(" ,.")
    if not p:
        return None
    toks = p.split()
    if is_caps(p) and len(toks) <= 4:
        return p
    out: list[str] = []
    allowed_lower = {"phố", "xã", "thị", "trấn", "huyện", "tỉnh", "quận", "phường"}
    for tok in reversed(toks[-12:]):
        core = tok.strip(".,;:()")
        if core in ("-", "–") and out:
            out.append(tok)
            continue
        if not core:
            break
        if any(ch.isdigit() for ch in core):
            if not out and core.isdigit() and len(core) <= 2:
                out.append(tok)
                continue
            break
        if core[0].islower():
            if core in allowed_lower and out:
                out.append(tok)
                continue
            break
        if is_caps(core) and len(core) >= 3 and out and "." not in tok:
            break
        if not core[0].isalpha():
            break
        out.append(tok)
        if len(out) >= 6:
            break
    while out and (out[-1].strip(".,").islower() or out[-1] in ("-", "–")):
        out.pop()
    if not out:
        return None
    out.reverse()
    place = " ".join(out).strip(" ,.;:")
    if not starts_upper(place):
        return None
    if fold(place).startswith(("can cu", "theo", "thuc hien", "xet", "luat", "nghi dinh", "thong tu")):
        return None
    return place


def _find_date(
    lines: list[Line], end: int, number_line: int | None, number_end: int
) -> tuple[int, str | None, date | None, bool] | None:
    """Find "<Place>, ngày DD tháng MM năm YYYY" (possibly split over lines); blank date allowed."""
    text_lines = [ln for ln in lines[:end] if ln.kind == "text"]
    for pos, ln in enumerate(text_lines):
        low = ln.low
        if "ngay" not in low or _STAMP_RE.match(low) or len(low) > MAX_HEADER_LINE:
            continue
        # join the next text lines for dates broken over lines
        s = ln.text
        for nxt in text_lines[pos + 1 : pos + 3]:
            if _HEADER_DATE_RE.search(fold(s)) and re.search(r"nam\s{0,3}\d{4}", fold(s)):
                break
            s = s + " " + nxt.text[:MAX_HEADER_LINE]
        sl = fold(s)
        k = sl.find("ngay")
        while k != -1 and k < len(ln.text):
            if k == 0 or not sl[k - 1].isalpha():
                m = _HEADER_DATE_RE.match(sl, k)
                if m is not None:
                    prefix = s[:k]
                    if ln.index == number_line:
                        prefix = s[number_end:k] if number_end <= k else ""
                    if _KINH_GUI_RE.search(prefix):
                        prefix = ""
                    day_s, mon_s, year_s = m.group(1), m.group(2), m.group(3)
                    if m.group(4) is not None:
                        day_s, mon_s, year_s = m.group(4), m.group(6), m.group(7)
                    blank = not (day_s and mon_s and year_s)
                    place = _place_from_prefix(prefix)
                    if place is None and prefix.strip(" |*,.") == "" and pos > 0:
                        prev = text_lines[pos - 1]
                        words = prev.text.split()
                        if (
                            1 <= len(words) <= 3
                            and starts_upper(prev.text)
                            and not any(c.isdigit() or c in ":/" for c in prev.text)
                            and not is_caps(prev.text)
                        ):
                            place = prev.text.strip(" ,.")
                    elif place is not None and prefix.strip(" |*,.") == place and pos > 0:
                        prev = text_lines[pos - 1]
                        words = prev.text.split()
                        if (
                            len(words) == 1
                            and len(place.split()) == 1
                            and (prev.italic_start or len(prev.text) <= 12)
                            and starts_upper(prev.text)
                            and not is_caps(prev.text)
                            and prev.text.isalpha()
                        ):
                            place = prev.text.strip(" ,.") + " " + place
                    prefix_clean = prefix.strip(" |*,.")
                    if place is None and prefix_clean and not blank:
                        k = sl.find("ngay", k + 4)
                        continue
                    if place is None and blank:
                        k = sl.find("ngay", k + 4)
                        continue
                    d = None
                    if not blank:
                        d = safe_date(int(year_s), int(mon_s), int(day_s))
                    return ln.index, place, d, blank
            k = sl.find("ngay", k + 4)
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


_SUBJECT_DANGLING = frozenset(
    {"cua", "va", "ve", "do", "cho", "tai", "voi", "thuoc", "giua", "theo", "tren", "doi", "tu", "den", "-", ","}
)
_AUTHORITY_PREFIX = (
    "uy ban nhan dan",
    "ubnd",
    "chu tich",
    "bo truong",
    "giam doc",
    "thu tuong",
    "hoi dong nhan dan",
    "chinh phu",
    "truong ban",
    "ban chap hanh",
    "ban thuong vu",
    "tong cuc truong",
    "cuc truong",
    "ban chi dao",
    "hieu truong",
    "vien truong",
    "tong giam doc",
    "thong doc",
    "chanh an",
)


def _is_dien_line(lines: list[Line], i: int) -> bool:
    ln = lines[i]
    if _DIEN_RE.search(ln.low) is not None:
        return True
    return False


def _next_text(lines: list[Line], i: int, limit: int = 3) -> Line | None:
    j = i + 1
    while j < len(lines) and j <= i + limit:
        if lines[j].kind == "text":
            return lines[j]
        j += 1
    return None


def _collect_type_subject(
    lines: list[Line], type_idx: int, issuer: str | None, first: str | None = None
) -> tuple[str | None, int, str | None]:
    """Trích yếu lines under the type name; also the authority line that ends them, if any.

    ``first`` is the rest of the type line when the trích yếu starts on it ("THÔNG BÁO KẾT LUẬN …").
    """
    parts: list[str] = [first] if first else []
    authority: str | None = None
    caps_mode: bool | None = is_caps(first) if first else None
    bold_mode: bool | None = lines[type_idx].bold if first else None
    j = type_idx + 1
    last = type_idx
    skipped = 0
    n = len(lines)
    issuer_low = fold(issuer) if issuer else None
    while j < n and len(parts) < 8:
        ln = lines[j]
        if ln.kind != "text":
            if parts:
                nxt = _next_text(lines, j - 1, 3)
                if ln.kind != "blank" or nxt is None or parts[-1].rstrip().endswith((".", ";", ":")):
                    break
                prev_words = fold(parts[-1]).split()
                dangling = bool(prev_words) and prev_words[-1] in _SUBJECT_DANGLING
                nxt_caps = is_caps(nxt.text)
                if caps_mode and nxt_caps and not nxt.bold and len(nxt.text) < 300:
                    j = nxt.index  # the same checks as for a wrapped line apply below
                    continue
                if not caps_mode and not nxt_caps and (starts_lower(nxt.text) or dangling):
                    j = nxt.index
                    continue
                break
            skipped += 1
            if skipped > 4:
                break
            j += 1
            continue
        low = ln.low
        if _BODY_CUE_RE.match(low):
            # "Thực hiện Nghị quyết …" may be the trích yếu itself when it is short and not a sentence
            soft = _SOFT_CUE_RE.match(low) is not None
            sentence = len(ln.text) > 200 or ln.text.rstrip().endswith((":", ".")) or "nhu sau" in low
            if parts or not soft or sentence:
                break
        if _KINH_GUI_RE.search(low) or _is_dien_line(lines, j):
            break
        nxt = _next_text(lines, j, 1)
        if nxt is not None and _DIEN_RE.search(nxt.low) and len(ln.text) <= 20 and is_caps(ln.text):
            break  # "**TH****Ủ" / "TƯỚNG CHÍNH PHỦ điện:"
        caps = is_caps(ln.text)
        if caps_mode is None:
            caps_mode = caps
            bold_mode = ln.bold
        else:
            if caps != caps_mode:
                if caps and len(ln.text.split()) <= 14 and not any(c.isdigit() for c in ln.text):
                    authority = ln.text
                break
            if parts and ln.italic_start:
                break
            if not caps_mode and parts:
                if parts[-1].rstrip().endswith((".", ";", ":")):
                    break
                prev_words = fold(parts[-1]).split()
                continues = starts_lower(ln.text) or ln.text[:1].isdigit()
                if not (continues or prev_words[-1:] and prev_words[-1] in _SUBJECT_DANGLING):
                    break
            if caps_mode:
                prev_last = fold(parts[-1]).split()[-1] if parts[-1].split() else ""
                dangling = prev_last in _SUBJECT_DANGLING
                if ln.bold and not bold_mode and not dangling:
                    authority = ln.text
                    break
                if not dangling and not any(c.isdigit() for c in ln.text):
                    flat = " ".join(low.split())
                    if issuer_low and flat == " ".join(issuer_low.split()):
                        authority = ln.text
                        break
                    if len(flat.split()) <= 12 and flat.startswith(_AUTHORITY_PREFIX):
                        authority = ln.text
                        break
        if len(ln.text) > 400 and not caps_mode:
            break
        parts.append(ln.text)
        last = j
        j += 1
    if not parts:
        return None, type_idx, None
    return _clean_subject(" ".join(parts), strip_ve_viec=False), last, authority


def _clean_subject(text: str, *, strip_ve_viec: bool) -> str | None:
    t = collapse_ws(text)
    t = _VV_RE.sub("", t, count=1) if _VV_RE.match(t) else t
    if strip_ve_viec:
        low = fold(t)
        if low.startswith("ve viec"):
            t = t[7:].lstrip(" :")
    t = t.strip(" *_")
    while t and t[-1] in ".;:,*" and not t.endswith("..."):
        t = t[:-1].rstrip()
    return t or None


def _collect_vv(lines: list[Line], idx: int, first: str, italic: bool) -> tuple[str | None, int]:
    parts = [first]
    last = idx
    raw = lines[idx].raw.rstrip()
    closed = italic and raw.endswith("*")
    j = idx + 1
    if not closed and not first.rstrip().endswith("."):
        while j < len(lines) and len(parts) < 7:
            ln = lines[j]
            if ln.kind != "text":
                # a blank line inside a wrapped trích yếu: go on only when the text clearly continues
                nxt = _next_text(lines, j - 1, 3)
                prev_words = fold(parts[-1]).split()
                dangling = bool(prev_words) and prev_words[-1] in _SUBJECT_DANGLING
                if (
                    ln.kind == "blank"
                    and nxt is not None
                    and not is_caps(nxt.text)
                    and (starts_lower(nxt.text) or dangling)
                    and not parts[-1].rstrip().endswith((".", ";", ":"))
                ):
                    j = nxt.index
                    continue
                break
            low = ln.low
            if (
                _KINH_GUI_RE.search(low)
                or _QH_RE.search(low)
                or _TN_RE.search(low)
                or _SO_START_RE.match(ln.text)
                and NUMBER_RE.search(ln.text[:40])
                or _HEADER_DATE_RE.search(low)
                or _BODY_CUE_RE.match(low)
                or is_caps(ln.text)
            ):
                break
            parts.append(ln.text)
            last = j
            j += 1
            if ln.raw.rstrip().endswith("*") or ln.text.endswith("."):
                break
    text = " ".join(parts)
    # a date glued to the subject line ("V/v … Gia Lai, ngày 01 tháng 10 năm 2020")
    low = fold(text)
    m = _HEADER_DATE_RE.search(low)
    if m is not None and (m.group(3) or m.group(7)):
        prefix = text[: m.start()]
        place = _place_from_prefix(prefix)
        cut = prefix.rstrip(" ,.")
        if place and cut.endswith(place):
            cut = cut[: -len(place)]
        text = cut
    return _clean_subject(text, strip_ve_viec=True), last


def collect_list(lines: list[Line], idx: int, rest: str, max_items: int = 60) -> tuple[list[str], int]:
    """Collect a dash list that starts after a "Kính gửi:"/"… điện:" line; return items, last index."""
    items: list[str] = []
    rest = rest.strip(" *|")
    single = False
    if rest:
        if _is_item_start(rest):
            items.append(rest)
        else:
            items.append(rest)
            single = True
    last = idx
    j = idx + 1
    sep = False
    n = len(lines)
    while j < n and len(items) < max_items:
        ln = lines[j]
        if ln.kind != "text":
            sep = True
            j += 1
            if j - last > 8:
                break
            continue
        t = ln.text
        low = ln.low
        if low.startswith(("noi nhan", "tm.", "kt.", "tl.")):
            break
        if _is_item_start(t):
            if single and not items[-1].endswith((":",)) and sep:
                break
            items.append(t)
            single = False
        elif items:
            prev = items[-1].rstrip()
            if prev.endswith((";", ".", "!")) or _BODY_CUE_RE.match(low) or _KINH_GUI_RE.search(low):
                break
            if sep and not prev.endswith(":"):
                break
            if single and not starts_lower(t) and not prev.endswith(":"):
                break
            if len(prev) > 600:
                break
            items[-1] = prev + " " + t
        else:
            # first entry without a dash ("Kính gửi:" / "Sở Nội vụ tỉnh Gia Lai.")
            if _BODY_CUE_RE.match(low) or len(t) > 160 or not starts_upper(t):
                break
            items.append(t)
            single = True
        sep = False
        last = j
        j += 1
    out: list[str] = []
    for it in items:
        for part in it.split(";"):
            c = clean_item(part)
            if c:
                out.append(c)
    return out, last


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
    # bound: first line that clearly belongs to the body ("Căn cứ", "Điều 1", "1. ...")
    pieces, motto_lines, h.has_header = _pieces_without_motto(lines, scan)

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
        vv = _VV_RE.search(rest)
        if vv is not None:
            h.has_vv = True
            h.subject, last = _collect_vv(lines, li, rest[vv.end() :], False)
            h.subject_from = "vv"
            h.body_start = max(h.body_start, last + 1)
        h.body_start = max(h.body_start, li + 1)
        number_end = len(lines[li].text) - len(t) + m.end()

    # Kính gửi
    kg_idx: int | None = None
    for ln in lines[:scan]:
        if ln.kind == "text":
            mk = _KINH_GUI_RE.search(ln.low)
            if mk is not None and (mk.start() == 0 or ln.index != h.number_line):
                # "Kính gửi" must be a heading, not part of a sentence
                before = ln.text[: mk.start()].strip(" *|")
                if before and not _HEADER_DATE_RE.search(fold(before)) and len(before) > 3:
                    continue
                kg_idx = ln.index
                h.has_kinh_gui = True
                rest = ln.text[mk.end() :].lstrip(" :")
                h.recipients, kg_last = collect_list(lines, ln.index, rest)
                h.body_start = max(h.body_start, kg_last + 1)
                break

    date_end = kg_idx + 1 if kg_idx is not None else scan
    found_date = _find_date(lines, min(scan, date_end), h.number_line, number_end)
    if found_date is not None:
        h.date_line, h.place, h.date, blank = found_date
        h.date_found = not blank
        h.body_start = max(h.body_start, h.date_line + 1)

    # Type line: before "Kính gửi" and the first body cue
    type_end = kg_idx if kg_idx is not None else scan
    for ln in lines[:type_end]:
        if ln.kind != "text":
            continue
        if _BODY_CUE_RE.match(ln.low) and ln.index > (h.number_line or 0) + 1:
            break
        t = _type_of_line(ln)
        if t is not None:
            h.printed_type = t
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
    for ln in lines[:stop + (1 if stop == h.number_line and number_end else 0)]:
        if ln.kind != "text":
            continue
        for piece in _line_pieces(ln, pieces):
            if ln.index == h.number_line:
                # the left part of a merged "BỘ X Số: …" line
                so = _SO_INLINE_RE.search(piece) or _SO_START_RE.match(piece)
                if so is None or so.start() == 0:
                    continue
                piece = piece[: so.start()].strip()
                if not piece:
                    continue
            low = fold(piece).strip(" .:;*")
            if not low or _STAMP_RE.match(low) or low in _MARKS or _VV_RE.match(piece):
                continue
            if is_caps(piece):
                if ln.index in motto_lines and len(cands) == 0 and not can_start_body(low):
                    # a left-column remainder that is not a body name (OCR noise)
                    pass
                cands.append((piece.strip(" .:;|"), ln.bold))
            else:
                run = _trailing_caps_run(piece)
                if run is not None and ln.index < 5:
                    cands.append((run, ln.bold))
    names = group_body_names(cands)
    names = [nm for nm in names if fold(nm).strip() not in _MARKS]
    if names:
        h.issuer = names[-1]
        if len(names) >= 2:
            h.parent_issuer = names[-2]

    # Subject
    if h.printed_type is not None and h.printed_type != "Công văn" and h.type_line is not None:
        subj, last, authority = _collect_type_subject(lines, h.type_line, h.issuer, type_rest)
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
            mv = _VV_RE.match(ln.text.lstrip("|* "))
            if mv is not None:
                t = ln.text.lstrip("|* ")
                h.has_vv = True
                h.subject, last = _collect_vv(lines, ln.index, t[mv.end() :], ln.italic_start)
                h.subject_from = "vv"
                h.body_start = max(h.body_start, last + 1)
                break
    if h.subject is None and h.number_line is not None and h.printed_type is None:
        nxt = _next_text(lines, h.number_line, 2)
        italic_next = (
            nxt is not None
            and nxt.index == h.number_line + 1
            and nxt.italic_start
            and not is_caps(nxt.text)
            and not _HEADER_DATE_RE.search(nxt.low)
        )
        if nxt is not None and (nxt.low.startswith("ve ") or italic_next) and nxt.index != h.date_line:
            h.subject, last = _collect_vv(lines, nxt.index, nxt.text, nxt.italic_start)
            h.subject_from = "ve"
            h.body_start = max(h.body_start, last + 1)

    # Công điện addressees: "THỦ TƯỚNG CHÍNH PHỦ điện:"
    if not h.recipients:
        for ln in lines[:scan]:
            if ln.kind != "text":
                continue
            md = _DIEN_RE.search(ln.low)
            if md is not None and (md.end() >= len(ln.low) - 2 or is_caps(ln.text[: md.start()])):
                h.has_dien = True
                h.recipients, last = collect_list(lines, ln.index, ln.text[md.end() :])
                h.body_start = max(h.body_start, last + 1)
                break

    h.title_type, h.title_number, h.title_issuer = _title_sentence(lines)
    if h.issuer is None and h.title_issuer:
        h.issuer = h.title_issuer
    return h


def looks_like_authority(low: str) -> bool:
    return starts_with_title(low) or low.startswith(_AUTHORITY_PREFIX)


__all__ += ["looks_like_authority", "body_name_incomplete"]
