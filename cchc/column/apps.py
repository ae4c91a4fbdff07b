from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class ColumnConfig(AppConfig):
    name = "cchc.column"
    label = "column"
    verbose_name = _("Cổng thông tin")
    nav_items = (NavItem(60, _("Cổng thông tin"), "column:manage", match="/tin-tuc/quan-ly/"),)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Item, ItemFile

        auditlog.register(Item, exclude_fields=["search_text", "body"], m2m_fields={"topics"})
        auditlog.register(ItemFile)
