"""The activities and indicators API: users and unit tokens, scoping, idempotent pushes, evidence upload."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from cchc.reports.activities import do_add_evidence, do_issue_token
from cchc.reports.models import Activity, Evidence, Indicator

from .test_activities import lock, make_activity, make_taxonomy
from .test_evidence import PDF, png_bytes, upload

URL = "/api/v1/activities/"


def token_client(unit, coordinator, name="Cổng thông tin của Sở"):
    _token, key = do_issue_token(unit, name, acting_user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def user_client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def payload(**extra):
    data = {"date": "2020-03-15", "channel": "thu-cong", "topics": ["thu-dvc"], "title": "Tin mới trên cổng",
            "quantity": 1, "quantity_unit": "tin", "reach": 120, "links": ["https://stttt.gialai.gov.vn/tin-1"]}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_a_unit_token_pushes_and_lists_its_units_activities(province, coordinator):
    make_taxonomy()
    make_activity(province.pleiku, Activity._meta.get_field("channel").related_model.objects.get(code="thu-cong"),
                  title="Tin của Pleiku")
    api = token_client(province.stttt, coordinator)
    response = api.post(URL, payload(external_id="bai-42"), format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["unit"] == province.stttt.pk and body["channel"] == "thu-cong" and body["topics"] == ["thu-dvc"]
    assert body["links"] == ["https://stttt.gialai.gov.vn/tin-1"] and body["source"] == "Cổng thông tin của Sở"
    activity = Activity.objects.get(pk=body["id"])
    assert activity.unit == province.stttt and activity.created_by is None
    # The same article again: the same activity, updated (200), not a duplicate.
    response = api.post(URL, payload(external_id="bai-42", title="Tin mới (sửa)", reach=300), format="json")
    assert response.status_code == 200 and response.json()["id"] == activity.pk
    activity.refresh_from_db()
    assert activity.title == "Tin mới (sửa)" and activity.reach == 300
    assert Activity.objects.filter(unit=province.stttt).count() == 1
    listed = api.get(URL).json()["results"]
    assert [item["id"] for item in listed] == [activity.pk]
    assert api.get(URL, {"unit": province.pleiku.pk}).status_code in (200, 400)
    assert all(item["unit"] == province.stttt.pk for item in api.get(URL, {"unit": province.pleiku.pk}).json().get(
        "results", []))


@pytest.mark.django_db
def test_a_unit_token_cannot_write_or_read_for_another_unit(province, coordinator):
    web, *_rest = make_taxonomy()
    theirs = make_activity(province.pleiku, web)
    api = token_client(province.stttt, coordinator)
    response = api.post(URL, payload(unit=province.pleiku.pk), format="json")
    assert response.status_code == 403
    assert "đơn vị" in str(response.json()["detail"]) or "unit" in str(response.json()["detail"])
    assert not Activity.objects.filter(unit=province.stttt).exists()
    assert api.get(f"{URL}{theirs.pk}/").status_code == 404
    assert api.patch(f"{URL}{theirs.pk}/", {"title": "X"}, format="json").status_code == 404
    assert api.delete(f"{URL}{theirs.pk}/").status_code == 403


@pytest.mark.django_db
def test_a_revoked_token_is_refused(province, coordinator):
    make_taxonomy()
    token, key = do_issue_token(province.stttt, "Cổng", acting_user=coordinator)
    from cchc.reports.activities import do_revoke_token

    do_revoke_token(token, acting_user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.post(URL, payload(), format="json").status_code == 401
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_users_are_scoped_like_the_pages(province, alice, bob, leader, coordinator):
    web, *_rest = make_taxonomy()
    mine = make_activity(province.stttt, web, title="Của An")
    theirs = make_activity(province.pleiku, web, title="Của Bình")
    alice_api = user_client(alice)
    assert [item["id"] for item in alice_api.get(URL).json()["results"]] == [mine.pk]
    assert alice_api.get(f"{URL}{theirs.pk}/").status_code == 404
    assert alice_api.delete(f"{URL}{theirs.pk}/").status_code == 404
    response = alice_api.post(URL, payload(unit=province.pleiku.pk), format="json")
    assert response.status_code == 403
    response = alice_api.post(URL, payload(), format="json")  # one unit: the unit may be left out
    assert response.status_code == 201 and response.json()["unit"] == province.stttt.pk
    assert response.json()["source"] == ""
    leader_api = user_client(leader)
    assert len(leader_api.get(URL).json()["results"]) == 3
    assert leader_api.post(URL, payload(unit=province.stttt.pk), format="json").status_code == 403
    assert leader_api.delete(f"{URL}{mine.pk}/").status_code == 403
    coordinator_api = user_client(coordinator)
    ids = [item["id"] for item in coordinator_api.get(URL, {"unit": province.pleiku.pk}).json()["results"]]
    assert ids == [theirs.pk]
    assert coordinator_api.post(URL, payload(), format="json").status_code == 400  # which unit?
    assert coordinator_api.delete(f"{URL}{theirs.pk}/").status_code == 204


@pytest.mark.django_db
def test_filters_and_validation(province, alice):
    web, led, dvc, kq = make_taxonomy()
    first = make_activity(province.stttt, web, title="Tin dịch vụ công", topics=[dvc], date=date(2020, 1, 5))
    second = make_activity(province.stttt, led, title="Màn hình", topics=[kq], date=date(2020, 2, 5))
    api = user_client(alice)

    def ids(**params):
        return [item["id"] for item in api.get(URL, params).json()["results"]]

    assert ids(channel="thu-led") == [second.pk]
    assert ids(topic="thu-dvc") == [first.pk]
    assert ids(date_from="2020-02-01") == [second.pk]
    assert ids(date_to="2020-01-31") == [first.pk]
    assert ids(q="dich vu") == [first.pk]
    assert api.post(URL, payload(quantity=-1), format="json").status_code == 400
    assert api.post(URL, payload(channel="khong-co"), format="json").status_code == 400
    response = api.post(URL, payload(links=["javascript:alert(1)"]), format="json")
    assert response.status_code == 400 and "links" in response.json()
    assert api.post(URL, payload(title=""), format="json").status_code == 400


@pytest.mark.django_db
def test_locked_activities_cannot_be_changed_through_the_api(province, alice):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    lock(activity)
    api = user_client(alice)
    assert api.patch(f"{URL}{activity.pk}/", {"title": "Sửa"}, format="json").status_code == 403
    assert api.delete(f"{URL}{activity.pk}/").status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Bài viết về dịch vụ công"


@pytest.mark.django_db
def test_evidence_is_listed_and_uploaded(province, alice, bob, coordinator):
    web, *_rest = make_taxonomy()
    activity = make_activity(province.stttt, web)
    evidence = do_add_evidence(activity, upload("van-ban.pdf", PDF), acting_user=alice)
    api = user_client(alice)
    body = api.get(f"{URL}{activity.pk}/").json()
    assert body["evidence"] == [{"id": evidence.pk, "name": "van-ban.pdf", "size": len(PDF),
                                 "content_type": "application/pdf",
                                 "url": f"http://testserver/reports/evidence/{evidence.pk}/"}]
    response = api.post(f"{URL}{activity.pk}/evidence/", {"file": upload("anh.png", png_bytes())},
                        format="multipart")
    assert response.status_code == 201 and response.json()["content_type"] == "image/png"
    response = api.post(f"{URL}{activity.pk}/evidence/", {"file": upload("anh.jpg", PDF)}, format="multipart")
    assert response.status_code == 400
    assert user_client(bob).post(f"{URL}{activity.pk}/evidence/", {"file": upload("anh.png", png_bytes())},
                                 format="multipart").status_code == 404
    token_api = token_client(province.stttt, coordinator)
    response = token_api.post(f"{URL}{activity.pk}/evidence/", {"file": upload("anh2.png", png_bytes())},
                              format="multipart")
    assert response.status_code == 201
    assert Evidence.objects.filter(activity=activity).count() == 3


@pytest.mark.django_db
def test_indicators_are_read_only_for_signed_in_users(province, alice, coordinator):
    Indicator.objects.all().delete()
    received = Indicator.objects.create(code="pakn-nhan", name="PAKN tiếp nhận", group="PAKN")
    Indicator.objects.create(code="pakn-xong", name="PAKN đã giải quyết", group="PAKN", not_above=received,
                             min_value=0)
    api = user_client(alice)
    items = api.get("/api/v1/indicators/").json()["results"]
    by_code = {item["code"]: item for item in items}
    assert by_code["pakn-xong"]["not_above"] == "pakn-nhan" and by_code["pakn-nhan"]["not_above"] is None
    assert set(by_code["pakn-xong"]) >= {"code", "name", "group", "unit_of_measure", "value_type", "aggregation",
                                          "min_value", "max_value", "not_above"}
    assert api.post("/api/v1/indicators/", {"code": "x", "name": "x"}, format="json").status_code == 405
    assert APIClient().get("/api/v1/indicators/").status_code in (401, 403)
    token_api = token_client(province.stttt, coordinator)
    assert token_api.get("/api/v1/indicators/").status_code in (401, 403)
