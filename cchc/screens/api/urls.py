"""API of screens, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import HeartbeatView, MediaView, PlayViewSet, ScheduleView, ScreenViewSet

router = SimpleRouter()
router.register("screens/plays", PlayViewSet, basename="screen-play")
router.register("screens", ScreenViewSet, basename="screen")

urlpatterns = [
    path("screens/player/schedule/", ScheduleView.as_view(), name="screen-player-schedule"),
    path("screens/player/heartbeat/", HeartbeatView.as_view(), name="screen-player-heartbeat"),
    path("screens/player/media/<int:slide>/<str:version>/", MediaView.as_view(), name="screen-player-media"),
    *router.urls,
]
