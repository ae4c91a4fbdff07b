"""The unit API tokens page and the Bearer authentication."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cchc.reports.activities import do_issue_token, do_revoke_token, hash_key
from cchc.reports.models import UnitToken


@pytest.mark.django_db
def test_a_coordinator_issues_a_token_shown_once(province, coordinator_client):
    response = coordinator_client.get("/reports/tokens/")
    assert response.status_code == 200
    response = coordinator_client.post("/reports/tokens/", {"unit": province.stttt.pk, "name": "Cổng TTĐT của Sở"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("cchc_") and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = UnitToken.objects.get()
    assert token.unit == province.stttt and token.name == "Cổng TTĐT của Sở"
    assert token.key_hash == hash_key(key) and token.prefix == key[:8]
    # Listed again: never the key, only its first characters.
    html = coordinator_client.get("/reports/tokens/", {"unit": province.stttt.pk}).content.decode()
    assert key not in html and token.prefix in html
    assert list(coordinator_client.get("/reports/tokens/", {"unit": province.pleiku.pk}).context["tokens"]) == []


@pytest.mark.django_db
def test_a_coordinator_revokes_a_token(province, coordinator, coordinator_client):
    token, _key = do_issue_token(province.stttt, "Cổng", acting_user=coordinator)
    assert coordinator_client.get(f"/reports/tokens/{token.pk}/revoke/").status_code == 405
    response = coordinator_client.post(f"/reports/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_officers_and_leaders_cannot_issue_or_revoke(province, coordinator, alice_client, leader_client):
    token, _key = do_issue_token(province.pleiku, "Cổng Pleiku", acting_user=coordinator)
    mine, _key = do_issue_token(province.stttt, "Cổng Sở", acting_user=coordinator)
    for client in (alice_client, leader_client):
        assert client.post("/reports/tokens/", {"unit": province.stttt.pk, "name": "X"}).status_code == 403
        assert client.post(f"/reports/tokens/{mine.pk}/revoke/").status_code in (403, 404)
    assert UnitToken.objects.count() == 2 and UnitToken.objects.filter(revoked_at__isnull=False).count() == 0
    # An officer sees (only) the tokens of their own unit, without the management form.
    response = alice_client.get("/reports/tokens/")
    assert [item.pk for item in response.context["tokens"]] == [mine.pk]
    assert not response.context["can_manage"]


@pytest.mark.django_db
def test_bearer_authentication_updates_last_used_and_refuses_revoked_or_unknown(province, coordinator):
    token, key = do_issue_token(province.stttt, "Cổng", acting_user=coordinator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/activities/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    do_revoke_token(token, acting_user=coordinator)
    response = api.get("/api/v1/activities/")
    assert response.status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Bearer cchc_not-a-real-key")
    assert api.get("/api/v1/activities/").status_code == 401
    api.credentials()
    assert api.get("/api/v1/activities/").status_code in (401, 403)
