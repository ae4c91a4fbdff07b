"""``cchc parse FILE... [--json]``: read documents and print their fields.

Without ``--json`` a readable Vietnamese summary per file; with ``--json`` one compact JSON object per
file per line (JSON Lines) and nothing else on standard output. Exit status 1 when a file could not be
read, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TextIO

from .errors import DocumentReadError
from .model import ParsedDocument
from .parser import parse_document
from .reader import read_text

__all__ = ["main"]

_KIND_LABELS = {
    "absolute": "hạn cụ thể",
    "period_end": "hết kỳ",
    "relative": "tính từ một mốc",
    "recurring": "định kỳ",
}
NONE = "(không có)"
MSG_UNEXPECTED = "Lỗi không mong đợi khi đọc tệp ({kind}): hãy kiểm tra tệp hoặc báo lỗi cho nhóm phát triển."


def _dmy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else NONE


def _write(out: TextIO, line: str) -> None:
    try:
        out.write(line + "\n")
    except UnicodeEncodeError:
        enc = getattr(out, "encoding", None) or "ascii"
        out.write(line.encode(enc, "backslashreplace").decode(enc, "replace") + "\n")


def _summary(path: str, doc: ParsedDocument) -> list[str]:
    lines = [f"Tệp: {path}"]

    def field(label: str, value: str | None) -> None:
        lines.append(f"  {label} {value if value else NONE}")

    field("Cơ quan ban hành:", doc.issuer)
    if doc.parent_issuer:
        field("Cơ quan chủ quản:", doc.parent_issuer)
    field("Số, ký hiệu:", doc.number if doc.number else (f"(để trống)/{doc.symbol}" if doc.symbol else None))
    field("Loại văn bản:", doc.type)
    field("Địa danh:", doc.place)
    field("Ngày ban hành:", _dmy(doc.date) if doc.date else None)
    field("Trích yếu:", doc.subject)
    if doc.recipients:
        lines.append("  Kính gửi:")
        lines.extend(f"    - {r}" for r in doc.recipients)
    if doc.references:
        lines.append("  Văn bản được viện dẫn:")
        for ref in doc.references:
            parts = [ref.type or "Văn bản", "số", ref.number]
            if ref.date:
                parts += ["ngày", _dmy(ref.date)]
            if ref.issuer:
                parts += ["của", ref.issuer]
            lines.append("    - " + " ".join(parts))
    if doc.deadlines:
        lines.append("  Thời hạn:")
        for dl in doc.deadlines:
            when = _dmy(dl.date) if dl.date else "(chưa xác định được ngày)"
            lines.append(f"    - {when} ({_KIND_LABELS.get(dl.kind, dl.kind)}): {dl.text}")
    if doc.sections:
        lines.append("  Các mục nội dung:")
        for s in doc.sections:
            head = s.text.split("\n", 1)[0]
            if len(head) > 110:
                head = head[:107] + "…"
            lines.append(f"    {head}")
            if s.addressees:
                lines.append("      Đơn vị được giao: " + "; ".join(s.addressees))
    if doc.table_tasks:
        lines.append("  Nhiệm vụ trong bảng:")
        for t in doc.table_tasks:
            text = t.text if len(t.text) <= 100 else t.text[:97] + "…"
            lines.append(f"    - {t.label or '•'} {text}")
            extra = [f"Chủ trì: {t.lead or NONE}"]
            if t.partners:
                extra.append("Phối hợp: " + "; ".join(t.partners))
            if t.due_text:
                extra.append(f"Thời hạn: {t.due_text}" + (f" ({_dmy(t.due_date)})" if t.due_date else ""))
            lines.append("      " + " | ".join(extra))
    sig = doc.signature
    if sig.authority or sig.position or sig.signer:
        post = " / ".join([*sig.authority, *([sig.position] if sig.position else [])])
        field("Thẩm quyền, chức vụ người ký:", post or None)
        field("Người ký:", sig.signer)
    else:
        field("Người ký:", None)
    if doc.cc:
        lines.append("  Nơi nhận:")
        lines.extend(f"    - {c}" for c in doc.cc)
    if doc.warnings:
        lines.append("  Cảnh báo:")
        lines.extend(f"    - {w}" for w in doc.warnings)
    return lines


def _parse_file(path: str) -> tuple[ParsedDocument | None, str | None]:
    try:
        return parse_document(read_text(path)), None
    except DocumentReadError as exc:
        return None, str(exc)
    except RecursionError:
        return None, MSG_UNEXPECTED.format(kind="RecursionError")
    except Exception as exc:  # never show a traceback for a bad file
        return None, MSG_UNEXPECTED.format(kind=type(exc).__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc parse",
        description="Đọc văn bản hành chính (.txt, .md, .docx, .pdf có lớp chữ) và trích xuất các thành phần thể thức.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="tệp văn bản cần đọc")
    parser.add_argument(
        "--json",
        action="store_true",
        help="in JSON Lines: mỗi tệp một đối tượng JSON trên một dòng",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message on stderr
        return exc.code if isinstance(exc.code, int) else 2
    out = sys.stdout
    status = 0
    try:
        for i, path in enumerate(args.files):
            doc, error = _parse_file(path)
            if error is not None:
                status = 1
            if args.json:
                obj: dict[str, Any] = {"file": path}
                if doc is None:
                    obj["error"] = error
                else:
                    obj.update(doc.to_dict())
                _write(out, json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            else:
                if i:
                    _write(out, "")
                if doc is None:
                    _write(out, f"Tệp: {path}")
                    _write(out, f"  Lỗi: {error}")
                else:
                    for line in _summary(path, doc):
                        _write(out, line)
        out.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        return status
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
