"""Text helpers: normalisation, diacritic folding, markup stripping and the line model.

Everything here is linear in the input size: no regular expression used below can backtrack
catastrophically (no nested quantifiers, bounded repetitions where a search is unanchored).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Line",
    "LOWER_CHARS",
    "UPPER_CHARS",
    "collapse_ws",
    "expand_layout_rows",
    "fold",
    "is_caps",
    "lowercase_ratio",
    "next_text",
    "normalize_text",
    "split_lines",
    "starts_lower",
    "starts_upper",
    "strip_markup",
]


def _build_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter to its lower-case base letter, one char to one char.

    Keeping the mapping one-to-one means positions in a folded string are positions in the
    original string, so a match found in the folded text can be cut out of the printed text.
    """
    table: dict[int, str] = {}
    ranges = (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
    for rng in ranges:
        for cp in rng:
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0]
            if "A" <= base <= "Z" or "a" <= base <= "z":
                low = base.lower()
                if low != ch:
                    table[cp] = low
    table[ord("Đ")] = "d"
    table[ord("đ")] = "d"
    table[ord("Ð")] = "d"  # Icelandic eth, a frequent OCR/legacy-font stand-in for Đ
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(dash)] = "-"
    return table


_FOLD_TABLE = _build_fold_table()


def _build_fast_fold() -> tuple[str, Any, bytes]:
    """A single-byte code page holding ASCII, the Vietnamese letters and common punctuation.

    Encoding to it, mapping bytes with ``bytes.translate`` and decoding back runs in C, many times
    faster than ``str.translate`` with a dict; the result is identical for every character of the
    code page, and text with other characters falls back to ``str.translate``.
    """
    chars: list[str] = ["\n", "\t", "\r"] + [chr(c) for c in range(32, 127)]
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    shapes = {"a": {"\u0306", "\u0302"}, "e": {"\u0302"}, "o": {"\u0302", "\u031b"}, "u": {"\u031b"}}
    shapes.update({"i": set(), "y": set()})
    for rng in (range(0xC0, 0x250), range(0x1EA0, 0x1EFA)):
        for cp in rng:
            ch = chr(cp)
            nfd = unicodedata.normalize("NFD", ch)
            allowed = shapes.get(nfd[0].lower())
            if allowed is not None and len(nfd) > 1 and set(nfd[1:]) <= tones | allowed:
                chars.append(ch)
    chars += ["đ", "Đ"]
    extras = "“”‘’–—…•·§°«»×±−‐"
    chars += [c for c in extras if c not in chars]
    folded = [_FOLD_TABLE.get(ord(c), c) for c in chars]
    chars += [f for f in folded if f not in chars]
    if len(chars) > 256:  # pragma: no cover - guarded by the unit tests
        raise RuntimeError("fast fold code page overflow")
    table = "".join(chars)
    position = {c: i for i, c in enumerate(chars)}
    byte_map = bytes(position[_FOLD_TABLE.get(ord(c), c)] for c in chars) + bytes(range(len(chars), 256))
    return table, codecs.charmap_build(table.ljust(256, "\ufffe")), byte_map


_FAST_DECODE, _FAST_ENCODE, _FAST_BYTES = _build_fast_fold()
_NOT_FAST_RE = re.compile("[^" + re.escape(_FAST_DECODE) + "]")
_MAX_PATCHES = 64


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of ``text`` with exactly the same length."""
    if len(text) < 96:
        return text.translate(_FOLD_TABLE)  # one call is cheaper than three on short strings
    raw, _ = codecs.charmap_encode(text, "replace", _FAST_ENCODE)
    out: str = codecs.charmap_decode(raw.translate(_FAST_BYTES), "strict", _FAST_DECODE)[0]
    if _NOT_FAST_RE.search(text) is None and len(out) == len(text):
        return out
    # characters outside the code page came out as "?": patch them, or translate everything
    positions: list[int] = []
    for m in _NOT_FAST_RE.finditer(text):
        positions.append(m.start())
        if len(positions) > _MAX_PATCHES:
            return text.translate(_FOLD_TABLE)
    if len(out) != len(text):  # pragma: no cover - "replace" emits one byte per character
        return text.translate(_FOLD_TABLE)
    parts: list[str] = []
    prev = 0
    for p in positions:
        parts.append(out[prev:p])
        parts.append(text[p].translate(_FOLD_TABLE))
        prev = p + 1
    parts.append(out[prev:])
    return "".join(parts)


def _letters(pred: str) -> str:
    chars = []
    for rng in (range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for cp in rng:
            ch = chr(cp)
            if not ch.isalpha():
                continue
            if (pred == "upper" and ch.isupper()) or (pred == "lower" and ch.islower()):
                chars.append(ch)
    return "".join(chars)


UPPER_CHARS = _letters("upper")
LOWER_CHARS = _letters("lower")
_LOWER_RE = re.compile("[" + re.escape(LOWER_CHARS) + "]")
_UPPER_RE = re.compile("[" + re.escape(UPPER_CHARS) + "]")

# Characters that are whitespace for our purposes (NBSP, thin spaces, zero-width characters).
_SPACE_TABLE = {
    0x00A0: " ",
    0x2000: " ",
    0x2001: " ",
    0x2002: " ",
    0x2003: " ",
    0x2004: " ",
    0x2005: " ",
    0x2006: " ",
    0x2007: " ",
    0x2008: " ",
    0x2009: " ",
    0x200A: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    0x0009: " ",
    0x200B: "",
    0x200C: "",
    0x200D: "",
    0xFEFF: "",
    0x00AD: "",
}
_WS_RE = re.compile(r"\s+")
_CTRL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_SPECIAL_RE = re.compile("[" + "".join(chr(k) for k in _SPACE_TABLE) + "]")


def normalize_text(text: str) -> str:
    """NFC, unify line ends and exotic spaces, drop control characters."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _SPECIAL_RE.search(text) is not None:
        text = text.translate(_SPACE_TABLE)
    if _CTRL_RE.search(text) is not None:
        text = _CTRL_RE.sub("", text)
    return text


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


def is_caps(text: str) -> bool:
    """True when the text has at least two letters and none of them is lower case."""
    if _LOWER_RE.search(text) is not None:
        return False
    return len(_UPPER_RE.findall(text[:400])) >= 2


def lowercase_ratio(text: str) -> float:
    low = len(_LOWER_RE.findall(text))
    up = len(_UPPER_RE.findall(text))
    total = low + up
    return low / total if total else 0.0


def starts_upper(text: str) -> bool:
    for ch in text[:8]:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
    return False


def starts_lower(text: str) -> bool:
    for ch in text[:8]:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit() or ch in "(\"“'[":
            return False
    return False


# ---------------------------------------------------------------------------------------------
# Markup and the line model

_MARK_RE = re.compile(r"\*+|_{2,}")
_PIPE_RE = re.compile(r"^[|\s]+$")
_RULE_RE = re.compile(r"^[-_=—–~.…*\s]{3,}$")
_RULE_FIRST = frozenset("-_=—–~.…*")


@dataclass(slots=True)
class Line:
    """One line of the document after normalisation."""

    index: int
    raw: str
    text: str  # markup removed, whitespace collapsed
    low: str  # fold(text)
    kind: str  # "blank" | "pipe" | "rule" | "text"
    bold: bool
    italic_start: bool  # the raw line opens with an italic/bold-italic marker


def strip_markup(raw: str, state: tuple[bool, bool]) -> tuple[str, float, tuple[bool, bool]]:
    """Remove ``*``/``**``/``__`` markup; return (text, bold fraction of letters, new state).

    ``state`` is (bold, italic) carried over from the previous line.
    """
    bold, italic = state
    if "*" not in raw and "__" not in raw:
        text = collapse_ws(raw)
        return text, (1.0 if bold and text else 0.0), state
    parts: list[str] = []
    bold_letters = 0
    letters = 0
    pos = 0
    for m in _MARK_RE.finditer(raw):
        chunk = raw[pos : m.start()]
        if chunk:
            parts.append(chunk)
            n = len(chunk) - chunk.count(" ")
            letters += n
            if bold:
                bold_letters += n
        run = m.group(0)
        if run[0] == "*":
            n_stars = len(run)
            if (n_stars // 2) % 2 == 1:
                bold = not bold
            if n_stars % 2 == 1:
                italic = not italic
        pos = m.end()
    chunk = raw[pos:]
    if chunk:
        parts.append(chunk)
        n = len(chunk) - chunk.count(" ")
        letters += n
        if bold:
            bold_letters += n
    text = collapse_ws("".join(parts))
    frac = bold_letters / letters if letters else 0.0
    return text, frac, (bold, italic)


_ROW_HEADER_WORDS = ("chu tri", "phoi hop", "noi dung", "nhiem vu", "thoi gian", "thoi han", "san pham", "stt")


def _row_cells(line: str) -> list[str] | None:
    """Cells of a table row written on one line ("| a | b |" or "a | b |"), None otherwise."""
    if "|" not in line:
        return None
    t = line.strip()
    framed = t.startswith("|") and t.count("|") >= 2
    open_row = not t.startswith("|") and (t.endswith("|") or " | " in t) and t.count("|") >= 1
    if not (framed or open_row):
        return None
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    cells = [c.strip() for c in t.split("|")]
    if sum(1 for c in cells if c) < 1 or len(cells) < 2 and not framed:
        return None
    return cells


def expand_layout_rows(raw_lines: list[str], header_lines: int = 25) -> list[str]:
    """Turn layout tables written one row per line ("| ỦY BAN NHÂN DÂN | CỘNG HÒA … |") into lines.

    A run of row lines is expanded (cells in reading order, one per line) when it is not a data
    table: at most two filled cells per row, or it lies in the document header. Task tables keep
    their row form for the table reader.
    """
    out: list[str] = []
    i = 0
    n = len(raw_lines)
    while i < n:
        line = raw_lines[i]
        cells = _row_cells(line) if "|" in line else None
        if cells is None:
            out.append(line)
            i += 1
            continue
        j = i
        region: list[list[str]] = []
        while j < n:
            cj = _row_cells(raw_lines[j])
            if cj is None:
                # a blank line between two rows of the same table
                if not raw_lines[j].strip() and j + 1 < n and _row_cells(raw_lines[j + 1]) is not None:
                    j += 1
                    continue
                break
            region.append(cj)
            j += 1
        widest = max(sum(1 for c in cs if c) for cs in region)
        if widest > 8 or len(region) > 60:
            out.extend(raw_lines[i:j])
            i = j
            continue
        is_data = any(sum(1 for c in cs if any(w in fold(c[:200]) for w in _ROW_HEADER_WORDS)) >= 3 for cs in region)
        if not is_data and (widest <= 2 or i < header_lines):
            # column by column: a layout table's columns are read one after the other
            ncols = max(len(cs) for cs in region)
            for col in range(ncols):
                out.extend(cs[col] for cs in region if col < len(cs) and cs[col])
        else:
            out.extend(raw_lines[i:j])
        i = j
    return out


def split_lines(text: str, max_lines: int | None = None) -> list[Line]:
    """Split normalised text into classified lines, tracking bold state across lines."""
    lines: list[Line] = []
    state = (False, False)
    raw_lines = text.splitlines()
    if max_lines is not None and len(raw_lines) > max_lines:
        raw_lines = raw_lines[:max_lines]
    expanded = expand_layout_rows(raw_lines) if "|" in text else raw_lines
    if max_lines is not None and len(expanded) > max_lines:
        expanded = expanded[:max_lines]
    append = lines.append
    for i, raw in enumerate(expanded):
        stripped = raw.strip()
        if not stripped:
            append(Line(i, raw, "", "", "blank", False, False))
            state = (False, False)
            continue
        first = stripped[0]
        if first == "|" and _PIPE_RE.match(stripped):
            append(Line(i, raw, "|", "|", "pipe", False, False))
            state = (False, False)
            continue
        if "*" not in stripped and "__" not in stripped:
            # fast path: no markup
            text_ = " ".join(stripped.split())
            bold_line = state[0]
            italic_start = False
        else:
            was_bold = state[0]
            text_, frac, state = strip_markup(stripped, state)
            if not text_:
                append(Line(i, raw, "", "", "blank", False, False))
                continue
            bold_line = frac >= 0.5 or (was_bold and frac > 0)
            italic_start = first == "*" and (not stripped.startswith("**") or stripped.startswith("***"))
        kind = "rule" if text_[0] in _RULE_FIRST and _RULE_RE.match(text_) else "text"
        append(Line(i, raw, text_, "", kind, bold_line, italic_start))
    # fold every line in one call: the per-call cost of str.translate dominates on short strings
    texts = [ln for ln in lines if ln.text and ln.kind != "pipe"]
    if texts:
        lows = fold("\n".join(ln.text for ln in texts)).split("\n")
        if len(lows) == len(texts):
            for ln, low in zip(texts, lows, strict=True):
                ln.low = low
        else:  # pragma: no cover - a line separator survived collapse_ws
            for ln in texts:
                ln.low = fold(ln.text)
    return lines


def next_text(lines: list[Line], i: int, limit: int = 3) -> Line | None:
    j = i + 1
    while j < len(lines) and j <= i + limit:
        if lines[j].kind == "text":
            return lines[j]
        j += 1
    return None
