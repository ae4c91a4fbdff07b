from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class MonitoringConfig(AppConfig):
    name = "cchc.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    nav_items = (
        NavItem(40, _("Monitoring"), "monitoring:overview", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
                match="/monitoring/"),
    )
