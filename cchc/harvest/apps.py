from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class HarvestConfig(AppConfig):
    name = "cchc.harvest"
    label = "harvest"
    verbose_name = _("Thu thập")
    nav_items = (NavItem(61, _("Tin thu thập từ cổng đơn vị"), "harvest:list", match="/harvest/"),)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Entry, Source, TopicKeywords

        auditlog.register(Source, exclude_fields=["etag", "last_modified", "last_checked_at", "last_ok_at"])
        auditlog.register(Entry, include_fields=["status", "decided_by"])
        auditlog.register(TopicKeywords)
