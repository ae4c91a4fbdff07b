"""Shared set-up of the screens tests: a screen of Pleiku with its key and a playlist of two slides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cchc.screens import actions
from cchc.screens.choices import SlideKind
from cchc.screens.models import Playlist, Screen, Slide

KEY = "scr_test-key-pleiku-000000000000"  # noqa: S105


@dataclass
class Setup:
    screen: Screen
    playlist: Playlist
    slides: list[Slide]


def make_setup(province: Any, **playlist_fields: Any) -> Setup:
    screen, _ = actions.do_create_screen(acting_user=None, key=KEY, name="Màn hình LED Quảng trường",
                                         place="Trần Hưng Đạo, Pleiku", unit=province.pleiku)
    fields = {"name": "Tuyên truyền CCHC", "unit": province.pleiku, "weekdays": "1234567", "priority": 0,
              "is_active": True}
    fields.update(playlist_fields)
    playlist = actions.do_save_playlist(None, acting_user=None, screens=[screen], **fields)
    slides = [
        actions.do_add_slide(playlist, acting_user=None, kind=SlideKind.TEXT, title="Nộp hồ sơ trực tuyến",
                             text="Cổng dịch vụ công trực tuyến mức độ 3, 4", duration=5),
        actions.do_add_slide(playlist, acting_user=None, kind=SlideKind.TEXT, title="Nhận kết quả qua Bưu điện",
                             text="Dịch vụ bưu chính công ích", duration=5),
    ]
    return Setup(screen, playlist, slides)
