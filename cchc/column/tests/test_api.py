"""/api/v1/content/: units' systems submit drafts with their unit token; users follow the roles of the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cchc.column.models import Item
from cchc.reports.activities import do_issue_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/content/"


def token_client(unit, coordinator):  # type: ignore[no-untyped-def]
    _token, key = do_issue_token(unit, "Cổng TTĐT của đơn vị", acting_user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def user_client(user):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_unit_token_submits_drafts_of_its_own_unit_idempotently(province, coordinator):  # type: ignore[no-untyped-def]
    api = token_client(province.pleiku, coordinator)
    data = {"title": "Pleiku ra mắt kênh Zalo OA", "body": "<p>Đã có <b>Zalo</b></p><script>x()</script>",
            "external_id": "zalo-1"}
    first = api.post(URL, data, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "draft" and "<script" not in first.json()["body"]
    again = api.post(URL, {**data, "title": "Pleiku ra mắt kênh Zalo OA (cập nhật)"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Item.objects.count() == 1
    assert api.post(URL, {"title": "Khác", "unit": province.stttt.pk}, format="json").status_code == 403
    item_id = first.json()["id"]
    assert api.post(f"{URL}{item_id}/submit/").json()["status"] == "submitted"
    assert api.post(f"{URL}{item_id}/publish/").status_code == 403
    assert len(api.get(URL).json()["results"] if "results" in api.get(URL).json() else api.get(URL).json()) == 1


def test_roles_over_the_api(province, alice, bob, leader, coordinator):  # type: ignore[no-untyped-def]
    created = user_client(alice).post(URL, {"title": "Sở TT&TT: 1.200 hồ sơ trực tuyến"}, format="json")
    assert created.status_code == 201
    item_id = created.json()["id"]
    assert user_client(bob).get(f"{URL}{item_id}/").status_code == 404
    assert user_client(leader).get(f"{URL}{item_id}/").status_code == 200
    assert user_client(leader).post(URL, {"title": "x"}, format="json").status_code == 403
    assert user_client(alice).post(f"{URL}{item_id}/publish/").status_code == 403
    returned = user_client(coordinator).post(f"{URL}{item_id}/return/", {"reason": "Thêm ảnh"}, format="json")
    assert returned.json()["status"] == "returned"
    published = user_client(coordinator).post(f"{URL}{item_id}/publish/")
    assert published.json()["status"] == "published" and published.json()["url"].endswith("/")
    assert APIClient().get(URL).status_code in (401, 403)
