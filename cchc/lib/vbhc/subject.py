"""Trích yếu: the "V/v" line of a công văn, or the lines under the type name of other documents."""

from __future__ import annotations

from .dateline import place_from_prefix
from .patterns import (
    AUTHORITY_PREFIX,
    BODY_CUE_RE,
    DIEN_RE,
    HEADER_DATE_RE,
    KINH_GUI_RE,
    NUMBER_RE,
    QH_RE,
    SO_START_RE,
    SOFT_CUE_RE,
    SUBJECT_DANGLING,
    TN_RE,
    VV_RE,
)
from .text import Line, collapse_ws, fold, is_caps, next_text, starts_lower

__all__ = ["clean_subject", "collect_type_subject", "collect_vv", "is_dien_line"]


def is_dien_line(lines: list[Line], i: int) -> bool:
    ln = lines[i]
    if DIEN_RE.search(ln.low) is not None:
        return True
    return False


def collect_type_subject(
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
                nxt = next_text(lines, j - 1, 3)
                if ln.kind != "blank" or nxt is None or parts[-1].rstrip().endswith((".", ";", ":")):
                    break
                prev_words = fold(parts[-1]).split()
                dangling = bool(prev_words) and prev_words[-1] in SUBJECT_DANGLING
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
        if BODY_CUE_RE.match(low):
            # "Thực hiện Nghị quyết …" may be the trích yếu itself when it is short and not a sentence
            soft = SOFT_CUE_RE.match(low) is not None
            sentence = len(ln.text) > 200 or ln.text.rstrip().endswith((":", ".")) or "nhu sau" in low
            if parts or not soft or sentence:
                break
        if KINH_GUI_RE.search(low) or is_dien_line(lines, j):
            break
        nxt = next_text(lines, j, 1)
        if nxt is not None and DIEN_RE.search(nxt.low) and len(ln.text) <= 20 and is_caps(ln.text):
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
                if not (continues or prev_words[-1:] and prev_words[-1] in SUBJECT_DANGLING):
                    break
            if caps_mode:
                prev_last = fold(parts[-1]).split()[-1] if parts[-1].split() else ""
                dangling = prev_last in SUBJECT_DANGLING
                if ln.bold and not bold_mode and not dangling:
                    authority = ln.text
                    break
                if not dangling and not any(c.isdigit() for c in ln.text):
                    flat = " ".join(low.split())
                    if issuer_low and flat == " ".join(issuer_low.split()):
                        authority = ln.text
                        break
                    if len(flat.split()) <= 12 and flat.startswith(AUTHORITY_PREFIX):
                        authority = ln.text
                        break
        if len(ln.text) > 400 and not caps_mode:
            break
        parts.append(ln.text)
        last = j
        j += 1
    if not parts:
        return None, type_idx, None
    return clean_subject(" ".join(parts), strip_ve_viec=False), last, authority


def clean_subject(text: str, *, strip_ve_viec: bool) -> str | None:
    t = collapse_ws(text)
    t = VV_RE.sub("", t, count=1) if VV_RE.match(t) else t
    if strip_ve_viec:
        low = fold(t)
        if low.startswith("ve viec"):
            t = t[7:].lstrip(" :")
    t = t.strip(" *_")
    while t and t[-1] in ".;:,*" and not t.endswith("..."):
        t = t[:-1].rstrip()
    return t or None


def collect_vv(lines: list[Line], idx: int, first: str, italic: bool) -> tuple[str | None, int]:
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
                nxt = next_text(lines, j - 1, 3)
                prev_words = fold(parts[-1]).split()
                dangling = bool(prev_words) and prev_words[-1] in SUBJECT_DANGLING
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
                KINH_GUI_RE.search(low)
                or QH_RE.search(low)
                or TN_RE.search(low)
                or SO_START_RE.match(ln.text)
                and NUMBER_RE.search(ln.text[:40])
                or HEADER_DATE_RE.search(low)
                or BODY_CUE_RE.match(low)
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
    m = HEADER_DATE_RE.search(low)
    if m is not None and (m.group(3) or m.group(7)):
        prefix = text[: m.start()]
        place = place_from_prefix(prefix)
        cut = prefix.rstrip(" ,.")
        if place and cut.endswith(place):
            cut = cut[: -len(place)]
        text = cut
    return clean_subject(text, strip_ve_viec=True), last
