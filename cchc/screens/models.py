"""Screens (the service centre's e-board, LED screens in public places), their playlists of slides and the plays.

A screen's own browser opens the player with the screen's secret key (only its SHA-256 hash is kept); the player
asks for the current playlist (:meth:`Screen.current_playlist`), plays it from its cache when the network drops,
and reports in with a heartbeat carrying what it played (:class:`Play`). Plays become activities of the screen's
unit once per day and slide (``cchc screens-activities``).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cchc.core import clock
from cchc.core.querysets import RestrictedQuerySet

from .choices import WEEKDAY_SHORT, ScreenStatus, SlideKind

ALL_WEEKDAYS = "1234567"


def offline_after() -> timedelta:
    """A screen silent for longer than this is offline (three missed heartbeats by default)."""
    return timedelta(seconds=int(getattr(settings, "CCHC_SCREENS_OFFLINE_SECONDS", 180)))


def refresh_seconds() -> int:
    """How often the player asks for its schedule and reports in (changes are picked up within a minute)."""
    return int(getattr(settings, "CCHC_SCREENS_REFRESH_SECONDS", 30))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ScreenGroup(models.Model):
    """Screens that play the same playlists (e.g. every LED screen of Pleiku). Managed by the coordinators."""

    name = models.CharField("tên nhóm", max_length=160, unique=True)
    description = models.TextField("mô tả", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "nhóm màn hình"
        verbose_name_plural = "nhóm màn hình"

    def __str__(self) -> str:
        return self.name


class ScreenQuerySet(RestrictedQuerySet):
    def by_key(self, key: str) -> Screen | None:
        """The active screen whose (not revoked) key is ``key``; ``None`` for a wrong or revoked key."""
        if not key or len(key) > 200:
            return None
        return self.filter(key_hash=hash_key(key), is_active=True).select_related("unit").first()


class Screen(models.Model):
    """A screen run by a unit: its place, resolution and the hash of its secret key."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "export")

    name = models.CharField("tên màn hình", max_length=160)
    place = models.CharField("vị trí đặt", max_length=255)
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị quản lý", on_delete=models.PROTECT,
                             related_name="screens")
    width = models.PositiveIntegerField("chiều ngang (điểm ảnh)", default=1920,
                                        validators=[MinValueValidator(64), MaxValueValidator(16384)])
    height = models.PositiveIntegerField("chiều dọc (điểm ảnh)", default=1080,
                                         validators=[MinValueValidator(64), MaxValueValidator(16384)])
    groups = models.ManyToManyField(ScreenGroup, verbose_name="nhóm", blank=True, related_name="screens")
    notes = models.TextField("ghi chú", blank=True)
    is_active = models.BooleanField("đang sử dụng", default=True)
    key_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    key_prefix = models.CharField("khóa bắt đầu bằng", max_length=12, blank=True, editable=False)
    key_issued_at = models.DateTimeField("cấp khóa lúc", null=True, blank=True, editable=False)
    key_revoked_at = models.DateTimeField("thu hồi khóa lúc", null=True, blank=True, editable=False)
    last_seen_at = models.DateTimeField("lần báo gần nhất", null=True, blank=True, editable=False)
    last_ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True, editable=False)
    last_user_agent = models.CharField("trình duyệt", max_length=300, blank=True, editable=False)
    last_playlist = models.ForeignKey("Playlist", verbose_name="danh sách đang phát", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = ScreenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "màn hình"
        verbose_name_plural = "màn hình"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("screens:screen", args=[self.pk])

    @property
    def resolution(self) -> str:
        return f"{self.width}×{self.height}"

    @property
    def has_key(self) -> bool:
        return bool(self.key_hash)

    def status(self, moment: datetime | None = None) -> str:
        if not self.key_hash:
            return ScreenStatus.REVOKED
        if self.last_seen_at is None:
            return ScreenStatus.NEVER
        moment = moment or clock.now()
        return ScreenStatus.ONLINE if moment - self.last_seen_at <= offline_after() else ScreenStatus.OFFLINE

    def status_label(self) -> str:
        return ScreenStatus(self.status()).label

    def silent_for(self, moment: datetime | None = None) -> timedelta | None:
        if self.last_seen_at is None:
            return None
        return (moment or clock.now()) - self.last_seen_at

    def playlists(self) -> models.QuerySet[Playlist]:
        """Active playlists assigned to this screen, directly or through one of its groups."""
        return Playlist.objects.filter(Q(screens=self) | Q(groups__screens=self), is_active=True).distinct()

    def current_playlist(self, moment: datetime | None = None) -> Playlist | None:
        """The playlist to play at ``moment`` (Vietnam time): among the assigned playlists whose dates, days and
        time slot cover it, the highest priority; then one with a time slot before an all-day one; then one
        assigned to the screen itself before one assigned to its group; then the newest."""
        moment = (moment or clock.now()).astimezone(clock.VIETNAM)
        direct = set(self.playlist_set.values_list("pk", flat=True)) if self.pk else set()
        candidates = [p for p in self.playlists() if p.covers(moment)]
        if not candidates:
            return None
        candidates.sort(key=lambda p: (p.priority, p.start_time is not None, p.pk in direct, p.pk), reverse=True)
        return candidates[0]


class Playlist(models.Model):
    """Slides played in a loop on the screens (and groups) it is assigned to, within its dates, days and hours."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "delete", "export")

    name = models.CharField("tên danh sách phát", max_length=200)
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT,
                             related_name="playlists")
    start_date = models.DateField("từ ngày", null=True, blank=True)
    end_date = models.DateField("đến ngày", null=True, blank=True)
    weekdays = models.CharField("các ngày trong tuần", max_length=7, default=ALL_WEEKDAYS, blank=True,
                                help_text="1 = thứ Hai … 7 = Chủ nhật.")
    start_time = models.TimeField("từ giờ", null=True, blank=True)
    end_time = models.TimeField("đến giờ", null=True, blank=True)
    priority = models.SmallIntegerField("độ ưu tiên", default=0,
                                        help_text="Khi nhiều danh sách cùng khớp, danh sách ưu tiên cao hơn được phát.")
    is_active = models.BooleanField("đang dùng", default=True)
    topics = models.ManyToManyField("reports.Topic", verbose_name="chủ đề", blank=True, related_name="+")
    screens = models.ManyToManyField(Screen, verbose_name="màn hình", blank=True)
    groups = models.ManyToManyField(ScreenGroup, verbose_name="nhóm màn hình", blank=True, related_name="playlists")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "name", "id"]
        verbose_name = "danh sách phát"
        verbose_name_plural = "danh sách phát"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("screens:playlist", args=[self.pk])

    def covers(self, moment: datetime) -> bool:
        """Whether the playlist plays at ``moment`` (aware; read in Vietnam time)."""
        local = moment.astimezone(clock.VIETNAM)
        return (self.is_active and self.covers_day(local.date()) and self.covers_time(local.time()))

    def covers_day(self, day: date) -> bool:
        if self.start_date and day < self.start_date:
            return False
        if self.end_date and day > self.end_date:
            return False
        return str(day.isoweekday()) in (self.weekdays or ALL_WEEKDAYS)

    def covers_time(self, moment: time) -> bool:
        start, end = self.start_time, self.end_time
        if start is None and end is None:
            return True
        start = start or time.min
        if end is None:
            return moment >= start
        if start <= end:
            return start <= moment < end
        return moment >= start or moment < end  # a slot across midnight (22:00 → 06:00)

    def weekdays_label(self) -> str:
        days = self.weekdays or ALL_WEEKDAYS
        if days == ALL_WEEKDAYS:
            return "Hằng ngày"
        return ", ".join(WEEKDAY_SHORT[int(d)] for d in days if d.isdigit() and int(d) in WEEKDAY_SHORT)

    def slot_label(self) -> str:
        if self.start_time is None and self.end_time is None:
            return "Cả ngày"
        start = self.start_time.strftime("%H:%M") if self.start_time else "00:00"
        end = self.end_time.strftime("%H:%M") if self.end_time else "24:00"
        return f"{start}–{end}"

    def dates_label(self) -> str:
        if not self.start_date and not self.end_date:
            return "Không giới hạn"
        start = self.start_date.strftime("%d/%m/%Y") if self.start_date else "…"
        end = self.end_date.strftime("%d/%m/%Y") if self.end_date else "…"
        return f"{start} – {end}"

    def total_seconds(self) -> int:
        return sum(slide.duration for slide in self.slides.all())


def slide_upload_to(instance: Slide, filename: str) -> str:
    return f"screens/{timezone.now():%Y/%m}/{filename}"


class Slide(models.Model):
    """One slide of a playlist: a text, an image, a video file or an item of the public column."""

    unit_path = "playlist__unit"
    officer_actions = ("view", "add", "change", "delete", "export")

    playlist = models.ForeignKey(Playlist, verbose_name="danh sách phát", on_delete=models.CASCADE,
                                 related_name="slides")
    order = models.PositiveIntegerField("thứ tự", default=0)
    kind = models.CharField("loại", max_length=10, choices=SlideKind.choices, default=SlideKind.TEXT)
    title = models.CharField("tiêu đề", max_length=200)
    text = models.TextField("nội dung", blank=True)
    media = models.FileField("tệp hình ảnh / video", upload_to=slide_upload_to, blank=True, max_length=300)
    media_type = models.CharField("kiểu tệp", max_length=60, blank=True, editable=False)
    item = models.ForeignKey("column.Item", verbose_name="tin, bài chuyên mục", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    duration = models.PositiveIntegerField("thời lượng (giây)", default=15,
                                           validators=[MinValueValidator(3), MaxValueValidator(3600)])
    background = models.CharField("màu nền", max_length=7, default="#0b3d6e",
                                  help_text="Mã màu dạng #rrggbb.")
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["playlist", "order", "id"]
        verbose_name = "trang trình chiếu"
        verbose_name_plural = "trang trình chiếu"

    def __str__(self) -> str:
        return self.title

    def version(self) -> str:
        """Changes whenever the slide changes: the player's cache of its media is keyed by it."""
        return hashlib.sha256(f"{self.pk}:{self.updated_at.isoformat()}:{self.media.name}".encode()).hexdigest()[:12]

    def item_url(self) -> str:
        if self.item_id is None:
            return ""
        try:
            return self.item.get_absolute_url()
        except NoReverseMatch:
            return ""

    def as_player_data(self) -> dict[str, Any]:
        """What the player needs to show the slide (media through the key-checked endpoint)."""
        data: dict[str, Any] = {"id": self.pk, "kind": self.kind, "title": self.title, "text": self.text,
                                "duration": self.duration, "background": self.background, "version": self.version(),
                                "media_url": "", "media_type": self.media_type}
        if self.media:
            data["media_url"] = reverse("api:screen-player-media", args=[self.pk, self.version()])
        if self.kind == SlideKind.ITEM and self.item_id:
            item = self.item
            data["title"] = self.title or item.title
            data["text"] = self.text or item.summary
            if item.cover and not self.media:
                data["media_url"] = reverse("api:screen-player-media", args=[self.pk, self.version()])
                data["media_type"] = "image/*"
        return data


class Play(models.Model):
    """Proof of play: a slide shown on a screen at a moment, as the screen reported it."""

    unit_path = "screen__unit"

    screen = models.ForeignKey(Screen, verbose_name="màn hình", on_delete=models.CASCADE, related_name="plays")
    playlist = models.ForeignKey(Playlist, verbose_name="danh sách phát", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="plays")
    slide = models.ForeignKey(Slide, verbose_name="trang trình chiếu", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="plays")
    title = models.CharField("nội dung phát", max_length=200)
    started_at = models.DateTimeField("bắt đầu phát")
    day = models.DateField("ngày", db_index=True)
    duration = models.PositiveIntegerField("thời lượng (giây)", default=0)
    received_at = models.DateTimeField("nhận lúc", default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "lượt phát"
        verbose_name_plural = "lượt phát"
        constraints = [
            models.UniqueConstraint(fields=["screen", "slide", "started_at"], name="screens_play_unique",
                                    violation_error_message="Lượt phát này đã được ghi nhận."),
        ]
        indexes = [models.Index(fields=["screen", "day"], name="screens_play_screen_day")]

    def __str__(self) -> str:
        return f"{self.screen} · {self.title} · {self.started_at:%d/%m/%Y %H:%M}"
