"""Vietnamese text helpers: NFC, diacritic folding, sorting, administrative dates, numbers.

Pure Python (no Django), so the parser, the exports and the documents share one implementation.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC, the form every stored Vietnamese text takes."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, spaces collapsed, trimmed."""
    if not text:
        return ""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str | None) -> str:
    """Lower case without diacritics ("Sở Nội vụ" → "so noi vu"), for searching and matching."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y;
# tones (ngang, huyền, hỏi, ngã, sắc, nặng) only break ties.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def _split_letter(ch: str) -> tuple[str, int]:
    """A lower-case letter → (letter without tone, tone rank)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def sort_key(text: str | None) -> str:
    """A string whose plain (code point) order is Vietnamese alphabetical order.

    Store it in a column and ``order_by`` it: correct on SQLite and on PostgreSQL whatever the collation.
    """
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    for ch in clean(text).casefold():
        letter, tone = _split_letter(ch)
        if letter in _BASE_RANK:
            primary.append(chr(0x41 + _BASE_RANK[letter]))  # A.. (after digits and spaces)
        elif letter.isdigit():
            primary.append(letter)
        elif letter == " ":
            primary.append(" ")
        elif letter.isalpha():  # other letters (f, j, w, z, foreign): after y
            primary.append("~" + letter)
        else:
            continue  # punctuation does not sort
        tones.append(str(tone))
    return "".join(primary) + "\x01" + "".join(tones)


def vn_sorted(items, key=lambda item: item):  # type: ignore[no-untyped-def]
    """``sorted`` in Vietnamese order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def date_short(value: date | None) -> str:
    """01/10/2020 — how pages write a date."""
    return value.strftime("%d/%m/%Y") if value else ""


def date_in_words(value: date, place: str | None = None) -> str:
    """"ngày 01 tháng 10 năm 2020" (Decree 30: leading zero for days < 10 and months 1, 2).

    With ``place``: "Gia Lai, ngày 01 tháng 10 năm 2020".
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    words = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {words}" if place else words


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1.234 / 12,5 — Vietnamese grouping and decimal comma. ``None`` (not reported) stays empty."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(share: float | None, decimals: int = 1) -> str:
    """0.125 → "12,5%"; ``None`` → ""."""
    if share is None:
        return ""
    text = format_number(share * 100, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"
