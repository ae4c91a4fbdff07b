"""Regular expressions and word lists of the header readers (all run on folded text unless noted)."""

from __future__ import annotations

import re

HEADER_SCAN = 90  # lines scanned for header fields
MAX_HEADER_LINE = 400  # a longer line is body text, whatever it contains
BLOB_LINES = 60  # text lines joined to find the national motto across wrapped/merged lines

QH_RE = re.compile(
    r"cong\s{0,3}hoa\s{1,3}xa\s{1,3}hoi\s{1,3}chu\s{1,3}nghia\s{1,3}viet\s{1,3}nam"
    r"|dang\s{1,3}cong\s{1,3}san\s{1,3}viet\s{1,3}nam"
)
TN_RE = re.compile(r"doc\s{0,3}lap\s{0,3}[-,.:]{0,2}\s{0,3}tu\s{1,3}do\s{0,3}[-,.:]{0,2}\s{0,3}hanh\s{1,3}phuc")
INLINE_RULE_RE = re.compile(r"-{3,}|_{3,}|={3,}|—{2,}")

# "Số: 2031/UBND-NC", "số: 4222 /TCT -PC", "Số 70/KH-UBND", "Số: /TB-UBND", "Số: 52/2025/QĐ-UBND", "Số 02-NQ/TU".
SYM = r"[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9&.]{0,15}(?:\s{0,2}-\s{0,2}[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9&.]{0,15}){0,6}"
NUMBER_RE = re.compile(
    r"(?P<party>(?P<pn>\d{1,6})\s{0,2}-\s{0,2}(?P<pt>[A-ZĐ][A-ZĐa-z]{0,5})\s{0,2}/\s{0,2}(?P<po>[A-ZĐ][A-ZĐa-z0-9]{0,10}))"
    r"|(?P<n>\d{1,6}[a-zđ]{0,3}|[.…_]{1,20})?\s{0,3}(?:/\s{0,2}(?P<y>\d{4})\s{0,2})?/\s{0,3}(?P<sym>" + SYM + ")"
)
SO_START_RE = re.compile(r"^[\s|*(]{0,5}(?:s[oố6ô])\s{0,3}[:.;]?\s{0,3}", re.IGNORECASE)
SO_INLINE_RE = re.compile(r"(?<![\w])[Ss][ốô]\s{0,2}:\s{0,3}")

HEADER_DATE_RE = re.compile(
    r"ngay\s{0,3}(?:(\d{1,2})|[.…_\s]{0,30}?)\s{0,3}thang\s{0,3}(?:(\d{1,2})|[.…_\s]{0,30}?)\s{0,3}nam(?:\s{0,3}(\d{4}))?"
    r"|ngay\s{0,3}(\d{1,2})\s{0,2}([/.-])\s{0,2}(\d{1,2})\s{0,2}\5\s{0,2}(\d{4})"
)
KINH_GUI_RE = re.compile(r"(?:^|[\s|*])kinh\s{1,3}gui\s{0,3}(?::|$|(?=\s[A-ZĐ-]))", re.IGNORECASE)
DIEN_RE = re.compile(r"\bdien\s{0,2}:\s{0,3}")
VV_RE = re.compile(r"(?:^|(?<=\s))[Vv]\s{0,1}/\s{0,1}[Vv]\b\s{0,3}[:.]?\s{0,3}")
BODY_CUE_RE = re.compile(
    r"^(?:can cu\b|thuc hien\b|theo de nghi|xet de nghi|xet\b|nham\b|tren co so|hom nay|vao hoi|vao luc"
    r"|dieu \d|chuong [ivxl\d]|phan (?:thu )?[ivxl\d]|muc \d|[ivx]{1,4}\s{0,2}[.)-]\s|\d{1,2}\s{0,2}[.)]\s|ngay \d"
    r"|[a-d]\s{0,2}[.)]\s"
    r"|trong thoi gian|ke tu|sau khi|qua |nhan duoc|thay mat|ve viec nay|de nghi|yeu cau)"
)
# Body cues that are also common first words of a trích yếu ("Thực hiện Nghị quyết …").
SOFT_CUE_RE = re.compile(r"^(?:thuc hien|nham|tren co so|ke tu|sau khi|de nghi|yeu cau|trong thoi gian|qua )")
STAMP_RE = re.compile(
    r"^(?:ky boi|ky so boi|nguoi ky|thoi gian ky|ngay ky|dia chi|email|e-mail|co quan\s*:|so dien thoai|dien thoai"
    r"|fax|website)"
)
MARKS: frozenset[str] = frozenset(
    {"khan", "hoa toc", "thuong khan", "mat", "toi mat", "tuyet mat", "du thao", "ban sao", "hoa toc hen gio", "khan!"}
)

SUBJECT_DANGLING = frozenset(
    {"cua", "va", "ve", "do", "cho", "tai", "voi", "thuoc", "giua", "theo", "tren", "doi", "tu", "den", "-", ","}
)
AUTHORITY_PREFIX = (
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
