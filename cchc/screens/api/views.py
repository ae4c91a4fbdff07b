"""The screens API.

For the player (and screens with a player of their own), authenticated by the screen's key
(``X-Screen-Key``): ``GET screens/player/schedule/`` (what to play now), ``POST screens/player/heartbeat/``
(reporting in with the plays), ``GET screens/player/media/<slide>/<version>/`` (a slide's image or video).
For signed-in staff: ``screens/`` (with their status) and ``screens/plays/`` (proof of play), narrowed by
``restrict`` (officers see their units' screens).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.core.choices import Action
from cchc.core.ratelimit import client_ip

from ..actions import do_record_heartbeat
from ..models import Play, Screen, Slide, refresh_seconds
from ..player import schedule_for
from .auth import HEADER, IsScreen, ScreenKeyAuthentication
from .serializers import (
    HeartbeatAnswerSerializer,
    HeartbeatSerializer,
    PlaySerializer,
    ScheduleSerializer,
    ScreenSerializer,
)

KEY_PARAMETER = OpenApiParameter(HEADER, str, OpenApiParameter.HEADER, required=True,
                                 description="The screen's secret key.")


class PlayerView(APIView):
    authentication_classes = [ScreenKeyAuthentication]
    permission_classes = [IsScreen]
    throttle_classes: list = []


class ScheduleView(PlayerView):
    @extend_schema(operation_id="screen_player_schedule", parameters=[KEY_PARAMETER],
                   responses={200: ScheduleSerializer}, tags=["screens"],
                   summary="What the screen plays now",
                   description="The current playlist of the screen holding the key (by its dates, days of the week, "
                               "time slot and priority), with its slides in order. Ask again every "
                               "`refresh_seconds`; a wrong or revoked key gets 401 and nothing else.")
    def get(self, request: Request) -> Response:
        data = ScheduleSerializer(schedule_for(request.auth)).data
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response


class HeartbeatView(PlayerView):
    @extend_schema(operation_id="screen_player_heartbeat", parameters=[KEY_PARAMETER], request=HeartbeatSerializer,
                   responses={200: HeartbeatAnswerSerializer}, tags=["screens"], summary="The screen reports in",
                   description="Marks the screen as seen now and stores the plays it reports (each once).")
    def post(self, request: Request) -> Response:
        serializer = HeartbeatSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plays = [{"slide": p["slide"], "started_at": p["started_at"].isoformat(), "duration": p.get("duration", 0)}
                 for p in serializer.validated_data.get("plays", [])]
        stored = do_record_heartbeat(request.auth, plays=plays, playlist_id=serializer.validated_data.get("playlist"),
                                     ip=client_ip(request._request),
                                     user_agent=request.META.get("HTTP_USER_AGENT", ""))
        return Response({"received": len(plays), "stored": stored, "refresh_seconds": refresh_seconds()})


class MediaView(PlayerView):
    @extend_schema(operation_id="screen_player_media", parameters=[KEY_PARAMETER],
                   responses={(200, "application/octet-stream"): bytes}, tags=["screens"],
                   summary="A slide's image or video",
                   description="Only slides of playlists assigned to the screen. The version in the address changes "
                               "with the slide, so the answer may be cached for good.")
    def get(self, request: Request, slide: int, version: str) -> Any:
        screen: Screen = request.auth
        found = Slide.objects.filter(pk=slide, playlist__in=screen.playlists().values("pk")) \
            .select_related("item").first()
        if found is None:
            raise Http404
        file, content_type = found.media, found.media_type
        if not file and found.item_id and found.item.cover:
            file, content_type = found.item.cover, ""
        if not file:
            raise Http404
        try:
            handle = file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type or None)
        response["Cache-Control"] = "private, max-age=31536000, immutable"
        return response


class ScreenViewSet(viewsets.ReadOnlyModelViewSet):
    """Screens the caller may see, with their status (online, offline, never, revoked) and last heartbeat."""

    serializer_class = ScreenSerializer
    filterset_fields = ["unit", "is_active"]

    def get_queryset(self) -> Any:
        return Screen.objects.restrict(self.request.user, Action.VIEW).select_related("unit")


class PlayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proof of play: each slide shown on each screen, as the screens reported it. Filters: screen, day, slide."""

    serializer_class = PlaySerializer
    filterset_fields = ["screen", "day", "slide", "playlist"]

    def get_queryset(self) -> Any:
        return Play.objects.restrict(self.request.user, Action.VIEW).select_related("screen")



