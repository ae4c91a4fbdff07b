import importlib
import io
import sys
import types
from datetime import date

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc import test as personas
from cchc.core.choices import Role
from cchc.directives.models import Assignment, Directive
from cchc.reminders.models import ReminderPolicy
from cchc.units import choices as kinds

from . import test_pages_fixtures as fixtures
from .test_pages_fixtures import IN_PROGRESS, TODO, assign

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


def html(response):
    return response.content.decode()


def patch_reminders(monkeypatch, module, name, fake):
    """Replace ``module.name`` (importing the module, or faking it while the reminders work is not there yet)."""
    try:
        target = importlib.import_module(module)
    except ImportError:
        target = types.ModuleType(module)
        monkeypatch.setitem(sys.modules, module, target)
    monkeypatch.setattr(target, name, fake, raising=False)


# --- List ---------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_list_shows_directives_with_counts_in_vietnamese(coordinator_client, setup):
    response = coordinator_client.get("/directives/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Văn bản chỉ đạo</h1>" in page
    assert "Công văn 2031/UBND-NC" in page and "01/10/2020" in page and "Kế hoạch 45/KH-SNV" in page
    counts = dict((directive.pk, c) for directive, c in response.context["directives"])
    # 5 units expected (Bưu điện closed before the due dates drops out); 3 of 8 done; chupah and mttq overdue.
    assert counts[setup.directive.pk] == {"units": 5, "assignments": 8, "done": 3, "overdue": 2}
    assert counts[setup.other.pk] == {"units": 1, "assignments": 1, "done": 0, "overdue": 0}


@pytest.mark.django_db
def test_the_list_counts_take_a_fixed_number_of_queries(coordinator_client, setup, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        coordinator_client.get("/directives/")


@pytest.mark.django_db
def test_the_list_searches_without_diacritics_and_filters(coordinator_client, setup):
    def numbers(**params):
        return [d.number for d, _counts in coordinator_client.get("/directives/", params).context["directives"]]

    assert numbers(q="day manh tuyen truyen") == ["2031/UBND-NC"]
    assert numbers(q="kiem tra") == ["45/KH-SNV"]
    assert numbers(issuer="Sở Nội vụ tỉnh Gia Lai") == ["45/KH-SNV"]
    assert numbers(year="2020") == ["2031/UBND-NC", "45/KH-SNV"]
    assert numbers(status="open") == ["2031/UBND-NC", "45/KH-SNV"]
    for assignment in Assignment.objects.filter(task__directive=setup.other):
        assignment.status, assignment.completed_on = "done", date(2020, 11, 2)
        assignment.save()
    assert numbers(status="done") == ["45/KH-SNV"]
    assert numbers(status="open") == ["2031/UBND-NC"]


@pytest.mark.django_db
def test_an_officer_sees_only_the_directives_that_concern_her_units(alice_client, bob_client, setup):
    assert [d.number for d, _c in alice_client.get("/directives/").context["directives"]] == ["2031/UBND-NC"]
    assert len(bob_client.get("/directives/").context["directives"]) == 2
    assert alice_client.get(f"/directives/{setup.other.pk}/").status_code == 404


# --- Detail and matrix --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_detail_shows_metadata_references_report_requests_and_the_matrix(coordinator_client, setup):
    response = coordinator_client.get(f"/directives/{setup.directive.pk}/")
    assert response.status_code == 200
    page = html(response)
    for text in ("2031/UBND-NC", "Công văn", "01/10/2020", "Ủy ban nhân dân tỉnh Gia Lai", "Võ Ngọc Thành",
                 "Kế hoạch 123/KH-UBND", "ngày 15/01/2020", "Báo cáo kết quả thực hiện", "25/11/2020",
                 "Nhiệm vụ 1", "Nhiệm vụ 3", "hoàn thành đúng hạn", "hoàn thành muộn", "quá hạn", "đang thực hiện",
                 "chưa thực hiện", "Đôn đốc", "Công văn đôn đốc", "Xuất XLSX"):
        assert text in page, text
    assert response.context["report_requests"][0].units_count == 2
    matrix = response.context["matrix"]
    # Rows: by unit kind (department, district, mass organisation), then Vietnamese name; Bưu điện dropped out.
    assert [row.unit.code for row in matrix.rows] == ["stttt", "stp", "ubnd-chupah", "ubnd-pleiku", "mttq"]
    assert [group.kind.code for group in matrix.groups] == [kinds.DEPARTMENT, kinds.DISTRICT, kinds.MASS_ORG]
    stttt = matrix.rows[0]
    assert [cell.state for cell in stttt.cells] == ["on_time", "in_progress", "todo"]
    assert matrix.rows[1].cells[0] is None  # Sở Tư pháp has only task 3
    assert f'href="/tasks/{setup(1, "stttt").pk}/"' in page


@pytest.mark.django_db
def test_the_matrix_counts_per_task_and_overall(coordinator_client, setup):
    matrix = coordinator_client.get(f"/directives/{setup.directive.pk}/").context["matrix"]
    task1, task2, task3 = matrix.task_counts
    assert task1 == {"assigned": 4, "todo": 0, "in_progress": 0, "on_time": 1, "late": 1, "overdue": 2}
    assert task2 == {"assigned": 2, "todo": 1, "in_progress": 1, "on_time": 0, "late": 0, "overdue": 0}
    assert task3 == {"assigned": 2, "todo": 1, "in_progress": 0, "on_time": 1, "late": 0, "overdue": 0}
    assert matrix.total == {"assigned": 8, "todo": 2, "in_progress": 1, "on_time": 2, "late": 1, "overdue": 2}


@pytest.mark.django_db
def test_the_matrix_filters_by_unit_kind_status_and_overdue(coordinator_client, setup):
    url = f"/directives/{setup.directive.pk}/"

    def rows(**params):
        matrix = coordinator_client.get(url, params).context["matrix"]
        return {row.unit.code: [cell.state if cell else None for cell in row.cells] for row in matrix.rows}

    assert set(rows(unit_kind=kinds.DISTRICT)) == {"ubnd-pleiku", "ubnd-chupah"}
    assert rows(overdue="true") == {"ubnd-chupah": ["overdue", None, None], "mttq": ["overdue", None, None]}
    assert rows(status="done") == {"stttt": ["on_time", None, None], "ubnd-pleiku": ["late", None, None],
                                   "stp": [None, None, "on_time"]}
    assert rows(status=TODO, unit_kind=kinds.DEPARTMENT) == {"stttt": [None, None, "todo"]}
    assert "overdue" not in str(rows(overdue="false"))


@pytest.mark.django_db
def test_an_officer_sees_only_her_units_row_and_no_manager_buttons(alice_client, setup):
    response = alice_client.get(f"/directives/{setup.directive.pk}/")
    assert response.status_code == 200
    assert [row.unit.code for row in response.context["matrix"].rows] == ["stttt"]
    assert "Đôn đốc" not in html(response)


@pytest.mark.django_db
def test_the_detail_page_queries_do_not_grow_with_the_number_of_units(coordinator_client, setup):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert coordinator_client.get(f"/directives/{setup.directive.pk}/").status_code == 200
        return len(context.captured_queries)

    def add_units(start, count):
        for number in range(start, start + count):
            unit = personas.make_unit(f"xa-{number}", kinds.COMMUNE, f"Ủy ban nhân dân xã số {number}")
            for task in setup.tasks:
                assign(task, unit, IN_PROGRESS)

    add_units(0, 5)
    few = queries()
    add_units(5, 25)
    many = queries()
    assert many == few
    assert len(coordinator_client.get(f"/directives/{setup.directive.pk}/").context["matrix"].rows) == 35


@pytest.mark.django_db
def test_the_original_file_is_served_through_a_checked_view(coordinator_client, alice_client, province, setup):
    setup.directive.original_file.save("cv-2031.pdf", ContentFile(b"%PDF-1.4 van ban goc"))
    response = coordinator_client.get(f"/directives/{setup.directive.pk}/?download=original")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 van ban goc"
    assert "attachment" in response["Content-Disposition"] and "cv-2031.pdf" in response["Content-Disposition"]
    assert f"/directives/{setup.directive.pk}/?download=original" in html(
        coordinator_client.get(f"/directives/{setup.directive.pk}/"))
    assert "/media/" not in html(coordinator_client.get(f"/directives/{setup.directive.pk}/"))
    assert alice_client.get(f"/directives/{setup.directive.pk}/?download=original").status_code == 200
    carol = personas.make_user("carol", Role.OFFICER, [province.snv])
    from django.test import Client

    client = Client()
    client.force_login(carol)
    assert client.get(f"/directives/{setup.directive.pk}/?download=original").status_code == 404
    assert coordinator_client.get(f"/directives/{setup.other.pk}/?download=original").status_code == 404


# --- Export -------------------------------------------------------------------------------------------------------

def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.mark.django_db
def test_the_matrix_exports_to_xlsx_with_vietnamese_headers(coordinator_client, setup):
    response = coordinator_client.get(f"/directives/{setup.directive.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="tien-do-2031-UBND-NC.xlsx"' in response["Content-Disposition"]
    sheet = _sheet(response)
    assert sheet["A1"].value == "Công văn 2031/UBND-NC ngày 01/10/2020 — Ủy ban nhân dân tỉnh Gia Lai"
    assert sheet["A2"].value.startswith("Về việc đẩy mạnh")
    assert sheet["A3"].value == "Tình hình đến ngày 20/11/2020"
    header = [cell.value for cell in sheet[5]]
    assert header == ["STT", "Đơn vị", "Loại đơn vị", "Nhiệm vụ 1", "Nhiệm vụ 2", "Nhiệm vụ 3",
                      "Hoàn thành đúng hạn", "Hoàn thành muộn", "Quá hạn"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6, max_row=10)]
    assert [row[1] for row in rows] == ["Sở Thông tin và Truyền thông tỉnh Gia Lai", "Sở Tư pháp tỉnh Gia Lai",
                                        "Ủy ban nhân dân huyện Chư Păh", "Ủy ban nhân dân thành phố Pleiku",
                                        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai"]
    assert rows[0][3:] == ["hoàn thành đúng hạn (10/11/2020)", "đang thực hiện", "chưa thực hiện", 1, 0, 0]
    assert rows[3][3] == "hoàn thành muộn (18/11/2020)"
    assert rows[2][3] == "quá hạn"
    assert rows[1][3] in (None, "")
    assert sheet.cell(row=11, column=1).value is None  # one row per unit, then the totals
    totals = {row[1]: row[3:6] for row in sheet.iter_rows(min_row=12, values_only=True)}
    assert totals["Được giao"] == (4, 2, 2) and totals["Quá hạn"] == (2, 0, 0)


@pytest.mark.django_db
def test_the_export_applies_the_filter_and_restrict(coordinator_client, alice_client, leader_client, setup):
    sheet = _sheet(coordinator_client.get(f"/directives/{setup.directive.pk}/export.xlsx", {"overdue": "true"}))
    assert "(lọc: Chỉ việc quá hạn: có)" in sheet["A3"].value
    assert [sheet.cell(row=r, column=2).value for r in (6, 7, 8)] == [
        "Ủy ban nhân dân huyện Chư Păh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", None]
    sheet = _sheet(alice_client.get(f"/directives/{setup.directive.pk}/export.xlsx"))
    assert sheet.cell(row=6, column=2).value == "Sở Thông tin và Truyền thông tỉnh Gia Lai"
    assert sheet.cell(row=7, column=2).value is None
    assert alice_client.get(f"/directives/{setup.other.pk}/export.xlsx").status_code == 404
    assert leader_client.get(f"/directives/{setup.directive.pk}/export.xlsx").status_code == 200


# --- Đôn đốc and the letter ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_remind_calls_the_reminders_action_with_exactly_the_overdue_assignments(coordinator_client, coordinator,
                                                                                   setup, monkeypatch):
    calls = []

    def fake(obligations, *, acting_user, message=""):
        calls.append((list(obligations), acting_user, message))
        return []

    patch_reminders(monkeypatch, "cchc.reminders.actions", "do_remind_now", fake)
    response = coordinator_client.post(f"/directives/{setup.directive.pk}/remind/", {"message": " Khẩn "},
                                       follow=True)
    assert response.redirect_chain[-1][0] == f"/directives/{setup.directive.pk}/"
    (obligations, user, message), = calls
    assert {o.pk for o in obligations} == {setup(1, "ubnd-chupah").pk, setup(1, "mttq").pk}
    assert {o.kind for o in obligations} == {"assignment"} and user == coordinator and message == "Khẩn"
    assert "Đã gửi nhắc việc tới 0 đơn vị." in html(response)  # the fake sent nothing


@pytest.mark.django_db
def test_remind_reports_the_units_reminded(coordinator_client, setup, monkeypatch):
    class Sent:
        def __init__(self, obligation):
            self.unit_id = obligation.unit.pk

    patch_reminders(monkeypatch, "cchc.reminders.actions", "do_remind_now",
                    lambda obligations, *, acting_user, message="": [Sent(o) for o in obligations])
    response = coordinator_client.post(f"/directives/{setup.directive.pk}/remind/", follow=True)
    assert "Đã gửi nhắc việc tới 2 đơn vị." in html(response)


@pytest.mark.django_db
def test_remind_without_late_units_sends_nothing(coordinator_client, setup, monkeypatch):
    patch_reminders(monkeypatch, "cchc.reminders.actions", "do_remind_now",
                    lambda *args, **kwargs: pytest.fail("nothing to remind"))
    response = coordinator_client.post(f"/directives/{setup.other.pk}/remind/", follow=True)
    assert "Không có đơn vị nào chậm" in html(response)


@pytest.mark.django_db
def test_remind_is_for_coordinators_only(leader_client, alice_client, setup, monkeypatch):
    patch_reminders(monkeypatch, "cchc.reminders.actions", "do_remind_now",
                    lambda *args, **kwargs: pytest.fail("must not be called"))
    assert leader_client.post(f"/directives/{setup.directive.pk}/remind/").status_code == 403
    assert alice_client.post(f"/directives/{setup.directive.pk}/remind/").status_code == 403
    assert leader_client.get(f"/directives/{setup.directive.pk}/letter.docx").status_code == 403


@pytest.mark.django_db
def test_the_reminder_letter_is_a_docx_about_the_overdue_assignments(coordinator_client, setup, monkeypatch):
    calls = {}

    def fake(*, about, obligations, today, **kwargs):
        calls.update(about=about, obligations=obligations, today=today)
        return b"PK\x03\x04 docx"

    patch_reminders(monkeypatch, "cchc.reminders.letters", "build_reminder_letter", fake)
    response = coordinator_client.get(f"/directives/{setup.directive.pk}/letter.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="cong-van-don-doc-2031-UBND-NC.docx"'
    assert response.content == b"PK\x03\x04 docx"
    assert calls["today"] == date(2020, 11, 20)
    assert {o.unit.code for o in calls["obligations"]} == {"ubnd-chupah", "mttq"}
    assert calls["about"] == ("Công văn số 2031/UBND-NC ngày 01/10/2020 của Ủy ban nhân dân tỉnh Gia Lai về đẩy mạnh "
                              "tuyên truyền cải cách hành chính năm 2020")


# --- Edit ---------------------------------------------------------------------------------------------------------

def _edit_data(directive, tasks, **changes):
    data = {"doc_type": directive.doc_type, "number": directive.number, "date": directive.date.isoformat(),
            "place": directive.place, "issuer": directive.issuer, "parent_issuer": "", "subject": directive.subject,
            "signer": directive.signer, "signer_position": directive.signer_position, "policy": ""}
    for task in tasks:
        data[f"task_{task.pk}"] = task.due_date.isoformat() if task.due_date else ""
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_coordinator_edits_the_metadata_policy_and_due_dates(coordinator_client, setup):
    policy = ReminderPolicy.objects.create(name="Đôn đốc gấp", days_before=[2])
    url = f"/directives/{setup.directive.pk}/edit/"
    page = html(coordinator_client.get(url))
    assert "Thời hạn của các nhiệm vụ" in page and "Chính sách nhắc việc" in page
    t1 = setup.tasks[0]
    response = coordinator_client.post(url, _edit_data(setup.directive, setup.tasks, signer="Nguyễn Văn A",
                                                       policy=str(policy.pk), **{f"task_{t1.pk}": "2020-12-05"}),
                                       follow=True)
    assert response.redirect_chain[-1][0] == f"/directives/{setup.directive.pk}/"
    assert "Đã lưu các thay đổi" in html(response)
    directive = Directive.objects.get(pk=setup.directive.pk)
    assert directive.signer == "Nguyễn Văn A" and directive.policy == policy
    assert Assignment.objects.get(pk=setup(1, "mttq").pk).due_date == date(2020, 12, 5)
    assert Assignment.objects.get(pk=setup(1, "stttt").pk).due_date == date(2020, 11, 15)
    # No longer overdue on the matrix.
    assert coordinator_client.get(f"/directives/{setup.directive.pk}/").context["matrix"].total["overdue"] == 0


@pytest.mark.django_db
def test_the_edit_form_explains_errors_in_vietnamese(coordinator_client, setup):
    url = f"/directives/{setup.directive.pk}/edit/"
    response = coordinator_client.post(url, _edit_data(setup.directive, setup.tasks,
                                                       **{f"task_{setup.tasks[0].pk}": "2020-09-01"}))
    assert response.status_code == 200
    assert "Thời hạn không thể trước ngày ban hành văn bản (01/10/2020)." in html(response)
    assert Assignment.objects.get(pk=setup(1, "mttq").pk).due_date == date(2020, 11, 15)


@pytest.mark.django_db
def test_leaders_and_officers_cannot_edit(leader_client, alice_client, setup):
    url = f"/directives/{setup.directive.pk}/edit/"
    for client in (leader_client, alice_client):
        assert client.get(url).status_code == 403
        assert client.post(url, _edit_data(setup.directive, setup.tasks, signer="X")).status_code == 403
    assert Directive.objects.get(pk=setup.directive.pk).signer == "Võ Ngọc Thành"


@pytest.mark.django_db
def test_a_leader_reads_the_list_and_the_matrix(leader_client, setup):
    assert leader_client.get("/directives/").status_code == 200
    response = leader_client.get(f"/directives/{setup.directive.pk}/")
    assert response.status_code == 200 and len(response.context["matrix"].rows) == 5
    assert "Đôn đốc" not in html(response)
