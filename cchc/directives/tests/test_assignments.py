from datetime import date

import pytest

from cchc import test as personas
from cchc.core.choices import Role
from cchc.directives.models import Assignment

from . import test_pages_fixtures as fixtures
from .test_pages_fixtures import DONE, IN_PROGRESS, assign

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


def html(response):
    return response.content.decode()


@pytest.mark.django_db
def test_my_tasks_lists_what_her_unit_owes_soonest_first_with_overdue_marked(alice_client, setup):
    response = alice_client.get("/tasks/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Việc của đơn vị</h1>" in page
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [setup(3, "stttt").pk, setup(2, "stttt").pk, setup(1, "stttt").pk]
    assert {row.unit.code for row in rows} == {"stttt"}
    assert not response.context["grouped"]
    assert 'data-testid="overdue-badge"' not in page


@pytest.mark.django_db
def test_overdue_tasks_show_a_red_badge_with_the_days(bob_client, setup):
    setup(1, "ubnd-pleiku").status = IN_PROGRESS
    setup(1, "ubnd-pleiku").completed_on = None
    setup(1, "ubnd-pleiku").save()
    response = bob_client.get("/tasks/")
    page = html(response)
    assert '<span class="badge text-bg-danger" data-testid="overdue-badge">Quá hạn 5 ngày</span>' in page
    assert response.context["rows"][0].pk == setup(1, "ubnd-pleiku").pk
    assert response.context["overdue_count"] == 1
    overdue = bob_client.get("/tasks/", {"status": "overdue"}).context["rows"]
    assert [row.pk for row in overdue] == [setup(1, "ubnd-pleiku").pk]


@pytest.mark.django_db
def test_my_tasks_filters_by_status(alice_client, setup):
    def pks(status):
        return {row.pk for row in alice_client.get("/tasks/", {"status": status}).context["rows"]}

    assert pks("done") == {setup(1, "stttt").pk}
    assert pks("in_progress") == {setup(2, "stttt").pk}
    assert pks("todo") == {setup(3, "stttt").pk}
    assert pks("open") == {setup(2, "stttt").pk, setup(3, "stttt").pk}
    assert pks("nonsense") == pks("")


@pytest.mark.django_db
def test_an_officer_of_several_units_sees_them_grouped(province, setup):
    from django.test import Client

    dung = personas.make_user("dung", Role.OFFICER, [province.stttt, province.pleiku])
    client = Client()
    client.force_login(dung)
    response = client.get("/tasks/")
    assert response.context["grouped"]
    assert [unit.code for unit, _rows in response.context["groups"]] == ["stttt", "ubnd-pleiku"]
    assert html(response).count('data-testid="unit-group"') == 2


@pytest.mark.django_db
def test_closed_units_drop_out_of_my_tasks(province, setup):
    from django.test import Client

    postman = personas.make_user("buudien", Role.OFFICER, [province.buudien])
    client = Client()
    client.force_login(postman)
    assert client.get("/tasks/").context["rows"] == []


@pytest.mark.django_db
def test_the_assignment_page_shows_the_task_directive_file_and_history(alice_client, setup):
    assignment = setup(2, "stttt")
    response = alice_client.get(f"/tasks/{assignment.pk}/")
    assert response.status_code == 200
    page = html(response)
    assert "Tổ chức hội nghị đối thoại về thủ tục hành chính." in page
    assert "Công văn 2031/UBND-NC" in page and "31/12/2020" in page
    assert "Lịch sử cập nhật" in page
    assert response.context["form"].initial["completed_on"] == date(2020, 11, 20)  # the clock's today


@pytest.mark.django_db
def test_an_officer_marks_a_task_done_with_a_link(alice_client, alice, setup):
    assignment = setup(2, "stttt")
    response = alice_client.post(f"/tasks/{assignment.pk}/", {
        "status": DONE, "completed_on": "2020-11-19", "notes": "Đã tổ chức",
        "links": "https://stttt.gialai.gov.vn/hoi-nghi\nhttp://baogialai.com.vn/bai-1",
    }, follow=True)
    assert response.redirect_chain[-1][0] == f"/tasks/{assignment.pk}/"
    assert "Đã lưu tiến độ" in html(response)
    assignment.refresh_from_db()
    assert assignment.status == DONE and assignment.completed_on == date(2020, 11, 19)
    assert assignment.link_list() == ["https://stttt.gialai.gov.vn/hoi-nghi", "http://baogialai.com.vn/bai-1"]
    assert assignment.updated_by == alice
    assert "Nguyễn Thị An" in html(response)  # the history names her
    assert "hoàn thành đúng hạn" in html(response)


@pytest.mark.django_db
def test_the_form_explains_errors_in_vietnamese(alice_client, setup):
    assignment = setup(2, "stttt")
    url = f"/tasks/{assignment.pk}/"
    page = html(alice_client.post(url, {"status": DONE, "completed_on": ""}))
    assert "Nhập ngày hoàn thành nhiệm vụ." in page
    page = html(alice_client.post(url, {"status": DONE, "completed_on": "2020-11-25"}))
    assert "Ngày hoàn thành không thể ở tương lai (hôm nay là 20/11/2020)." in page
    page = html(alice_client.post(url, {"status": DONE, "completed_on": "2020-09-25"}))
    assert "Ngày hoàn thành không thể trước ngày ban hành văn bản (01/10/2020)." in page
    page = html(alice_client.post(url, {"status": IN_PROGRESS, "links": "www.khong-co-giao-thuc.vn"}))
    assert "không phải địa chỉ web hợp lệ" in page
    assignment.refresh_from_db()
    assert assignment.status == IN_PROGRESS and assignment.links == ""


@pytest.mark.django_db
def test_an_officer_cannot_read_or_change_another_units_assignment(alice_client, setup):
    other = setup(1, "ubnd-pleiku")
    assert alice_client.get(f"/tasks/{other.pk}/").status_code == 404
    assert alice_client.post(f"/tasks/{other.pk}/", {"status": "todo"}).status_code == 404
    assert Assignment.objects.get(pk=other.pk).status == DONE


@pytest.mark.django_db
def test_a_leader_reads_an_assignment_but_cannot_change_it(leader_client, setup):
    assignment = setup(2, "stttt")
    response = leader_client.get(f"/tasks/{assignment.pk}/")
    assert response.status_code == 200 and 'data-testid="assignment-form"' not in html(response)
    assert leader_client.post(f"/tasks/{assignment.pk}/", {"status": DONE, "completed_on": "2020-11-19"}
                              ).status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).status == IN_PROGRESS


@pytest.mark.django_db
def test_a_coordinator_can_correct_any_assignment(coordinator_client, coordinator, setup):
    assignment = setup(1, "mttq")
    coordinator_client.post(f"/tasks/{assignment.pk}/", {"status": DONE, "completed_on": "2020-11-14"})
    assignment.refresh_from_db()
    assert assignment.status == DONE and assignment.updated_by == coordinator


@pytest.mark.django_db
def test_a_new_assignment_of_another_unit_stays_out_of_reach(alice_client, province, setup):
    new = assign(setup.tasks[1], province.stp)
    assert alice_client.get(f"/tasks/{new.pk}/").status_code == 404
