"""The place and date line: "<Địa danh>, ngày DD tháng MM năm YYYY", however it is broken or glued."""

from __future__ import annotations

import re
from datetime import date

from .dates import safe_date
from .patterns import HEADER_DATE_RE, KINH_GUI_RE, MAX_HEADER_LINE, STAMP_RE
from .text import Line, fold, is_caps, starts_upper

__all__ = ["find_date", "place_from_prefix"]


def place_from_prefix(prefix: str) -> str | None:
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


_PLACE_HEADS = ("thanh pho", "tp.", "tp ", "thi xa", "huyen", "tinh", "thi tran", "xa ", "phuong", "quan")


def _place_head(text: str) -> bool:
    """The first line of a wrapped place name: "Thành phố Hồ", "TP. Hồ", "Thị xã An" (no comma at its end)."""
    t = text.strip(" *|_")
    low = fold(t)
    if not t or t.endswith((",", ".", ";", ":")) or len(t.split()) > 5 or any(c.isdigit() for c in t):
        return False
    if "doc lap" in low or "hanh phuc" in low or is_caps(t):
        return False
    return low.startswith(_PLACE_HEADS) and starts_upper(t)


def find_date(
    lines: list[Line], end: int, number_line: int | None, number_end: int
) -> tuple[int, str | None, date | None, bool] | None:
    """Find "<Place>, ngày DD tháng MM năm YYYY" (possibly split over lines); blank date allowed."""
    text_lines = [ln for ln in lines[:end] if ln.kind == "text"]
    for pos, ln in enumerate(text_lines):
        low = ln.low
        if "ngay" not in low or STAMP_RE.match(low) or len(low) > MAX_HEADER_LINE:
            continue
        # join the next text lines for dates broken over lines
        s = ln.text
        for nxt in text_lines[pos + 1 : pos + 3]:
            if HEADER_DATE_RE.search(fold(s)) and re.search(r"nam\s{0,3}\d{4}", fold(s)):
                break
            s = s + " " + nxt.text[:MAX_HEADER_LINE]
        sl = fold(s)
        k = sl.find("ngay")
        while k != -1 and k < len(ln.text):
            if k == 0 or not sl[k - 1].isalpha():
                m = HEADER_DATE_RE.match(sl, k)
                if m is not None:
                    prefix = s[:k]
                    if ln.index == number_line:
                        prefix = s[number_end:k] if number_end <= k else ""
                    if KINH_GUI_RE.search(prefix):
                        prefix = ""
                    day_s, mon_s, year_s = m.group(1), m.group(2), m.group(3)
                    if m.group(4) is not None:
                        day_s, mon_s, year_s = m.group(4), m.group(6), m.group(7)
                    blank = not (day_s and mon_s and year_s)
                    place = place_from_prefix(prefix)
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
                        elif _place_head(prev.text):
                            # "Thành phố Hồ" / "Chí Minh, ngày …": the place wrapped
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
