"""Managing accounts: list, create, edit, hand over, deactivate, reset a password; who may do it."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from cchc.accounts.actions import do_create_user, do_hand_over
from cchc.accounts.models import User
from cchc.core.choices import Role
from cchc.test import PASSWORD, make_user
from cchc.units.models import OrgUnit

NEW_PASSWORD = "Mot-mat-khau-moi-2021"


def management_urls(pk: int) -> list[tuple[str, str]]:
    """(method, url) of every account-management page."""
    return [
        ("get", reverse("accounts:user_list")),
        ("get", reverse("accounts:user_create")),
        ("post", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_import")),
        ("post", reverse("accounts:user_import")),
        ("get", reverse("accounts:user_import_template")),
        ("get", reverse("accounts:user_detail", args=[pk])),
        ("get", reverse("accounts:user_edit", args=[pk])),
        ("post", reverse("accounts:user_edit", args=[pk])),
        ("get", reverse("accounts:user_hand_over", args=[pk])),
        ("post", reverse("accounts:user_hand_over", args=[pk])),
        ("post", reverse("accounts:user_set_active", args=[pk])),
        ("get", reverse("accounts:user_reset_password", args=[pk])),
        ("post", reverse("accounts:user_reset_password", args=[pk])),
        ("get", reverse("accounts:audit")),
    ]


@pytest.mark.parametrize("persona", ["alice", "leader"])
def test_officers_and_leaders_get_403_everywhere(request, persona, bob):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    for method, url in management_urls(bob.pk):
        response = getattr(client, method)(url, {"active": "0", "full_name": "X", "role": "officer"})
        assert response.status_code == 403, (method, url)
        assert "Không có quyền truy cập" in response.content.decode()
    bob.refresh_from_db()
    assert bob.is_active and bob.full_name == "Trần Văn Bình"


def test_anonymous_users_are_sent_to_the_login_page(client, bob):
    for method, url in management_urls(bob.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login"))


def test_the_nav_shows_accounts_to_coordinators_only(coordinator_client, alice_client, leader_client):
    assert "Tài khoản" in coordinator_client.get(reverse("core:home")).content.decode()
    assert "Nhật ký hệ thống" not in coordinator_client.get(reverse("core:home")).content.decode()
    for client in (alice_client, leader_client):
        body = client.get(reverse("core:home")).content.decode()
        assert reverse("accounts:user_list") not in body


# --- The list. ---

def test_the_list_shows_every_account_in_vietnamese_order(coordinator_client, alice, bob, leader, admin_user):
    make_user("dung", Role.LEADER, full_name="Đặng Dũng")
    make_user("duc", Role.LEADER, full_name="Dương Đức")
    response = coordinator_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    names = [account.display_name for account in response.context["accounts"]]
    assert names.index("Dương Đức") < names.index("Đặng Dũng")  # d before đ
    assert names.index("Lãnh đạo tỉnh") < names.index("Nguyễn Thị An") < names.index("Trần Văn Bình")
    body = response.content.decode()
    assert "Tài khoản" in body and "Cán bộ đơn vị" in body


def test_the_list_searches_without_diacritics(coordinator_client, alice, bob):
    for query in ("nguyen thi", "NGUYỄN", "an", "alice"):
        accounts = coordinator_client.get(reverse("accounts:user_list"), {"q": query}).context["accounts"]
        assert alice in accounts, query
    accounts = coordinator_client.get(reverse("accounts:user_list"), {"q": "tran binh"}).context["accounts"]
    assert list(accounts) == [bob]


def test_the_list_filters_by_role_unit_and_status(coordinator_client, province, alice, bob, leader, coordinator):
    url = reverse("accounts:user_list")
    assert set(coordinator_client.get(url, {"role": "officer"}).context["accounts"]) == {alice, bob}
    assert list(coordinator_client.get(url, {"unit": province.pleiku.pk}).context["accounts"]) == [bob]
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert list(coordinator_client.get(url, {"active": "0"}).context["accounts"]) == [bob]
    assert bob not in coordinator_client.get(url, {"active": "1"}).context["accounts"]


# --- Creating. ---

def test_a_coordinator_creates_an_officer(coordinator_client, coordinator, province):
    response = coordinator_client.post(reverse("accounts:user_create"), {
        "username": "Chau", "full_name": "Lê Minh Châu", "email": "chau@gialai.example", "role": "officer",
        "units": [province.stp.pk], "position": "Chuyên viên", "phone": "0269",
    })
    assert response.status_code == 200
    user = User.objects.get(username="chau")
    assert user.role == Role.OFFICER and user.must_change_password
    assert list(user.units.all()) == [province.stp]
    password = response.context["created"][0][1]
    assert password in response.content.decode()
    assert "chỉ hiển thị một lần" in response.content.decode()
    # The same table as an XLSX file embedded in the page.
    data_url = response.context["xlsx_data_url"]
    workbook = load_workbook(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1])))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][0] == "chau" and rows[1][-1] == password
    # The new officer must choose a password at the first login.
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": "chau", "password": password}).status_code == 302
    response = client.get(reverse("core:home"))
    assert response.url == reverse("accounts:password_change")
    client.post(reverse("accounts:password_change"),
                {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200
    # Recorded, with the coordinator as actor.
    history = coordinator_client.get(reverse("accounts:user_detail", args=[user.pk])).context["history"]
    assert any(entry.actor == coordinator and entry.action == 0 for entry in history)


def test_an_officer_needs_a_unit(coordinator_client):
    response = coordinator_client.post(reverse("accounts:user_create"), {
        "username": "chau", "full_name": "Lê Minh Châu", "role": "officer",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["units"]
    assert "Cán bộ đơn vị phải thuộc ít nhất một đơn vị." in response.content.decode()
    assert not User.objects.filter(username="chau").exists()


def test_a_taken_user_name_is_refused(coordinator_client, alice, province):
    response = coordinator_client.post(reverse("accounts:user_create"), {
        "username": "ALICE", "full_name": "Khác", "role": "officer", "units": [province.stp.pk],
    })
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_a_coordinator_cannot_create_an_administrator_or_a_coordinator(coordinator_client, coordinator, province):
    form = coordinator_client.get(reverse("accounts:user_create")).context["form"]
    assert {value for value, _label in form.fields["role"].choices} == {"officer", "leader"}
    for role in ("admin", "coordinator"):
        response = coordinator_client.post(reverse("accounts:user_create"), {
            "username": f"new{role}", "full_name": "X", "role": role, "units": [province.snv.pk],
        })
        assert response.status_code == 200
        assert "role" in response.context["form"].errors
        assert not User.objects.filter(username=f"new{role}").exists()
    with pytest.raises(PermissionDenied):
        do_create_user(username="sneaky", role=Role.COORDINATOR, acting_user=coordinator, units=[province.snv])
    assert not User.objects.filter(username="sneaky").exists()


def test_an_administrator_creates_a_coordinator(admin_client_, province):
    form = admin_client_.get(reverse("accounts:user_create")).context["form"]
    assert {value for value, _label in form.fields["role"].choices} == {"admin", "coordinator", "officer", "leader"}
    response = admin_client_.post(reverse("accounts:user_create"), {
        "username": "snv2", "full_name": "Chuyên viên 2", "role": "coordinator", "units": [province.snv.pk],
    })
    assert response.status_code == 200
    assert User.objects.get(username="snv2").role == Role.COORDINATOR


def test_a_coordinator_cannot_change_a_coordinator_account(coordinator_client, coordinator, admin_user):
    other = make_user("snv3", Role.COORDINATOR, full_name="Điều phối 3")
    for target in (other, admin_user):
        assert coordinator_client.get(reverse("accounts:user_detail", args=[target.pk])).status_code == 200
        for name in ("user_edit", "user_hand_over", "user_reset_password"):
            assert coordinator_client.get(reverse(f"accounts:{name}", args=[target.pk])).status_code == 403
        response = coordinator_client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active


# --- Editing, handing over, deactivating, resetting. ---

def test_a_coordinator_edits_an_account(coordinator_client, alice):
    url = reverse("accounts:user_edit", args=[alice.pk])
    assert coordinator_client.get(url).context["form"].initial["full_name"] == "Nguyễn Thị An"
    response = coordinator_client.post(url, {
        "full_name": "Nguyễn Thị Ân", "email": "an@gialai.example", "role": "officer", "position": "Trưởng phòng",
        "phone": "",
    })
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.full_name == "Nguyễn Thị Ân" and alice.position == "Trưởng phòng"
    response = coordinator_client.post(url, {"full_name": "X", "role": "coordinator"})
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.role == Role.OFFICER


def test_a_hand_over_moves_the_officer_to_the_new_unit(coordinator_client, coordinator, alice, province):
    assert set(OrgUnit.objects.restrict(alice, "view")) == {province.stttt}
    url = reverse("accounts:user_hand_over", args=[alice.pk])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, {"units": [province.chupah.pk]})
    assert response.status_code == 302
    alice = User.objects.get(pk=alice.pk)  # a fresh object: no cached unit ids
    assert set(OrgUnit.objects.restrict(alice, "view")) == {province.chupah}
    # The account's history shows the hand-over, by the coordinator.
    response = coordinator_client.get(reverse("accounts:user_detail", args=[alice.pk]))
    body = response.content.decode()
    assert "Ủy ban nhân dân huyện Chư Păh" in body
    assert any(
        entry.actor == coordinator and any("Chư Păh" in str(new) for _field, _old, new in entry.change_rows)
        for entry in response.context["history"]
    )


def test_an_officer_cannot_be_handed_over_to_no_unit(coordinator_client, alice, province):
    response = coordinator_client.post(reverse("accounts:user_hand_over", args=[alice.pk]), {"units": []})
    assert response.status_code == 200
    assert list(alice.units.all()) == [province.stttt]


def test_a_coordinator_deactivates_and_reactivates_an_officer(coordinator_client, alice):
    Token.objects.create(user=alice)
    url = reverse("accounts:user_set_active", args=[alice.pk])
    assert coordinator_client.get(url).status_code == 405
    response = coordinator_client.post(url, {"active": "0"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert not Token.objects.filter(user=alice).exists()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    detail = coordinator_client.get(reverse("accounts:user_detail", args=[alice.pk])).content.decode()
    assert "Đã khóa" in detail
    coordinator_client.post(url, {"active": "1"})
    alice.refresh_from_db()
    assert alice.is_active
    assert client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD}).status_code == 302


def test_a_deactivated_officer_already_signed_in_is_signed_out(coordinator_client, alice_client, alice):
    # The home page is public now (the CCHC column for visitors): a page for signed-in users tells.
    assert alice_client.get(reverse("accounts:profile")).status_code == 200
    coordinator_client.post(reverse("accounts:user_set_active", args=[alice.pk]), {"active": "0"})
    response = alice_client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_coordinator_cannot_deactivate_themselves(admin_client_, admin_user):
    response = admin_client_.post(reverse("accounts:user_set_active", args=[admin_user.pk]), {"active": "0"},
                                  follow=True)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()


def test_a_coordinator_resets_a_password(coordinator_client, alice):
    url = reverse("accounts:user_reset_password", args=[alice.pk])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url)
    assert response.status_code == 200
    temporary = response.context["created"][0][1]
    assert re.search(re.escape(temporary), response.content.decode())
    alice.refresh_from_db()
    assert alice.must_change_password and alice.check_password(temporary)
    assert not alice.check_password(PASSWORD)


def test_the_detail_page_shows_the_account(coordinator_client, alice, province):
    response = coordinator_client.get(reverse("accounts:user_detail", args=[alice.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị An" in body and "Sở Thông tin và Truyền thông tỉnh Gia Lai" in body
    assert "Lịch sử thay đổi" in body
    assert coordinator_client.get(reverse("accounts:user_detail", args=[99999])).status_code == 404


def test_the_history_shows_logins(coordinator_client, alice):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    history = coordinator_client.get(reverse("accounts:user_detail", args=[alice.pk])).context["history"]
    assert any(entry.action_label == "Đăng nhập" for entry in history)


def test_hand_over_is_recorded_when_done_through_the_action(coordinator, alice, province):
    do_hand_over(alice, [province.pleiku, province.stp], acting_user=coordinator)
    assert set(alice.units.all()) == {province.pleiku, province.stp}
