"""Pages of the communication log: scoping, forms with evidence files, locking, export."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from cchc.reports.activities import do_add_evidence
from cchc.reports.models import Activity, Evidence

from .test_activities import lock, make_activity, make_taxonomy
from .test_evidence import PDF, png_bytes, stored_files, upload


def form_data(channel, topics=(), **extra):
    data = {"date": "2020-03-15", "channel": channel.pk, "topics": [topic.pk for topic in topics],
            "title": "Tin về dịch vụ công trực tuyến", "description": "Đăng trên cổng", "quantity": "2",
            "quantity_unit": "tin", "reach": "350", "links": "https://stttt.gialai.gov.vn/tin-1"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_officers_see_only_their_units_activities(province, alice_client, bob_client):
    web, *_rest = make_taxonomy()
    mine = make_activity(province.stttt, web, title="Tin của Sở")
    theirs = make_activity(province.pleiku, web, title="Tin của Pleiku")
    response = alice_client.get("/reports/activities/")
    assert response.status_code == 200
    assert [activity.pk for activity in response.context["activities"]] == [mine.pk]
    assert alice_client.get(f"/reports/activities/{theirs.pk}/").status_code == 404
    assert alice_client.get(f"/reports/activities/{theirs.pk}/edit/").status_code == 404
    assert alice_client.post(f"/reports/activities/{theirs.pk}/delete/").status_code == 404
    assert Activity.objects.filter(pk=theirs.pk).exists()
    assert bob_client.get(f"/reports/activities/{theirs.pk}/").status_code == 200


@pytest.mark.django_db
def test_coordinator_sees_all_and_filters(province, coordinator_client):
    web, led, dvc, kq = make_taxonomy()
    first = make_activity(province.stttt, web, title="Tin dịch vụ công", quantity=3, reach=100, topics=[dvc],
                          date=date(2020, 1, 10))
    second = make_activity(province.pleiku, led, title="Phát trên màn hình LED", quantity=40, reach=5000,
                           topics=[kq], date=date(2020, 2, 10))
    response = coordinator_client.get("/reports/activities/")
    assert {activity.pk for activity in response.context["activities"]} == {first.pk, second.pk}
    assert response.context["totals"] == {"quantity": 43, "reach": 5100}
    assert response.context["show_unit"]

    def listed(**params):
        response = coordinator_client.get("/reports/activities/", params)
        return [activity.pk for activity in response.context["activities"]]

    assert listed(unit=province.pleiku.pk) == [second.pk]
    assert listed(channel="thu-cong") == [first.pk]
    assert listed(topic="thu-ket-qua") == [second.pk]
    assert listed(date_from="2020-02-01") == [second.pk]
    assert listed(date_to="2020-01-31") == [first.pk]
    assert listed(q="man hinh") == [second.pk]
    totals = coordinator_client.get("/reports/activities/", {"unit": province.stttt.pk}).context["totals"]
    assert totals == {"quantity": 3, "reach": 100}


@pytest.mark.django_db
def test_leader_reads_only(province, leader_client):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    assert leader_client.get("/reports/activities/").status_code == 200
    assert leader_client.get(activity.get_absolute_url()).status_code == 200
    assert leader_client.get("/reports/activities/new/").status_code == 403
    assert leader_client.get(f"/reports/activities/{activity.pk}/edit/").status_code == 403
    assert leader_client.post(f"/reports/activities/{activity.pk}/delete/").status_code == 403
    assert leader_client.get("/reports/activities/import/").status_code == 403
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_officer_creates_an_activity_with_evidence_files(province, alice, alice_client):
    web, _led, dvc, _kq = make_taxonomy()
    response = alice_client.get("/reports/activities/new/")
    assert response.status_code == 200
    assert response.context["form"]["unit"].initial == province.stttt
    data = form_data(web, [dvc], unit=province.stttt.pk,
                     files=[upload("anh.png", png_bytes()), upload("van-ban.pdf", PDF)])
    response = alice_client.post("/reports/activities/new/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.unit == province.stttt and activity.created_by == alice and activity.reach == 350
    assert sorted(evidence.original_name for evidence in activity.evidence.all()) == ["anh.png", "van-ban.pdf"]
    page = alice_client.get(activity.get_absolute_url())
    html = page.content.decode()
    for evidence in activity.evidence.all():
        assert f"/reports/evidence/{evidence.pk}/" in html
    assert "https://stttt.gialai.gov.vn/tin-1" in html
    assert page.context["history"]


@pytest.mark.django_db
def test_a_false_file_keeps_the_typed_fields_and_stores_nothing(province, alice_client, settings):
    web, *_rest = make_taxonomy()
    data = form_data(web, unit=province.stttt.pk, title="Giữ lại tiêu đề này", files=[upload("anh.jpg", PDF)])
    response = alice_client.post("/reports/activities/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "files" in form.errors and "anh.jpg" in form.errors["files"][0]
    assert "Giữ lại tiêu đề này" in response.content.decode()
    assert not Activity.objects.exists() and not Evidence.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_an_officer_cannot_create_for_another_unit(province, alice_client):
    web, *_rest = make_taxonomy()
    response = alice_client.post("/reports/activities/new/", form_data(web, unit=province.pleiku.pk))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_edit_and_delete(province, alice, alice_client, settings):
    web, led, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    evidence = do_add_evidence(activity, upload("van-ban.pdf", PDF), acting_user=alice)
    response = alice_client.post(f"/reports/activities/{activity.pk}/edit/",
                                 form_data(led, title="Đã sửa", links="không phải địa chỉ"))
    assert response.status_code == 200 and "links" in response.context["form"].errors
    response = alice_client.post(f"/reports/activities/{activity.pk}/edit/", form_data(led, title="Đã sửa"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Đã sửa" and activity.channel == led and activity.unit == province.stttt
    response = alice_client.post(f"/reports/activities/{activity.pk}/delete/")
    assert response.status_code == 302
    assert not Activity.objects.exists() and not Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.django_db
def test_locked_activities_cannot_be_edited_or_deleted(province, alice_client, coordinator_client):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    lock(activity)
    for client in (alice_client, coordinator_client):
        response = client.get(f"/reports/activities/{activity.pk}/edit/")
        assert response.status_code == 403 and response.context["message"]
        assert client.post(f"/reports/activities/{activity.pk}/edit/", form_data(web, title="Sửa")).status_code == 403
        assert client.post(f"/reports/activities/{activity.pk}/delete/").status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Bài viết về dịch vụ công"
    detail = alice_client.get(activity.get_absolute_url())
    assert detail.context["locked"] and not detail.context["can_change"]
    assert list(detail.context["submissions"])


@pytest.mark.django_db
def test_xlsx_export_of_the_filtered_list(province, coordinator_client, alice_client):
    web, led, dvc, kq = make_taxonomy()
    make_activity(province.stttt, web, title="Tin dịch vụ công", quantity=3, reach=100, topics=[dvc, kq],
                  links="https://a.example/1\nhttps://a.example/2")
    make_activity(province.pleiku, led, title="Màn hình LED", quantity=40)
    response = coordinator_client.get("/reports/activities/", {"export": "xlsx", "channel": "thu-cong"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    unit, day, channel, topics, title, _description, quantity, _unit, reach, links = rows[1]
    assert (unit, day.date(), channel, title, quantity, reach) == (
        "stttt", date(2020, 3, 15), "Cổng thông tin thử nghiệm", "Tin dịch vụ công", 3, 100)
    assert topics == "Dịch vụ công thử nghiệm; Kết quả thử nghiệm"
    assert links == "https://a.example/1\nhttps://a.example/2"
    # An officer's export holds only their units' rows.
    rows = list(openpyxl.load_workbook(io.BytesIO(alice_client.get(
        "/reports/activities/", {"export": "xlsx"}).content)).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == ["Tin dịch vụ công"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_an_activity_with_a_file_in_the_browser(page, live_server, alice, console_errors, tmp_path):
    from cchc.test import browser_login

    make_taxonomy()
    image = tmp_path / "anh-hoi-nghi.png"
    image.write_bytes(png_bytes())
    browser_login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/reports/activities/")
    page.click("[data-testid=activity-create]")
    page.wait_for_load_state()
    page.fill("#id_date", "2020-03-15")
    page.select_option("#id_channel", label="Cổng thông tin thử nghiệm")
    page.get_by_label("Dịch vụ công thử nghiệm").check()
    page.fill("#id_title", "Hội nghị đối thoại về dịch vụ công")
    page.fill("#id_quantity", "1")
    page.fill("#id_reach", "150")
    page.fill("#id_links", "https://stttt.gialai.gov.vn/hoi-nghi")
    page.set_input_files("#id_files", str(image))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Hội nghị đối thoại về dịch vụ công")
    link = page.locator("[data-testid=evidence-link]")
    assert link.inner_text() == "anh-hoi-nghi.png"
    download = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert download.status == 200 and download.body() == png_bytes()

    page.goto(f"{live_server.url}/reports/activities/")
    rows = page.locator("[data-testid=activity-table] tbody tr")
    assert rows.count() == 1
    assert "Hội nghị đối thoại về dịch vụ công" in rows.first.inner_text()
    assert console_errors == []
