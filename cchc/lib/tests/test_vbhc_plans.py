"""Plans, other authorities' documents, OCR and PDF against their hand-read fields (data/plans/expected.json), and
the same measure on documents written after the code (data/unseen/, reported separately).

Header fields are compared as in test_vbhc_samples (NFC, casefold, spaces collapsed); a task table counts one
point per expected row, given when a row with the same label has the same lead and partners (as lists of names),
due date and the expected start of its content; every missing or extra row counts as one wrong.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cchc.lib.vbhc import ParsedDocument, parse_document, read_text
from cchc.lib.vbhc.deadlines import parse_due_text

from .test_vbhc_samples import norm

DATA = Path(__file__).parent / "data"
HEADER_FIELDS = ("issuer", "parent_issuer", "number", "type", "place", "date", "subject", "signer", "position",
                 "recipients")


def _expected(folder: str) -> list[dict[str, Any]]:
    path = DATA / folder / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def parse_file(folder: str, name: str) -> ParsedDocument:
    return parse_document(read_text(DATA / folder / name))


def _fields(doc: ParsedDocument) -> dict[str, Any]:
    d = doc.to_dict()
    sig = d["signature"]
    position = " / ".join([*sig["authority"], *([sig["position"]] if sig["position"] else [])])
    return {"issuer": d["issuer"], "parent_issuer": d["parent_issuer"], "number": d["number"], "type": d["type"],
            "place": d["place"], "date": d["date"], "subject": d["subject"], "signer": sig["signer"],
            "position": position or None, "recipients": d["recipients"]}


def _row(task: Any) -> dict[str, Any]:
    lead = [p.strip() for p in (task.lead or "").split(";") if p.strip()]
    return {"label": task.label, "text": task.text, "lead": lead, "partners": list(task.partners),
            "due_date": task.due_date.isoformat() if task.due_date else None}


def row_matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return (norm(got["lead"]) == norm(want["lead"]) and norm(got["partners"]) == norm(want["partners"])
            and got["due_date"] == want["due_date"] and norm(got["text"]).startswith(norm(want["text"])))


def score_document(exp: dict[str, Any], doc: ParsedDocument) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(field → (right, total)), and what was wrong."""
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    got = _fields(doc)
    for field in HEADER_FIELDS:
        if field not in exp:
            continue
        score[field][1] += 1
        if norm(got[field]) == norm(exp[field]):
            score[field][0] += 1
        else:
            wrong.append(f"{field}: {got[field]!r} ≠ {exp[field]!r}")
    if "table" in exp:
        rows = {task.label: _row(task) for task in doc.table_tasks}
        for want in exp["table"]:
            score["table rows"][1] += 1
            have = rows.pop(want["label"], None)
            if have is not None and row_matches(have, want):
                score["table rows"][0] += 1
            else:
                wrong.append(f"row {want['label']}: {have!r} ≠ {want!r}")
        for label in rows:  # rows the document does not have
            score["table rows"][1] += 1
            wrong.append(f"extra row {label}")
    if "sections" in exp:
        score["sections"][1] += 1
        if [s.label for s in doc.sections] == exp["sections"]:
            score["sections"][0] += 1
        else:
            wrong.append(f"sections: {[s.label for s in doc.sections]} ≠ {exp['sections']}")
    return {k: (v[0], v[1]) for k, v in score.items()}, wrong


def accuracy(folder: str) -> tuple[dict[str, tuple[int, int]], dict[str, list[str]]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: dict[str, list[str]] = {}
    for exp in _expected(folder):
        scores, wrong = score_document(exp, parse_file(folder, exp["file"]))
        for field, (right, count) in scores.items():
            total[field][0] += right
            total[field][1] += count
        if wrong:
            errors[exp["file"]] = wrong
    return {k: (v[0], v[1]) for k, v in total.items()}, errors


def _report(title: str, scores: dict[str, tuple[int, int]]) -> float:
    right = sum(r for r, _ in scores.values())
    count = sum(t for _, t in scores.values())
    print(f"\n{title}:")
    for field, (r, t) in scores.items():
        print(f"  {field:14s} {r}/{t}")
    print(f"  {'all':14s} {right}/{count} = {right / count:.1%}")
    return right / count


PLANS = _expected("plans")


@pytest.mark.parametrize("exp", PLANS, ids=[e["file"] for e in PLANS])
def test_plan_documents_match_their_hand_read_fields(exp: dict[str, Any]) -> None:
    _scores, wrong = score_document(exp, parse_file("plans", exp["file"]))
    assert not wrong, wrong


def test_accuracy_report(capsys: pytest.CaptureFixture[str]) -> None:
    scores, _errors = accuracy("plans")
    with capsys.disabled():
        share = _report("accuracy on the plan samples (fields, tables row by row)", scores)
        unseen, unseen_errors = accuracy("unseen")
        if unseen:
            _report("accuracy on documents written after the code (data/unseen)", unseen)
            for name, wrong in unseen_errors.items():
                print(f"  {name}: {'; '.join(wrong)}")
    assert share >= 0.98


# --- the cases of issue 13, one by one -------------------------------------------------------------------------

def test_a_date_line_wrapped_before_ngay_keeps_the_header_going() -> None:
    doc = parse_file("plans", "cv-daklak-2468.txt")
    assert (doc.place, doc.date) == ("Đắk Lắk", date(2025, 12, 5))
    assert doc.subject == "đẩy mạnh tuyên truyền cải cách hành chính năm 2025"
    doc = parse_file("plans", "qd-1523-ocr-cuc-thue.txt")
    assert doc.type == "Quyết định" and doc.subject.startswith("Về việc thành lập Tổ công tác")


def test_a_wrapped_place_is_read_whole() -> None:
    assert parse_file("plans", "kh-hcm-3056.txt").place == "Thành phố Hồ Chí Minh"


def test_ocr_page_markers_and_a_receiving_stamp_are_no_fields() -> None:
    doc = parse_file("plans", "qd-1523-ocr-cuc-thue.txt")
    assert doc.parent_issuer == "CỤC THUẾ TỈNH ĐỒNG THÁP" and doc.number == "1523/QĐ-CTDTH"
    assert "PAGE" not in " ".join(s.text for s in doc.sections)
    text = "\n".join(["UBND TỈNH GIA LAI", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      "Độc lập - Tự do - Hạnh phúc", "Số: 15/SNV-VP", "ĐẾN", "Số 73", "Ngày: 05/12/2025",
                      "Gia Lai, ngày 01 tháng 12 năm 2025", "V/v tổ chức hội nghị", "Kính gửi: Sở Tư pháp",
                      "Nội dung./."])
    doc = parse_document(text)
    assert (doc.number, doc.subject, doc.issuer) == ("15/SNV-VP", "tổ chức hội nghị", "SỞ NỘI VỤ")


def test_dieu_without_full_stop_makes_sections() -> None:
    assert [s.label for s in parse_file("plans", "qd-1523-ocr-cuc-thue.txt").sections] == ["Điều 1", "Điều 2",
                                                                                           "Điều 3"]


@pytest.mark.parametrize("footer", [
    "TL. CỤC TRƯỞNG\nKT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\nTrần Văn Bình",
    "TL. CỤC TRƯỞNG\nKT.TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\nTrần Văn Bình",
    "Nơi nhận: TL. CỤC TRƯỞNG\n- Như trên; KT. TRƯỞNG PHÒNG\n- Lưu: VT. PHÓ TRƯỞNG PHÒNG\n\nTrần Văn Bình",
])
def test_a_signer_under_tl_and_kt(footer: str) -> None:
    text = ("CỤC THUẾ TỈNH ĐỒNG THÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/CT-TH\n"
            "Đồng Tháp, ngày 01 tháng 12 năm 2025\nV/v kiểm tra\nKính gửi: Chi cục Thuế khu vực I\nNội dung./.\n"
            + footer)
    signature = parse_document(text).signature
    assert signature.authority == ["TL. CỤC TRƯỞNG", "KT. TRƯỞNG PHÒNG"]
    assert (signature.position, signature.signer) == ("PHÓ TRƯỞNG PHÒNG", "Trần Văn Bình")


@pytest.mark.parametrize(("cell", "due"), [
    ("Quí IV-2025", "2025-12-31"),
    ("Quý IV/2025 - Quý II/2026", "2026-06-30"),
    ("Năm 2025-2030", "2030-12-31"),
    ("Giai đoạn 2026 - 2030", "2030-12-31"),
    ("Từ ngày 01/12/2025 đến ngày 31/12/2025", "2025-12-31"),
    ("Tháng 10 - tháng 12/2025", "2025-12-31"),
    ("15 ngày làm việc", None),
    ("Thường xuyên", None),
])
def test_due_cells(cell: str, due: str | None) -> None:
    got, _kind = parse_due_text(cell, date(2025, 10, 1))
    assert (got.isoformat() if got else None) == due


def test_a_procedures_processing_time_is_no_deadline() -> None:
    doc = parse_file("plans", "qd-1523-ocr-cuc-thue.txt")
    assert doc.deadlines == []


def test_docx_merged_cells_give_one_task_per_row() -> None:
    doc = parse_file("plans", "kh-58-gialai-chuyen-doi-so.docx")
    assert [t.label for t in doc.table_tasks] == ["I.1", "I.2", "I.3", "II.1", "II.2", "II.2.a", "II.3", "III.1"]
    merged = doc.table_tasks[2]
    assert merged.lead == "Sở Nội vụ"  # the lead cell merged with the row above
    two_lines = doc.table_tasks[3]
    assert two_lines.lead == "Sở Khoa học và Công nghệ; Sở Công Thương; Cổng Thông tin điện tử tỉnh"


def test_text_tables_groups_unit_rows_and_names_run_together() -> None:
    tasks = parse_file("plans", "kh-hcm-3056.txt").table_tasks
    assert [t.label for t in tasks][-3:] == ["V.1", "VI.1", "VI.2"]
    assert tasks[2].lead == "Sở Khoa học và Công nghệ; Sở Công Thương; Sở Tài chính"
    assert len(tasks) == 9


def test_a_pdf_two_column_header_and_footer_read_by_columns() -> None:
    doc = parse_file("plans", "cv-1215-snv-gialai.pdf")
    assert (doc.issuer, doc.parent_issuer, doc.date) == ("SỞ NỘI VỤ", "UBND TỈNH GIA LAI", date(2021, 11, 2))
    assert doc.subject == "báo cáo kết quả tuyên truyền cải cách hành chính năm 2021"
    assert doc.signature.signer == "Nguyễn Văn Hòa" and doc.cc == ["Như trên", "UBND tỉnh (b/c)", "Lưu: VT, CCHC"]
    assert not doc.warnings


def test_a_processing_time_counted_from_a_file_is_dropped_but_a_reply_time_is_kept() -> None:
    from cchc.lib.vbhc.deadlines import find_deadlines

    day = date(2025, 1, 1)
    assert find_deadlines("Thời hạn giải quyết: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", day) == []
    kept = find_deadlines("Các đơn vị báo cáo trong 05 ngày làm việc kể từ ngày nhận được văn bản này.", day)
    assert [d.kind for d in kept] == ["relative"]


def test_a_wrapped_line_starting_with_dieu_is_no_article() -> None:
    from cchc.lib.vbhc.sections import _marker

    assert _marker("Điều 1 Thành lập Tổ công tác") and _marker("Điều 2. Giao Sở Nội vụ")
    assert not _marker("Điều 22 của Luật Bảo hiểm y tế quy định")
