"""The player's API: a screen's key gets its schedule; a wrong or revoked key gets nothing; heartbeats record the
screen and its plays once; plays become activities of the screen's unit once per day and slide."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cchc.core import clock
from cchc.reports.models import Activity
from cchc.screens import actions
from cchc.screens.choices import ScreenStatus, SlideKind
from cchc.screens.models import Play, Screen

from .helpers import KEY, make_setup

pytestmark = pytest.mark.django_db
SCHEDULE = "/api/v1/screens/player/schedule/"
HEARTBEAT = "/api/v1/screens/player/heartbeat/"


def get_schedule(key: str) -> tuple[int, dict]:
    response = Client().get(SCHEDULE, HTTP_X_SCREEN_KEY=key)
    return response.status_code, response.json()


def beat(key: str, plays: list[dict], playlist: int | None = None) -> tuple[int, dict]:
    response = Client().post(HEARTBEAT, {"playlist": playlist, "plays": plays}, content_type="application/json",
                             HTTP_X_SCREEN_KEY=key)
    return response.status_code, response.json()


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), (11, 61, 110)).save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def test_the_screen_gets_its_current_playlist(province):
    setup = make_setup(province)
    status, data = get_schedule(KEY)
    assert status == 200
    assert data["screen"]["name"] == "Màn hình LED Quảng trường"
    assert data["playlist"]["name"] == "Tuyên truyền CCHC"
    assert [s["title"] for s in data["playlist"]["slides"]] == ["Nộp hồ sơ trực tuyến", "Nhận kết quả qua Bưu điện"]
    assert data["playlists"][0]["rules"] == {"start_date": None, "end_date": None, "weekdays": [1, 2, 3, 4, 5, 6, 7],
                                             "start_time": None, "end_time": None, "priority": 0}
    version = data["playlist"]["version"]
    actions.do_update_slide(setup.slides[0], acting_user=None, title="Nộp hồ sơ trực tuyến mức độ 4")
    assert get_schedule(KEY)[1]["playlist"]["version"] != version  # the player sees the change


@pytest.mark.parametrize("key", ["", "scr_wrong", "x" * 500])
def test_a_wrong_key_gets_nothing(province, key):
    make_setup(province)
    status, data = get_schedule(key)
    assert status == 401
    assert set(data) == {"detail"} and "khóa" in data["detail"].lower()
    assert beat(key, [])[0] == 401
    assert Screen.objects.get().last_seen_at is None


def test_a_revoked_key_gets_nothing_and_a_new_key_works(province, coordinator):
    setup = make_setup(province)
    slide = actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.IMAGE, title="Ảnh", media=png())
    media_url = slide.as_player_data()["media_url"]
    assert Client().get(media_url, HTTP_X_SCREEN_KEY=KEY).status_code == 200
    actions.do_revoke_screen_key(setup.screen, acting_user=coordinator)
    assert get_schedule(KEY)[0] == 401
    assert Client().get(media_url, HTTP_X_SCREEN_KEY=KEY).status_code == 401
    assert beat(KEY, [{"slide": slide.pk, "started_at": timezone.now().isoformat(), "duration": 5}])[0] == 401
    assert not Play.objects.exists()
    new_key = actions.do_regenerate_screen_key(Screen.objects.get(), acting_user=coordinator)
    assert new_key != KEY and new_key.startswith("scr_")
    assert get_schedule(new_key)[0] == 200
    assert get_schedule(KEY)[0] == 401
    screen = Screen.objects.get()
    assert new_key not in (screen.key_hash, screen.key_prefix)  # only the hash is kept


def test_media_of_another_screen_is_not_served(province):
    setup = make_setup(province)
    other, other_key = actions.do_create_screen(acting_user=None, name="Khác", place="Chư Păh", unit=province.chupah)
    slide = actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.IMAGE, title="Ảnh", media=png())
    url = slide.as_player_data()["media_url"]
    assert Client().get(url, HTTP_X_SCREEN_KEY=other_key).status_code == 404


def test_heartbeats_record_the_screen_and_each_play_once(province):
    setup = make_setup(province)
    assert setup.screen.status() == ScreenStatus.NEVER
    started = timezone.now() - timedelta(minutes=2)
    plays = [{"slide": setup.slides[0].pk, "started_at": started.isoformat(), "duration": 5},
             {"slide": setup.slides[1].pk, "started_at": (started + timedelta(seconds=5)).isoformat(), "duration": 5}]
    status, data = beat(KEY, plays, playlist=setup.playlist.pk)
    assert status == 200 and data == {"received": 2, "stored": 2, "refresh_seconds": 30}
    # The answer was lost: the player sends the same plays again with a new one.
    plays.append({"slide": setup.slides[0].pk, "started_at": (started + timedelta(seconds=10)).isoformat(),
                  "duration": 5})
    assert beat(KEY, plays, playlist=setup.playlist.pk)[1]["stored"] == 1
    assert Play.objects.count() == 3
    screen = Screen.objects.get()
    assert screen.status() == ScreenStatus.ONLINE
    assert screen.last_playlist == setup.playlist


def test_plays_of_slides_not_assigned_to_the_screen_are_ignored(province):
    setup = make_setup(province)
    other, _ = actions.do_create_screen(acting_user=None, name="Khác", place="Chư Păh", unit=province.chupah)
    foreign = actions.do_save_playlist(None, acting_user=None, name="Khác", unit=province.chupah, weekdays="1",
                                       priority=0, screens=[other])
    slide = actions.do_add_slide(foreign, acting_user=None, kind=SlideKind.TEXT, title="Không phải của tôi")
    status, data = beat(KEY, [{"slide": slide.pk, "started_at": timezone.now().isoformat(), "duration": 5},
                              {"slide": "abc", "started_at": "hôm qua"}])
    assert status == 400 or data["stored"] == 0
    assert not Play.objects.exists()
    assert setup.screen.plays.count() == 0


def test_a_silent_screen_goes_offline(province, settings):
    setup = make_setup(province)
    beat(KEY, [])
    screen = Screen.objects.get()
    assert screen.status() == ScreenStatus.ONLINE
    assert screen.status(clock.now() + timedelta(minutes=4)) == ScreenStatus.OFFLINE
    settings.CCHC_SCREENS_OFFLINE_SECONDS = 600
    assert screen.status(clock.now() + timedelta(minutes=4)) == ScreenStatus.ONLINE
    assert setup.screen.pk == screen.pk


def test_plays_become_activities_once_per_day_and_slide(province, settings):
    settings.CCHC_TODAY = "2020-11-20"
    setup = make_setup(province)
    first, second = setup.slides
    rows = []
    for day, slide, count in ((date(2020, 11, 18), first, 3), (date(2020, 11, 18), second, 2),
                              (date(2020, 11, 19), first, 4), (date(2020, 11, 20), first, 1)):
        for n in range(count):
            moment = datetime.combine(day, time(8, n), tzinfo=clock.VIETNAM)
            rows.append(Play(screen=setup.screen, playlist=setup.playlist, slide=slide, title=slide.title,
                             started_at=moment, day=day, duration=5))
    Play.objects.bulk_create(rows)
    call_command("screens-activities", verbosity=0)
    activities = Activity.objects.filter(source="screens").order_by("date", "quantity")
    assert [(a.date, a.quantity) for a in activities] == [
        (date(2020, 11, 18), 2), (date(2020, 11, 18), 3), (date(2020, 11, 19), 4)]  # today is not over yet
    activity = activities.last()
    assert activity.unit == province.pleiku
    assert activity.channel.code == "led"
    assert activity.quantity_unit == "lượt"
    assert "Màn hình LED Quảng trường" in activity.title and "Nộp hồ sơ trực tuyến" in activity.title
    assert reverse("screens:plays", args=[setup.screen.pk]) in activity.links
    call_command("screens-activities", verbosity=0)
    assert Activity.objects.filter(source="screens").count() == 3  # idempotent
    # A play of the 19th reported late (the screen was offline): the day's activity is updated, not duplicated.
    Play.objects.create(screen=setup.screen, playlist=setup.playlist, slide=first, title=first.title,
                        started_at=datetime(2020, 11, 19, 20, 0, tzinfo=clock.VIETNAM), day=date(2020, 11, 19))
    call_command("screens-activities", verbosity=0)
    assert Activity.objects.filter(source="screens").count() == 3
    assert Activity.objects.get(source="screens", date=date(2020, 11, 19)).quantity == 5


def test_the_schedule_is_documented_in_the_openapi_schema(province, coordinator_client):
    schema = Client().get("/api/v1/schema/?format=json").json()
    assert "/api/v1/screens/player/schedule/" in schema["paths"]
    operation = schema["paths"]["/api/v1/screens/player/schedule/"]["get"]
    assert any(p["name"] == "X-Screen-Key" and p["in"] == "header" for p in operation["parameters"])
    assert "screenKey" in schema["components"]["securitySchemes"]
    assert "/api/v1/screens/player/heartbeat/" in schema["paths"]


def test_staff_api_is_narrowed_to_the_units(province, alice_client, bob_client, coordinator_client):
    make_setup(province)
    assert len(coordinator_client.get("/api/v1/screens/").json()["results"]) == 1
    assert bob_client.get("/api/v1/screens/").json()["results"][0]["status"] == "never"
    assert alice_client.get("/api/v1/screens/").json()["results"] == []
    assert alice_client.get("/api/v1/screens/plays/").json()["results"] == []


def test_a_video_slide_is_checked_by_its_content(province):
    from django.core.exceptions import ValidationError

    setup = make_setup(province)
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
    slide = actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.VIDEO, title="Clip CCHC",
                                 media=SimpleUploadedFile("clip.mp4", mp4, content_type="video/mp4"))
    data = slide.as_player_data()
    assert data["media_type"] == "video/mp4" and data["media_url"]
    response = Client().get(data["media_url"], HTTP_X_SCREEN_KEY=KEY)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    with pytest.raises(ValidationError) as error:  # a text file named .mp4 is refused, in Vietnamese
        actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.VIDEO, title="Giả",
                             media=SimpleUploadedFile("gia.mp4", b"khong phai video", content_type="video/mp4"))
    assert "media" in error.value.message_dict
    assert setup.playlist.slides.count() == 3


def test_a_column_item_slide_shows_the_item_and_its_cover(province):
    from django.core.files.base import ContentFile

    from cchc.column.models import Item

    setup = make_setup(province)
    item = Item.objects.create(unit=province.stttt, title="Gia Lai cung cấp hơn 1.000 dịch vụ công trực tuyến",
                               slug="dvc-1000", summary="Mức độ 3, 4.", status="published",
                               published_at=timezone.now())
    item.cover.save("bia.png", ContentFile(png().read()), save=True)
    slide = actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.ITEM, item=item, title="",
                                 duration=10)
    assert slide.title == item.title
    data = get_schedule(KEY)[1]["playlist"]["slides"][-1]
    assert data["kind"] == "item" and data["text"] == "Mức độ 3, 4."
    response = Client().get(data["media_url"], HTTP_X_SCREEN_KEY=KEY)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_an_item_slide_needs_an_item(province):
    from django.core.exceptions import ValidationError

    setup = make_setup(province)
    with pytest.raises(ValidationError) as error:
        actions.do_add_slide(setup.playlist, acting_user=None, kind=SlideKind.ITEM, title="")
    assert "Chọn một tin, bài" in str(error.value)
