"""What a screen plays now, as the player (and a screen with a player of its own) reads it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from cchc.core import clock

from .models import Playlist, Screen, refresh_seconds


def playlist_data(playlist: Playlist) -> dict[str, Any]:
    slides = [slide.as_player_data() for slide in playlist.slides.select_related("item").order_by("order", "id")]
    stamp = ":".join([str(playlist.pk), playlist.updated_at.isoformat(), *(s["version"] for s in slides)])
    return {"id": playlist.pk, "name": playlist.name, "version": hashlib.sha256(stamp.encode()).hexdigest()[:12],
            "slides": slides}


def rules_of(playlist: Playlist) -> dict[str, Any]:
    return {"start_date": playlist.start_date, "end_date": playlist.end_date,
            "weekdays": [int(d) for d in playlist.weekdays], "start_time": playlist.start_time,
            "end_time": playlist.end_time, "priority": playlist.priority}


def schedule_for(screen: Screen, moment: datetime | None = None) -> dict[str, Any]:
    """The playlist to play now, and every assigned playlist not yet over with its rules (for a screen with a
    player of its own that decides by itself, offline too)."""
    playlist = screen.current_playlist(moment)
    today = (moment or clock.now()).astimezone(clock.VIETNAM).date()
    upcoming = screen.playlists().filter(Q(end_date__isnull=True) | Q(end_date__gte=today)) \
        .order_by("-priority", "pk")
    return {
        "screen": {"id": screen.pk, "name": screen.name, "place": screen.place, "unit": screen.unit.name,
                   "width": screen.width, "height": screen.height},
        "generated_at": timezone.now(),
        "server_time": clock.now(),
        "refresh_seconds": refresh_seconds(),
        "playlist": playlist_data(playlist) if playlist is not None else None,
        "playlists": [{**playlist_data(item), "rules": rules_of(item)} for item in upcoming],
    }


def now() -> datetime:
    return clock.now()
