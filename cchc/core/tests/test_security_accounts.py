"""Classes 4, 10, 11 and 13 (part): API tokens die with the password, no token for a temporary password; lock-out
keyed on the real client behind a trusted proxy only; password reset rate-limited per address and per account; the
pages showing a temporary password are never cached."""

from __future__ import annotations

import axes.utils
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cchc.accounts.actions import do_reset_password_by_coordinator, do_set_password
from cchc.core.ratelimit import client_ip
from cchc.test import PASSWORD

NEW_PASSWORD = "Mot-mat-khau-moi-2021"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _reset_axes(db):
    axes.utils.reset()
    cache.clear()  # rate-limit counters
    yield
    axes.utils.reset()
    cache.clear()


def token_for(username: str, password: str) -> tuple[int, dict]:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    return response.status_code, response.json()


def api_with(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


# --- Tokens ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["own change (page)", "own change (action)", "coordinator reset", "reset by e-mail",
                                 "admin set_password"])
def test_every_password_change_revokes_the_api_token(alice, coordinator, client, how):
    status, body = token_for("alice", PASSWORD)
    assert status == 200
    key = body["token"]
    assert api_with(key).get("/api/v1/units/").status_code == 200
    if how == "own change (page)":
        client.force_login(alice)
        response = client.post(reverse("accounts:password_change"), {
            "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response.status_code == 302
    elif how == "own change (action)":
        do_set_password(alice, NEW_PASSWORD, acting_user=alice)
    elif how == "coordinator reset":
        do_reset_password_by_coordinator(alice, acting_user=coordinator)
    elif how == "reset by e-mail":
        client.post(reverse("accounts:password_reset"), {"email": "alice@gialai.example"})
        link = [line for line in mail.outbox[0].body.split() if "/accounts/password/reset/" in line][0]
        response = client.get(link[link.index("/accounts/"):])
        client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    else:
        alice.set_password(NEW_PASSWORD)
        alice.save()
    assert not Token.objects.filter(user=alice).exists()
    response = api_with(key).get("/api/v1/units/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Mã API không hợp lệ."


def test_saving_without_a_password_change_keeps_the_token(alice):
    _status, body = token_for("alice", PASSWORD)
    alice.full_name = "Nguyễn Thị An (sửa)"
    alice.save()
    assert Token.objects.filter(user=alice, key=body["token"]).exists()


def test_a_temporary_password_gets_no_token_until_changed(alice, coordinator, client):
    temporary = do_reset_password_by_coordinator(alice, acting_user=coordinator)
    status, body = token_for("alice", temporary)
    assert status == 403
    assert "mật khẩu" in body["detail"] and not Token.objects.filter(user=alice).exists()
    # Signed in on the site with the temporary password, the API is closed too (JSON, Vietnamese).
    client.post(reverse("accounts:login"), {"username": "alice", "password": temporary})
    response = client.get("/api/v1/units/")
    assert response.status_code == 403 and "mật khẩu" in response.json()["detail"]
    client.post(reverse("accounts:password_change"), {
        "old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert token_for("alice", NEW_PASSWORD)[0] == 200


# --- Lock-out and rate limits behind a proxy --------------------------------------------------------------------

def test_the_client_address_comes_from_a_trusted_proxy_only(settings):
    factory = RequestFactory()
    settings.CCHC_TRUSTED_PROXIES = []
    request = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"  # no proxy configured: the header is ignored
    settings.CCHC_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"
    # A client forging the header: nginx appends the real address, the forged part is to its left.
    forged = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert client_ip(forged) == "203.0.113.7"
    # Through two trusted hops.
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1",
                                 HTTP_X_FORWARDED_FOR="203.0.113.7, 10.1.2.3")) == "203.0.113.7"
    # A direct (untrusted) client cannot choose its address.
    assert client_ip(factory.get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="127.0.0.1")) == \
        "198.51.100.2"
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="garbage")) == "127.0.0.1"


def proxied_login(address: str, password: str) -> int:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address).post(
        reverse("accounts:login"), {"username": "sonoivu", "password": password}).status_code


def test_behind_the_proxy_an_attacker_does_not_lock_the_coordinator_out(coordinator, settings):
    settings.CCHC_TRUSTED_PROXIES = ["127.0.0.1"]
    for _attempt in range(6):
        proxied_login("198.51.100.66", "sai-mat-khau")
    assert proxied_login("198.51.100.66", PASSWORD) in (403, 429)  # the attacker's address is locked
    assert proxied_login("203.0.113.7", PASSWORD) == 302  # the coordinator, from their own address, signs in


def test_without_a_trusted_proxy_setting_the_forwarded_header_does_not_unlock(coordinator, settings):
    settings.CCHC_TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR="198.51.100.66")
    for _attempt in range(6):
        client.post(reverse("accounts:login"), {"username": "sonoivu", "password": "sai"},
                    HTTP_X_FORWARDED_FOR="1.1.1.1")
    response = client.post(reverse("accounts:login"), {"username": "sonoivu", "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code in (403, 429)


def test_password_reset_is_limited_per_account(alice):
    answers = [Client(REMOTE_ADDR=f"198.51.100.{index}").post(
        reverse("accounts:password_reset"), {"email": "alice@gialai.example"}).status_code for index in range(6)]
    assert answers[:3] == [302, 302, 302]
    assert answers[3:] == [429, 429, 429]
    assert len(mail.outbox) == 3
    refused = Client(REMOTE_ADDR="198.51.100.99").post(reverse("accounts:password_reset"),
                                                       {"email": "alice@gialai.example"})
    assert "Quá nhiều yêu cầu" in refused.content.decode()


def test_password_reset_is_limited_per_address(alice, bob, db):
    client = Client(REMOTE_ADDR="198.51.100.7")
    answers = [client.post(reverse("accounts:password_reset"), {"email": f"nobody{index}@example.org"}).status_code
               for index in range(7)]
    assert answers[:5] == [302] * 5 and answers[5:] == [429, 429]
    # Another address is not affected.
    assert Client(REMOTE_ADDR="198.51.100.8").post(reverse("accounts:password_reset"),
                                                   {"email": "bob@gialai.example"}).status_code == 302


# --- No caching of temporary passwords -------------------------------------------------------------------------

def test_pages_showing_a_temporary_password_are_not_cached(alice, coordinator_client):
    response = coordinator_client.post(reverse("accounts:user_reset_password", args=[alice.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
