"""Text helpers: normalisation, diacritic folding, markup stripping and the line model.

Everything here is linear in the input size: no regular expression used below can backtrack
catastrophically (no nested quantifiers, bounded repetitions where a search is unanchored).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "Line",
    "LOWER_CHARS",
    "UPPER_CHARS",
    "collapse_ws",
    "expand_layout_rows",
    "fold",
    "guided_finditer",
    "is_caps",
    "lowercase_ratio",
    "next_text",
    "normalize_text",
    "split_document",
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


# ``str.translate`` with a list indexed by code point is the fastest table lookup CPython offers:
# a dict table pays a hashed lookup per character, and an exception for every character it does
# not map. Code points past the list raise IndexError inside ``translate``, which leaves them
# unchanged exactly as a missing dict key does, so the result equals ``text.translate(_FOLD_TABLE)``.
_FOLD_LIST: list[int] = list(range(0x3000))
for _cp, _ch in _FOLD_TABLE.items():
    _FOLD_LIST[_cp] = ord(_ch)
del _cp, _ch


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of ``text`` with exactly the same length."""
    return text.translate(_FOLD_LIST)


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
_SPECIAL_OR_CTRL_RE = re.compile("[" + "".join(chr(k) for k in _SPACE_TABLE) + r"\x00-\x08\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """NFC, unify line ends and exotic spaces, drop control characters."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _SPECIAL_OR_CTRL_RE.search(text) is None:
        return text  # the usual case: one scan instead of two
    if _SPECIAL_RE.search(text) is not None:
        text = text.translate(_SPACE_TABLE)
    if _CTRL_RE.search(text) is not None:
        text = _CTRL_RE.sub("", text)
    return text


_ODD_WS_RE = re.compile(r"[^\S ]")  # whitespace other than " "


def collapse_ws(text: str) -> str:
    if len(text) > 100 and "  " not in text and text[0] != " " and text[-1] != " " and not _ODD_WS_RE.search(text):
        return text  # already collapsed (the texts of lines and paragraphs): spare splitting it
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

_MARK_SPLIT_RE = re.compile(r"(\*+|_{2,})")
_PIPE_RE = re.compile(r"^[|\s]+$")
_RULE_RE = re.compile(r"^[-_=—–~.…*\s]{3,}$")
_RULE_FIRST = frozenset("-_=—–~.…*")
_ODD_SPACE_RE = re.compile(r"[^\S \n]")  # whitespace other than " " and "\n"


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
    parts = _MARK_SPLIT_RE.split(raw)  # chunk, mark, chunk, mark, …, chunk
    bold_letters = 0
    if bold:
        bold_letters = len(parts[0]) - parts[0].count(" ")
    for k in range(1, len(parts), 2):
        run = parts[k]
        if run[0] == "*":
            n_stars = len(run)
            if (n_stars // 2) % 2 == 1:
                bold = not bold
            if n_stars % 2 == 1:
                italic = not italic
        if bold:
            chunk = parts[k + 1]
            bold_letters += len(chunk) - chunk.count(" ")
    joined = "".join(parts[::2])
    letters = len(joined) - joined.count(" ")
    text = " ".join(joined.split())
    frac = bold_letters / letters if letters else 0.0
    return text, frac, (bold, italic)


_ROW_HEADER_WORDS = ("chu tri", "phoi hop", "noi dung", "nhiem vu", "thoi gian", "thoi han", "san pham", "stt")


def _row_cells(line: str) -> list[str] | None:
    """Cells of a table row written on one line ("| a | b |" or "a | b |"), None otherwise."""
    if "|" not in line:
        return None
    t = line.strip()
    if t[0] == "|":  # framed: "| a | b |"
        framed = True
        if t.count("|") < 2:
            return None
    else:  # open: "a | b |", "a | b"
        framed = False
        if not (t.endswith("|") or " | " in t):
            return None
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    cells = [c.strip() for c in t.split("|")]
    if sum(1 for c in cells if c) < 1 or len(cells) < 2 and not framed:
        return None
    return cells


def _is_data_table(region: list[list[str]]) -> bool:
    """Whether some row of the region holds at least three task-table header words."""
    return any(sum(1 for c in cs if any(w in fold(c[:200]) for w in _ROW_HEADER_WORDS)) >= 3 for cs in region)


def expand_layout_rows(raw_lines: list[str], header_lines: int = 25) -> list[str]:
    """Turn layout tables written one row per line ("| ỦY BAN NHÂN DÂN | CỘNG HÒA … |") into lines.

    A run of row lines is expanded (cells in reading order, one per line) when it is not a data
    table: at most two filled cells per row, or it lies in the document header. Task tables keep
    their row form for the table reader.
    """
    n = len(raw_lines)
    rows: dict[int, list[str]] = {}  # the row lines, in order
    for k in [k for k, line in enumerate(raw_lines) if "|" in line]:
        cells = _row_cells(raw_lines[k])
        if cells is not None:
            rows[k] = cells
    out: list[str] = []
    i = 0  # raw_lines[:i] are done
    for r in rows:  # row lines in order
        if r < i:
            continue  # inside a region already read
        out.extend(raw_lines[i:r])
        j = r
        region: list[list[str]] = []
        while j < n:
            cj = rows.get(j)
            if cj is None:
                # a blank line between two rows of the same table
                if j + 1 in rows and not raw_lines[j].strip():
                    j += 1
                    continue
                break
            region.append(cj)
            j += 1
        i = j
        widest = max(sum(1 for c in cs if c) for cs in region)
        if widest > 8 or len(region) > 60:
            out.extend(raw_lines[r:j])
            continue
        if (widest <= 2 or r < header_lines) and not _is_data_table(region):
            # column by column: a layout table's columns are read one after the other
            ncols = max(len(cs) for cs in region)
            for col in range(ncols):
                out.extend(cs[col] for cs in region if col < len(cs) and cs[col])
        else:
            out.extend(raw_lines[r:j])
    out.extend(raw_lines[i:])
    return out


def split_lines(text: str, max_lines: int | None = None) -> list[Line]:
    """Split normalised text into classified lines, tracking bold state across lines."""
    return split_document(text, max_lines)[0]


def split_document(text: str, max_lines: int | None = None) -> tuple[list[Line], str, str]:
    """:func:`split_lines`, plus the texts and the folded texts of all lines joined by newlines.

    ``"\n".join(ln.text for ln in lines[k:])`` is ``flat[offset:]`` for the right offset, which
    spares the callers joining the same lines again.
    """
    raw_lines = text.splitlines()
    if max_lines is not None and len(raw_lines) > max_lines:
        raw_lines = raw_lines[:max_lines]
    expanded = expand_layout_rows(raw_lines) if "|" in text else raw_lines
    if max_lines is not None and len(expanded) > max_lines:
        expanded = expanded[:max_lines]
    n = len(expanded)
    if n == 0:
        return [], "", ""
    # " ".join(line.split()) for every line (what a line without markup becomes), done on the whole
    # text at once when its only whitespace is " " and "\n" (no line holds a line break).
    joined = "\n".join(expanded)
    texts: list[str] | None = None
    if _ODD_SPACE_RE.search(joined) is None:
        while "  " in joined:
            joined = joined.replace("  ", " ")
        joined = joined.replace("\n ", "\n").replace(" \n", "\n")
        if joined[:1] == " ":
            joined = joined[1:]
        if joined[-1:] == " ":
            joined = joined[:-1]
        texts = joined.split("\n")
    if texts is None or len(texts) != n:
        texts = [" ".join(raw.split()) for raw in expanded]
    kinds = [
        "blank"
        if not t
        else "pipe"
        if t[0] == "|" and not t.strip("| ")
        else "rule"
        if t[0] in _RULE_FIRST and _RULE_RE.match(t)
        else "text"
        for t in texts
    ]
    if "|" in joined:
        texts = ["|" if k == "pipe" else t for t, k in zip(texts, kinds, strict=True)]
    bolds = [False] * n
    italics = [False] * n
    if "*" in joined or "__" in joined:
        # Lines with markup are read one by one. A bold/italic state is carried from line to line:
        # the lines after a line with markup are bold while it is bold, until a blank or pipe line.
        state = (False, False)
        done = 0
        for i in [k for k, raw in enumerate(expanded) if "*" in raw or "__" in raw]:
            if state[0] or state[1]:
                for k in range(done, i):
                    kind = kinds[k]
                    if kind == "blank" or kind == "pipe":
                        state = (False, False)
                        break
                    bolds[k] = state[0]
            done = i + 1
            raw = expanded[i]
            stripped = raw.strip()
            was_bold = state[0]
            text_, frac, state = strip_markup(stripped, state)
            if not text_:
                texts[i] = ""
                kinds[i] = "blank"
                continue
            texts[i] = text_
            kinds[i] = "rule" if text_[0] in _RULE_FIRST and _RULE_RE.match(text_) else "text"
            bolds[i] = frac >= 0.5 or (was_bold and frac > 0)
            italics[i] = stripped[0] == "*" and (not stripped.startswith("**") or stripped.startswith("***"))
        if state[0]:
            for k in range(done, n):
                kind = kinds[k]
                if kind == "blank" or kind == "pipe":
                    break
                bolds[k] = True
    # fold every line in one call: the per-call cost of str.translate dominates on short strings
    flat = "\n".join(texts)
    low = fold(flat)
    lows = low.split("\n")
    if len(lows) != len(texts):  # pragma: no cover - a line separator survived collapse_ws
        lows = [fold(t) for t in texts]
        low = "\n".join(lows)
    lines = list(map(Line, range(len(texts)), expanded, texts, lows, kinds, bolds, italics))
    return lines, flat, low


def next_text(lines: list[Line], i: int, limit: int = 3) -> Line | None:
    j = i + 1
    while j < len(lines) and j <= i + limit:
        if lines[j].kind == "text":
            return lines[j]
        j += 1
    return None


def guided_finditer(
    pattern: re.Pattern[str], text: str, guide: re.Pattern[str] | tuple[str, ...], lead: int, reach: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, found by trying ``pattern`` only near hits of ``guide``.

    ``re`` tries a pattern that does not begin with a literal at nearly every position of the text;
    a ``guide`` (a pattern that begins with a literal, or literal strings) is found much faster.
    Preconditions, for every match of ``pattern`` starting at p (``pattern`` never matches the empty
    string):

    * ``guide`` matches (or one of the strings occurs) at some position in [p, p + lead];
    * matching ``pattern`` at p looks at no character at or past p + reach (match and lookahead).

    A match can then only start in the ``lead`` positions before a guide hit, and the attempts there
    give the same result in ``text[:hit + reach]`` as in ``text``; the matches are exactly those of
    ``finditer``, in the same order.
    """
    pos = 0
    search = pattern.search
    if isinstance(guide, tuple):
        words = guide
        nxt = [text.find(w) for w in words]  # next occurrence of each word at or after pos, or -1
    while True:
        if isinstance(guide, tuple):
            hit = -1
            for k, w in enumerate(words):
                at = nxt[k]
                if 0 <= at < pos:
                    at = nxt[k] = text.find(w, pos)
                if at >= 0 and (hit < 0 or at < hit):
                    hit = at
            if hit < 0:
                return
        else:
            g = guide.search(text, pos)
            if g is None:
                return
            hit = g.start()
        m = search(text, max(pos, hit - lead), hit + reach)
        if m is not None and m.start() <= hit:
            yield m
            pos = m.end()
        else:
            pos = hit + 1
