"""Pages of screens: monitoring, screens and their keys, groups, playlists and slides, proof of play; the player
(a full-screen page the screen's browser opens with its key) and its service worker."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action
from cchc.core.permissions import can

from . import actions
from .choices import ScreenStatus
from .forms import GroupForm, PlaylistForm, ScreenForm, SlideForm
from .models import Play, Playlist, Screen, ScreenGroup, Slide, offline_after, refresh_seconds


def _need(user: Any, action: str, model: type) -> None:
    if not can(user, action, model):
        raise PermissionDenied


def _form_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(a) for a in exc.args]))


def _screens_with_status(user: Any) -> list[Screen]:
    today = clock.today()
    screens = list(Screen.objects.restrict(user, Action.VIEW).select_related("unit", "last_playlist")
                   .annotate(plays_today=Count("plays", filter=Q(plays__day=today))))
    moment = clock.now()
    order = {ScreenStatus.OFFLINE: 0, ScreenStatus.NEVER: 1, ScreenStatus.REVOKED: 2, ScreenStatus.ONLINE: 3}
    for screen in screens:
        screen.current_status = screen.status(moment)
        screen.current_status_label = ScreenStatus(screen.current_status).label
        screen.silence = screen.silent_for(moment)
    screens.sort(key=lambda s: (order[ScreenStatus(s.current_status)] if s.is_active else 9, s.name))
    return screens


@login_required
def screen_index(request: HttpRequest) -> HttpResponse:
    """Monitoring: every screen the user may see, online or offline and since when (refreshes itself)."""
    _need(request.user, Action.VIEW, Screen)
    screens = _screens_with_status(request.user)
    context = {"screens": screens, "offline_minutes": int(offline_after().total_seconds() // 60) or 1,
               "can_add": can(request.user, Action.ADD, Screen), "now": clock.now(),
               "refresh_seconds": refresh_seconds(),
               "offline_count": sum(1 for s in screens if s.is_active and s.current_status == ScreenStatus.OFFLINE)}
    template = "screens/_screen_table.html" if request.htmx else "screens/screen_list.html"
    return render(request, template, context)


@login_required
def screen_create(request: HttpRequest) -> HttpResponse:
    _need(request.user, Action.ADD, Screen)
    form = ScreenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        try:
            screen, key = actions.do_create_screen(acting_user=request.user, groups=form.cleaned_data.get("groups"),
                                                   **data)
        except (ValidationError, PermissionDenied) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã đăng ký màn hình “{screen.name}”. Sao chép khóa ngay: khóa chỉ hiện "
                                      "một lần.")
            return _screen_page(request, screen, new_key=key)
    return render(request, "screens/screen_edit.html", {"form": form, "title": "Đăng ký màn hình",
                                                        "cancel_url": reverse("screens:index")})


def _get_screen(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Screen:
    return get_object_or_404(Screen.objects.restrict(request.user, action).select_related("unit"), pk=pk)


def _screen_page(request: HttpRequest, screen: Screen, new_key: str = "") -> HttpResponse:
    playlists = screen.playlists().select_related("unit").prefetch_related("slides")
    current = screen.current_playlist()
    player_url = request.build_absolute_uri(reverse("screens:player"))
    response = render(request, "screens/screen_detail.html", {
        "screen": screen, "playlists": playlists, "current": current, "new_key": new_key,
        "player_url": player_url, "status": screen.status(), "status_label": screen.status_label(),
        "can_change": Screen.objects.restrict(request.user, Action.CHANGE).filter(pk=screen.pk).exists(),
        "schedule_url": request.build_absolute_uri(reverse("api:screen-player-schedule")),
        "recent": screen.plays.select_related("slide")[:10],
        "visible_playlists": set(Playlist.objects.restrict(request.user, Action.VIEW).filter(
            pk__in=[p.pk for p in playlists]).values_list("pk", flat=True)),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
def screen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _screen_page(request, _get_screen(request, pk))


@login_required
def screen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    screen = _get_screen(request, pk, Action.CHANGE)
    form = ScreenForm(request.POST or None, instance=screen, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        try:
            actions.do_update_screen(Screen.objects.get(pk=screen.pk), acting_user=request.user,
                                     groups=form.cleaned_data.get("groups"), **data)
        except (ValidationError, PermissionDenied) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin màn hình.")
            return redirect(screen.get_absolute_url())
    return render(request, "screens/screen_edit.html", {"form": form, "title": f"Sửa màn hình “{screen.name}”",
                                                        "cancel_url": screen.get_absolute_url()})


@login_required
@require_POST
def screen_key(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new key (the old one stops working at once) and show it once."""
    screen = _get_screen(request, pk, Action.CHANGE)
    key = actions.do_regenerate_screen_key(screen, acting_user=request.user)
    messages.success(request, "Đã cấp khóa mới; khóa cũ không còn dùng được. Sao chép khóa ngay: khóa chỉ "
                              "hiện một lần.")
    return _screen_page(request, screen, new_key=key)


@login_required
@require_POST
def screen_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    screen = _get_screen(request, pk, Action.CHANGE)
    actions.do_revoke_screen_key(screen, acting_user=request.user)
    messages.success(request, "Đã thu hồi khóa: màn hình không còn nhận được nội dung cho đến khi được cấp khóa mới.")
    return redirect(screen.get_absolute_url())


def _parse_day(text: str) -> date | None:
    """A day given as 2020-11-19 or 19/11/2020 (the date fields are typed the Vietnamese way)."""
    from django import forms

    try:
        return forms.DateField().clean(text.strip()) if text.strip() else None
    except ValidationError:
        return None


@login_required
def screen_plays(request: HttpRequest, pk: int) -> HttpResponse:
    """Proof of play of one screen: plays per day and slide over a week (or one day)."""
    screen = _get_screen(request, pk)
    today = clock.today()
    day = _parse_day(request.GET.get("day", ""))
    start, end = (day, day) if day else (today - timedelta(days=6), today)
    rows = list(Play.objects.filter(screen=screen, day__gte=start, day__lte=end)
                .values("day", "slide", "title", "playlist__name")
                .annotate(count=Count("id"), seconds=Sum("duration"))
                .order_by("-day", "title"))
    days: dict[date, list[dict[str, Any]]] = {}
    for row in rows:
        days.setdefault(row["day"], []).append(row)
    totals = Play.objects.filter(screen=screen, day__gte=start, day__lte=end).values("slide", "title") \
        .annotate(count=Count("id")).order_by("-count", "title")
    plays = Play.objects.filter(screen=screen, day=day).select_related("slide")[:500] if day else []
    return render(request, "screens/screen_plays.html", {
        "screen": screen, "days": sorted(days.items(), reverse=True), "totals": totals, "start": start, "end": end,
        "day": day, "plays": plays, "total": sum(row["count"] for row in rows),
        "previous": (start - timedelta(days=1)).isoformat(), "today": today,
    })


# --- Groups ------------------------------------------------------------------------------------------------------

@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    if not actions.is_manager(request.user):
        raise PermissionDenied
    groups = ScreenGroup.objects.annotate(screen_count=Count("screens", distinct=True),
                                          playlist_count=Count("playlists", distinct=True))
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.do_save_group(None, acting_user=request.user, name=form.cleaned_data["name"],
                                          description=form.cleaned_data["description"],
                                          screens=form.cleaned_data["screens"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã tạo nhóm “{group.name}”.")
            return redirect("screens:groups")
    return render(request, "screens/group_list.html", {"groups": groups, "form": form})


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not actions.is_manager(request.user):
        raise PermissionDenied
    group = get_object_or_404(ScreenGroup, pk=pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_group(ScreenGroup.objects.get(pk=pk), acting_user=request.user,
                                  name=form.cleaned_data["name"], description=form.cleaned_data["description"],
                                  screens=form.cleaned_data["screens"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu nhóm màn hình.")
            return redirect("screens:groups")
    return render(request, "screens/screen_edit.html", {"form": form, "title": f"Sửa nhóm “{group.name}”",
                                                        "cancel_url": reverse("screens:groups")})


# --- Playlists and slides ----------------------------------------------------------------------------------------

@login_required
def playlist_list(request: HttpRequest) -> HttpResponse:
    _need(request.user, Action.VIEW, Playlist)
    playlists = (Playlist.objects.restrict(request.user, Action.VIEW).select_related("unit")
                 .prefetch_related("screens", "groups", "slides"))
    return render(request, "screens/playlist_list.html", {
        "playlists": playlists, "can_add": can(request.user, Action.ADD, Playlist), "today": clock.today()})


def _save_playlist(request: HttpRequest, playlist: Playlist | None) -> HttpResponse:
    form = PlaylistForm(request.POST or None, instance=playlist, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_playlist(
                Playlist.objects.get(pk=playlist.pk) if playlist else None, acting_user=request.user,
                screens=form.cleaned_data["screens"], groups=form.cleaned_data.get("groups"),
                topics=form.cleaned_data["topics"], **form.action_fields())
        except (ValidationError, PermissionDenied) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu danh sách phát.")
            return redirect(saved.get_absolute_url())
    title = f"Sửa danh sách phát “{playlist.name}”" if playlist else "Tạo danh sách phát"
    return render(request, "screens/playlist_edit.html", {
        "form": form, "title": title,
        "cancel_url": playlist.get_absolute_url() if playlist else reverse("screens:playlists")})


@login_required
def playlist_create(request: HttpRequest) -> HttpResponse:
    _need(request.user, Action.ADD, Playlist)
    return _save_playlist(request, None)


def _get_playlist(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Playlist:
    return get_object_or_404(Playlist.objects.restrict(request.user, action).select_related("unit"), pk=pk)


@login_required
def playlist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_playlist(request, _get_playlist(request, pk, Action.CHANGE))


@login_required
def playlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The playlist, its slides in order (add, change, move, remove) and where and when it plays."""
    playlist = _get_playlist(request, pk)
    can_change = Playlist.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).exists()
    form = SlideForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_add_slide(playlist, acting_user=request.user, media=form.cleaned_data.get("media"),
                                     **{k: v for k, v in form.cleaned_data.items() if k != "media"})
            except (ValidationError, PermissionDenied) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Đã thêm trang trình chiếu.")
                return redirect(playlist.get_absolute_url())
    slides = playlist.slides.select_related("item").order_by("order", "id")
    return render(request, "screens/playlist_detail.html", {
        "playlist": playlist, "slides": slides, "form": form, "can_change": can_change,
        "screens": playlist.screens.select_related("unit"), "groups": playlist.groups.all(),
        "topics": playlist.topics.all(),
        "can_delete": Playlist.objects.restrict(request.user, Action.DELETE).filter(pk=pk).exists(),
        "playing_now": playlist.covers(clock.now()),
    })


@login_required
@require_POST
def playlist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    playlist = _get_playlist(request, pk, Action.DELETE)
    actions.do_delete_playlist(playlist, acting_user=request.user)
    messages.success(request, f"Đã xóa danh sách phát “{playlist.name}”.")
    return redirect("screens:playlists")


def _get_slide(request: HttpRequest, pk: int) -> Slide:
    slide = get_object_or_404(Slide.objects.select_related("playlist__unit"), pk=pk)
    if not Playlist.objects.restrict(request.user, Action.CHANGE).filter(pk=slide.playlist_id).exists():
        raise PermissionDenied
    return slide


@login_required
def slide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    slide = _get_slide(request, pk)
    form = SlideForm(request.POST or None, request.FILES or None, instance=slide)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_slide(Slide.objects.get(pk=pk), acting_user=request.user,
                                    media=form.cleaned_data.get("media"),
                                    **{k: v for k, v in form.cleaned_data.items() if k != "media"})
        except (ValidationError, PermissionDenied) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu trang trình chiếu.")
            return redirect(slide.playlist.get_absolute_url())
    return render(request, "screens/screen_edit.html", {
        "form": form, "title": f"Sửa trang “{slide.title}”", "cancel_url": slide.playlist.get_absolute_url(),
        "multipart": True})


@login_required
@require_POST
def slide_delete(request: HttpRequest, pk: int) -> HttpResponse:
    slide = _get_slide(request, pk)
    actions.do_delete_slide(slide, acting_user=request.user)
    messages.success(request, f"Đã bỏ trang “{slide.title}”.")
    return redirect(slide.playlist.get_absolute_url())


@login_required
@require_POST
def slide_move(request: HttpRequest, pk: int) -> HttpResponse:
    slide = _get_slide(request, pk)
    actions.do_move_slide(slide, acting_user=request.user, up=request.POST.get("direction") == "up")
    return redirect(slide.playlist.get_absolute_url())


# --- The player ------------------------------------------------------------------------------------------------

def player(request: HttpRequest) -> HttpResponse:
    """The full-screen player. The key travels in the fragment (#key=…), never to the server's logs; the
    page's script sends it in the X-Screen-Key header."""
    response = render(request, "screens/player.html", {
        "schedule_url": reverse("api:screen-player-schedule"),
        "heartbeat_url": reverse("api:screen-player-heartbeat"),
        "worker_url": reverse("screens:worker"), "scope": reverse("screens:player"),
        "refresh_seconds": refresh_seconds(),
    })
    response["Cache-Control"] = "no-cache"
    return response


def worker(request: HttpRequest) -> HttpResponse:
    """The service worker: served from /screens/play/ so that its scope covers the player."""
    response = render(request, "screens/sw.js", {"scope": reverse("screens:player")},
                      content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("screens:player")
    response["Cache-Control"] = "no-cache"
    return response
