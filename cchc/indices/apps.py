from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "cchc.indices"
    label = "indices"
    verbose_name = _("Chỉ số")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import IndexComponent, IndexResult, UnitIndexResult

        auditlog.register(IndexResult)
        auditlog.register(IndexComponent)
        auditlog.register(UnitIndexResult)
