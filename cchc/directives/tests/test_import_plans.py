"""Importing plans and other authorities' documents (issue 13): resolution by parts with roles, groups without
members, bodies outside the province marked "not ours" once, the other authority named, one set of confirm rules
for the page, the API and the command, plan sections that assign work."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import cchc.lib.tests
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.choices import AssignmentRole
from cchc.directives.importing import build_proposal, confirm_errors, do_create_directive, do_start_import
from cchc.directives.models import Assignment, Directive, ExternalBody, ImportDraft
from cchc.directives.resolve import EMPTY_GROUP, Resolver
from cchc.lib.vbhc import parse_document, read_text
from cchc.test import make_user
from cchc.units.models import OrgUnit

PLANS = Path(cchc.lib.tests.__file__).parent / "data" / "plans"
PLAN_DOCX = PLANS / "kh-58-gialai-chuyen-doi-so.docx"
URL = "/api/v1/directives/import/"


@pytest.fixture
def units(db):
    return load_units()


@pytest.fixture
def sonoivu(units):
    return make_user("sonoivu", Role.COORDINATOR, [units["snv"]])


def codes(ids):
    return set(OrgUnit.objects.filter(pk__in=ids).values_list("code", flat=True))


def proposal_of(name: str) -> tuple[dict, str]:
    text = read_text(PLANS / name)
    return build_proposal(parse_document(text), text=text), text


# --- resolution by parts -----------------------------------------------------------------------------------------

def test_a_list_keeps_what_resolves_and_flags_the_rest(units):
    resolution = Resolver(date(2021, 1, 20)).resolve("Sở KH&CN, Sở Công Thương, các doanh nghiệp viễn thông")
    assert {u.code for u in resolution.units} == {"skhcn", "sct"}
    assert resolution.unresolved == ["các doanh nghiệp viễn thông"]


def test_names_run_together_across_a_line_are_split(units):
    resolution = Resolver().resolve("Sở Khoa học và Công nghệ Sở Công Thương")
    assert {u.code for u in resolution.units} == {"skhcn", "sct"} and not resolution.unresolved
    assert {u.code for u in Resolver().resolve("Văn phòng Ban Chỉ đạo; Sở Nội vụ").units} == {"snv"}


def test_fragments_and_slogans_ask_nothing(units):
    resolver = Resolver()
    for junk in ("Chánh", "Các", "Cơ quan", "Cải cách hành chính vì sự phát triển của tỉnh Gia Lai!"):
        assert resolver.resolve(junk).unresolved == []
    assert resolver.resolve("Sở Tư pháp, Chánh").unresolved == []


def test_a_group_without_members_is_flagged_with_its_reason(units):
    resolution = Resolver().resolve("UBND các xã, phường, thị trấn")
    assert resolution.units == [] and resolution.unresolved == ["UBND các xã, phường, thị trấn"]
    assert resolution.reasons == {"UBND các xã, phường, thị trấn": EMPTY_GROUP}


def test_bodies_outside_the_province_are_recognised(units):
    resolver = Resolver()
    for outside in ("Bộ Thông tin và Truyền thông", "Công an tỉnh Đắk Lắk", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
                    "Văn phòng Chính phủ"):
        assert resolver.is_outside(outside), outside
    for ours in ("Bộ Chỉ huy Quân sự tỉnh", "UBND thành phố Pleiku", "Sở Nội vụ", "các doanh nghiệp viễn thông"):
        assert not resolver.is_outside(ours), ours


# --- the plan with a task table -----------------------------------------------------------------------------

def test_the_plan_preview_gives_each_task_its_lead_partners_and_phrases(units):
    proposal, _text = proposal_of(PLAN_DOCX.name)
    tasks = {task["label"]: task for task in proposal["tasks"]}
    assert list(tasks) == ["I.1", "I.2", "I.3", "II.1", "II.2", "II.2.a", "II.3", "III.1"]
    first = tasks["I.1"]
    assert codes(first["lead"]) == {"stttt"} and len(first["partners"]) == 36
    assert [(p["role"], p["text"]) for p in first["phrases"]] == [
        ("lead", "Sở Thông tin và Truyền thông"), ("partner", "Các sở, ban, ngành tỉnh"),
        ("partner", "UBND các huyện, thị xã, thành phố")]
    # a list partly resolved: two departments kept, the rest flagged
    assert codes(tasks["I.2"]["partners"]) == {"skhcn", "sct"}
    assert tasks["I.2"]["unresolved"] == ["các doanh nghiệp viễn thông"]
    assert tasks["I.2"]["due_date"] == "2021-12-31"  # the END of "Quý II/2021 - Quý IV/2021"
    # a lead cell merged with the row above, a lead cell with two names, a row whose only text is a unit
    assert codes(tasks["I.3"]["lead"]) == {"snv"}
    assert codes(tasks["II.1"]["lead"]) == {"skhcn", "sct", "cong-ttdt"}
    # the lead is not ours: the partner stays a partner
    assert tasks["II.2"]["lead"] == [] and codes(tasks["II.2"]["partners"]) == {"stttt"}
    assert tasks["II.2"]["due_date"] == "2025-12-31"  # "Năm 2021-2025"
    assert tasks["II.2.a"]["due_date"] is None  # "Trong 15 ngày làm việc" is a processing time
    assert tasks["III.1"]["due_date"] == "2021-12-31"  # "Quí IV-2021"
    assert proposal["source"] == "table"
    assert proposal["outside"] == ["Bộ Thông tin và Truyền thông", "Công an tỉnh Đắk Lắk"]
    assert "UBND các xã, phường, thị trấn" in proposal["unresolved"]
    assert any("UBND các xã, phường, thị trấn" in w and "không có đơn vị nào" in w for w in proposal["warnings"])
    assert any("Bộ Thông tin và Truyền thông" in w and "không thuộc tỉnh" in w for w in proposal["warnings"])
    assert proposal["other_authority"] == ""
    # "Bộ Thông tin và Truyền thông (để báo cáo)" in Nơi nhận asks nobody for a report; the real request is read
    request = proposal["report_request"]
    assert request["deadline"] == "2021-12-15" and request["send_to"] == "Sở Thông tin và Truyền thông"


def test_confirming_needs_a_lead_where_the_lead_was_not_recognised(units, sonoivu):
    proposal, text = proposal_of(PLAN_DOCX.name)
    errors = confirm_errors(proposal)
    assert any("II.2 chưa có cơ quan chủ trì" in e and "Bộ Thông tin và Truyền thông" in e for e in errors)
    assert any("II.2.a chưa có cơ quan chủ trì" in e for e in errors)
    with pytest.raises(ValidationError):
        do_create_directive(proposal, acting_user=sonoivu, source_text=text)
    assert not Directive.objects.exists()
    # marked "not ours", the ministry's row keeps our department as a partner; the communes get a unit
    directive = do_create_directive(proposal, acting_user=sonoivu, source_text=text,
                                    not_ours=["Bộ Thông tin và Truyền thông", "Công an tỉnh Đắk Lắk"],
                                    mappings={"UBND các xã, phường, thị trấn": units["ubnd-pleiku"].pk})
    roles = dict(Assignment.objects.filter(task__directive=directive, task__label="II.2")
                 .values_list("unit__code", "role"))
    assert roles == {"stttt": AssignmentRole.PARTNER}
    roles = dict(Assignment.objects.filter(task__directive=directive, task__label="II.2.a")
                 .values_list("unit__code", "role"))
    assert roles == {"ubnd-pleiku": AssignmentRole.LEAD, "snv": AssignmentRole.PARTNER}
    assert set(ExternalBody.objects.values_list("name", flat=True)) == {"Bộ Thông tin và Truyền thông",
                                                                         "Công an tỉnh Đắk Lắk"}
    # remembered: the next import leaves them out without asking
    again, _text = proposal_of(PLAN_DOCX.name)
    assert "Bộ Thông tin và Truyền thông" not in again["unresolved"] and again["outside"] == []
    ministry_row = next(t for t in again["tasks"] if t["label"] == "II.2")
    assert ministry_row["phrases"][0]["ignored"] == ["Bộ Thông tin và Truyền thông"]
    assert not any("II.2 chưa có" in e for e in confirm_errors(again))


def test_the_api_confirms_by_the_same_rules_as_the_page(client, sonoivu, units):
    client.force_login(sonoivu)
    upload = SimpleUploadedFile(PLAN_DOCX.name, PLAN_DOCX.read_bytes())
    response = client.post(URL, {"file": upload, "confirm": "true"})
    assert response.status_code == 400
    assert "chưa có cơ quan chủ trì" in response.json()["detail"]
    assert not Directive.objects.exists()
    draft = ImportDraft.objects.get()
    response = client.post(URL, {"draft": draft.pk, "confirm": True,
                                  "not_ours": ["Bộ Thông tin và Truyền thông", "Công an tỉnh Đắk Lắk"],
                                  "mappings": {"UBND các xã, phường, thị trấn": units["ubnd-pleiku"].pk}},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["tasks"] == 8 and response.json()["unresolved"] == ["các doanh nghiệp viễn thông"]


def _page_data(draft) -> dict:
    """What the preview page posts when the coordinator changes nothing."""
    from cchc.directives.forms import ImportPreview

    preview = ImportPreview(draft)
    data: dict = {}
    forms = [preview.meta, preview.references.management_form, *preview.references.forms,
             preview.tasks.management_form, *preview.tasks.forms, preview.unresolved, preview.report]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value in (None, False, "") or value == []:
                continue
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else (
                "on" if value is True else str(value))
    return data


def test_the_page_refuses_what_the_api_refuses(client, sonoivu, units):
    client.force_login(sonoivu)
    draft = do_start_import(acting_user=sonoivu, uploaded_file=SimpleUploadedFile(
        PLAN_DOCX.name, PLAN_DOCX.read_bytes()))
    url = reverse("directives:import_preview", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Bộ Thông tin và Truyền thông" in page and "ngoài tỉnh" in page
    data = _page_data(draft)
    phrases = draft.proposal["unresolved"]
    outside = [f"map-not_ours_{i}" for i, p in enumerate(phrases) if p in draft.proposal["outside"]]
    assert all(data.get(name) == "on" for name in outside)  # bodies outside the province: ticked already
    for name in outside:
        data.pop(name)
    response = client.post(url, data)
    assert response.status_code == 200 and "chưa có cơ quan chủ trì" in response.content.decode()
    assert not Directive.objects.exists()
    for name in outside:
        data[name] = "on"
    data[f"map-unit_{phrases.index('UBND các xã, phường, thị trấn')}"] = str(units["ubnd-pleiku"].pk)
    response = client.post(url, data)
    directive = Directive.objects.get()
    assert response.status_code == 302 and response["Location"] == directive.get_absolute_url()
    assert directive.tasks.count() == 8
    assert ExternalBody.objects.filter(name="Công an tỉnh Đắk Lắk").exists()


def test_the_command_confirms_by_the_same_rules(units):
    out = StringIO()
    with pytest.raises(CommandError, match="chưa có cơ quan chủ trì"):
        call_command("import-directive", str(PLAN_DOCX), "--yes", stdout=out)
    assert "Cơ quan ngoài tỉnh: “Bộ Thông tin và Truyền thông”" in out.getvalue()
    assert not Directive.objects.exists()


# --- other authorities, plans without a table ---------------------------------------------------------------

def test_another_provinces_dispatch_is_named_in_the_warnings(units):
    proposal, _text = proposal_of("cv-daklak-2468.txt")
    assert proposal["other_authority"] == "UBND tỉnh Đắk Lắk"
    assert proposal["warnings"][0].startswith("Đây là văn bản của UBND tỉnh Đắk Lắk, không phải văn bản của tỉnh "
                                              "Gia Lai")
    assert proposal["metadata"]["subject"] == "đẩy mạnh tuyên truyền cải cách hành chính năm 2025"
    # "Bộ trưởng Bộ Nội vụ (để báo cáo)" in Nơi nhận is no report request; the body's request is
    assert proposal["report_request"]["deadline"] == "2025-12-20"


def test_the_provinces_own_documents_have_no_such_warning(units):
    for name in ("cv-1215-snv-gialai.pdf", "kh-gialai-khong-bang.txt"):
        proposal, _text = proposal_of(name)
        assert proposal["other_authority"] == "" and not any("Đây là văn bản của" in w for w in proposal["warnings"])


def test_a_plan_without_a_table_gives_the_sections_that_assign_work(units):
    proposal, _text = proposal_of("kh-gialai-khong-bang.txt")
    assert [t["label"] for t in proposal["tasks"]] == ["V.1", "V.2", "V.3", "V.4"]
    assert [codes(t["units"]) for t in proposal["tasks"][:3]] == [{"snv"}, {"stttt"}, {"baogialai", "dai-ptth"}]
    assert len(proposal["tasks"][3]["units"]) == 17 and proposal["unresolved"] == []
    texts = " ".join(t["text"] for t in proposal["tasks"])
    assert "Mục đích" not in texts and "Khẩu hiệu" not in texts.title() and "Kinh phí" not in texts


def test_a_report_request_only_in_the_cc_block_is_none(units):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 77/UBND-NC\nGia Lai, ngày 10 tháng 3 năm 2021\nV/v treo cờ\nKính gửi: Sở Nội vụ\n\n"
            "Sở Nội vụ hướng dẫn các cơ quan treo cờ Tổ quốc trước ngày 30/3/2021./.\n\nNơi nhận:\n- Như trên;\n"
            "- Bộ trưởng (để báo cáo);\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n")
    assert build_proposal(parse_document(text), text=text)["report_request"] is None


def test_a_department_of_another_province_is_named_with_its_province(units):
    text = read_text(PLANS.parent / "unseen" / "cv-dongthap-2310.pdf")
    proposal = build_proposal(parse_document(text), text=text)
    assert proposal["other_authority"] == "Sở Khoa học và công nghệ (UBND tỉnh Đồng Tháp)"


def test_a_commune_plan_keeps_every_item_of_its_organisation_section(units):
    text = read_text(PLANS.parent / "unseen" / "kh-xa-iakha-42.txt")
    proposal = build_proposal(parse_document(text), text=text)
    assert [t["label"] for t in proposal["tasks"]] == ["V.1", "V.2", "V.3"]


def test_remembered_bodies_are_listed_on_the_import_page_and_can_be_forgotten(client, sonoivu, units):
    from cchc.directives.importing import do_mark_not_ours

    do_mark_not_ours(["Bộ Thông tin và Truyền thông"], acting_user=sonoivu)
    body = ExternalBody.objects.get()
    client.force_login(sonoivu)
    page = client.get(reverse("directives:import")).content.decode()
    assert "1 cơ quan ngoài tỉnh được bỏ qua khi nhập" in page and "Bộ Thông tin và Truyền thông" in page
    officer = make_user("stttt", Role.OFFICER, [units["stttt"]])
    client.force_login(officer)
    assert client.post(reverse("directives:forget_not_ours", args=[body.pk])).status_code == 403
    assert ExternalBody.objects.exists()
    client.force_login(sonoivu)
    response = client.post(reverse("directives:forget_not_ours", args=[body.pk]), follow=True)
    assert "Các lần nhập sau sẽ hỏi lại về “Bộ Thông tin và Truyền thông”." in response.content.decode()
    assert not ExternalBody.objects.exists()
    proposal, _text = proposal_of(PLAN_DOCX.name)
    assert "Bộ Thông tin và Truyền thông" in proposal["unresolved"]


def test_the_api_preview_keeps_its_shape_and_says_more(client, sonoivu, units):
    client.force_login(sonoivu)
    response = client.post(URL, {"file": SimpleUploadedFile(PLAN_DOCX.name, PLAN_DOCX.read_bytes())})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"draft", "proposal"}
    proposal = body["proposal"]
    assert {"metadata", "references", "recipients", "tasks", "report_request", "unresolved", "warnings",
            "duplicate_of", "source"} <= set(proposal)
    task = proposal["tasks"][1]
    assert {"label", "text", "due_date", "units", "lead", "partners", "phrases", "unresolved"} <= set(task)
    assert [{k: p[k] for k in ("text", "role")} for p in task["phrases"]] == [
        {"text": "Sở Nội vụ", "role": "lead"},
        {"text": "Sở KH&CN, Sở Công Thương, các doanh nghiệp viễn thông", "role": "partner"}]
    assert task["phrases"][0]["unit_ids"] == task["lead"] == [units["snv"].pk]
    assert sorted(task["phrases"][1]["unit_ids"]) == sorted(task["partners"]) == sorted(
        [units["skhcn"].pk, units["sct"].pk])
    assert proposal["unresolved"][:2] == ["các doanh nghiệp viễn thông", "Bộ Thông tin và Truyền thông"]
    daklak = client.post(URL, {"text": (PLANS / "cv-daklak-2468.txt").read_text(encoding="utf-8")},
                         content_type="application/json").json()["proposal"]
    assert "UBND tỉnh Đắk Lắk" in daklak["warnings"][0]


def test_the_command_marks_bodies_not_ours_and_prints_partners(units):
    import json

    out = StringIO()
    call_command("import-directive", str(PLANS / "kh-gialai-khong-bang.txt"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [t["label"] for t in result["tasks"]] == ["V.1", "V.2", "V.3", "V.4"] and result["outside"] == []
    out = StringIO()
    with pytest.raises(CommandError, match="II.2.a chưa có cơ quan chủ trì"):
        call_command("import-directive", str(PLAN_DOCX), "--yes", "--json", "--not-ours",
                     "Bộ Thông tin và Truyền thông", "--not-ours", "Công an tỉnh Đắk Lắk", stdout=out)
    result = json.loads(out.getvalue())
    task = next(t for t in result["tasks"] if t["label"] == "I.2")
    assert task["lead"] == ["snv"] and sorted(task["partners"]) == ["sct", "skhcn"]
    assert not Directive.objects.exists() and not ExternalBody.objects.exists()  # all or nothing
