"""Screens in a real browser: Sở Nội vụ registers a screen, builds a playlist and assigns it; the screen's browser
(1920×1080) plays it and reports in; the monitoring page shows the screen online, then offline once its heartbeats
stop. And the player keeps playing from its cache, even after a reload, when the network is cut."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cchc.reports.catalogue import load_catalogue
from cchc.screens import actions
from cchc.screens.choices import SlideKind
from cchc.screens.models import Play, Screen, Slide
from cchc.test import browser_login

from .helpers import KEY, make_setup

SHOTS = "/tmp/cchc-screens-shots"  # noqa: S108 - screenshots for a person to look at


def _player(browser: Any, base: str, key: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{base}/screens/play/#key={key}")
    return context, page


def _shot(page: Any, name: str) -> None:
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_playlist_is_built_assigned_played_and_monitored(page: Any, browser: Any, live_server: Any,
                                                           console_errors: list[str], settings: Any,
                                                           coordinator: Any, province: Any) -> None:
    load_catalogue()
    settings.CCHC_SCREENS_REFRESH_SECONDS = 2
    settings.CCHC_SCREENS_OFFLINE_SECONDS = 8
    base = live_server.url
    browser_login(page, base, "sonoivu")

    # Register the screen from the menu: its key is shown once.
    page.goto(f"{base}/")
    page.get_by_role("button", name="Kênh công khai").click()
    page.click("[data-testid='nav-screens:index']")
    page.click("[data-testid=screen-add]")
    page.fill("#id_name", "Bảng điện tử Trung tâm Phục vụ hành chính công")
    page.fill("#id_place", "Sảnh tiếp nhận hồ sơ")
    page.select_option("#id_unit", str(province.snv.pk))
    page.click("[data-testid=save]")
    key = page.locator("[data-testid=screen-key]").inner_text().strip()
    assert key.startswith("scr_")

    # Build a playlist and assign it to the screen.
    page.click("[data-testid=breadcrumb-screens]")
    page.click("[data-testid=tab-playlists]")
    page.click("[data-testid=playlist-add]")
    page.fill("#id_name", "Tuyên truyền CCHC tháng 11/2020")
    page.select_option("#id_unit", str(province.snv.pk))
    page.get_by_label("Bảng điện tử Trung tâm Phục vụ hành chính công").check()
    page.click("[data-testid=playlist-save]")
    assert "Bảng điện tử Trung tâm" in page.locator("[data-testid=playlist-screens]").inner_text()
    for title, text in (("Nộp hồ sơ trực tuyến mức độ 3, 4", "Không phải đi lại, không phải chờ đợi"),
                        ("Nhận kết quả tại nhà qua Bưu điện", "Dịch vụ bưu chính công ích")):
        page.select_option("#id_kind", "text")
        page.fill("#id_title", title)
        page.fill("#id_text", text)
        page.fill("#id_duration", "3")
        page.click("[data-testid=slide-add]")
        page.wait_for_load_state()
    assert page.locator("[data-testid=slide-row]").count() == 2

    # The screen's browser plays it, full screen.
    context, player = _player(browser, base, key)
    player.wait_for_selector("body[data-state=playing]")
    assert player.locator("section.slide h1").last.inner_text() == "Nộp hồ sơ trực tuyến mức độ 3, 4"
    box = player.locator("#stage").bounding_box()
    assert (box["width"], box["height"]) == (1920, 1080)
    _shot(player, "player-1920")
    player.wait_for_function("() => Number(document.body.dataset.plays) >= 2", timeout=15000)
    player.wait_for_function("() => Number(document.body.dataset.reported) >= 1", timeout=15000)
    assert Play.objects.filter(title="Nộp hồ sơ trực tuyến mức độ 3, 4").exists()
    # A change reaches the screen at its next refresh (30 s in production, 2 s here).
    slide = Slide.objects.get(title="Nhận kết quả tại nhà qua Bưu điện")
    actions.do_update_slide(slide, acting_user=coordinator, title="Nhận kết quả giải quyết tại nhà")
    player.wait_for_selector("section.slide h1:has-text('Nhận kết quả giải quyết tại nhà')", timeout=20000)

    # The monitoring page: online while it reports in…
    page.goto(f"{base}/screens/")
    row = page.locator("[data-testid=screen-row]")
    assert row.get_attribute("data-status") == "online"
    assert "Đang hoạt động" in row.inner_text()
    # …offline, and since when, once its heartbeats stop.
    context.close()
    page.wait_for_timeout(9000)
    page.reload()
    row = page.locator("[data-testid=screen-row]")
    assert row.get_attribute("data-status") == "offline"
    assert "Mất kết nối" in row.inner_text()
    assert page.locator("[data-testid=offline-since]").is_visible()
    _shot(page, "monitoring-offline")
    assert console_errors == []


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 180), (11, 61, 110)).save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_player_keeps_playing_when_the_network_is_cut(browser: Any, live_server: Any, settings: Any,
                                                         province: Any) -> None:
    settings.CCHC_SCREENS_REFRESH_SECONDS = 2
    setup = make_setup(province)
    actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.IMAGE, title="Ảnh Pleiku", media=_png(),
                         duration=3)
    for slide in setup.slides:
        actions.do_update_slide(slide, acting_user=None, duration=3)
    context, player = _player(browser, live_server.url, KEY)
    player.wait_for_selector("body[data-state=playing]")
    player.wait_for_selector("body[data-worker=active]", timeout=15000)
    player.wait_for_selector("section.slide[data-kind=image] img", timeout=15000)  # every slide seen, media cached
    player.wait_for_function("() => Number(document.body.dataset.reported) >= 1", timeout=15000)

    context.set_offline(True)
    player.reload()  # served by the service worker from its cache
    player.wait_for_selector("body[data-state=playing]", timeout=15000)
    first = player.evaluate("() => document.body.dataset.slide")
    player.wait_for_function(f"() => document.body.dataset.slide !== '{first}'", timeout=10000)
    player.wait_for_selector("section.slide[data-kind=image] img", timeout=15000)  # the image from the cache
    assert player.evaluate("() => document.body.dataset.online") == "0"
    plays_offline = int(player.evaluate("() => Number(document.body.dataset.plays)"))
    assert plays_offline >= 2
    stored_before = Play.objects.count()

    # Back online: the plays shown offline are reported.
    context.set_offline(False)
    player.wait_for_function("() => document.body.dataset.online === '1'", timeout=15000)
    player.wait_for_function("() => Number(document.body.dataset.reported) >= 1", timeout=15000)
    deadline = 30
    while Play.objects.count() < stored_before + plays_offline and deadline:
        player.wait_for_timeout(500)
        deadline -= 1
    assert Play.objects.count() >= stored_before + plays_offline
    assert Screen.objects.get().plays.count() == Play.objects.count()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_revoked_screen_shows_nothing(browser: Any, live_server: Any, province: Any, coordinator: Any) -> None:
    setup = make_setup(province)
    actions.do_revoke_screen_key(setup.screen, acting_user=coordinator)
    context, player = _player(browser, live_server.url, KEY)
    player.wait_for_selector("body[data-state=refused]")
    assert player.locator("section.slide").count() == 0
    assert "thu hồi" in player.locator("[data-testid=player-message]").inner_text()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_video_slide_plays_to_its_end(browser: Any, live_server: Any, province: Any) -> None:
    from cchc.screens.demo import CLIP

    setup = make_setup(province)
    video = actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.VIDEO, title="Clip 4 bước",
                                 duration=30, media=SimpleUploadedFile("clip.webm", CLIP.read_bytes(),
                                                                       content_type="video/webm"))
    context, player = _player(browser, live_server.url, KEY)
    player.wait_for_selector(f"body[data-slide='{video.pk}']", timeout=20000)
    player.wait_for_function("() => { const v = document.querySelector('section.slide video');"
                             " return v && v.currentTime > 0.5 && !v.paused; }", timeout=10000)
    _shot(player, "player-video")
    # The clip lasts 6 s: the next slide comes when it ends, long before its 30 s limit.
    player.wait_for_function(f"() => document.body.dataset.slide !== '{video.pk}'", timeout=12000)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_offline_the_player_still_follows_the_time_slots(browser: Any, live_server: Any, settings: Any,
                                                          province: Any) -> None:
    """Cut off on Friday, the screen switches by itself to the playlist of Monday's slot."""
    from datetime import date, datetime, time

    from cchc.core import clock

    settings.CCHC_TODAY = "2020-11-20"  # a Friday
    settings.CCHC_SCREENS_REFRESH_SECONDS = 2
    setup = make_setup(province)
    morning = actions.do_save_playlist(None, acting_user=None, name="Buổi sáng", unit=province.pleiku,
                                       weekdays="12345", start_time=time(7), end_time=time(11, 30), priority=1,
                                       is_active=True, screens=[setup.screen])
    actions.do_add_slide(morning, acting_user=None, kind=SlideKind.TEXT, title="Lấy số thứ tự", duration=3)
    for slide in setup.slides:
        actions.do_update_slide(slide, acting_user=None, duration=3)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    player = context.new_page()
    player.clock.install()
    player.goto(f"{live_server.url}/screens/play/#key={KEY}")
    now = clock.now()
    expected = morning.pk if morning.covers(now) else setup.playlist.pk
    player.wait_for_selector(f"body[data-playlist='{expected}']", timeout=15000)
    player.wait_for_selector("body[data-worker=active]", timeout=15000)

    context.set_offline(True)
    # Jump to a moment when the other playlist must play: Monday 08:00 (morning slot) or, if the test runs during
    # the morning slot, Monday 14:00 (all day).
    after = setup.playlist.pk if expected == morning.pk else morning.pk
    monday = datetime.combine(date(2020, 11, 23), time(14 if after == setup.playlist.pk else 8), tzinfo=clock.VIETNAM)
    player.clock.fast_forward(int((monday - now).total_seconds() * 1000))
    for _ in range(4):  # let the refresh tick run and the slide on screen end
        player.clock.fast_forward(3000)
        player.wait_for_timeout(300)
    player.wait_for_selector(f"body[data-playlist='{after}']", timeout=15000)
    assert player.evaluate("() => document.body.dataset.online") == "0"
    context.close()
