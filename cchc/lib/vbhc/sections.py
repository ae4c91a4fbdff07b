"""Body paragraphs, top-level numbered sections and the addressees each section names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Section
from .text import Line, collapse_ws, fold, is_caps, starts_lower

__all__ = ["Paragraph", "build_paragraphs", "extract_addressees", "find_sections"]

_ROMAN_RE = re.compile(r"^(?P<r>[IVX]{1,5})\s{0,2}[.)\-–:]\s{0,3}(?=\S)")
_UPPER_LETTER_RE = re.compile(r"^(?P<l>[A-H])\s{0,1}[.)]\s{1,3}(?=\S)")
_ARABIC_RE = re.compile(r"^(?P<n>\d{1,2})\s{0,1}[.)](?![\d/])\s{0,3}")
_SUB_RE = re.compile(r"^\d{1,2}\.\d{1,2}")
_DIEU_RE = re.compile(r"^dieu\s{1,3}(?P<n>\d{1,3})(?:\s{0,2}[.:]|(?=\s{1,3}[a-z]))")  # OCR: "Điều 1 Thành lập"
_BULLET_RE = re.compile(r"^[-–—+•·▪●*]\s{0,3}(?=\S)")
_LETTER_RE = re.compile(r"^[a-zđ]\s{0,1}[).]\s")
_TERMINAL = (".", ";", ":", "!", "?", "./.")
_CLOSING = (
    "tran trong cam on",
    "tren day la",
    "trong qua trinh thuc hien",
    "trong qua trinh trien khai",
    "nhan duoc van ban nay",
    "ubnd tinh yeu cau",
    "uy ban nhan dan tinh yeu cau",
    "ubnd thanh pho yeu cau",
    "uy ban nhan dan thanh pho yeu cau",
    "tran trong",
    "de nghi cac co quan, don vi nghiem tuc",
    "noi nhan",
)


@dataclass(slots=True)
class Paragraph:
    text: str
    start: int  # line index
    bold: bool


_MARKER_FIRST = frozenset("ABCEFGHIVX0123456789-–—+•·▪●*abcdefghiklmnopqrstuvxyđĐĐDd")


# Matches where one of the item markers above matches (their alternation, each anchored at "^").
_ANY_MARKER_RE = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_ROMAN_RE, _UPPER_LETTER_RE, _ARABIC_RE, _SUB_RE, _BULLET_RE, _LETTER_RE))
)


def _dieu_match(text: str) -> re.Match[str] | None:
    """"Điều 1." / "Điều 1:" / OCR's "Điều 1 Thành lập" (no stop: the article's text starts with a capital, so
    a wrapped line "Điều 22 của Luật …" is no article)."""
    m = _DIEU_RE.match(fold(text[:14]))
    if m is None:
        return None
    if not fold(text[: m.end()]).rstrip().endswith((".", ":")):
        rest = text[m.end() :].lstrip()
        if not rest[:1].isupper():
            return None
    return m


def _marker(text: str) -> bool:
    if not text or text[0] not in _MARKER_FIRST:
        return False
    if _ANY_MARKER_RE.match(text) is not None:
        return True
    return text[0] in "ĐđDd" and _dieu_match(text) is not None


def build_paragraphs(lines: list[Line], start: int, end: int) -> list[Paragraph]:
    """Re-join hard-wrapped lines into paragraphs (also across a blank line in mid-sentence)."""
    paras: list[Paragraph] = []
    parts: list[list[str]] = []
    gap = False
    prev_bold = False
    for ln in lines[start:end]:
        if ln.kind != "text":
            gap = True
            continue
        t = ln.text
        if not paras:
            paras.append(Paragraph(t, ln.index, ln.bold))
            parts.append([t])
        else:
            cur = paras[-1]
            prev = parts[-1][-1]
            new = False
            if _marker(t):
                new = True
            elif starts_lower(t) and not prev.endswith("./."):
                new = False
            elif prev.endswith(_TERMINAL) or gap:
                new = True
            elif prev_bold and not ln.bold and len(prev) < 200:
                new = True
            elif len(parts[-1]) == 1 and is_caps(prev[:200]) and not is_caps(t[:200]):
                new = True
            if new:
                paras.append(Paragraph(t, ln.index, ln.bold))
                parts.append([t])
            else:
                parts[-1].append(t)
                cur.bold = cur.bold and ln.bold
        prev_bold = ln.bold
        gap = False
    for p, chunks in zip(paras, parts, strict=True):
        if len(chunks) > 1:
            p.text = " ".join(chunks)
    return paras


# ---------------------------------------------------------------------------------------------
# Addressees

_UNIT_STARTS: tuple[str, ...] = tuple(
    sorted(
        {
            "Ủy ban",
            "Uỷ ban",
            "UBND",
            "HĐND",
            "Hội đồng",
            "Sở",
            "Bộ",
            "Ban",
            "Văn phòng",
            "VP",
            "Trung tâm",
            "Báo",
            "Đài",
            "Cổng",
            "Bưu điện",
            "Bru điện",
            "Công an",
            "Thanh tra",
            "Kho bạc",
            "Cục",
            "Chi cục",
            "Tổng cục",
            "Vụ",
            "Viện",
            "Phòng",
            "Trường",
            "Bệnh viện",
            "Hội",
            "Liên đoàn",
            "Liên minh",
            "Mặt trận",
            "MTTQ",
            "Tỉnh đoàn",
            "Thành đoàn",
            "Đoàn",
            "Tỉnh ủy",
            "Tỉnh uỷ",
            "Thành ủy",
            "Thành uỷ",
            "Huyện ủy",
            "Đảng ủy",
            "Đảng uỷ",
            "Bộ Chỉ huy",
            "Bộ CHQS",
            "BCH",
            "Thủ trưởng",
            "Chủ tịch",
            "Phó Chủ tịch",
            "Giám đốc",
            "Người đứng đầu",
            "Bộ trưởng",
            "Thủ tướng",
            "Phó Thủ tướng",
            "Chánh",
            "Trưởng",
            "Cơ quan",
            "Đơn vị",
            "Doanh nghiệp",
            "Ngân hàng",
            "Bảo hiểm",
            "BHXH",
            "Quỹ",
            "Tổng công ty",
            "Công ty",
            "Thông tấn xã",
            "Học viện",
            "Đại học",
            "Tòa án",
            "Toà án",
            "Viện kiểm sát",
            "Quân khu",
            "Bộ Tư lệnh",
            "Cảnh sát",
            "Hải quan",
            "Tổ công tác",
            "Tổ giúp việc",
            "Lãnh đạo",
            "Tổng Giám đốc",
            "Cục trưởng",
            "Vụ trưởng",
            "Hiệu trưởng",
            "Chi nhánh",
            "Ủy ban nhân dân",
        },
        key=len,
        reverse=True,
    )
)
_CAC_NEXT = frozenset(
    {
        "so",
        "ban",
        "nganh",
        "co",
        "don",
        "dia",
        "bo",
        "xa",
        "phuong",
        "huyen",
        "tinh",
        "to",
        "doanh",
        "hoi",
        "doan",
        "vu",
        "cuc",
        "phong",
        "uy",
        "ubnd",
        "thanh",
        "truong",
        "chu",
        "cap",
        "ngan",
        "trung",
        "chi",
        "dong",
        "tap",
        "thu",
        "luc",
        "tong",
        "toa",
        "vien",
        "benh",
        "quan",
        "dai",
        "bao",
        "cong",
        "pho",
        "giam",
        "lanh",
        "nguoi",
        "chanh",
        "hdnd",
        "mttq",
        "dang",
    }
)
# "Các chủ trương …", "Các văn bản …": what a list of contents starts with, not a body.
_CAC_NOT_BODIES = frozenset({
    "chu truong", "van ban", "noi dung", "hoat dong", "quy dinh", "chuong trinh", "hinh thuc", "nhiem vu",
    "giai phap", "chi tieu", "ket qua", "so lieu", "thu tuc", "co che", "dich vu", "ho so", "du an", "de an",
    "tin bai", "phong trao", "mo hinh", "chinh sach", "bao cao", "cong trinh", "chi so", "tieu chi",
})
_LEADS = ("Đề nghị ", "Kính đề nghị ", "Giao ", "Yêu cầu ", "Đề nghị: ", "Giao: ")
_VERBS = (
    "đăng tải",
    "đẩy mạnh",
    "phối hợp",
    "tăng cường",
    "thực hiện",
    "chủ trì",
    "triển khai",
    "tổ chức",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "chỉ đạo",
    "tham mưu",
    "theo dõi",
    "hướng dẫn",
    "kiểm tra",
    "rà soát",
    "xây dựng",
    "báo cáo",
    "gửi",
    "nghiên cứu",
    "bố trí",
    "quán triệt",
    "khẩn trương",
    "chủ động",
    "tiếp tục",
    "thường xuyên",
    "đôn đốc",
    "tuyên truyền",
    "phổ biến",
    "cung cấp",
    "đảm bảo",
    "bảo đảm",
    "ban hành",
    "hoàn thành",
    "căn cứ",
    "theo",
    "trong phạm vi",
    "cần",
    "phải",
    "lựa chọn",
    "tập trung",
    "quan tâm",
    "kịp thời",
    "cập nhật",
    "hỗ trợ",
    "tham gia",
    "giải quyết",
    "tiếp nhận",
    "đề xuất",
    "tổng hợp",
    "thông báo",
    "công bố",
    "phát động",
    "vận động",
    "giám sát",
    "đánh giá",
    "nâng cao",
    "ưu tiên",
    "sắp xếp",
    "huy động",
    "sử dụng",
    "xem xét",
    "thống nhất",
    "duy trì",
    "phát triển",
    "nghiêm túc",
    "thi hành",
    "được giao",
    "là cơ quan",
    "có ý kiến",
    "khắc phục",
    "xử lý",
    "liên hệ",
    "chuẩn bị",
    "phân công",
    "tiến hành",
    "yêu cầu",
    "đề nghị",
    "giao",
    "phát huy",
    "vào cuộc",
    "lãnh đạo",
    "chấp hành",
    "mời",
    "cử",
    "nộp",
    "tích cực",
    "rà",
    "bổ sung",
    "tiếp thu",
    "trả lời",
    "có văn bản",
    "căn",
    "mở",
    "có nhiệm vụ",
    "biên soạn",
)
_VERB_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(v) for v in sorted(_VERBS, key=len, reverse=True)) + r")(?!\w)"
)
_TO_CHUC_NOUN_NEXT = ("chính trị", "xã hội", "có liên quan", "liên quan", "đoàn thể", "hội", "tôn giáo", "kinh tế")


_NOT_UNITS = ("Trường hợp", "Bộ phận", "Ban hành", "Báo cáo", "Phòng, chống", "Phòng chống", "Hội nghị", "Hội thi")


_UNIT_RE = re.compile(r"(?:" + "|".join(re.escape(w) for w in _UNIT_STARTS) + r")(?!\w)")


def _unit_start(text: str) -> bool:
    if text.startswith(_NOT_UNITS):
        return False
    if _UNIT_RE.match(text):
        return True
    if text.startswith(("Các ", "Những ", "Mọi ")):
        parts = text.split(" ", 3)
        nxt = fold(parts[1]).strip(",;.:") if len(parts) > 1 else ""
        pair = f"{nxt} {fold(parts[2]).strip(',;.:')}" if len(parts) > 2 else nxt
        return nxt in _CAC_NEXT and pair not in _CAC_NOT_BODIES
    return False


def _first_verb(text: str) -> int | None:
    for m in _VERB_RE.finditer(text, 0, min(len(text), 600)):
        v = m.group(0)
        if v == "tổ chức":
            before = text[: m.start()].rstrip()
            after = text[m.end() : m.end() + 20].lstrip()
            if before.endswith((",", "và", "các", "và các")) or after.startswith(_TO_CHUC_NOUN_NEXT):
                continue
        return m.start()
    return None


def extract_addressees(text: str) -> list[str]:
    """Addressee phrases named at the start of an item ("Các sở…; UBND các huyện… đăng tải …")."""
    s = collapse_ws(text)
    for lead in _LEADS:
        if s.startswith(lead):
            s = s[len(lead) :].lstrip(" :")
            break
    if not _unit_start(s):
        return []
    head = s[:700]
    end = _first_verb(head)
    cut_chars = [i for i in (head.find(":"), head.find(" (")) if i > 0]
    dot = re.search(r"\.(?=\s+[A-ZĐÀ-Ỹ]|$)", head)
    if dot is not None:
        cut_chars.append(dot.start())
    candidates = [c for c in [end, *cut_chars] if c is not None]
    if not candidates:
        if len(head.split()) <= 40:
            phrase = head
        else:
            return []
    else:
        phrase = head[: min(candidates)]
    if len(phrase.split()) > 45:
        return []
    out: list[str] = []
    for part in phrase.split(";"):
        p = part.strip(" ,.-–:")
        while p.endswith((" và", " cùng", ",")):
            p = p[: -3 if p.endswith(" và") else (-5 if p.endswith(" cùng") else -1)].strip(" ,")
        if len(p) >= 2 and any(ch.isalpha() for ch in p) and not _fragment(p):
            out.append(p)
    return out


_FRAGMENTS = frozenset({"chanh", "cac", "co quan", "don vi", "cac co quan", "cac don vi", "nhung", "moi", "ban"})


def _fragment(phrase: str) -> bool:
    """A piece of a name cut by a line break or a list ("Chánh", "Các", "Cơ quan"): no addressee."""
    low = fold(phrase).strip(" .,;:")
    if low in _FRAGMENTS:
        return True
    return len(low.split()) == 1 and not (is_caps(phrase) and len(phrase) >= 3)


# ---------------------------------------------------------------------------------------------
# Sections


def _closing(text: str) -> bool:
    low = fold(text[:90])
    return any(low.startswith(c) or (c in low and len(c) > 12) for c in _CLOSING)


_WRAP_UP = ("yeu cau", "de nghi", "giao ", "tren day", "trong qua trinh", "to chuc thuc hien", "nhan duoc")


def _wrap_up(text: str) -> bool:
    """A general paragraph after the numbered items ("UBND tỉnh yêu cầu thủ trưởng …")."""
    low = fold(text[:70])
    return not starts_lower(text) and any(w in low for w in _WRAP_UP)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for it in items:
        k = fold(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _strip_marker(text: str) -> str:
    for rx in (_ROMAN_RE, _UPPER_LETTER_RE, _ARABIC_RE):
        m = rx.match(text)
        if m:
            return text[m.end() :].strip()
    m = _dieu_match(text)
    if m:
        return text[m.end() :].strip()
    return text


def find_sections(paras: list[Paragraph]) -> list[Section]:
    romans: list[tuple[int, str]] = []
    arabics: list[tuple[int, int]] = []
    dieus: list[tuple[int, int]] = []
    letters: list[tuple[int, str]] = []
    for i, p in enumerate(paras):
        ml = _UPPER_LETTER_RE.match(p.text)
        if ml is not None and not _ROMAN_RE.match(p.text):
            if ml.group("l") == "ABCDEFGH"[len(letters)] if len(letters) < 8 else False:
                letters.append((i, ml.group("l")))
            continue
        mr = _ROMAN_RE.match(p.text)
        if mr is not None:
            romans.append((i, mr.group("r")))
            continue
        if _SUB_RE.match(p.text):
            continue
        ma = _ARABIC_RE.match(p.text)
        if ma is not None:
            arabics.append((i, int(ma.group("n"))))
            continue
        md = _dieu_match(p.text)
        if md is not None:
            dieus.append((i, int(md.group("n"))))
    roman_seq: list[tuple[int, str]] = []
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
    for i, r in romans:
        if len(roman_seq) < len(expected) and r == expected[len(roman_seq)]:
            roman_seq.append((i, r))
    starts: list[tuple[int, str]] = []
    dseq: list[tuple[int, str]] = []
    for i, n in dieus:
        if n == len(dseq) + 1:
            dseq.append((i, f"Điều {n}"))
    if len(letters) >= 2 and (not roman_seq or letters[0][0] < roman_seq[0][0]):
        starts = letters
    elif len(roman_seq) >= 2:
        starts = roman_seq
    elif len(dseq) >= 2:
        starts = dseq
    else:
        seq: list[tuple[int, str]] = []
        for i, n in arabics:
            if n == len(seq) + 1:
                seq.append((i, str(n)))
        starts = seq or dseq
    if not starts:
        return []
    sections: list[Section] = []
    for k, (i, label) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        members = [paras[i]]
        had_sub = False
        for p in paras[i + 1 : stop]:
            is_marker = _marker(p.text)
            last_section = k + 1 == len(starts)
            if not is_marker and (_closing(p.text) or last_section and had_sub and _wrap_up(p.text)):
                break  # the closing paragraph after the last item belongs to no item
            if members[-1].text.endswith("./."):
                break
            if is_marker:
                had_sub = True
            members.append(p)
        head = _strip_marker(paras[i].text)
        addressees = extract_addressees(head)
        if not addressees and not is_caps(head) and len(head) < 160 and head.rstrip().endswith(":"):
            addressees = extract_addressees(head.rstrip(" :"))
        for p in members[1:]:
            t = p.text
            mb = _BULLET_RE.match(t) or _LETTER_RE.match(t)
            if mb is not None:
                addressees.extend(extract_addressees(t[mb.end() :]))
            elif starts[0][1] in ("I", "A"):
                ma = _ARABIC_RE.match(t)
                if ma is not None and not _SUB_RE.match(t):
                    addressees.extend(extract_addressees(t[ma.end() :]))
        text = "\n".join(m.text for m in members)
        sections.append(Section(label=label, text=text, addressees=_dedupe(addressees)))
    return sections
