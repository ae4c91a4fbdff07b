"""Demo: the service centre's e-board and an LED screen in Pleiku, playing the 2020 CCHC slides and clips, with a
few days of plays; the LED screen has been silent since yesterday (the demo clock is 20/11/2020)."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core import clock
from cchc.units.models import OrgUnit

from . import actions
from .choices import SlideKind
from .models import Play, Screen

EBOARD_KEY = "scr_demo-eboard-ttpvhcc-2020"  # noqa: S105 - the demo's own keys, printed in the demo log
LED_KEY = "scr_demo-led-pleiku-2020"  # noqa: S105
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"
# A 6-second VP8 clip (57 KB) drawn on a canvas and recorded with Chromium's MediaRecorder: the demo's video slide.
CLIP = Path(__file__).parent / "demo_data" / "clip-4-buoc.webm"
FONT_REGULAR = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"

TEXT_SLIDES = [
    ("Nộp hồ sơ trực tuyến, không phải đi lại",
     "Hơn 1.700 thủ tục hành chính của tỉnh Gia Lai đã có trên Cổng dịch vụ công trực tuyến mức độ 3, 4.\n"
     "dichvucong.gialai.gov.vn", "#0b3d6e", 15),
    ("Nhận kết quả tại nhà qua dịch vụ bưu chính công ích",
     "Đăng ký nhận kết quả giải quyết thủ tục hành chính qua Bưu điện ngay tại quầy tiếp nhận.", "#7a1f1f", 12),
    ("Phản ánh, kiến nghị về thủ tục hành chính",
     "Gửi phản ánh qua Zalo OA “Chính quyền điện tử tỉnh Gia Lai” hoặc trang phản ánh của tỉnh.", "#1f5f3a", 12),
]
IMAGE_SLIDES = [
    ("Pleiku — đô thị thông minh 2020–2025", "Xây dựng thành phố Pleiku thông minh, phục vụ người dân tốt hơn.",
     ((11, 61, 110), (28, 120, 170))),
    ("Chính quyền điện tử tỉnh Gia Lai", "Kiến trúc chính quyền điện tử phiên bản 2.0.", ((90, 24, 24), (190, 80, 40))),
]


def _gradient_png(title: str, subtitle: str, colours: tuple[tuple[int, int, int], tuple[int, int, int]],
                  size: tuple[int, int] = (1280, 720)) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    (r1, g1, b1), (r2, g2, b2) = colours
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=(int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t),
                                               int(b1 + (b2 - b1) * t)))
    for n in range(9):  # a few soft circles, like city lights
        x, y, radius = 140 + n * 130, 560 - (n % 3) * 60, 30 + (n % 4) * 12
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=(244, 196, 48), width=3)
    draw.rectangle([0, 0, width, 14], fill=(244, 196, 48))
    big, small = ImageFont.truetype(FONT, 58), ImageFont.truetype(FONT_REGULAR, 34)
    draw.text((80, 170), title, font=big, fill=(255, 255, 255))
    draw.text((80, 260), subtitle, font=small, fill=(235, 235, 235))
    draw.text((80, 640), "CẢI CÁCH HÀNH CHÍNH · GIA LAI 2020", font=ImageFont.truetype(FONT, 26),
              fill=(244, 196, 48))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _clip_gif() -> bytes:
    """A short animated clip (GIF): the four steps of an online application."""
    from PIL import Image, ImageDraw, ImageFont

    steps = ["1. Đăng nhập Cổng dịch vụ công", "2. Chọn thủ tục, điền tờ khai", "3. Đính kèm hồ sơ, nộp phí",
             "4. Nhận kết quả tại nhà qua Bưu điện"]
    frames = []
    big, small = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT_REGULAR, 30)
    for shown in range(1, len(steps) + 1):
        frame = Image.new("P", (960, 540), 0)
        frame.putpalette([11, 61, 110, 255, 255, 255, 244, 196, 48, 200, 215, 230] + [0] * 756)
        draw = ImageDraw.Draw(frame)
        draw.rectangle([0, 0, 960, 10], fill=2)
        draw.text((60, 50), "Nộp hồ sơ trực tuyến trong 4 bước", font=big, fill=1)
        for n, step in enumerate(steps[:shown]):
            draw.text((80, 150 + n * 80), step, font=small, fill=2 if n == shown - 1 else 3)
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=2500, loop=0)
    return buffer.getvalue()


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if Screen.objects.filter(name__startswith="Bảng điện tử Trung tâm Phục vụ hành chính công").exists():
        log("Màn hình: dữ liệu minh họa đã có.")
        return
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=["snv", "ttpvhcc", "ubnd-pleiku"])}
    if len(units) < 3:
        log("Màn hình: thiếu đơn vị minh họa, bỏ qua.")
        return
    eboard, _ = actions.do_create_screen(
        acting_user=None, key=EBOARD_KEY, name="Bảng điện tử Trung tâm Phục vụ hành chính công tỉnh",
        place="Sảnh tiếp nhận hồ sơ, Trung tâm Phục vụ hành chính công tỉnh, 69 Hùng Vương, Pleiku",
        unit=units["ttpvhcc"], width=1920, height=1080)
    led, _ = actions.do_create_screen(
        acting_user=None, key=LED_KEY, name="Màn hình LED Quảng trường Đại Đoàn Kết",
        place="Góc đường Trần Hưng Đạo – Tăng Bạt Hổ, thành phố Pleiku", unit=units["ubnd-pleiku"],
        width=1536, height=768)
    group = actions.do_save_group(None, acting_user=None, name="Màn hình tuyên truyền CCHC toàn tỉnh",
                                  description="Bảng điện tử và màn hình LED nơi công cộng.", screens=[eboard, led])
    from cchc.reports.models import Topic

    topics = list(Topic.objects.filter(code__in=["online-services", "bcci", "smart-city", "e-government"]))
    playlist = actions.do_save_playlist(
        None, acting_user=None, name="Tuyên truyền CCHC tháng 11/2020", unit=units["snv"],
        start_date=date(2020, 11, 1), end_date=date(2020, 12, 31), weekdays="1234567", priority=0,
        is_active=True, groups=[group], topics=topics)
    morning = actions.do_save_playlist(
        None, acting_user=None, name="Giờ tiếp nhận hồ sơ buổi sáng", unit=units["ttpvhcc"],
        start_date=date(2020, 11, 1), end_date=date(2020, 12, 31), weekdays="12345", start_time=time(7, 0),
        end_time=time(11, 30), priority=1, is_active=True, screens=[eboard], topics=topics[:1])
    slides = []
    for title, text, background, seconds in TEXT_SLIDES:
        slides.append(actions.do_add_slide(playlist, acting_user=None, kind=SlideKind.TEXT, title=title, text=text,
                                           background=background, duration=seconds))
    for n, (title, text, colours) in enumerate(IMAGE_SLIDES):
        slides.append(actions.do_add_slide(
            playlist, acting_user=None, kind=SlideKind.IMAGE, title=title, text="", duration=10,
            media=_upload(f"slide-{n}.png", _gradient_png(title, text, colours), "image/png")))
    slides.append(actions.do_add_slide(
        playlist, acting_user=None, kind=SlideKind.VIDEO, title="Clip: nộp hồ sơ trực tuyến trong 4 bước",
        text="", duration=15, media=_upload("clip-4-buoc.webm", CLIP.read_bytes(), "video/webm")))
    slides.append(actions.do_add_slide(
        playlist, acting_user=None, kind=SlideKind.IMAGE, title="Hoạt hình: 4 bước nộp hồ sơ trực tuyến",
        text="", duration=10, media=_upload("4-buoc.gif", _clip_gif(), "image/gif")))
    from cchc.column.models import Item

    item = Item.objects.published().exclude(cover="").order_by("-published_at").first()
    if item is not None:
        slides.append(actions.do_add_slide(playlist, acting_user=None, kind=SlideKind.ITEM, item=item, title="",
                                           text="", duration=12))
    actions.do_add_slide(morning, acting_user=None, kind=SlideKind.TEXT, title="Lấy số thứ tự, chờ đến lượt",
                         text="Tra cứu tình trạng hồ sơ bằng mã số trên giấy tiếp nhận.", background="#0b3d6e",
                         duration=12)
    actions.do_add_slide(morning, acting_user=None, kind=SlideKind.TEXT, title=TEXT_SLIDES[0][0],
                         text=TEXT_SLIDES[0][1], background="#0b3d6e", duration=15)
    plays = _plays(eboard, led, playlist, slides)
    log(f"Màn hình: 2 màn hình, 2 danh sách phát, {plays} lượt phát; trình phát bảng điện tử: "
        f"/screens/play/#key={EBOARD_KEY}")
    result = actions.do_turn_plays_into_activities()
    log(f"Màn hình: {result['created']} hoạt động “Bảng điện tử / màn hình LED”.")


def _plays(eboard: Screen, led: Screen, playlist: object, slides: list) -> int:
    """Plays from the 16th: the e-board every working day until now, the LED screen every day until yesterday
    16:32 (then it went silent)."""
    rng = random.Random(2020)  # noqa: S311 - demo data
    today = clock.today()
    now = clock.now()
    led_silent_from = datetime.combine(today - timedelta(days=1), time(16, 32), tzinfo=clock.VIETNAM)
    rows = []
    for offset in range(4, -1, -1):
        day = today - timedelta(days=offset)
        for screen, first_hour, last_hour in ((eboard, 7, 17), (led, 6, 22)):
            if screen is eboard and day.isoweekday() > 5:
                continue
            moment = datetime.combine(day, time(first_hour, rng.randint(0, 9)), tzinfo=clock.VIETNAM)
            end = datetime.combine(day, time(last_hour, 0), tzinfo=clock.VIETNAM)
            while moment < end:
                if (screen is led and moment >= led_silent_from) or moment >= now:
                    break
                for slide in slides:
                    rows.append(Play(screen=screen, playlist=playlist, slide=slide, title=slide.title,
                                     started_at=moment, day=day, duration=slide.duration, received_at=moment))
                    moment += timedelta(seconds=slide.duration)
                moment += timedelta(minutes=rng.randint(12, 20))  # other content between two loops
    Play.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    last_led = max((row.started_at for row in rows if row.screen is led), default=None)
    Screen.objects.filter(pk=led.pk).update(last_seen_at=last_led and last_led + timedelta(seconds=40),
                                            last_playlist=playlist)
    Screen.objects.filter(pk=eboard.pk).update(last_seen_at=now, last_playlist=playlist)
    return len(rows)
