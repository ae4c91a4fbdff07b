from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class RemindersConfig(AppConfig):
    name = "cchc.reminders"
    label = "reminders"
    verbose_name = _("Reminders")
    nav_items = (
        NavItem(45, _("Reminders sent"), "reminders:sent", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
                match="/reminders/", group=_("Reminders")),
        NavItem(46, _("Reminder policies"), "reminders:policies", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/reminders/policies/", group=_("Reminders")),
        NavItem(47, _("Holidays"), "reminders:holidays", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/reminders/holidays/", group=_("Reminders")),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Holiday, ReminderPolicy

        auditlog.register(ReminderPolicy)
        auditlog.register(Holiday)
