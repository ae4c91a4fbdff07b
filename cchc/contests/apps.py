"""Quiz contests and writing contests."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "cchc.contests"
    label = "contests"
    verbose_name = _("Cuộc thi")

    @property
    def nav_items(self):  # type: ignore[no-untyped-def]
        from cchc.core.nav import NavItem

        return [NavItem(80, "Khảo sát & cuộc thi", "contests:manage", match="/cuoc-thi/quan-ly/")]
