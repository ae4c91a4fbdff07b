import pytest
from django.test import Client

URL = "/api/v1/units/"


@pytest.mark.django_db
def test_it_lists_units_with_pagination_and_fields(coordinator_client, province):
    body = coordinator_client.get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 8
    stttt = next(unit for unit in body["results"] if unit["code"] == "stttt")
    assert stttt["kind"] == "department"
    assert stttt["parent"] == province.province.pk
    assert stttt["aliases"] == ["Sở TT&TT"]
    assert stttt["successors"] == []
    for key in ("id", "name", "short_name", "valid_from", "valid_to", "head_name", "head_position"):
        assert key in stttt
    root = next(unit for unit in body["results"] if unit["code"] == "ubnd-tinh")
    assert root["parent"] is None


@pytest.mark.django_db
def test_it_filters_like_the_html_list(coordinator_client, province):
    assert [u["code"] for u in coordinator_client.get(URL, {"q": "so noi vu"}).json()["results"]] == ["snv"]
    codes = {u["code"] for u in coordinator_client.get(URL, {"kind": "district"}).json()["results"]}
    assert codes == {"ubnd-pleiku", "ubnd-chupah"}
    assert coordinator_client.get(URL, {"status": "closed"}).json()["count"] == 0
    assert coordinator_client.get(URL, {"parent": province.province.pk}).json()["count"] == 7


@pytest.mark.django_db
def test_it_shows_officers_only_their_units(alice_client, province):
    body = alice_client.get(URL).json()
    assert [unit["code"] for unit in body["results"]] == ["stttt"]
    assert alice_client.get(f"{URL}{province.stttt.pk}/").status_code == 200
    assert alice_client.get(f"{URL}{province.pleiku.pk}/").status_code == 404


@pytest.mark.django_db
def test_it_refuses_anonymous_callers(province):
    assert Client().get(URL).status_code in (401, 403)
    assert Client().get(f"{URL}{province.snv.pk}/").status_code in (401, 403)


@pytest.mark.django_db
def test_it_is_read_only(coordinator_client, province):
    assert coordinator_client.post(URL, {"code": "x"}).status_code == 405
