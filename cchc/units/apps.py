from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class UnitsConfig(AppConfig):
    name = "cchc.units"
    label = "units"
    verbose_name = _("Units")
    nav_items = (NavItem(90, _("Units"), "units:list", group=_("Units and accounts")),)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import OrgUnit, UnitAlias, UnitKind

        auditlog.register(OrgUnit, m2m_fields={"successors"})
        auditlog.register(UnitAlias)
        auditlog.register(UnitKind)
