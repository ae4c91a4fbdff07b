from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class DirectivesConfig(AppConfig):
    name = "cchc.directives"
    label = "directives"
    verbose_name = _("Directives")
    nav_items = (
        NavItem(10, _("Directives"), "directives:list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
                match="/directives/"),
        NavItem(20, _("My unit's tasks"), "directives:my_tasks", frozenset({Role.OFFICER}), match="/tasks/"),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.reminders.obligations import register

        from .models import Assignment, Directive, Task
        from .obligations import AssignmentSource

        auditlog.register(Directive, exclude_fields=["search_text", "source_text", "parsed"])
        auditlog.register(Task)
        auditlog.register(Assignment)
        register(AssignmentSource())
