from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestConfig(AppConfig):
    name = "cchc.harvest"
    label = "harvest"
    verbose_name = _("Thu thập")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Entry, Source, TopicKeywords

        auditlog.register(Source, exclude_fields=["etag", "last_modified", "last_checked_at", "last_ok_at"])
        auditlog.register(Entry, include_fields=["status", "decided_by"])
        auditlog.register(TopicKeywords)
