"""Document types (Decree 30/2020 Art. 7 plus legal-normative types) and symbol abbreviations."""

from __future__ import annotations

from .text import fold

__all__ = [
    "ADMIN_TYPES",
    "TYPE_BY_FOLDED",
    "type_from_symbol",
    "type_name_from_word",
]

# The 29 administrative document types of Decree 30/2020, Art. 7, in sentence case.
ADMIN_TYPES: tuple[str, ...] = (
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Quy chế",
    "Quy định",
    "Thông cáo",
    "Thông báo",
    "Hướng dẫn",
    "Chương trình",
    "Kế hoạch",
    "Phương án",
    "Đề án",
    "Dự án",
    "Báo cáo",
    "Biên bản",
    "Tờ trình",
    "Hợp đồng",
    "Công văn",
    "Công điện",
    "Bản ghi nhớ",
    "Bản thỏa thuận",
    "Giấy ủy quyền",
    "Giấy mời",
    "Giấy giới thiệu",
    "Giấy nghỉ phép",
    "Phiếu gửi",
    "Phiếu chuyển",
    "Phiếu báo",
    "Thư công",
)

# Types outside Decree 30 that a reader meets in the same mailbox.
OTHER_TYPES: tuple[str, ...] = (
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Luật",
    "Pháp lệnh",
    "Lệnh",
    "Kết luận",
    "Văn bản hợp nhất",
    "Nghị quyết liên tịch",
    "Quyết định liên tịch",
)

TYPE_BY_FOLDED: dict[str, str] = {fold(t): t for t in ADMIN_TYPES + OTHER_TYPES}
# Tone-mark and spelling variants fold to the same key, except these spelled differently.
TYPE_BY_FOLDED["ban thoa thuan"] = "Bản thỏa thuận"
TYPE_BY_FOLDED["giay uy quyen"] = "Giấy ủy quyền"

# Decree 30 Appendix III abbreviations (case matters: QyĐ/QĐ, CTr/CT, TTr, TrS).
ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    # legal-normative and party documents
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "KL": "Kết luận",
    "VBHN": "Văn bản hợp nhất",
    "CV": "Công văn",
}
# Upper-cased spellings found in crawled or OCR text (QYĐ, CTR, TTR) — unambiguous ones only.
_UPPER_ONLY: dict[str, str] = {
    "QYĐ": "Quy định",
    "QYD": "Quy định",
    "CTR": "Chương trình",
    "TTR": "Tờ trình",
    "QD": "Quyết định",
    "CD": "Công điện",
}


def _abbreviation_type(abbr: str) -> str | None:
    if abbr in ABBREVIATIONS:
        return ABBREVIATIONS[abbr]
    if abbr in _UPPER_ONLY:
        return _UPPER_ONLY[abbr]
    return None


def type_from_symbol(symbol: str | None) -> str | None:
    """Infer the document type from a symbol such as ``QĐ-UBND``, ``2025/QĐ-UBND`` or ``NQ/TU``."""
    if not symbol:
        return None
    sym = symbol.strip()
    # Drop a year block ("2025/QĐ-UBND") and keep the part that carries the type.
    parts = [p for p in sym.split("/") if p]
    candidates: list[str] = []
    for p in parts:
        if p.isdigit():
            continue
        candidates.append(p)
    if not candidates:
        return None
    first = candidates[0]
    head = first.split("-")[0].strip()
    found = _abbreviation_type(head)
    if found:
        return found
    # Party style "NQ/TU": the type is the first slash-separated block.
    return None


def type_name_from_word(word: str) -> str | None:
    """Normalise a printed type word ("QUYẾT ĐỊNH", "văn bản", "Công văn") to sentence case."""
    key = " ".join(fold(word).split())
    if key in ("van ban", "cong van"):
        return "Công văn"
    return TYPE_BY_FOLDED.get(key)
