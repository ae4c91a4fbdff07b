"""The screens pages: monitoring, registering a screen (its key shown once), playlists and slides, proof of play,
and what each role may see and do."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from cchc.core import clock
from cchc.screens.models import Play, Playlist, Screen, Slide, hash_key

from .helpers import make_setup

pytestmark = pytest.mark.django_db


def test_the_monitoring_page_lists_offline_screens_and_since_when(province, coordinator_client):
    setup = make_setup(province)
    Screen.objects.filter(pk=setup.screen.pk).update(last_seen_at=timezone.now() - timedelta(hours=26))
    page = coordinator_client.get("/screens/").content.decode()
    assert "Mất kết nối" in page and "1 màn hình đang mất kết nối" in page
    assert "1 ngày 2 giờ" in page
    Screen.objects.filter(pk=setup.screen.pk).update(last_seen_at=timezone.now())
    fragment = coordinator_client.get("/screens/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đang hoạt động" in fragment and "<html" not in fragment


def test_registering_a_screen_shows_its_key_once(province, coordinator_client):
    response = coordinator_client.post("/screens/new/", {
        "name": "Bảng điện tử Trung tâm", "place": "Sảnh tiếp nhận", "unit": province.snv.pk, "width": 1920,
        "height": 1080, "is_active": "on"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("scr_") and key in response.content.decode()
    screen = Screen.objects.get()
    assert screen.key_hash == hash_key(key)
    page = coordinator_client.get(f"/screens/{screen.pk}/").content.decode()
    assert key not in page and screen.key_prefix in page
    assert "no-store" in response["Cache-Control"]


def test_regenerate_and_revoke_from_the_screen_page(province, bob_client):
    setup = make_setup(province)
    old_hash = setup.screen.key_hash
    response = bob_client.post(f"/screens/{setup.screen.pk}/key/")
    assert response.status_code == 200 and response.context["new_key"]
    assert Screen.objects.get().key_hash not in ("", old_hash)
    bob_client.post(f"/screens/{setup.screen.pk}/revoke/")
    assert Screen.objects.get().key_hash == ""
    assert "Khóa đã bị thu hồi" in bob_client.get(f"/screens/{setup.screen.pk}/").content.decode()


def test_other_units_cannot_see_or_touch_a_screen(province, alice_client, leader_client):
    setup = make_setup(province)
    assert alice_client.get(f"/screens/{setup.screen.pk}/").status_code == 404
    assert alice_client.post(f"/screens/{setup.screen.pk}/key/").status_code == 404
    assert alice_client.get(f"/screens/{setup.screen.pk}/plays/").status_code == 404
    assert alice_client.get(f"/screens/playlists/{setup.playlist.pk}/").status_code == 404
    assert "Màn hình LED Quảng trường" not in alice_client.get("/screens/").content.decode()
    # The leader sees everything and changes nothing.
    assert leader_client.get(f"/screens/{setup.screen.pk}/").status_code == 200
    assert leader_client.post(f"/screens/{setup.screen.pk}/revoke/").status_code == 404
    assert leader_client.get("/screens/new/").status_code == 403
    assert Screen.objects.get().key_hash


def test_building_a_playlist_with_slides(province, coordinator_client):
    setup = make_setup(province)
    response = coordinator_client.post("/screens/playlists/new/", {
        "name": "Giờ hành chính", "unit": province.snv.pk, "start_date": "2020-11-01", "end_date": "2020-11-30",
        "start_time": "07:00", "end_time": "11:30", "priority": 1, "is_active": "on",
        "weekday_list": ["1", "2", "3", "4", "5"], "screens": [setup.screen.pk]})
    assert response.status_code == 302, response.context["form"].errors
    playlist = Playlist.objects.get(name="Giờ hành chính")
    assert playlist.weekdays == "12345" and list(playlist.screens.all()) == [setup.screen]
    response = coordinator_client.post(playlist.get_absolute_url(), {
        "kind": "text", "title": "Một cửa, một cửa liên thông", "text": "", "duration": 12, "background": "#0b3d6e"})
    assert response.status_code == 302
    response = coordinator_client.post(playlist.get_absolute_url(), {
        "kind": "image", "title": "Ảnh thiếu tệp", "duration": 12, "background": "#0b3d6e"})
    assert "Trang hình ảnh cần một tệp ảnh" in response.content.decode()
    assert Slide.objects.filter(playlist=playlist).count() == 1


def test_proof_of_play_per_day_and_item(province, coordinator_client, settings):
    settings.CCHC_TODAY = "2020-11-20"
    setup = make_setup(province)
    slide = setup.slides[0]
    Play.objects.bulk_create([Play(screen=setup.screen, playlist=setup.playlist, slide=slide, title=slide.title,
                                   started_at=datetime(2020, 11, 19, 8, n, tzinfo=clock.VIETNAM),
                                   day=date(2020, 11, 19), duration=5) for n in range(7)])
    page = coordinator_client.get(f"/screens/{setup.screen.pk}/plays/").content.decode()
    assert "Nộp hồ sơ trực tuyến" in page and "19/11/2020" in page
    response = coordinator_client.get(f"/screens/{setup.screen.pk}/plays/?day=2020-11-19")
    assert response.context["total"] == 7
    assert coordinator_client.get(f"/screens/{setup.screen.pk}/plays/?day=19/11/2020").context["total"] == 7
    assert coordinator_client.get(f"/screens/{setup.screen.pk}/plays/?day=khong-phai-ngay").status_code == 200


def test_the_player_page_and_its_worker(client):
    page = client.get("/screens/play/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html and "player.js" in html  # no inline script (CSP)
    worker = client.get("/screens/play/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/screens/play/"
    assert "cchc-player" in worker.content.decode()


def test_the_nav_reaches_the_screens(province, coordinator_client):
    home = coordinator_client.get("/").content.decode()
    assert 'href="/screens/"' in home and 'href="/print/"' in home


def test_every_page_answers(province, coordinator_client):
    setup = make_setup(province)
    for url in ("/screens/", "/screens/new/", f"/screens/{setup.screen.pk}/", f"/screens/{setup.screen.pk}/edit/",
                "/screens/groups/", "/screens/playlists/", "/screens/playlists/new/",
                f"/screens/playlists/{setup.playlist.pk}/", f"/screens/playlists/{setup.playlist.pk}/edit/",
                f"/screens/slides/{setup.slides[0].pk}/edit/"):
        assert coordinator_client.get(url).status_code == 200, url



def test_groups_are_managed_by_the_coordinators(province, coordinator_client, bob_client):
    setup = make_setup(province)
    response = coordinator_client.post("/screens/groups/", {"name": "Màn hình Pleiku", "description": "",
                                                            "screens": [setup.screen.pk]})
    assert response.status_code == 302
    assert list(Screen.objects.get().groups.values_list("name", flat=True)) == ["Màn hình Pleiku"]
    assert bob_client.get("/screens/groups/").status_code == 403
    assert bob_client.post("/screens/groups/", {"name": "Của tôi"}).status_code == 403
