"""Which playlist a screen plays: dates, days of the week, time slots (across midnight too), priority, groups."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.core import clock
from cchc.screens import actions
from cchc.screens.models import Playlist

from .helpers import make_setup

pytestmark = pytest.mark.django_db


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=clock.VIETNAM)


def test_it_plays_only_within_the_date_range(province):
    setup = make_setup(province, start_date=date(2020, 11, 1), end_date=date(2020, 11, 30))
    assert setup.screen.current_playlist(at("2020-11-20", 9)) == setup.playlist
    assert setup.screen.current_playlist(at("2020-10-31", 9)) is None
    assert setup.screen.current_playlist(at("2020-12-01", 9)) is None


def test_it_picks_the_time_slot_over_the_all_day_playlist(province):
    setup = make_setup(province)
    morning = actions.do_save_playlist(None, acting_user=None, name="Buổi sáng", unit=province.pleiku,
                                       weekdays="12345", start_time=time(7), end_time=time(11, 30), priority=0,
                                       is_active=True, screens=[setup.screen])
    # Friday 20/11/2020
    assert setup.screen.current_playlist(at("2020-11-20", 8)) == morning
    assert setup.screen.current_playlist(at("2020-11-20", 11, 30)) == setup.playlist  # the slot ends at 11:30
    assert setup.screen.current_playlist(at("2020-11-20", 14)) == setup.playlist
    # Saturday: the morning playlist is for working days only
    assert setup.screen.current_playlist(at("2020-11-21", 8)) == setup.playlist


def test_a_slot_across_midnight(province):
    setup = make_setup(province, start_time=time(22), end_time=time(6))
    assert setup.screen.current_playlist(at("2020-11-20", 23)) == setup.playlist
    assert setup.screen.current_playlist(at("2020-11-20", 5, 59)) == setup.playlist
    assert setup.screen.current_playlist(at("2020-11-20", 6)) is None
    assert setup.screen.current_playlist(at("2020-11-20", 12)) is None


def test_priority_wins_and_groups_count(province):
    setup = make_setup(province)
    group = actions.do_save_group(None, acting_user=None, name="Màn hình Pleiku", screens=[setup.screen])
    urgent = actions.do_save_playlist(None, acting_user=None, name="Thông báo khẩn", unit=province.snv,
                                      weekdays="1234567", priority=5, is_active=True, groups=[group],
                                      start_date=date(2020, 11, 19), end_date=date(2020, 11, 20))
    assert setup.screen.current_playlist(at("2020-11-20", 10)) == urgent
    assert setup.screen.current_playlist(at("2020-11-21", 10)) == setup.playlist
    actions.do_save_playlist(Playlist.objects.get(pk=urgent.pk), acting_user=None, is_active=False)
    assert setup.screen.current_playlist(at("2020-11-20", 10)) == setup.playlist


def test_bad_schedules_are_refused_in_vietnamese(province):
    with pytest.raises(ValidationError) as error:
        actions.do_save_playlist(None, acting_user=None, name="Sai ngày", unit=province.pleiku, weekdays="1",
                                 start_date=date(2020, 11, 30), end_date=date(2020, 11, 1), priority=0)
    assert "Ngày kết thúc" in str(error.value)
    with pytest.raises(ValidationError):
        actions.do_save_playlist(None, acting_user=None, name="Không ngày nào", unit=province.pleiku, weekdays="",
                                 priority=0)
    assert not Playlist.objects.exists()


def test_an_officer_assigns_only_the_screens_of_their_unit(province, alice, bob):
    setup = make_setup(province)
    with pytest.raises(PermissionDenied):  # alice (Sở TT&TT) cannot play her playlist on Pleiku's screen
        actions.do_save_playlist(None, acting_user=alice, name="Của Sở TT&TT", unit=province.stttt,
                                 weekdays="1234567", priority=0, screens=[setup.screen])
    with pytest.raises(PermissionDenied):  # nor make a playlist for another unit
        actions.do_save_playlist(None, acting_user=alice, name="Giả danh", unit=province.pleiku,
                                 weekdays="1234567", priority=0)
    playlist = actions.do_save_playlist(None, acting_user=bob, name="Của Pleiku", unit=province.pleiku,
                                        weekdays="1234567", priority=0, screens=[setup.screen])
    assert list(playlist.screens.all()) == [setup.screen]
