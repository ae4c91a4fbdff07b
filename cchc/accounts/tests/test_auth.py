"""Logging in and out, changing and resetting passwords, the forced change, lock-out, the API token."""

from __future__ import annotations

import re

import axes.utils
import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from cchc.accounts.actions import do_reset_password_by_coordinator
from cchc.accounts.models import User
from cchc.test import PASSWORD

NEW_PASSWORD = "Mot-mat-khau-moi-2021"


@pytest.fixture(autouse=True)
def _reset_axes(db):
    axes.utils.reset()
    yield
    axes.utils.reset()


def login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def access_events(user: User) -> list[str]:
    entries = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.ACCESS).order_by("timestamp", "id")
    return [entry.changes_dict["event"][0] for entry in entries]


def test_it_shows_the_login_page_in_vietnamese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng nhập" in body
    assert "Quên mật khẩu?" in body


def test_it_logs_in_and_out_and_records_both(client, alice):
    response = login(client, "alice")
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert 'data-testid="staff-login"' in client.get(reverse("core:home")).content.decode()  # the public column
    assert access_events(alice) == ["login", "logout"]
    entry = LogEntry.objects.get_for_object(alice).filter(action=LogEntry.Action.ACCESS).first()
    assert entry.actor == alice


def test_it_refuses_a_wrong_password_in_vietnamese(client, alice):
    response = login(client, "alice", "sai-mat-khau")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(alice_client, alice):
    response = alice_client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    client = Client()
    assert login(client, "alice", NEW_PASSWORD).status_code == 302


def test_it_refuses_a_wrong_old_password(alice_client, alice):
    response = alice_client.post(reverse("accounts:password_change"), {
        "old_password": "khong-dung", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_resets_the_password_by_email(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@gialai.example"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@gialai.example"]
    assert "alice" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session and redirects
    set_password_url = response.url
    page = client.get(set_password_url)
    assert page.status_code == 200
    assert page.context["validlink"]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert login(Client(), "alice", NEW_PASSWORD).status_code == 302
    # The link works once.
    assert client.get(link, follow=True).context["validlink"] is False


def test_it_sends_no_mail_for_an_unknown_address(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_forces_a_password_change_after_a_reset_by_the_coordinator(client, alice, coordinator):
    temporary = do_reset_password_by_coordinator(alice, acting_user=coordinator)
    assert login(client, "alice", PASSWORD).status_code == 200  # the old password no longer works
    response = login(client, "alice", temporary)
    assert response.status_code == 302
    for url in (reverse("core:home"), reverse("accounts:profile"), reverse("units:list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert "Trước khi tiếp tục, hãy đặt mật khẩu của riêng bạn." in page.content.decode()
    response = client.post(reverse("accounts:password_change"), {
        "old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.must_change_password
    assert client.get(reverse("core:home")).status_code == 200


def test_it_locks_out_after_five_failures(client, alice):
    for _attempt in range(4):
        response = login(client, "alice", "sai-mat-khau")
        assert response.status_code == 200
        assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    # The fifth failure reaches AXES_FAILURE_LIMIT and locks; the sixth attempt shows the lock-out page.
    assert login(client, "alice", "sai-mat-khau").status_code in (403, 429)
    response = login(client, "alice", "sai-mat-khau")
    assert response.status_code in (403, 429)
    body = response.content.decode()
    assert "Tài khoản tạm thời bị khóa" in body
    # Even the right password is refused while locked.
    response = login(client, "alice", PASSWORD)
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # Once reset (cool-off over, or by an administrator), the right password works again.
    axes.utils.reset(username="alice")
    assert login(client, "alice", PASSWORD).status_code == 302


def test_a_lock_out_does_not_lock_other_accounts(client, alice, bob):
    for _attempt in range(6):
        login(client, "alice", "sai-mat-khau")
    assert login(client, "bob", PASSWORD).status_code == 302


def test_a_deactivated_account_cannot_log_in(client, alice, coordinator):
    from cchc.accounts.actions import do_set_active

    do_set_active(alice, False, acting_user=coordinator)
    response = login(client, "alice")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- The API token. ---

def test_it_gives_an_api_token_for_the_right_password(alice):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=alice).key
    again = client.post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert again.json()["token"] == response.json()["token"]


def test_it_refuses_an_api_token_for_a_wrong_password(alice):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "alice", "password": "sai"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()
    assert client.post("/api/v1/auth/token/", {"username": "alice"}, format="json").status_code == 400
    assert not Token.objects.filter(user=alice).exists()


class _WhoAmI(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"username": request.user.username})


def test_the_token_authenticates_a_request(alice):
    token = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD},
                             format="json").json()["token"]
    factory = APIRequestFactory()
    response = _WhoAmI.as_view()(factory.get("/whoami/", HTTP_AUTHORIZATION=f"Token {token}"))
    assert response.status_code == 200
    assert response.data == {"username": "alice"}
    assert _WhoAmI.as_view()(factory.get("/whoami/")).status_code in (401, 403)
    assert _WhoAmI.as_view()(factory.get("/whoami/", HTTP_AUTHORIZATION="Token wrong")).status_code in (401, 403)


def test_the_token_opens_the_units_api_when_it_exists(alice):
    url = "/api/v1/units/"
    try:
        resolve(url)
    except Resolver404:
        pytest.skip("the units API is not there yet")
    token = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD},
                             format="json").json()["token"]
    assert APIClient().get(url).status_code in (401, 403)
    assert APIClient().get(url, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_deactivated_account_loses_its_token(alice, coordinator):
    from cchc.accounts.actions import do_set_active

    token = Token.objects.create(user=alice)
    do_set_active(alice, False, acting_user=coordinator)
    assert not Token.objects.filter(key=token.key).exists()
    response = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 400
