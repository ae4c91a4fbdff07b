from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class IndicesConfig(AppConfig):
    name = "cchc.indices"
    label = "indices"
    verbose_name = _("Chỉ số")
    nav_items = (NavItem(62, _("Chỉ số CCHC"), "indices:manage", frozenset({Role.ADMIN, Role.COORDINATOR}),
                         match="/chi-so/quan-ly/"),)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import IndexComponent, IndexResult, UnitIndexResult

        auditlog.register(IndexResult)
        auditlog.register(IndexComponent)
        auditlog.register(UnitIndexResult)
