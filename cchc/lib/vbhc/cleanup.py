"""Lines that belong to no document field: OCR page markers and a receiving stamp printed over the header.

* page markers of OCR tools and converters: "# PAGE 1", "--- Page 2 ---", "Trang 3/5", a form feed;
* the office's "ĐẾN" stamp: "ĐẾN" (or "CÔNG VĂN ĐẾN") with its "Số 73", "Ngày: 05/12/2025", "Chuyển: …" lines,
  and a lone "Số 73" (a number without a symbol) in the header.

They are removed before the header is read, so they become neither the issuer nor the subject.
"""

from __future__ import annotations

import re

from .text import fold

__all__ = ["drop_noise_lines"]

_PAGE_RE = re.compile(
    r"^\s{0,8}(?:#{1,6}\s{0,3}(?:page|trang)\s{0,3}\d{1,4}(?:\s{0,3}/\s{0,3}\d{1,4})?"
    r"|[-=*_]{2,}\s{0,3}(?:page|trang)\s{0,3}\d{1,4}(?:\s{0,3}/\s{0,3}\d{1,4})?\s{0,3}[-=*_]{2,}"
    r"|(?:page|trang)\s{0,3}\d{1,4}\s{0,3}(?:/|of|tren)\s{0,3}\d{1,4}"
    r"|<!--\s{0,3}page(?:break)?\s{0,3}\d{0,4}\s{0,3}-->|\f)\s{0,8}$",
)
_STAMP_HEAD = frozenset({"den", "cong van den", "van ban den", "cv den", "da den"})
_STAMP_LINE_RE = re.compile(
    r"^\s{0,4}(?:so\s{0,3}(?:den)?\s{0,3}[:.]?\s{0,3}\d{1,6}\s{0,3}$"
    r"|ngay\s{0,3}(?:den)?\s{0,3}[:.]?\s{0,3}\d{1,2}\s{0,2}[/.-]\s{0,2}\d{1,2}(?:\s{0,2}[/.-]\s{0,2}\d{2,4})?\s{0,3}$"
    r"|ngay\s{0,3}(?:den)?\s{0,3}[:.]\s{0,3}$"
    r"|chuyen\s{0,3}:.{0,80}$|luu ho so so\s{0,3}:.{0,40}$|gio\s{0,3}:.{0,20}$)"
)
_LONE_NUMBER_RE = re.compile(r"^\s{0,4}so\s{0,3}[:.]?\s{0,3}\d{1,6}\s{0,3}$")
HEADER_LINES = 40
HEAD_CHARS = 4000  # the header's lines are within the first characters
# Quick tests on the whole text before any line loop; each begins with a literal (the regex engine then skips to
# its occurrences), what stands before it on the line is checked afterwards.
_PAGE_WORDS = ("age", "AGE", "rang", "RANG")
_PAGE_WORD_RE = re.compile(r"(?:PAGE|Page|page|TRANG|Trang|trang)[ \t]{0,3}\d")
_STAMP_WORD_RES = tuple(re.compile(word + r"[ \t:]{0,3}$", re.MULTILINE) for word in ("ĐẾN", "Đến", "ĐÉN"))
_LONE_WORD_RES = tuple(re.compile(word + r"[ \t]{0,3}[:.]?[ \t]{0,3}\d{1,6}[ \t]{0,3}$", re.MULTILINE)
                       for word in ("Số", "SỐ"))
_DOT_CAPS_RE = re.compile(r"\.(?=[A-ZĐÀ-Ỹ]{2})")
_PREFIX_BEFORE_RE = re.compile(r"(?:^|[^\w.])(?:TM|KT|TL|TUQ)$")


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end != -1 else len(text)]


def _has_page_marker(text: str) -> bool:
    if "\f" in text or "<!--" in text:
        return True
    if not any(word in text for word in _PAGE_WORDS):
        return False  # (str.__contains__ is a C scan; the regex would try every position)
    return any(_PAGE_RE.match(_line_of(text, m.start()).strip(" \t*|_").lower())
               for m in _PAGE_WORD_RE.finditer(text))


def _has_stamp(head: str) -> bool:
    for rx in (*_STAMP_WORD_RES, *_LONE_WORD_RES):
        for m in rx.finditer(head):
            if len(_line_of(head, m.start()).strip(" \t*|_")) <= 20:
                return True
    return False


def _unglue_prefixes(text: str) -> str:
    """"KT.TRƯỞNG PHÒNG" → "KT. TRƯỞNG PHÒNG"."""
    if not any(_PREFIX_BEFORE_RE.search(text, max(0, m.start() - 5), m.start())
               for m in _DOT_CAPS_RE.finditer(text)):
        return text
    return _GLUED_PREFIX_RE.sub(r"\1. ", text)


_NN_SIG_ANY_RE = re.compile(r"nh[ậa]n[ \t]{0,2}:?[*_]{0,3}[ \t]{1,40}(?:TM|KT|TL|TUQ|Q)\.")
_NN_SIG_RE = re.compile(
    r"^(\s{0,4}[*_]{0,3}N[ơo]i\s{1,2}nh[ậa]n\s{0,2}:?[*_]{0,3})\s{1,40}((?:TM|KT|TL|TUQ|Q)\.\s{0,2}\S.*)$"
)
_GLUED_PREFIX_RE = re.compile(r"(?<![\w.])(TM|KT|TL|TUQ)\.(?=[A-ZĐÀ-Ỹ]{2})")
_PREFIX_RE = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.$")


def _caps_tail(line: str) -> tuple[str, str] | None:
    """("- Lưu: VT.", "PHÓ TRƯỞNG PHÒNG") from "- Lưu: VT. PHÓ TRƯỞNG PHÒNG"; None without such a tail."""
    tokens = line.split()
    k = len(tokens)
    while k > 1:
        tok = tokens[k - 1]
        if tok.endswith((";", ",", ":")) or not (tok.isupper() or tok == "-") or tok.endswith(".") and len(tok) <= 4:
            break
        k -= 1
    if k > 1 and _PREFIX_RE.match(tokens[k - 1]):
        k -= 1
    tail = tokens[k:]
    if len(tail) < 2 or k < 2:
        return None
    return " ".join(tokens[:k]), " ".join(tail)
_NAME_TAIL_RE = re.compile(r"^(.*?[;.,:])\s{1,40}([A-ZĐÀ-Ỹ][a-zà-ỹđ]{0,8}(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]{0,8}){1,5})$")


def split_footer_columns(lines: list[str]) -> list[str]:
    """A "Nơi nhận" column read side by side with the signature ("Nơi nhận: TL. CỤC TRƯỞNG", "- Như trên; KT.
    TRƯỞNG PHÒNG" …): the signature's lines are moved after the list, in order."""
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        m = _NN_SIG_RE.match(lines[i])
        if m is None:
            out.append(lines[i])
            i += 1
            continue
        out.append(m.group(1))
        right = [m.group(2).strip()]
        i += 1
        while i < n and i < n and lines[i].strip()[:1] in ("-", "+", "•"):
            line = lines[i].rstrip()
            split = _caps_tail(line)
            if split is None:
                tail = _NAME_TAIL_RE.match(line)
                split = (tail.group(1), tail.group(2)) if tail is not None else None
            if split is not None:
                out.append(split[0])
                right.append(split[1])
            else:
                out.append(line)
            i += 1
        out.extend(["", *right])
    return out


def drop_noise_lines(text: str) -> str:
    """``text`` without page markers and receiving-stamp lines (unchanged, and fast, when it has none)."""
    text = _unglue_prefixes(text)
    footer = "hận" in text and _NN_SIG_ANY_RE.search(text) is not None
    page = _has_page_marker(text)
    stamp = _has_stamp(text[:HEAD_CHARS])
    if not (footer or page or stamp):
        return text  # the usual case: three scans, no line loop
    lines = text.split("\n")
    if footer:
        lines = split_footer_columns(lines)
    if not (page or stamp):
        return "\n".join(lines)
    out: list[str] = []
    stamp_left = 0
    numbered = False  # the document's own "Số: 12/KH-UBND" was seen
    for index, line in enumerate(lines):
        stripped = line.strip(" \t*|_")
        if not stripped:
            out.append(line)
            continue
        if len(stripped) <= 60 and _PAGE_RE.match(stripped.lower()):
            continue
        if index < HEADER_LINES and len(stripped) <= 60:
            low = fold(stripped).lower()
            key = " ".join(low.replace(":", " ").split())
            if key in _STAMP_HEAD:
                stamp_left = 5
                continue
            if stamp_left and _STAMP_LINE_RE.match(low):
                stamp_left -= 1
                continue
            if _LONE_NUMBER_RE.match(low) and (numbered or stamp_left):
                continue
            if "/" in low and low.lstrip().startswith("so"):
                numbered = True
            if stamp_left:
                stamp_left -= 1
        out.append(line)
    return "\n".join(out)
