from datetime import date

import pytest

from cchc.directives.models import Assignment

from . import test_pages_fixtures as fixtures
from .test_pages_fixtures import DONE, IN_PROGRESS, TODO

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.django_db
def test_the_directive_list_is_paginated_and_shaped(coordinator_client, setup):
    body = coordinator_client.get("/api/v1/directives/").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 2
    first = body["results"][0]
    assert first == {"id": setup.directive.pk, "number": "2031/UBND-NC", "type": "Công văn", "date": "2020-10-01",
                     "subject": "Về việc đẩy mạnh tuyên truyền cải cách hành chính năm 2020",
                     "issuer": "Ủy ban nhân dân tỉnh Gia Lai"}


@pytest.mark.django_db
def test_the_directive_list_filters(coordinator_client, setup):
    def numbers(**params):
        return [d["number"] for d in results(coordinator_client.get("/api/v1/directives/", params))]

    assert numbers(q="DAY MANH") == ["2031/UBND-NC"]
    assert numbers(year=2020) == ["2031/UBND-NC", "45/KH-SNV"]
    assert numbers(issuer="Sở Nội vụ tỉnh Gia Lai") == ["45/KH-SNV"]
    assert numbers(status="open") == ["2031/UBND-NC", "45/KH-SNV"]
    assert numbers(status="done") == []
    assert coordinator_client.get("/api/v1/directives/", {"status": "bogus"}).status_code == 400


@pytest.mark.django_db
def test_the_directive_detail_has_tasks_with_counts_and_report_requests(coordinator_client, setup):
    body = coordinator_client.get(f"/api/v1/directives/{setup.directive.pk}/").json()
    tasks = body["tasks"]
    assert [task["label"] for task in tasks] == ["1", "2", "3"]
    assert tasks[0] == {"id": setup.tasks[0].pk, "label": "1", "text": setup.tasks[0].text, "due_date": "2020-11-15",
                        "assignments": {"todo": 1, "in_progress": 1, "done": 2}}  # Bưu điện is not expected
    assert tasks[2]["due_date"] == "2020-11-25"  # the report deadline
    assert tasks[2]["assignments"] == {"todo": 1, "in_progress": 0, "done": 1}
    assert body["report_requests"] == [{"id": body["report_requests"][0]["id"], "text": "Báo cáo kết quả thực hiện",
                                        "deadline": "2020-11-25", "units_count": 2}]


@pytest.mark.django_db
def test_an_officer_sees_only_the_directives_of_her_units_and_their_counts(alice_client, setup):
    assert [d["number"] for d in results(alice_client.get("/api/v1/directives/"))] == ["2031/UBND-NC"]
    assert alice_client.get(f"/api/v1/directives/{setup.other.pk}/").status_code == 404
    tasks = alice_client.get(f"/api/v1/directives/{setup.directive.pk}/").json()["tasks"]
    assert [task["assignments"] for task in tasks] == [
        {"todo": 0, "in_progress": 0, "done": 1}, {"todo": 0, "in_progress": 1, "done": 0},
        {"todo": 1, "in_progress": 0, "done": 0}]


@pytest.mark.django_db
def test_the_import_path_is_not_taken_for_a_directive_id(coordinator_client, setup):
    from django.urls import Resolver404, resolve

    try:
        name = resolve("/api/v1/directives/import/").url_name
    except Resolver404:
        name = None
    assert name != "directive-detail"
    assert resolve(f"/api/v1/directives/{setup.directive.pk}/").url_name == "directive-detail"


@pytest.mark.django_db
def test_assignments_are_shaped_and_filtered(coordinator_client, setup):
    rows = results(coordinator_client.get("/api/v1/assignments/", {"directive": setup.directive.pk, "unit":
                                                                   setup(1, "stttt").unit_id}))
    assert [row["id"] for row in rows] == [setup(1, "stttt").pk, setup(3, "stttt").pk, setup(2, "stttt").pk]
    assert rows[0] == {
        "id": setup(1, "stttt").pk, "task": setup.tasks[0].pk, "directive": setup.directive.pk,
        "unit": setup(1, "stttt").unit_id, "role": "assignee", "status": "done", "due_date": "2020-11-15",
        "completed_at": "2020-11-10", "overdue": False, "notes": "", "links": [], "updated_at": rows[0]["updated_at"],
    }
    overdue = results(coordinator_client.get("/api/v1/assignments/", {"overdue": "true"}))
    assert {row["id"] for row in overdue} == {setup(1, "ubnd-chupah").pk, setup(1, "mttq").pk}
    assert all(row["overdue"] for row in overdue)
    not_overdue = results(coordinator_client.get("/api/v1/assignments/", {"overdue": "false"}))
    assert len(not_overdue) == 11 - 2 and not any(row["overdue"] for row in not_overdue)
    done = results(coordinator_client.get("/api/v1/assignments/", {"status": "done"}))
    assert {row["id"] for row in done} == {setup(1, "stttt").pk, setup(1, "ubnd-pleiku").pk, setup(3, "stp").pk}
    buudien = setup(1, "buudien")  # closed before the due date: listed, but not overdue
    assert coordinator_client.get(f"/api/v1/assignments/{buudien.pk}/").json()["overdue"] is False
    districts = results(coordinator_client.get("/api/v1/assignments/", {"unit_kind": "district",
                                                                        "directive": setup.directive.pk}))
    assert len(districts) == 3  # Pleiku: tasks 1 and 2; Chư Păh: task 1


@pytest.mark.django_db
def test_an_officer_patches_her_assignment(alice_client, alice, setup):
    assignment = setup(2, "stttt")
    response = alice_client.patch(f"/api/v1/assignments/{assignment.pk}/", {
        "status": "done", "completed_at": "2020-11-18", "notes": "Xong", "links": ["https://stttt.example/a"]},
        content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "done" and body["completed_at"] == "2020-11-18" and body["links"] == [
        "https://stttt.example/a"]
    assignment.refresh_from_db()
    assert assignment.updated_by == alice and assignment.notes == "Xong"
    response = alice_client.patch(f"/api/v1/assignments/{assignment.pk}/", {"status": "in_progress"},
                                  content_type="application/json")
    assert response.json()["completed_at"] is None


@pytest.mark.django_db
def test_the_api_explains_the_rules(alice_client, setup):
    url = f"/api/v1/assignments/{setup(2, 'stttt').pk}/"
    response = alice_client.patch(url, {"status": "done"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"completed_at": ["Nhập ngày hoàn thành nhiệm vụ."]}
    response = alice_client.patch(url, {"status": "done", "completed_at": "2020-12-01"},
                                  content_type="application/json")
    assert "tương lai" in response.json()["completed_at"][0]
    response = alice_client.patch(url, {"links": "ftp://x.example"}, content_type="application/json")
    assert response.status_code == 400 and "links" in response.json()
    assert Assignment.objects.get(pk=setup(2, "stttt").pk).status == IN_PROGRESS


@pytest.mark.django_db
def test_an_officer_cannot_reach_another_units_assignment(alice_client, setup):
    other = setup(1, "ubnd-pleiku")
    assert alice_client.get(f"/api/v1/assignments/{other.pk}/").status_code == 404
    assert alice_client.patch(f"/api/v1/assignments/{other.pk}/", {"status": TODO},
                              content_type="application/json").status_code == 404
    assert {row["unit"] for row in results(alice_client.get("/api/v1/assignments/"))} == {setup(1, "stttt").unit_id}
    assert alice_client.get("/api/v1/assignments/", {"unit": other.unit_id}).status_code == 400  # not a choice
    assert Assignment.objects.get(pk=other.pk).status == DONE


@pytest.mark.django_db
def test_leaders_read_and_cannot_patch(leader_client, setup):
    assignment = setup(2, "stttt")
    assert len(results(leader_client.get("/api/v1/assignments/"))) == 11
    response = leader_client.patch(f"/api/v1/assignments/{assignment.pk}/", {"status": DONE,
                                                                             "completed_at": "2020-11-19"},
                                   content_type="application/json")
    assert response.status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).status == IN_PROGRESS


@pytest.mark.django_db
def test_assignments_cannot_be_created_replaced_or_deleted(coordinator_client, setup):
    url = f"/api/v1/assignments/{setup(2, 'stttt').pk}/"
    assert coordinator_client.put(url, {}, content_type="application/json").status_code == 405
    assert coordinator_client.delete(url).status_code == 405
    assert coordinator_client.post("/api/v1/assignments/", {}).status_code == 405
    assert coordinator_client.post("/api/v1/directives/", {}).status_code == 405


@pytest.mark.django_db
def test_the_schema_documents_the_directives_api(client, setup):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/directives/{id}/" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/assignments/{id}/"]
    assert date(2020, 11, 20)  # the clock is fixed for the fixture
