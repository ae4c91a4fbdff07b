from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class RemindersConfig(AppConfig):
    name = "cchc.reminders"
    label = "reminders"
    verbose_name = _("Reminders")
    nav_items = (
        NavItem(45, _("Reminders"), "reminders:sent", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
                match="/reminders/"),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Holiday, ReminderPolicy

        auditlog.register(ReminderPolicy)
        auditlog.register(Holiday)
