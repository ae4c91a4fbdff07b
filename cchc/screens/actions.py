"""Every change to screens, playlists and plays: atomic, permission-checked, audited.

Coordinators (and administrators) manage every screen, group and playlist; a unit officer manages the screens and
playlists of their own units and assigns playlists only to those screens; leaders change nothing. The player (a
screen with its key) only reports plays through :func:`do_record_heartbeat`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import MANAGERS, can, role_of
from cchc.lib.text import clean_text
from cchc.units.models import OrgUnit

from .choices import SlideKind
from .models import Play, Playlist, Screen, ScreenGroup, Slide, hash_key

KEY_PREFIX = "scr_"
MEDIA_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "mp4", "m4v", "webm"})
ACTIVITY_SOURCE = "screens"
MAX_PLAYS_PER_HEARTBEAT = 2000


def _check(acting_user: Any, action: str, model: type, unit: OrgUnit | None = None) -> None:
    """PermissionDenied (Vietnamese) unless ``acting_user`` may ``action`` ``model`` rows of ``unit``."""
    if acting_user is None:
        return  # commands and the demo loader
    if not can(acting_user, action, model):
        raise PermissionDenied("Anh/chị không có quyền thực hiện thao tác này.")
    if unit is not None and not OrgUnit.objects.restrict(acting_user, Action.VIEW).filter(pk=unit.pk).exists():
        raise PermissionDenied("Anh/chị chỉ quản lý được màn hình và danh sách phát của đơn vị mình.")


def is_manager(user: Any) -> bool:
    return role_of(user) in MANAGERS


def _new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(24)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: clean_text(value) for key, value in fields.items()}


# --- Screens ---------------------------------------------------------------------------------------------------

SCREEN_FIELDS = ("name", "place", "unit", "width", "height", "notes", "is_active")


@transaction.atomic
def do_create_screen(*, acting_user: Any, groups: Iterable[ScreenGroup] | None = None,
                     key: str | None = None, **fields: Any) -> tuple[Screen, str]:
    """Register a screen and issue its key: (the screen, the key). The key is shown once; only its hash is kept."""
    fields = _clean(fields)
    _check(acting_user, Action.ADD, Screen, fields.get("unit"))
    screen = Screen(**{k: v for k, v in fields.items() if k in SCREEN_FIELDS})
    key = key or _new_key()
    screen.key_hash, screen.key_prefix, screen.key_issued_at = hash_key(key), key[:8], clock.now()
    screen.full_clean()
    with acting_as(acting_user):
        screen.save()
        if groups is not None:
            if not is_manager(acting_user) and acting_user is not None and list(groups):
                raise PermissionDenied("Chỉ Sở Nội vụ xếp màn hình vào nhóm.")
            screen.groups.set(list(groups))
    return screen, key


@transaction.atomic
def do_update_screen(screen: Screen, *, acting_user: Any, groups: Iterable[ScreenGroup] | None = None,
                     **fields: Any) -> Screen:
    fields = _clean(fields)
    _check(acting_user, Action.CHANGE, Screen, screen.unit)
    if "unit" in fields:
        _check(acting_user, Action.CHANGE, Screen, fields["unit"])
    for key, value in fields.items():
        if key in SCREEN_FIELDS:
            setattr(screen, key, value)
    screen.full_clean()
    with acting_as(acting_user):
        screen.save()
        if groups is not None and (acting_user is None or is_manager(acting_user)):
            screen.groups.set(list(groups))
    return screen


@transaction.atomic
def do_regenerate_screen_key(screen: Screen, *, acting_user: Any, key: str | None = None) -> str:
    """A new key for the screen (the old one stops working at once); returned once."""
    _check(acting_user, Action.CHANGE, Screen, screen.unit)
    key = key or _new_key()
    screen.key_hash, screen.key_prefix, screen.key_issued_at, screen.key_revoked_at = (
        hash_key(key), key[:8], clock.now(), None)
    with acting_as(acting_user):
        screen.save(update_fields=["key_hash", "key_prefix", "key_issued_at", "key_revoked_at"])
    return key


@transaction.atomic
def do_revoke_screen_key(screen: Screen, *, acting_user: Any) -> Screen:
    """The screen's key stops working: its player gets nothing until a new key is issued."""
    _check(acting_user, Action.CHANGE, Screen, screen.unit)
    if screen.key_hash:
        screen.key_hash, screen.key_revoked_at = "", clock.now()
        with acting_as(acting_user):
            screen.save(update_fields=["key_hash", "key_revoked_at"])
    return screen


@transaction.atomic
def do_save_group(group: ScreenGroup | None, *, acting_user: Any, name: str, description: str = "",
                  screens: Iterable[Screen] | None = None) -> ScreenGroup:
    if acting_user is not None and not is_manager(acting_user):
        raise PermissionDenied("Chỉ Sở Nội vụ quản lý các nhóm màn hình.")
    group = group or ScreenGroup()
    group.name, group.description = clean_text(name or "").strip(), clean_text(description or "")
    group.full_clean()
    with acting_as(acting_user):
        group.save()
        if screens is not None:
            group.screens.set(list(screens))
    return group


# --- Playlists and slides ----------------------------------------------------------------------------------------

PLAYLIST_FIELDS = ("name", "unit", "start_date", "end_date", "weekdays", "start_time", "end_time", "priority",
                   "is_active")


def _check_assignment(acting_user: Any, screens: Iterable[Screen], groups: Iterable[ScreenGroup]) -> None:
    if acting_user is None or is_manager(acting_user):
        return
    if list(groups):
        raise PermissionDenied("Chỉ Sở Nội vụ gán danh sách phát cho nhóm màn hình.")
    allowed = set(Screen.objects.restrict(acting_user, Action.CHANGE).values_list("pk", flat=True))
    if any(screen.pk not in allowed for screen in screens):
        raise PermissionDenied("Anh/chị chỉ gán danh sách phát cho màn hình của đơn vị mình.")


@transaction.atomic
def do_save_playlist(playlist: Playlist | None, *, acting_user: Any, screens: Iterable[Screen] | None = None,
                     groups: Iterable[ScreenGroup] | None = None, topics: Iterable[Any] | None = None,
                     **fields: Any) -> Playlist:
    """Create or change a playlist, its schedule and where it plays."""
    fields = _clean(fields)
    creating = playlist is None
    playlist = playlist or Playlist(created_by=acting_user if getattr(acting_user, "pk", None) else None)
    if creating:
        _check(acting_user, Action.ADD, Playlist, fields.get("unit"))
    else:
        _check(acting_user, Action.CHANGE, Playlist, playlist.unit)
        if fields.get("unit") is not None:
            _check(acting_user, Action.CHANGE, Playlist, fields["unit"])
    for key, value in fields.items():
        if key in PLAYLIST_FIELDS:
            setattr(playlist, key, value)
    playlist.weekdays = "".join(sorted({d for d in (playlist.weekdays or "") if d in "1234567"}))
    if not playlist.weekdays:
        raise ValidationError({"weekdays": "Chọn ít nhất một ngày trong tuần."})
    if playlist.start_date and playlist.end_date and playlist.end_date < playlist.start_date:
        raise ValidationError({"end_date": "Ngày kết thúc phải sau ngày bắt đầu."})
    if playlist.start_time and playlist.end_time and playlist.start_time == playlist.end_time:
        raise ValidationError({"end_time": "Giờ kết thúc phải khác giờ bắt đầu."})
    playlist.full_clean()
    screens = list(screens) if screens is not None else None
    groups = list(groups) if groups is not None else None
    if screens is not None or groups is not None:
        _check_assignment(acting_user, screens or [], groups or [])
    with acting_as(acting_user):
        playlist.save()
        if screens is not None:
            if not creating and acting_user is not None and not is_manager(acting_user):
                # An officer's choice replaces only the screens they manage; other units' assignments stay.
                mine = set(Screen.objects.restrict(acting_user, Action.CHANGE).values_list("pk", flat=True))
                kept = [s for s in playlist.screens.all() if s.pk not in mine]
                screens = kept + screens
            playlist.screens.set(screens)
        if groups is not None and (acting_user is None or is_manager(acting_user)):
            playlist.groups.set(groups)
        if topics is not None:
            playlist.topics.set(list(topics))
    return playlist


@transaction.atomic
def do_delete_playlist(playlist: Playlist, *, acting_user: Any) -> None:
    _check(acting_user, Action.DELETE, Playlist, playlist.unit)
    with acting_as(acting_user):
        playlist.delete()


def _touch(playlist: Playlist) -> None:
    """A change of a slide is a change of its playlist (the player compares versions)."""
    Playlist.objects.filter(pk=playlist.pk).update(updated_at=timezone.now())


SLIDE_FIELDS = ("kind", "title", "text", "item", "duration", "background", "order")


def _apply_slide(slide: Slide, fields: dict[str, Any], media: Any) -> None:
    for key, value in fields.items():
        if key in SLIDE_FIELDS:
            setattr(slide, key, "" if value is None and key in ("text", "title") else value)
    if media:
        from cchc.reports.uploads import check_upload

        try:
            content_type, _extension = check_upload(media, allowed=MEDIA_EXTENSIONS)
        except ValidationError as exc:
            raise ValidationError({"media": exc.messages}) from exc
        media.seek(0)
        slide.media.save(f"{secrets.token_hex(8)}.{_extension}", media, save=False)
        slide.media_type = content_type
    if slide.kind == SlideKind.ITEM:
        if slide.item_id is None:
            raise ValidationError({"item": "Chọn một tin, bài của chuyên mục."})
        if not slide.title:
            slide.title = slide.item.title[:200]
    if slide.kind == SlideKind.IMAGE and not (slide.media and slide.media_type.startswith("image/")):
        raise ValidationError({"media": "Trang hình ảnh cần một tệp ảnh (JPG, PNG, GIF, WEBP)."})
    if slide.kind == SlideKind.VIDEO and not (slide.media and slide.media_type.startswith("video/")):
        raise ValidationError({"media": "Trang video cần một tệp video (MP4, WEBM)."})
    if slide.kind == SlideKind.TEXT and not (slide.title or slide.text):
        raise ValidationError({"text": "Nhập nội dung của trang."})
    if not slide.title:
        slide.title = (slide.text or "")[:200] or "Trang trình chiếu"
    slide.full_clean()


@transaction.atomic
def do_add_slide(playlist: Playlist, *, acting_user: Any, media: Any = None, **fields: Any) -> Slide:
    _check(acting_user, Action.CHANGE, Playlist, playlist.unit)
    fields = _clean(fields)
    last = playlist.slides.order_by("-order").values_list("order", flat=True).first()
    slide = Slide(playlist=playlist, order=(last or 0) + 10)
    _apply_slide(slide, {k: v for k, v in fields.items() if k != "order"}, media)
    with acting_as(acting_user):
        slide.save()
    _touch(playlist)
    return slide


@transaction.atomic
def do_update_slide(slide: Slide, *, acting_user: Any, media: Any = None, **fields: Any) -> Slide:
    _check(acting_user, Action.CHANGE, Playlist, slide.playlist.unit)
    _apply_slide(slide, _clean(fields), media)
    with acting_as(acting_user):
        slide.save()
    _touch(slide.playlist)
    return slide


@transaction.atomic
def do_delete_slide(slide: Slide, *, acting_user: Any) -> None:
    _check(acting_user, Action.CHANGE, Playlist, slide.playlist.unit)
    playlist = slide.playlist
    with acting_as(acting_user):
        slide.delete()
    _touch(playlist)


@transaction.atomic
def do_move_slide(slide: Slide, *, acting_user: Any, up: bool) -> None:
    """Swap the slide with its neighbour (renumbering the playlist 10, 20, 30 …)."""
    _check(acting_user, Action.CHANGE, Playlist, slide.playlist.unit)
    slides = list(slide.playlist.slides.order_by("order", "id"))
    index = next(i for i, s in enumerate(slides) if s.pk == slide.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(slides):
        slides[index], slides[other] = slides[other], slides[index]
    for position, item in enumerate(slides, start=1):
        if item.order != position * 10:
            Slide.objects.filter(pk=item.pk).update(order=position * 10)
    _touch(slide.playlist)


# --- The player ------------------------------------------------------------------------------------------------

def _parse_moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    moment = parse_datetime(value.strip())
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=clock.VIETNAM)
    return moment


@transaction.atomic
def do_record_heartbeat(screen: Screen, *, plays: Iterable[dict[str, Any]] = (), playlist_id: Any = None,
                        ip: str | None = None, user_agent: str = "") -> int:
    """The screen reports in: it is seen now, and the plays it sends are stored once each (a play sent again
    after a lost answer is not counted twice). Returns how many new plays were stored."""
    now = clock.now()  # the demo's fixed date: plays and heartbeats are read on the same clock as everything else
    shift = timedelta(days=round((now - timezone.now()).total_seconds() / 86400))  # whole days, stable
    slide_ids = set()
    rows = []
    for entry in list(plays)[:MAX_PLAYS_PER_HEARTBEAT]:
        if not isinstance(entry, dict):
            continue
        started = _parse_moment(entry.get("started_at"))
        if started is not None:
            started = started + shift
        try:
            slide_id = int(entry.get("slide"))
            duration = max(0, min(int(entry.get("duration") or 0), 24 * 3600))
        except (TypeError, ValueError):
            continue
        if started is None or started > now + timedelta(minutes=5):
            continue
        slide_ids.add(slide_id)
        rows.append((slide_id, started, duration))
    # Only slides of playlists assigned to this screen count as plays of this screen.
    allowed = {slide.pk: slide for slide in Slide.objects.filter(pk__in=slide_ids,
                                                                   playlist__in=screen.playlists().values("pk"))
               .select_related("playlist")}
    objects = [Play(screen=screen, slide=allowed[sid], playlist=allowed[sid].playlist,
                    title=allowed[sid].title[:200], started_at=started,
                    day=started.astimezone(clock.VIETNAM).date(), duration=duration, received_at=now)
               for sid, started, duration in rows if sid in allowed]
    before = Play.objects.filter(screen=screen).count()
    Play.objects.bulk_create(objects, ignore_conflicts=True)
    created = Play.objects.filter(screen=screen).count() - before
    screen.last_seen_at = now
    screen.last_ip = ip or None
    screen.last_user_agent = (user_agent or "")[:300]
    try:
        playlist_pk = int(playlist_id) if playlist_id not in (None, "") else None
    except (TypeError, ValueError):
        playlist_pk = None
    screen.last_playlist_id = playlist_pk if playlist_pk and screen.playlists().filter(pk=playlist_pk).exists() \
        else None
    screen.save(update_fields=["last_seen_at", "last_ip", "last_user_agent", "last_playlist"])
    return created


# --- Plays become activities -----------------------------------------------------------------------------------

def external_id_for(screen_id: int, day: date, slide_id: int) -> str:
    return f"play:{screen_id}:{day.isoformat()}:{slide_id}"


@transaction.atomic
def do_turn_plays_into_activities(*, until: date | None = None, days: int | None = 31) -> dict[str, int]:
    """One activity of the screen's unit per screen, day and slide (channel "LED screen", the count as quantity),
    for the ``days`` days before ``until`` (default: today; ``days=None``: every day). Run again, it creates
    nothing new; a day whose count grew (plays reported late from a screen's cache) has its activity's quantity
    updated, unless it is locked."""
    from cchc.reports.activities import do_create_activity, do_update_activity
    from cchc.reports.models import Activity, Channel

    until = until or clock.today()
    channel = Channel.objects.filter(code="led").first()
    if channel is None:
        return {"created": 0, "updated": 0}
    plays = Play.objects.filter(day__lt=until, slide__isnull=False)
    if days is not None:
        plays = plays.filter(day__gte=until - timedelta(days=days))
    groups = (plays
              .values("screen", "day", "slide").annotate(count=Count("id")).order_by("day", "screen", "slide"))
    groups = list(groups)
    if not groups:
        return {"created": 0, "updated": 0}
    screens = Screen.objects.in_bulk({g["screen"] for g in groups})
    slides = Slide.objects.select_related("playlist").prefetch_related("playlist__topics", "item__topics") \
        .in_bulk({g["slide"] for g in groups})
    existing = {activity.external_id: activity for activity in Activity.objects.filter(
        source=ACTIVITY_SOURCE, external_id__in=[external_id_for(g["screen"], g["day"], g["slide"]) for g in groups])}
    created = updated = 0
    for group in groups:
        screen, slide = screens[group["screen"]], slides.get(group["slide"])
        if slide is None:
            continue
        external_id = external_id_for(screen.pk, group["day"], slide.pk)
        activity = existing.get(external_id)
        if activity is not None:
            if activity.quantity != group["count"] and not activity.is_locked():
                do_update_activity(activity, quantity=group["count"])
                updated += 1
            continue
        topics = list(slide.playlist.topics.all())
        if slide.item_id:
            topics += [t for t in slide.item.topics.all() if t not in topics]
        do_create_activity(
            unit=screen.unit, date=group["day"], channel=channel, topics=topics,
            title=f"Phát “{slide.title}” trên {screen.name}"[:300],
            description=f"{group['count']} lượt phát tại {screen.place} (danh sách phát “{slide.playlist.name}”), "
                        "theo báo cáo tự động của màn hình.",
            quantity=group["count"], quantity_unit="lượt", source=ACTIVITY_SOURCE, external_id=external_id,
            links=_proof_link(screen, group["day"]))
        created += 1
    return {"created": created, "updated": updated}


def _proof_link(screen: Screen, day: date) -> str:
    from django.conf import settings
    from django.urls import reverse

    base = getattr(settings, "CCHC_SITE_URL", "") or "http://127.0.0.1:8000"
    return f"{base}{reverse('screens:plays', args=[screen.pk])}?day={day.isoformat()}"
