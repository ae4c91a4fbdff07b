"""The import's business logic: proposal from the seed and from plans, confirmation, duplicates, failures."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import cchc.demo
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives import importing
from cchc.directives.choices import AssignmentRole
from cchc.directives.importing import (
    DuplicateDirectiveError,
    build_proposal,
    do_confirm_import,
    do_start_import,
    find_report_clause,
)
from cchc.directives.models import Assignment, Directive, DirectiveReference, ImportDraft, ReportRequest, Task
from cchc.lib.vbhc import parse_document, read_text
from cchc.test import make_user
from cchc.units.models import OrgUnit, UnitAlias

SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"
DEPARTMENTS = {"vp-ubnd", "snv", "stp", "skhdt", "stc", "sct", "snnptnt", "sgtvt", "sxd", "stnmt", "stttt", "sldtbxh",
               "svhttdl", "skhcn", "sgddt", "syt", "sngv", "thanhtra", "bdt", "bqlkkt"}
DISTRICTS = {"ubnd-pleiku", "ubnd-ankhe", "ubnd-ayunpa", "ubnd-chupah", "ubnd-chuprong", "ubnd-chupuh", "ubnd-chuse",
             "ubnd-dakdoa", "ubnd-dakpo", "ubnd-ducco", "ubnd-iagrai", "ubnd-iapa", "ubnd-kbang", "ubnd-kongchro",
             "ubnd-krongpa", "ubnd-mangyang", "ubnd-phuthien"}
ITEM_1 = DEPARTMENTS | DISTRICTS | {"ttpvhcc", "buudien"}
ITEM_2 = {"mttq", "ldld", "tinhdoan", "hlhpn", "hnd", "hccb"}
ITEM_3 = {"baogialai", "dai-ptth", "cong-ttdt"}

PLAN_HEAD = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND

Gia Lai, ngày 15 tháng 01 năm 2021

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2021

I. MỤC ĐÍCH, YÊU CẦU

Nâng cao nhận thức về cải cách hành chính.

II. NHIỆM VỤ
"""
PLAN_ROWS = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["1", "Xây dựng chuyên mục cải cách hành chính", "Sở Thông tin và Truyền thông",
     "Báo Gia Lai; Đài Phát thanh - Truyền hình Gia Lai", "30/6/2021"],
    ["2", "Tổ chức cuộc thi tìm hiểu cải cách hành chính", "Sở Nội vụ", "Sở Tư pháp; Bru điện tỉnh", "Quý III/2021"],
    ["3", "Tuyên truyền dịch vụ công trực tuyến", "Trung tâm Phục vụ hành chính công tỉnh",
     "UBND các huyện, thị xã, thành phố", ""],
]
PLAN_TAIL = """
III. TỔ CHỨC THỰC HIỆN

Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) \
trước ngày 15/12/2021.

Nơi nhận:
- Như trên;
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""


def plan_text() -> str:
    table = "\n".join("| " + " | ".join(row) + " |" for row in PLAN_ROWS)
    return PLAN_HEAD + "\n" + table + "\n" + PLAN_TAIL


def plan_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in PLAN_HEAD.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=len(PLAN_ROWS), cols=len(PLAN_ROWS[0]))
    for r, row in enumerate(PLAN_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in PLAN_TAIL.splitlines():
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def units(db):
    return load_units()


@pytest.fixture
def sonoivu(units):
    return make_user("sonoivu", Role.COORDINATOR, [units["snv"]])


def seed_upload(name: str = "cong-van-2031.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SEED.read_bytes(), content_type="text/plain")


def ids_to_codes(ids):
    return set(OrgUnit.objects.filter(pk__in=ids).values_list("code", flat=True))


def nothing_created():
    return not (Directive.objects.exists() or Task.objects.exists() or Assignment.objects.exists()
                or ReportRequest.objects.exists() or DirectiveReference.objects.exists())


# --- the proposal -----------------------------------------------------------------------------------------------

def test_the_seed_yields_three_tasks_with_exactly_their_units(units):
    text = read_text(SEED)
    proposal = build_proposal(parse_document(text), on=date(2020, 10, 1), text=text)
    tasks = proposal["tasks"]
    assert [task["label"] for task in tasks] == ["1", "2", "3"]
    assert ids_to_codes(tasks[0]["units"]) == ITEM_1 and len(tasks[0]["units"]) == 39
    assert ids_to_codes(tasks[1]["units"]) == ITEM_2
    assert ids_to_codes(tasks[2]["units"]) == ITEM_3
    assert tasks[0]["text"].startswith("Các sở, ban, ngành tỉnh; UBND")  # the "1." label is not repeated
    assert proposal["unresolved"] == [] and proposal["duplicate_of"] is None
    assert proposal["metadata"]["number"] == "2031/UBND-NC" and proposal["metadata"]["year"] == 2020
    assert [ref["number"] for ref in proposal["references"]] == [
        "4849/BNV-CCHC", "30c/NQ-CP", "02-NQ/TU", "04/QĐ-UBND", "752/QĐ-UBND"]
    slip = next(entry for entry in proposal["recipients"] if entry["text"] == "Bru điện tỉnh")
    assert slip["how"] == "fuzzy" and ids_to_codes(slip["unit_ids"]) == {"buudien"}


def test_the_seeds_report_request_asks_every_addressee_by_25_november(units):
    text = read_text(SEED)
    request = build_proposal(parse_document(text), text=text)["report_request"]
    assert request["deadline"] == "2020-11-25"
    assert request["deadline_text"] == "Trước ngày 25/11/2020"
    assert request["send_to"] == "Sở Nội vụ"
    assert "báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ)" in request["text"]
    assert ids_to_codes(request["units"]) == ITEM_1 | ITEM_2 | ITEM_3
    assert len(request["units"]) == 48


def test_the_report_clause_is_found_with_its_deadline():
    text = "1. Việc A.\nCác đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 10/12/2021. Giao Sở Nội vụ tổng hợp."
    deadlines = [{"date": "2021-12-10", "text": "trước ngày 10/12/2021", "kind": "absolute"}]
    sentence, deadline = find_report_clause(text, deadlines)
    assert sentence == "Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 10/12/2021."
    assert deadline["date"] == "2021-12-10"
    assert find_report_clause("Không có yêu cầu gì.", deadlines) is None


def test_a_plan_with_a_task_table_in_text_yields_one_task_per_row(units):
    text = plan_text()
    proposal = build_proposal(parse_document(text), text=text)
    assert proposal["source"] == "table"
    first, second, third = proposal["tasks"]
    assert ids_to_codes(first["lead"]) == {"stttt"}
    assert ids_to_codes(first["partners"]) == {"baogialai", "dai-ptth"}
    assert first["due_date"] == "2021-06-30"
    assert ids_to_codes(second["lead"]) == {"snv"} and ids_to_codes(second["partners"]) == {"stp", "buudien"}
    assert second["due_date"] == "2021-09-30"
    assert ids_to_codes(third["lead"]) == {"ttpvhcc"} and ids_to_codes(third["partners"]) == DISTRICTS
    assert third["due_date"] is None
    assert proposal["report_request"]["deadline"] == "2021-12-15"


def test_a_plan_with_a_task_table_in_docx_creates_lead_and_partner_assignments(sonoivu):
    upload = SimpleUploadedFile("ke-hoach-45.docx", plan_docx())
    draft = do_start_import(acting_user=sonoivu, uploaded_file=upload)
    assert [task["label"] for task in draft.proposal["tasks"]] == ["1", "2", "3"]
    directive = do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    first = directive.tasks.get(label="1")
    roles = {a.unit.code: a.role for a in first.assignments.select_related("unit")}
    assert roles == {"stttt": AssignmentRole.LEAD, "baogialai": AssignmentRole.PARTNER,
                     "dai-ptth": AssignmentRole.PARTNER}
    assert set(first.assignments.values_list("due_date", flat=True)) == {date(2021, 6, 30)}  # the task's own
    third = directive.tasks.get(label="3")
    assert set(third.assignments.values_list("due_date", flat=True)) == {date(2021, 12, 15)}  # the report's
    assert third.assignments.count() == 18
    assert directive.original_file.name.endswith(".docx")


# --- confirming -------------------------------------------------------------------------------------------------

def test_confirming_the_seed_creates_everything(sonoivu):
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    assert draft.file_name == "cong-van-2031.txt" and draft.parsed["number"] == "2031/UBND-NC"
    directive = do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    draft.refresh_from_db()
    assert draft.directive == directive
    assert (directive.number, directive.year, directive.date) == ("2031/UBND-NC", 2020, date(2020, 10, 1))
    assert directive.doc_type == "Công văn" and directive.signer == "Đỗ Tiến Đông"
    assert directive.created_by == sonoivu
    assert directive.original_file.read() == SEED.read_bytes()
    assert "Kính gửi" in directive.source_text
    assert directive.references.count() == 5
    tasks = list(directive.tasks.order_by("order"))
    for task, expected in zip(tasks, [ITEM_1, ITEM_2, ITEM_3], strict=True):
        assert set(task.assignments.values_list("unit__code", flat=True)) == expected
    assignments = Assignment.objects.filter(task__directive=directive)
    assert assignments.count() == 48
    assert set(assignments.values_list("due_date", flat=True)) == {date(2020, 11, 25)}
    assert set(assignments.values_list("role", flat=True)) == {AssignmentRole.ASSIGNEE}
    request = directive.report_requests.get()
    assert request.deadline == date(2020, 11, 25) and request.send_to == "Sở Nội vụ"
    assert set(request.units.values_list("code", flat=True)) == ITEM_1 | ITEM_2 | ITEM_3


def test_pasted_text_is_kept_as_text_only(sonoivu):
    draft = do_start_import(acting_user=sonoivu, text=SEED.read_text(encoding="utf-8"))
    assert not draft.file
    directive = do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    assert not directive.original_file and "2031" in directive.source_text
    assert directive.tasks.count() == 3


def test_corrections_are_what_gets_created(sonoivu, units):
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    data = draft.proposal
    data["metadata"]["subject"] = "Tuyên truyền CCHC"
    data["tasks"][2]["units"] = [units["baogialai"].pk]
    data["tasks"][2]["due_date"] = "2020-11-10"
    data["tasks"][1]["text"] = "Vận động đoàn viên, hội viên."
    del data["tasks"][0]
    data["references"] = data["references"][:2]
    data["report_request"]["deadline"] = "2020-11-30"
    directive = do_confirm_import(draft, data, acting_user=sonoivu)
    assert directive.subject == "Tuyên truyền CCHC"
    assert directive.tasks.count() == 2 and directive.references.count() == 2
    press = directive.tasks.get(label="3")
    assert list(press.assignments.values_list("unit__code", "due_date")) == [("baogialai", date(2020, 11, 10))]
    assert directive.tasks.get(label="2").text == "Vận động đoàn viên, hội viên."
    assert set(directive.tasks.get(label="2").assignments.values_list("due_date", flat=True)) == {
        date(2020, 11, 30)}


def test_a_manual_mapping_is_remembered_as_an_alias_and_used_next_time(sonoivu, units):
    portal = units["cong-ttdt"]
    portal.aliases.all().delete()
    portal.name, portal.short_name = "Cổng TTĐT Gia Lai", ""
    portal.save()
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    assert draft.proposal["unresolved"] == ["Cổng Thông tin điện tử tỉnh"]
    assert ids_to_codes(draft.proposal["tasks"][2]["units"]) == {"baogialai", "dai-ptth"}
    directive = do_confirm_import(draft, draft.proposal, acting_user=sonoivu,
                                  mappings={"Cổng Thông tin điện tử tỉnh": portal.pk})
    assert set(directive.tasks.get(label="3").assignments.values_list("unit__code", flat=True)) == ITEM_3
    assert portal in directive.report_requests.get().units.all()
    assert UnitAlias.objects.filter(unit=portal, name="Cổng Thông tin điện tử tỉnh").exists()

    again = do_start_import(acting_user=sonoivu, text=SEED.read_text(encoding="utf-8").replace("2031 /", "2032 /"))
    assert again.proposal["unresolved"] == []
    assert ids_to_codes(again.proposal["tasks"][2]["units"]) == ITEM_3
    phrase = again.proposal["tasks"][2]["phrases"][2]
    assert phrase["how"] == "alias"


def test_a_mapping_not_to_remember_is_used_once(sonoivu, units):
    text = SEED.read_text(encoding="utf-8").replace("Báo Gia Lai; Đài", "Báo Văn nghệ Gia Lai; Đài")
    draft = do_start_import(acting_user=sonoivu, text=text)
    assert "Báo Văn nghệ Gia Lai" in draft.proposal["unresolved"]
    do_confirm_import(draft, draft.proposal, acting_user=sonoivu,
                      mappings={"Báo Văn nghệ Gia Lai": units["baogialai"].pk}, remember=set())
    assert not UnitAlias.objects.filter(name="Báo Văn nghệ Gia Lai").exists()


def test_the_same_number_and_year_twice_warns_and_refuses(sonoivu):
    first = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    existing = do_confirm_import(first, first.proposal, acting_user=sonoivu)
    second = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    assert second.proposal["duplicate_of"] == existing.pk
    with pytest.raises(DuplicateDirectiveError) as caught:
        do_confirm_import(second, second.proposal, acting_user=sonoivu)
    assert caught.value.existing == existing
    assert Directive.objects.count() == 1 and Task.objects.count() == 3
    second.refresh_from_db()
    assert second.directive is None
    # A different number is a different document.
    second.proposal["metadata"]["number"] = "2031b/UBND-NC"
    assert do_confirm_import(second, second.proposal, acting_user=sonoivu).number == "2031b/UBND-NC"


def test_a_confirmed_draft_cannot_be_confirmed_again(sonoivu):
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    with pytest.raises(ValidationError):
        do_confirm_import(draft, draft.proposal, acting_user=sonoivu)


# --- failures leave nothing behind --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "words"), [
    ("trong.txt", b"   \n  ", "rỗng"),
    ("chuong-trinh.exe", b"MZ\x90\x00binary", "không được hỗ trợ"),
    ("cong-van.pdf", SEED.read_bytes(), "PDF"),
    ("cong-van.docx", SEED.read_bytes(), ".docx"),
    ("anh.txt", bytes(range(256)) * 40, "nhị phân"),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "không được hỗ trợ"),
])
def test_an_unreadable_file_is_refused_with_the_readers_vietnamese_reason(sonoivu, name, content, words):
    with pytest.raises(ValidationError) as caught:
        do_start_import(acting_user=sonoivu, uploaded_file=SimpleUploadedFile(name, content))
    assert words in " ".join(caught.value.messages)
    assert not ImportDraft.objects.exists() and nothing_created()


def test_a_corrupt_pdf_is_refused_by_the_reader(sonoivu):
    with pytest.raises(ValidationError) as caught:
        do_start_import(acting_user=sonoivu, uploaded_file=SimpleUploadedFile("hong.pdf", b"%PDF-1.4\nrac rac"))
    assert "PDF" in caught.value.messages[0]
    assert not ImportDraft.objects.exists()


def test_a_file_over_the_size_limit_is_refused(sonoivu, settings):
    settings.CCHC_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("lon.txt", b"a" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        do_start_import(acting_user=sonoivu, uploaded_file=big)
    assert caught.value.code == "file_size"
    assert not ImportDraft.objects.exists()


def test_nothing_to_import_is_refused(sonoivu):
    with pytest.raises(ValidationError):
        do_start_import(acting_user=sonoivu, text="   ")


def test_an_exception_in_the_middle_of_confirming_leaves_nothing_behind(sonoivu, monkeypatch, settings):
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReportRequest.objects, "create", boom)
    with pytest.raises(RuntimeError):
        do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    assert nothing_created()
    draft.refresh_from_db()
    assert draft.directive is None
    stored = Path(settings.MEDIA_ROOT) / "directives"
    assert not any(p.is_file() and "2020-10-01" in str(p) for p in stored.rglob("*"))


def test_an_exception_after_the_file_is_stored_leaves_nothing_behind(sonoivu, units, monkeypatch, settings):
    text = SEED.read_text(encoding="utf-8").replace("Báo Gia Lai; Đài", "Báo Văn nghệ Gia Lai; Đài")
    draft = do_start_import(acting_user=sonoivu, uploaded_file=SimpleUploadedFile("cv.txt", text.encode()))

    def boom(*args, **kwargs):
        raise RuntimeError("alias store down")

    monkeypatch.setattr(importing, "do_add_alias", boom)
    with pytest.raises(RuntimeError):
        do_confirm_import(draft, draft.proposal, acting_user=sonoivu,
                          mappings={"Báo Văn nghệ Gia Lai": units["baogialai"].pk})
    assert nothing_created()
    stored = Path(settings.MEDIA_ROOT) / "directives" / "2020-10-01"
    assert not stored.exists() or not any(stored.iterdir())


def test_unknown_units_in_the_data_are_refused(sonoivu):
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    draft.proposal["tasks"][0]["units"].append(999999)
    with pytest.raises(ValidationError):
        do_confirm_import(draft, draft.proposal, acting_user=sonoivu)
    assert nothing_created()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_only_coordinators_and_admins_import(units, sonoivu, role):
    user = make_user("nguoidung", role, [units["stttt"]])
    with pytest.raises(PermissionDenied):
        do_start_import(acting_user=user, uploaded_file=seed_upload())
    draft = do_start_import(acting_user=sonoivu, uploaded_file=seed_upload())
    with pytest.raises(PermissionDenied):
        do_confirm_import(draft, draft.proposal, acting_user=user)
    assert nothing_created()
