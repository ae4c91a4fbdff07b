"""The audit log page: administrators only; filters by actor, type, action, dates and object name."""

from __future__ import annotations

from datetime import timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.actions import do_hand_over, do_update_user
from cchc.accounts.models import User
from cchc.test import PASSWORD

URL = reverse("accounts:audit")


def test_only_administrators_see_the_audit_log(coordinator_client, leader_client, alice_client, admin_client_):
    for client in (coordinator_client, leader_client, alice_client):
        response = client.get(URL)
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
    response = admin_client_.get(URL)
    assert response.status_code == 200
    assert "Nhật ký hệ thống" in response.content.decode()


def test_the_nav_shows_the_audit_log_to_administrators(admin_client_):
    assert "Nhật ký hệ thống" in admin_client_.get(reverse("core:home")).content.decode()


def test_it_lists_every_entry_newest_first(admin_client_, coordinator_client, coordinator, alice, province):
    coordinator_client.post(reverse("accounts:user_hand_over", args=[alice.pk]), {"units": [province.pleiku.pk]})
    response = admin_client_.get(URL)
    entries = response.context["entries"]
    assert len(entries) == min(LogEntry.objects.count(), 50)
    stamps = [entry.timestamp for entry in entries]
    assert stamps == sorted(stamps, reverse=True)
    assert entries[0].object_repr == "Nguyễn Thị An" and entries[0].actor == coordinator
    body = response.content.decode()
    assert alice.get_absolute_url() in body  # a link to the account, which still exists
    assert "Ủy ban nhân dân thành phố Pleiku" in body


def test_it_filters_by_actor(admin_client_, coordinator_client, coordinator, admin_user, alice):
    url = reverse("accounts:user_edit", args=[alice.pk])
    fields = {"full_name": alice.full_name, "role": "officer"}
    coordinator_client.post(url, {**fields, "position": "Chuyên viên chính"})
    admin_client_.post(url, {**fields, "position": "Trưởng phòng"})
    entries = admin_client_.get(URL, {"actor": coordinator.pk}).context["entries"]
    assert entries and all(entry.actor == coordinator for entry in entries)
    assert ("chức vụ", "", "Chuyên viên chính") in [row for entry in entries for row in entry.change_rows]
    entries = admin_client_.get(URL, {"actor": admin_user.pk}).context["entries"]
    assert ("chức vụ", "Chuyên viên chính", "Trưởng phòng") in [row for entry in entries for row in entry.change_rows]
    body = admin_client_.get(URL, {"actor": coordinator.pk}).content.decode()
    assert "Chuyên viên chính" in body and "Trưởng phòng" not in body


def test_it_filters_by_action_type_and_object_name(admin_client_, alice, bob):
    Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    entries = admin_client_.get(URL, {"action": LogEntry.Action.ACCESS}).context["entries"]
    assert entries and all(entry.action == LogEntry.Action.ACCESS for entry in entries)
    assert {entry.action_label for entry in entries} <= {"Đăng nhập", "Đăng xuất"}
    assert any(entry.object_repr == "Nguyễn Thị An" for entry in entries)
    created = admin_client_.get(URL, {"action": LogEntry.Action.CREATE}).context["entries"]
    assert created and all(entry.action == LogEntry.Action.CREATE for entry in created)
    named = admin_client_.get(URL, {"q": "Trần Văn"}).context["entries"]
    assert named and all(entry.object_repr == "Trần Văn Bình" for entry in named)


def test_it_filters_by_object_type_and_dates(admin_client_, alice, province):
    user_type = ContentType.objects.get_for_model(User)
    entries = admin_client_.get(URL, {"content_type": user_type.pk}).context["entries"]
    assert entries and all(entry.content_type_id == user_type.pk for entry in entries)
    today = timezone.localdate()
    assert admin_client_.get(URL, {"date_from": today.isoformat()}).context["entries"]
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert list(admin_client_.get(URL, {"date_from": tomorrow}).context["entries"]) == []
    yesterday = (today - timedelta(days=1)).isoformat()
    assert list(admin_client_.get(URL, {"date_to": yesterday}).context["entries"]) == []


def test_it_paginates(admin_client_, admin_user):
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.bulk_create([
        LogEntry(content_type=user_type, object_pk=str(admin_user.pk), object_id=admin_user.pk,
                 object_repr=f"Mục {i}", action=LogEntry.Action.UPDATE, changes={"position": ["", str(i)]})
        for i in range(60)
    ])
    first = admin_client_.get(URL)
    assert len(first.context["entries"]) == 50
    assert first.context["page_obj"].has_next()
    second = admin_client_.get(URL, {"page": 2})
    assert len(second.context["entries"]) == LogEntry.objects.count() - 50


def test_a_deleted_object_is_shown_without_a_link(admin_client_, coordinator, province):
    from cchc.test import make_user

    gone = make_user("tamthoi", "leader", full_name="Tạm Thời")
    pk = gone.pk
    gone.delete()
    response = admin_client_.get(URL, {"q": "Tạm Thời"})
    entries = response.context["entries"]
    assert entries and all(entry.object_url == "" for entry in entries)
    assert reverse("accounts:user_detail", args=[pk]) not in response.content.decode()


def test_direct_action_calls_record_their_actor(coordinator, admin_user, alice, province):
    do_update_user(alice, acting_user=coordinator, position="Chuyên viên chính")
    do_hand_over(alice, [province.pleiku], acting_user=admin_user)
    latest = LogEntry.objects.get_for_object(alice).order_by("-id").first()
    assert latest.actor == admin_user
