from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class SynthesisConfig(AppConfig):
    name = "cchc.synthesis"
    label = "synthesis"
    verbose_name = _("Synthesis")
    nav_items = (
        NavItem(50, _("Synthesis reports"), "synthesis:list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}),
                match="/synthesis/", group=_("Synthesis")),
        NavItem(51, _("Report templates"), "synthesis:templates", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/synthesis/templates/", group=_("Synthesis")),
        NavItem(52, _("Register of outgoing documents"), "synthesis:register",
                frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER}), match="/synthesis/register/",
                group=_("Synthesis")),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import GeneratedReport, IssuedDocument, ReportTemplate

        auditlog.register(GeneratedReport, exclude_fields=["figures"])
        auditlog.register(IssuedDocument)
        auditlog.register(ReportTemplate)
