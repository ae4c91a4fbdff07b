"""Dash lists: "Kính gửi:" recipients, công điện addressees after "… điện:"."""

from __future__ import annotations

from .patterns import BODY_CUE_RE, KINH_GUI_RE
from .text import Line, collapse_ws, starts_lower, starts_upper

__all__ = ["clean_item", "collect_list", "is_item_start"]


def clean_item(text: str) -> str:
    t = text.strip()
    t = t.lstrip("-–—+•*·▪● \t")
    t = t.strip()
    while t and t[-1] in ";,.":
        t = t[:-1].rstrip()
    return collapse_ws(t)


def is_item_start(text: str) -> bool:
    return bool(text) and text[0] in "-–—+•·▪●" and not text.startswith("---")


def collect_list(lines: list[Line], idx: int, rest: str, max_items: int = 60) -> tuple[list[str], int]:
    """Collect a dash list that starts after a "Kính gửi:"/"… điện:" line; return items, last index."""
    items: list[str] = []
    rest = rest.strip(" *|")
    single = False
    if rest:
        if is_item_start(rest):
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
        if is_item_start(t):
            if single and not items[-1].endswith((":",)) and sep:
                break
            items.append(t)
            single = False
        elif items:
            prev = items[-1].rstrip()
            if (
                prev.endswith(";")
                and not sep
                and len(t) < 160
                and starts_upper(t)
                and not BODY_CUE_RE.match(low)
                and not KINH_GUI_RE.search(low)
            ):
                items.append(t)  # an undashed list: one entry per line, ";" between them
                single = False
                last = j
                j += 1
                continue
            if prev.endswith((";", ".", "!")) or BODY_CUE_RE.match(low) or KINH_GUI_RE.search(low):
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
            if BODY_CUE_RE.match(low) or len(t) > 160 or not starts_upper(t):
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
