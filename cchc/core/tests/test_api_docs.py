import pytest


@pytest.mark.django_db
def test_the_openapi_schema_and_docs_are_public_and_served_locally(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.django_db
def test_the_api_wants_authentication(client):
    assert client.get("/api/v1/units/").status_code in (401, 403)


@pytest.mark.django_db
def test_a_token_authenticates_api_calls(client, alice):
    from cchc.test import PASSWORD

    response = client.post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    wrong = client.post("/api/v1/auth/token/", {"username": "alice", "password": "sai"},
                        content_type="application/json")
    assert wrong.status_code == 400
    assert "Sai" in wrong.json()["detail"] or "Wrong" in wrong.json()["detail"]
