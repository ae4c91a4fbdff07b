"""Officers reach only the items routed to their units (pages, files, API); leaders read; nobody else acts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from cchc.feedback import actions
from cchc.feedback.choices import Status


@pytest.fixture
def routed(item: Any, province: Any, coordinator: Any) -> Any:
    return actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)


@pytest.mark.django_db
def test_an_officer_sees_only_items_of_their_units(routed: Any, categories: Any, alice_client: Any,
                                                   bob_client: Any, leader_client: Any) -> None:
    other = actions.do_submit_feedback(category=categories["khac"], title="Chưa chuyển", content="…", consent=True)
    inbox = bob_client.get(reverse("feedback:inbox")).content.decode()
    assert routed.tracking_code in inbox and other.tracking_code not in inbox
    assert routed.tracking_code not in alice_client.get(reverse("feedback:inbox")).content.decode()
    assert alice_client.get(routed.get_absolute_url()).status_code == 404
    assert bob_client.get(routed.get_absolute_url()).status_code == 200
    assert bob_client.get(other.get_absolute_url()).status_code == 404
    attachment_url = reverse("feedback:attachment", args=[1])
    assert alice_client.get(attachment_url).status_code == 404
    # API
    assert json.loads(alice_client.get("/api/v1/feedback/items/").content)["count"] == 0
    listed = json.loads(bob_client.get("/api/v1/feedback/items/").content)
    assert [row["tracking_code"] for row in listed["results"]] == [routed.tracking_code]
    assert alice_client.post(f"/api/v1/feedback/items/{routed.pk}/draft/", {"text": "x"}).status_code == 404
    # Leaders read everything and change nothing.
    assert leader_client.get(routed.get_absolute_url()).status_code == 200
    leader_client.post(reverse("feedback:act", args=[routed.pk, "draft"]), {"text": "Trả lời"})
    routed.refresh_from_db()
    assert routed.status == Status.ROUTED


@pytest.mark.django_db
def test_staff_api_actions_follow_the_roles(routed: Any, province: Any, bob_client: Any,
                                            coordinator_client: Any) -> None:
    response = bob_client.post(f"/api/v1/feedback/items/{routed.pk}/draft/", {"text": "Đã trả kết quả."})
    assert response.status_code == 200 and response.json()["status"] == Status.DRAFTED
    assert bob_client.post(f"/api/v1/feedback/items/{routed.pk}/publish/", {}).status_code == 403
    response = coordinator_client.post(f"/api/v1/feedback/items/{routed.pk}/publish/", {})
    assert response.status_code == 200 and response.json()["answer"] == "Đã trả kết quả."


@pytest.mark.django_db
def test_anonymous_users_reach_no_staff_page(client: Any, routed: Any) -> None:
    for url in (reverse("feedback:inbox"), routed.get_absolute_url(), reverse("feedback:stats")):
        assert client.get(url).status_code == 302
    assert client.get("/api/v1/feedback/items/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_inbox_does_not_query_per_row(categories: Any, province: Any, coordinator: Any,
                                          coordinator_client: Any, django_assert_max_num_queries: Any) -> None:
    for n in range(25):
        item = actions.do_submit_feedback(category=categories["khac"], title=f"Đề nghị {n}", content="…",
                                          consent=True)
        if n % 2:
            actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("feedback:inbox"))
    assert response.content.decode().count('data-testid="inbox-row"') == 25


@pytest.mark.django_db
def test_reply_templates_and_channels_are_managed_by_the_coordinator(categories: Any, coordinator_client: Any,
                                                                     alice_client: Any) -> None:
    from cchc.feedback.models import InboundChannel, ReplyTemplate

    add = reverse("feedback:setting_add", args=["mau-tra-loi"])
    assert alice_client.get(add).status_code == 403
    response = coordinator_client.post(add, {"title": "Cảm ơn", "body": "Cảm ơn Ông/Bà, {đơn vị} đã xử lý.",
                                             "is_active": "on"})
    assert response.status_code == 302 and ReplyTemplate.objects.filter(title="Cảm ơn").exists()
    channel = reverse("feedback:setting_add", args=["kenh"])
    short = coordinator_client.post(channel, {"name": "Tổng đài", "code": "tong-dai", "kind": "hotline",
                                              "secret": "ngan", "is_active": "on"})
    assert short.status_code == 200 and "24 ký tự" in short.content.decode()
    coordinator_client.post(channel, {"name": "Tổng đài", "code": "tong-dai", "kind": "hotline",
                                      "secret": "x" * 32, "is_active": "on"})
    assert InboundChannel.objects.filter(code="tong-dai").exists()
    page = coordinator_client.get(reverse("feedback:settings")).content.decode()
    assert "tong-dai" in page and "x" * 32 not in page  # the secret is not listed
    assert "tong-dai" not in alice_client.get(reverse("feedback:settings")).content.decode()
