"""Vocabulary about issuing bodies, titles and addressee phrases (matched on folded text)."""

from __future__ import annotations

import re

from .text import fold

__all__ = [
    "BODY_PREFIXES",
    "TITLE_WORDS",
    "body_name_incomplete",
    "can_start_body",
    "group_body_names",
    "starts_with_title",
    "title_prefix_len",
]

# Folded word sequences that begin the name of an issuing body.
BODY_PREFIXES: tuple[str, ...] = (
    "uy ban nhan dan",
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong nhan dan",
    "hoi dong",
    "bo",
    "so",
    "tong cuc",
    "cuc",
    "chi cuc",
    "vu",
    "vien",
    "hoc vien",
    "ban",
    "van phong",
    "thanh tra",
    "trung tam",
    "phong",
    "cong an",
    "bo chi huy",
    "bao hiem xa hoi",
    "bhxh",
    "kho bac",
    "ngan hang",
    "toa an",
    "vien kiem sat",
    "dai hoc",
    "truong",
    "benh vien",
    "dang uy",
    "dang bo",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "mat tran",
    "hoi",
    "lien doan",
    "lien hiep",
    "doan",
    "tinh doan",
    "chinh phu",
    "thu tuong",
    "chu tich",
    "quoc hoi",
    "tong lien doan",
    "dai",
    "bao",
    "cong ty",
    "tap doan",
    "tong cong ty",
    "quy",
    "hai quan",
    "bo tu lenh",
    "quan khu",
    "kiem toan",
    "cang vu",
    "chi nhanh",
    "hoi dong thi dua",
    "ban chi dao",
    "ban chi huy",
    "ban quan ly",
    "ban thuong vu",
    "ban chap hanh",
    "thong tan xa",
    "cuc thue",
    "chi cuc thue",
)

# Bare prefixes that need a following line ("ỦY BAN NHÂN DÂN" + "TỈNH GIA LAI").
_BARE: frozenset[str] = frozenset(
    {
        "uy",
        "uy ban",
        "uy ban nhan",
        "uy ban nhan dan",
        "ubnd",
        "hdnd",
        "hoi dong",
        "hoi dong nhan",
        "hoi dong nhan dan",
        "bo",
        "so",
        "tong",
        "tong cuc",
        "cuc",
        "chi cuc",
        "ban",
        "van phong",
        "trung tam",
        "phong",
        "cong an",
        "thu tuong",
        "dang uy",
        "bo chi huy",
        "ban chi huy",
        "ban chi dao",
        "ban quan ly",
        "ban thuong vu",
        "ban chap hanh",
        "kho bac",
        "kho bac nha",
        "ngan hang",
        "mat tran",
        "uy ban mat tran",
        "uy ban mat tran to quoc",
        "bao hiem",
        "bao hiem xa",
        "bao hiem xa hoi",
        "hoc vien",
        "vien",
        "chi nhanh",
        "tong cong ty",
        "cong ty",
        "lien doan",
        "truong",
        "benh vien",
    }
)

# Words a name cannot end with (the name continues on the next line).
_DANGLING_END: frozenset[str] = frozenset(
    {
        "va",
        "tinh",
        "thanh",
        "thanh pho",
        "pho",
        "huyen",
        "quan",
        "thi",
        "thi xa",
        "xa",
        "phuong",
        "thi tran",
        "cua",
        "nhan",
        "khu",
        "khu vuc",
        "-",
        ",",
        "&",
        "dac",
        "dac khu",
        "cap",
        "nha",
        "nha nuoc",
        "phat",
        "va cac",
        "truc",
        "truc thuoc",
    }
)

# Words a wrapped continuation typically starts with; they never start a body name.
_CONTINUATION_START: tuple[str, ...] = (
    "tinh ",
    "thanh pho",
    "huyen ",
    "quan ",
    "thi xa",
    "xa ",
    "phuong ",
    "thi tran",
    "dac khu",
    "va ",
    "viet nam",
    "trung uong",
    "nhan dan",
    "dan",
    "chinh phu",
)


# Bodies whose name starts with a word that usually continues a name ("TỈNH ỦY", "THÀNH ĐOÀN").
_PARTY_BODIES: tuple[str, ...] = (
    "tinh uy",
    "tinh doan",
    "thanh uy",
    "thanh doan",
    "huyen uy",
    "huyen doan",
    "quan uy",
    "thi uy",
    "dang uy",
)


def _words(low: str) -> list[str]:
    return [w for w in low.replace(",", " , ").split() if w]


def can_start_body(low: str) -> bool:
    """Whether a folded caps line can begin a body name ("SỞ …", "CỤC …", "BỘ …")."""
    low = low.strip(" *|")
    if not low:
        return False
    if low.startswith(_PARTY_BODIES):
        return True
    for cont in _CONTINUATION_START:
        if low == cont.strip() or low.startswith(cont):
            return False
    for p in BODY_PREFIXES:
        if low == p or low.startswith(p + " "):
            return True
    return False


def body_name_incomplete(low: str) -> bool:
    """Whether a folded body name needs the next line (bare prefix or dangling last word)."""
    low = " ".join(low.strip(" *|").split())
    if not low:
        return True
    if low in _BARE:
        return True
    words = _words(low)
    if not words:
        return True
    last = words[-1]
    last2 = " ".join(words[-2:]) if len(words) >= 2 else last
    return last in _DANGLING_END or last2 in _DANGLING_END or low.endswith(("-", ",", "&"))


def group_body_names(lines: list[tuple[str, bool]]) -> list[str]:
    """Group caps header lines (text, bold) into body names.

    A line starts a new name when it can start one and the current name is complete; otherwise it
    continues the current name.  A bold suffix after non-bold lines (the issuing body printed bold
    under its non-bold superior) forces a split when both sides are complete names.
    """
    if not lines:
        return []
    # Bold split: non-bold prefix followed by bold suffix.
    bolds = [b for _, b in lines]
    if any(bolds) and not all(bolds):
        k = bolds.index(True)
        if all(bolds[k:]) and k > 0:
            head = " ".join(t for t, _ in lines[:k])
            tail_first = lines[k][0]
            if not body_name_incomplete(fold(head)) and can_start_body(fold(tail_first)):
                return group_body_names([(t, False) for t, _ in lines[:k]]) + [
                    " ".join(" ".join(t for t, _ in lines[k:]).split())
                ]
    names: list[str] = []
    current = ""
    for text, _ in lines:
        low = fold(text)
        if not current:
            current = text
            continue
        if can_start_body(low) and not body_name_incomplete(fold(current)):
            names.append(current)
            current = text
        else:
            current = current + " " + text
    if current:
        names.append(current)
    return [" ".join(n.split()) for n in names]


# Titles of signers (folded); longest first so "pho chu tich" wins over "chu tich".
TITLE_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            "chu tich",
            "pho chu tich",
            "chu tich nuoc",
            "bo truong",
            "thu truong",
            "thu tuong",
            "pho thu tuong",
            "giam doc",
            "pho giam doc",
            "tong giam doc",
            "pho tong giam doc",
            "cuc truong",
            "pho cuc truong",
            "tong cuc truong",
            "pho tong cuc truong",
            "chi cuc truong",
            "pho chi cuc truong",
            "chanh van phong",
            "pho chanh van phong",
            "truong ban",
            "pho truong ban",
            "vu truong",
            "pho vu truong",
            "chanh thanh tra",
            "pho chanh thanh tra",
            "truong phong",
            "pho truong phong",
            "hieu truong",
            "pho hieu truong",
            "vien truong",
            "pho vien truong",
            "bi thu",
            "pho bi thu",
            "chu nhiem",
            "pho chu nhiem",
            "tong thu ky",
            "thu ky",
            "truong doan",
            "pho truong doan",
            "chanh an",
            "pho chanh an",
            "tong kiem toan",
            "pho tong kiem toan",
            "kiem toan truong",
            "thong doc",
            "pho thong doc",
            "tu lenh",
            "pho tu lenh",
            "chinh uy",
            "truong khoa",
            "chu toa",
            "chu tri",
            "ke toan truong",
            "truong tram",
            "giam doc so",
            "tong bi thu",
            "doi truong",
            "to truong",
            "chanh",
            "truong",
            "pho truong",
            "thu truong co quan",
            "nguoi dai dien",
            "dai dien",
            "tong thanh tra",
            "pho tong thanh tra",
            "trung doan truong",
            "chi huy truong",
            "pho chi huy truong",
            "truong cong an",
            "pho truong cong an",
            "giam doc cong an",
            "pho giam doc cong an",
        },
        key=len,
        reverse=True,
    )
)


_TITLE_RE = re.compile(r"(?:" + "|".join(re.escape(t) for t in TITLE_WORDS) + r")(?![^ ])")


def title_prefix_len(low: str) -> int:
    """Length in words of the title that starts the folded text, 0 when none."""
    low = " ".join(low[:200].split())
    m = _TITLE_RE.match(low)
    return len(m.group(0).split()) if m else 0


def starts_with_title(low: str) -> bool:
    return title_prefix_len(low) > 0
