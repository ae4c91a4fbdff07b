"""LED screens and e-boards: playlists, player, heartbeats, proof of play."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class ScreensConfig(AppConfig):
    name = "cchc.screens"
    label = "screens"
    verbose_name = _("Màn hình")
    nav_items = (
        NavItem(65, _("Màn hình"), "screens:index", match="/screens/"),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Playlist, Screen, ScreenGroup, Slide

        auditlog.register(Screen, exclude_fields=["last_seen_at", "last_ip", "last_user_agent", "last_playlist",
                                                  "key_hash"])
        auditlog.register(ScreenGroup)
        auditlog.register(Playlist, exclude_fields=["updated_at"], m2m_fields={"screens", "groups"})
        auditlog.register(Slide, exclude_fields=["updated_at"])
