"""The eight real sample documents against the hand-read values of expected.json.

Every concretely stated field is compared after NFC + casefold + whitespace collapse. Annotated
values follow the rule "as printed": ``X (chủ quản: P)`` means issuer X and parent P;
``… (OCR 'Y')`` / ``… OCR reads 'Y'`` means the OCR text Y is what the document prints.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from cchc.lib.vbhc import ParsedDocument, parse_document, read_text

DATA = Path(__file__).parent / "data" / "samples"
EXPECTED: list[dict[str, Any]] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
FIELDS = ("issuer", "parent_issuer", "number", "type", "place", "date", "subject", "signer", "position", "recipients")


def norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [norm(v) for v in value]
    text = unicodedata.normalize("NFC", str(value)).casefold()
    return " ".join(text.split())


def _ocr_variant(text: str) -> str | None:
    quoted = re.findall(r"'([^']+)'", text)
    if "OCR" in text and quoted:
        return " / ".join(quoted)
    return None


def expected_fields(exp: dict[str, Any]) -> dict[str, Any]:
    """The concretely stated values of one expected.json entry, as printed in the document."""
    out: dict[str, Any] = {}
    issuer = exp["issuer"]
    ocr = _ocr_variant(issuer)
    m = re.match(r"^(.*?)\s*\(chủ quản:\s*(.*?)\)", issuer)
    if m:
        out["issuer"] = ocr or m.group(1)
        out["parent_issuer"] = m.group(2)
    else:
        out["issuer"] = ocr or issuer
        out["parent_issuer"] = None
    number = exp["number"]
    if number.startswith("'/"):
        out["number"] = None  # printed blank ("Số: /TB-UBND")
    else:
        out["number"] = number.split(" (")[0].strip()
    out["type"] = exp["type"]
    out["place"] = exp["place"]
    dv = exp["date"]
    out["date"] = None if dv.startswith("none") else dv.split(" ")[0]
    out["subject"] = exp["subject"]
    out["signer"] = _ocr_variant(exp["signer"]) or exp["signer"]
    out["position"] = _ocr_variant(exp["position"]) or exp["position"]
    rec = exp["recipients"]
    if isinstance(rec, list):
        out["recipients"] = rec
    elif rec == "none":
        out["recipients"] = []
    return out


def actual_fields(doc: ParsedDocument) -> dict[str, Any]:
    d = doc.to_dict()
    sig = d["signature"]
    position = " / ".join([*sig["authority"], *([sig["position"]] if sig["position"] else [])])
    return {
        "issuer": d["issuer"],
        "parent_issuer": d["parent_issuer"],
        "number": d["number"],
        "type": d["type"],
        "place": d["place"],
        "date": d["date"],
        "subject": d["subject"],
        "signer": sig["signer"],
        "position": position or None,
        "recipients": d["recipients"],
    }


def _parse(n: str) -> ParsedDocument:
    return parse_document(read_text(DATA / f"{n}.txt"))


def accuracy() -> dict[str, tuple[int, int]]:
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for exp in EXPECTED:
        want = expected_fields(exp)
        got = actual_fields(_parse(exp["n"]))
        for field in FIELDS:
            if field not in want:
                continue
            score[field][1] += 1
            if norm(got[field]) == norm(want[field]):
                score[field][0] += 1
    return {k: (v[0], v[1]) for k, v in score.items()}


@pytest.mark.parametrize("exp", EXPECTED, ids=[e["n"] for e in EXPECTED])
def test_sample_fields_match_expected(exp: dict[str, Any]) -> None:
    want = expected_fields(exp)
    got = actual_fields(_parse(exp["n"]))
    wrong = {f: (got[f], want[f]) for f in want if norm(got[f]) != norm(want[f])}
    assert not wrong, wrong


def test_sample_accuracy_report(capsys: pytest.CaptureFixture[str]) -> None:
    scores = accuracy()
    right = sum(r for r, _ in scores.values())
    total = sum(t for _, t in scores.values())
    with capsys.disabled():
        print("\nper-field accuracy on the samples:")
        for field in FIELDS:
            if field in scores:
                r, t = scores[field]
                print(f"  {field:14s} {r}/{t}")
        print(f"  {'all':14s} {right}/{total} = {right / total:.1%}")
    assert right / total >= 0.95


SAMPLE_DEADLINES = {
    "001": [],
    "006": [("2025-12-15", "recurring")],
    "017": [],
    "024": [],
    "025": [],
    "027": [],
    "030": [],
}


@pytest.mark.parametrize("n", sorted(SAMPLE_DEADLINES))
def test_sample_deadlines(n: str) -> None:
    got = [(d.date.isoformat() if d.date else None, d.kind) for d in _parse(n).deadlines]
    assert got == SAMPLE_DEADLINES[n]


def test_plan_014_deadlines_and_table_tasks() -> None:
    doc = _parse("014")
    dates = {(d.date.isoformat() if d.date else None, d.kind) for d in doc.deadlines}
    assert ("2025-11-30", "absolute") in dates
    assert ("2025-12-31", "recurring") in dates
    tasks = doc.table_tasks
    assert len(tasks) >= 15
    first = tasks[0]
    assert first.label == "I.1"
    assert first.text.startswith("Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh")
    assert first.lead == "Bộ CHQS tỉnh; UBND cấp xã"
    assert first.partners == ["Văn phòng Ban Chỉ huy", "các sở, ban, ngành"]
    assert first.due_text == "Trước ngày 30/11/2025"
    assert first.due_date is not None and first.due_date.isoformat() == "2025-11-30"
    assert all(t.lead for t in tasks)
    assert not any(t.text.isupper() for t in tasks)  # group headings are not tasks
    yearly = [t for t in tasks if t.due_text == "Tháng 12 hằng năm"]
    assert yearly and yearly[0].due_date is not None and yearly[0].due_date.isoformat() == "2025-12-31"


def test_sample_signatures_and_cc() -> None:
    assert _parse("024").cc == []  # no "Nơi nhận" at all
    doc = _parse("030")
    assert doc.signature.authority == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]
    assert doc.cc[-1] == "Lưu: VT, KGVX"
    doc = _parse("017")
    assert doc.signature.authority == [] and doc.signature.position == "THỦ TƯỚNG"
    assert len(doc.recipients) == 2 and doc.recipients[0].startswith("Bộ trưởng các Bộ: Quốc phòng")
    assert [r.number for r in doc.references][:2] == ["217/CĐ-TTg", "218/CĐ-TTg"]
    assert all(r.type == "Công điện" for r in doc.references)


def test_sample_references_exclude_own_number() -> None:
    doc = _parse("006")
    numbers = [r.number for r in doc.references]
    assert "5155/SGDĐT-GDTXNNĐH" not in numbers
    assert numbers[0] == "11/2025/TT-BGDĐT"
    ref = doc.references[0]
    got = (ref.type, ref.date and ref.date.isoformat(), ref.issuer)
    assert got == ("Thông tư", "2025-06-12", "Bộ Giáo dục và Đào tạo")
