"""POST /api/v1/directives/import/: preview, create, duplicates, bad files, permissions.

The endpoint is wired here too (first, ahead of the project's URLs), so these tests do not wait for the API's
urls.py to include it; the address is the real one.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cchc.demo
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.api.importing import DirectiveImportView
from cchc.directives.models import Assignment, Directive, ImportDraft
from cchc.test import make_user
from cchc.units.models import UnitAlias

urlpatterns = [
    path("api/v1/directives/import/", DirectiveImportView.as_view(), name="directive-import-under-test"),
    path("", include("cchc.urls")),
]
pytestmark = pytest.mark.urls(__name__)

URL = "/api/v1/directives/import/"
SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.fixture
def units(db):
    return load_units()


@pytest.fixture
def sonoivu(units):
    return make_user("sonoivu", Role.COORDINATOR, [units["snv"]])


@pytest.fixture
def api(client, sonoivu):
    client.force_login(sonoivu)
    return client


def seed_file(name: str = "cong-van-2031.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SEED.read_bytes())


def test_a_file_answers_the_parsed_preview(api):
    response = api.post(URL, {"file": seed_file()})
    assert response.status_code == 200
    body = response.json()
    assert body["draft"] == ImportDraft.objects.get().pk
    proposal = body["proposal"]
    assert proposal["metadata"]["number"] == "2031/UBND-NC"
    assert [len(task["units"]) for task in proposal["tasks"]] == [39, 6, 3]
    assert proposal["report_request"]["deadline"] == "2020-11-25"
    assert not Directive.objects.exists()


def test_json_text_answers_the_preview(api):
    response = api.post(URL, {"text": SEED.read_text(encoding="utf-8")}, content_type="application/json")
    assert response.status_code == 200 and len(response.json()["proposal"]["tasks"]) == 3


def test_confirm_creates_the_directive_as_read(api):
    response = api.post(URL, {"file": seed_file(), "confirm": "true"})
    assert response.status_code == 201
    body = response.json()
    directive = Directive.objects.get()
    assert body == {"id": directive.pk, "number": "2031/UBND-NC", "tasks": 3, "unresolved": []}
    assert Assignment.objects.count() == 48 and directive.original_file


def test_a_duplicate_answers_409_with_the_existing_directive(api):
    assert api.post(URL, {"file": seed_file(), "confirm": "true"}).status_code == 201
    response = api.post(URL, {"text": SEED.read_text(encoding="utf-8"), "confirm": True},
                        content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    existing = Directive.objects.get()
    assert body["duplicate_of"] == existing.pk and body["url"] == f"/directives/{existing.pk}/"
    assert "2031/UBND-NC" in body["detail"]
    assert Directive.objects.count() == 1


def test_a_corrected_draft_is_confirmed_with_mappings(api, units):
    text = SEED.read_text(encoding="utf-8").replace("Báo Gia Lai; Đài", "Báo Văn nghệ Gia Lai; Đài")
    preview = api.post(URL, {"text": text}, content_type="application/json").json()
    assert preview["proposal"]["unresolved"] == ["Báo Văn nghệ Gia Lai"]
    proposal = preview["proposal"]
    proposal["tasks"] = proposal["tasks"][2:]
    response = api.post(URL, {"draft": preview["draft"], "proposal": proposal, "confirm": True,
                              "mappings": {"Báo Văn nghệ Gia Lai": units["baogialai"].pk}},
                        content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["tasks"] == 1 and response.json()["unresolved"] == []
    directive = Directive.objects.get()
    assert set(directive.tasks.get().assignments.values_list("unit__code", flat=True)) == {
        "baogialai", "dai-ptth", "cong-ttdt"}
    assert UnitAlias.objects.filter(name="Báo Văn nghệ Gia Lai", unit=units["baogialai"]).exists()


def test_unresolved_phrases_are_reported_when_confirming_as_is(api):
    text = SEED.read_text(encoding="utf-8").replace("Báo Gia Lai; Đài", "Báo Văn nghệ Gia Lai; Đài")
    response = api.post(URL, {"text": text, "confirm": "1"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["unresolved"] == ["Báo Văn nghệ Gia Lai"]


@pytest.mark.parametrize(("name", "content", "words"), [
    ("cong-van.pdf", SEED.read_bytes(), "Tệp PDF “cong-van.pdf” bị hỏng"),
    ("virus.exe", b"MZ", "không được hỗ trợ"),
])
def test_a_bad_file_answers_400_with_the_reason_in_vietnamese(api, name, content, words):
    response = api.post(URL, {"file": SimpleUploadedFile(name, content), "confirm": "true"})
    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert not ImportDraft.objects.exists() and not Directive.objects.exists()


def test_nothing_sent_answers_400(api):
    assert api.post(URL, {}, content_type="application/json").status_code == 400


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER])
def test_officers_and_leaders_get_403(client, units, role):
    client.force_login(make_user("nguoidung", role, [units["stttt"]]))
    response = client.post(URL, {"file": seed_file(), "confirm": "true"})
    assert response.status_code == 403
    assert not ImportDraft.objects.exists() and not Directive.objects.exists()


def test_anonymous_callers_are_refused(client, db):
    assert client.post(URL, {"text": "abc"}, content_type="application/json").status_code in (401, 403)


def test_the_endpoint_is_in_the_openapi_schema(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert "/api/v1/directives/import/" in response.content.decode()


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null", "[]"])
def test_a_body_that_is_not_an_object_answers_400_in_vietnamese(api, body):
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert "đối tượng JSON" in response.json()["detail"]
    assert not ImportDraft.objects.exists()


@pytest.mark.parametrize(("proposal", "words"), [
    ("chuỗi", "phải là một đối tượng JSON"),
    ([1, 2], "phải là một đối tượng JSON"),
    ({"tasks": "một nhiệm vụ"}, "“tasks” phải là một danh sách"),
    ({"tasks": [1]}, "“tasks” có giá trị sai kiểu"),
    ({"tasks": [{"text": ["a"]}]}, "“tasks.text” phải là chuỗi văn bản"),
    ({"tasks": [{"text": "a", "units": [{"id": 1}]}]}, "“tasks.units” có giá trị sai kiểu"),
    ({"tasks": [{"text": "a", "due_date": "30/11/2020"}]}, "không phải là ngày"),
    ({"metadata": []}, "“metadata” phải là một đối tượng"),
    ({"metadata": {"date": 20201120}}, "“metadata.date” phải là chuỗi văn bản"),
    ({"metadata": {"year": "hai nghìn"}}, "“metadata.year” phải là một số"),
    ({"report_request": "có"}, "“report_request” phải là một đối tượng"),
    ({"report_request": {"text": "Báo cáo", "units": "tất cả"}}, "“report_request.units” phải là một danh sách"),
    ({"recipients": [{"unit_ids": None, "unresolved": [3]}]}, "“recipients.unresolved” có giá trị sai kiểu"),
])
def test_a_malformed_proposal_answers_400_in_vietnamese(api, proposal, words):
    preview = api.post(URL, {"text": SEED.read_text(encoding="utf-8")}, content_type="application/json").json()
    response = api.post(URL, {"draft": preview["draft"], "proposal": proposal, "confirm": True},
                        content_type="application/json")
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]
    assert not Directive.objects.exists()
    assert ImportDraft.objects.get().proposal == preview["proposal"]  # the stored draft is left as it was


def test_bad_mappings_and_unknown_units_answer_400(api):
    preview = api.post(URL, {"text": SEED.read_text(encoding="utf-8")}, content_type="application/json").json()
    response = api.post(URL, {"draft": preview["draft"], "confirm": True, "mappings": {"Báo X": "mười"}},
                        content_type="application/json")
    assert response.status_code == 400 and "không phải là đơn vị" in response.json()["detail"]
    proposal = preview["proposal"]
    proposal["tasks"][0]["units"] = [999999]
    response = api.post(URL, {"draft": preview["draft"], "proposal": proposal, "confirm": True},
                        content_type="application/json")
    assert response.status_code == 400 and "999999" in response.json()["detail"]
    assert not Directive.objects.exists()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["metadata", "tasks", "report_request", "units", "lead", "partners", "phrases", "text",
                         "date", "due_date", "unit_ids", "unresolved", "deadline", "recipients", "year", "label"]),
        children, max_size=5),
    max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(proposal=JSON, mappings=JSON)
def test_any_json_proposal_answers_without_a_server_error(api, proposal, mappings):
    Directive.objects.all().delete()  # (examples share the database: no 409 for every one after a success)
    preview = api.post(URL, {"text": SEED.read_text(encoding="utf-8")}, content_type="application/json").json()
    response = api.post(URL, {"draft": preview["draft"], "proposal": proposal, "mappings": mappings,
                              "confirm": True}, content_type="application/json")
    assert response.status_code in (201, 400, 409), response.content
    assert "detail" in response.json() or response.status_code == 201


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_a_real_proposal_with_one_value_damaged_answers_without_a_server_error(api, data):
    Directive.objects.all().delete()
    preview = api.post(URL, {"text": SEED.read_text(encoding="utf-8")}, content_type="application/json").json()
    proposal = preview["proposal"]
    node = proposal
    path = []
    while isinstance(node, (dict, list)) and node:
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
        path.append(key)
        if not isinstance(node[key], (dict, list)) or not node[key] or data.draw(st.booleans()):
            node[key] = data.draw(JSON)
            break
        node = node[key]
    response = api.post(URL, {"draft": preview["draft"], "proposal": proposal, "confirm": True},
                        content_type="application/json")
    assert response.status_code in (201, 400, 409), (path, response.content)


def test_control_characters_never_reach_the_database(api):
    text = SEED.read_text(encoding="utf-8").replace("Kính gửi", "Kính\x00 gửi", 1)
    preview = api.post(URL, {"text": text}, content_type="application/json")
    assert preview.status_code == 200 and "\x00" not in ImportDraft.objects.get().text
    proposal = preview.json()["proposal"]
    proposal["tasks"][0]["text"] = "Nội\x00 dung\x07"
    response = api.post(URL, {"draft": preview.json()["draft"], "proposal": proposal, "confirm": True,
                              "mappings": {"Báo\x00": None}, "not_ours": ["Bộ\x00 Nội vụ"]},
                        content_type="application/json")
    assert response.status_code == 201, response.content
    assert Directive.objects.get().tasks.order_by("order").first().text == "Nội dung"
