"""Cited documents: "văn bản số 4849/BNV-CCHC ngày 16/9/2020 của Bộ Nội vụ" and the like."""

from __future__ import annotations

import re

from .dates import parse_date_at
from .doctypes import type_from_symbol, type_name_from_word
from .model import Reference
from .text import fold, is_caps

__all__ = ["REF_NUMBER_RE", "find_references", "number_key"]

REF_NUMBER_RE = re.compile(
    r"(?=\d)(?<![\w/.-])(?:"
    r"(?P<pn>\d{1,6})\s{0,2}-\s{0,2}(?P<pt>[A-ZĐ]{1,6})\s{0,2}/\s{0,2}(?P<po>[A-ZĐ][A-ZĐa-z0-9]{0,10})"
    r"|(?P<n>\d{1,6}[a-zđ]{0,3})(?:/(?P<y>\d{4}))?\s{0,1}/\s{0,1}"
    r"(?P<sym>[A-ZĐ][A-ZĐa-zđ0-9&]{0,15}(?:\s{0,1}-\s{0,1}[A-ZĐa-zđ0-9&][A-ZĐa-zđ0-9&]{0,15}){0,6})"
    r")(?![\w/])"
)

# REF_NUMBER_RE for scanning: the same matches, but the pattern starts by consuming a digit (the
# first digit of "pn" or "n" is group "d0"), so that ``re`` can skip to digits instead of trying the
# lookahead at every position. The lookbehind then checks the character before that digit.
_REF_SCAN_RE = re.compile(
    r"(?P<d0>\d)(?<![\w/.-]\d)(?:"
    r"(?P<pn>\d{0,5})\s{0,2}-\s{0,2}(?P<pt>[A-ZĐ]{1,6})\s{0,2}/\s{0,2}(?P<po>[A-ZĐ][A-ZĐa-z0-9]{0,10})"
    r"|(?P<n>\d{0,5}[a-zđ]{0,3})(?:/(?P<y>\d{4}))?\s{0,1}/\s{0,1}"
    r"(?P<sym>[A-ZĐ][A-ZĐa-zđ0-9&]{0,15}(?:\s{0,1}-\s{0,1}[A-ZĐa-zđ0-9&][A-ZĐa-zđ0-9&]{0,15}){0,6})"
    r")(?![\w/])"
)

_TYPE_WORDS = (
    "van ban hop nhat",
    "thong tu lien tich",
    "nghi quyet lien tich",
    "van ban",
    "cong van",
    "nghi quyet",
    "quyet dinh",
    "chi thi",
    "ke hoach",
    "thong bao",
    "thong tu",
    "nghi dinh",
    "luat",
    "huong dan",
    "ket luan",
    "bao cao",
    "to trinh",
    "cong dien",
    "chuong trinh",
    "quy dinh",
    "quy che",
    "de an",
    "phap lenh",
    "lenh",
    "giay moi",
    "bien ban",
    "phuong an",
    "du an",
    "thong cao",
    "hop dong",
)
_TYPE_BEFORE_RE = re.compile(r"(?:^|[^a-z])(" + "|".join(_TYPE_WORDS) + r")(?:\s{1,3}so)?\s{0,2}:?\s{0,2}$")
_SO_BEFORE_RE = re.compile(r"(?:^|[^a-z])so\s{0,2}:?\s{0,2}$")
_TYPE_ANY_RE = re.compile(r"(?:^|[^a-z])(" + "|".join(_TYPE_WORDS) + r")(?=[^a-z])")
_DATE_LEAD_RE = re.compile(r"\s{0,3},?\s{0,3}(?:ban hanh\s{1,3})?ngay\s{0,3}")
_BLANK_DATE_RE = re.compile(r"(?:[.…_]{0,20}\s{0,3})thang\s{0,3}(?:\d{1,2}|[.…_]{0,20})\s{0,3}nam")
_CUA_RE = re.compile(r"\s{0,3},?\s{0,3}cua\s{1,3}")

_STOP_BIGRAMS = frozenset(
    {
        "ban hanh",
        "quy dinh",
        "huong dan",
        "phe duyet",
        "sua doi",
        "trien khai",
        "thuc hien",
        "ve viec",
        "chi dao",
        "bao cao",
        "de nghi",
        "yeu cau",
        "tiep tuc",
        "lien quan",
        "thong qua",
        "cong bo",
        "dinh huong",
    }
)
_STOP_WORDS = frozenset(
    {
        "ve",
        "tai",
        "da",
        "theo",
        "trong",
        "doi",
        "nham",
        "de",
        "la",
        "thi",
        "co",
        "duoc",
        "gui",
        "voi",
        "cho",
        "tren",
        "giao",
        "cung",
        "so",
        "ngay",
        "nhu",
        "tu",
        "den",
        "khi",
        "sau",
        "truoc",
        "nay",
        "ma",
        "vao",
        "nhung",
        "hoac",
        "cac",
    }
)
_ISSUER_END_RE = re.compile(r"[,;.:()\[\]“”\"'|]")


MAX_REFERENCES = 500
MAX_MATCHES = 5000


def number_key(number: str) -> str:
    return fold("".join(number.split()))


def _issuer_after(text: str, low: str, pos: int) -> str | None:
    m = _CUA_RE.match(low, pos)
    if m is None:
        return None
    start = m.end()
    m2 = _ISSUER_END_RE.search(text, start, start + 160)
    chunk = text[start : m2.start() if m2 else start + 160]
    toks = chunk.split()
    ftoks = low[start : start + len(chunk)].split()
    if len(ftoks) != len(toks):  # pragma: no cover - fold keeps whitespace where it is
        ftoks = [fold(t) for t in toks]
    caps_text = is_caps(chunk)
    out: list[str] = []
    for i, tok in enumerate(toks[:14]):
        f = ftoks[i]
        lower = tok[:1].islower()
        if not tok.isalpha() and any(c.isdigit() for c in tok):  # (a letter is never a digit)
            break
        if i + 1 < len(toks):
            big = f + " " + ftoks[i + 1]
            if big in _STOP_BIGRAMS and (lower or caps_text):
                break
        if f in _STOP_WORDS and (lower or caps_text) and out:
            break
        if f == "va" and (lower or caps_text):
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            nxt2 = " ".join(ftoks[i + 1 : i + 3])
            if not nxt or nxt[:1].islower() and not caps_text or _TYPE_ANY_RE.match(" " + nxt2 + " "):
                break
        out.append(tok)
    while out and fold(out[-1]) in ("va", "cac", "cua"):
        out.pop()
    issuer = " ".join(out).strip()
    return issuer or None


def find_references(text: str, own_number: str | None, start: int = 0, low: str | None = None) -> list[Reference]:
    """Every numbered document cited in ``text[start:]``, de-duplicated by number, in order.

    ``low`` may pass ``fold(text)`` when the caller already has it.
    """
    if low is None or len(low) != len(text):
        low = fold(text)
    own = number_key(own_number) if own_number else None
    refs: list[Reference] = []
    index: dict[str, int] = {}
    seen = 0
    for m in _REF_SCAN_RE.finditer(text, start):
        if len(refs) >= MAX_REFERENCES:
            break
        d0, pt = m.group("d0", "pt")
        if pt is not None:
            number = f"{d0}{m.group('pn')}-{pt}/{m.group('po')}"
            symbol = f"{pt}/{m.group('po')}"
        else:
            sym = "".join(m.group("sym").split())
            y = m.group("y")
            number = f"{d0}{m.group('n')}/{y}/{sym}" if y else f"{d0}{m.group('n')}/{sym}"
            symbol = sym
        key = number_key(number)
        if own is not None and key == own:
            continue
        seen += 1
        if seen > MAX_MATCHES:
            break
        if key in index:
            known = refs[index[key]]
            if known.date is not None and known.issuer is not None and known.type is not None:
                continue
        before = low[max(0, m.start() - 80) : m.start()]
        rtype: str | None = None
        tm = _TYPE_BEFORE_RE.search(before)
        if tm is not None:
            rtype = type_name_from_word(tm.group(1))
        elif _SO_BEFORE_RE.search(before):
            cands = list(_TYPE_ANY_RE.finditer(before[-60:]))
            if cands:
                rtype = type_name_from_word(cands[-1].group(1))
        if rtype is None:
            rtype = type_from_symbol(symbol)
        # date
        pos = m.end()
        d = None
        dm = _DATE_LEAD_RE.match(low, pos)
        if dm is not None:
            parsed = parse_date_at(low, dm.end())
            if parsed is not None:
                d, pos = parsed
            else:
                bm = _BLANK_DATE_RE.match(low, dm.end())
                if bm is not None:
                    pos = bm.end()
                    ym = re.match(r"\s{0,3}\d{4}", low[pos : pos + 8])
                    if ym:
                        pos += ym.end()
        issuer = _issuer_after(text, low, pos)
        if key in index:
            ref = refs[index[key]]
            if ref.date is None and d is not None:
                ref.date = d
            if issuer and (ref.issuer is None or is_caps(ref.issuer) and not is_caps(issuer)):
                ref.issuer = issuer
            if is_caps(ref.number) and not is_caps(number):
                ref.number = number
            if ref.type is None and rtype is not None:
                ref.type = rtype
            continue
        index[key] = len(refs)
        refs.append(Reference(type=rtype, number=number, date=d, issuer=issuer))
    return refs
