"""What a screen plays now, as the player (and a screen with a player of its own) reads it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.utils import timezone

from cchc.core import clock

from .models import Playlist, Screen, refresh_seconds


def playlist_data(playlist: Playlist) -> dict[str, Any]:
    slides = [slide.as_player_data() for slide in playlist.slides.select_related("item").order_by("order", "id")]
    stamp = ":".join([str(playlist.pk), playlist.updated_at.isoformat(), *(s["version"] for s in slides)])
    return {"id": playlist.pk, "name": playlist.name, "version": hashlib.sha256(stamp.encode()).hexdigest()[:12],
            "slides": slides}


def schedule_for(screen: Screen, moment: datetime | None = None) -> dict[str, Any]:
    playlist = screen.current_playlist(moment)
    return {
        "screen": {"id": screen.pk, "name": screen.name, "place": screen.place, "unit": screen.unit.name,
                   "width": screen.width, "height": screen.height},
        "generated_at": timezone.now(),
        "refresh_seconds": refresh_seconds(),
        "playlist": playlist_data(playlist) if playlist is not None else None,
    }


def now() -> datetime:
    return clock.now()
