from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem

MANAGERS_AND_LEADERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    label = "reports"
    verbose_name = _("Reports")
    nav_items = (
        # Officers: their units' reports and their communication log, side by side in the menu.
        NavItem(30, _("My unit's reports"), "reports:submissions", frozenset({Role.OFFICER}), match="/reports/"),
        NavItem(35, _("Communication log"), "reports:activities", frozenset({Role.OFFICER}),
                match="/reports/activities/"),
        # Sở Nội vụ and leaders: one "Reports" menu.
        NavItem(30, _("Review queue"), "reports:review", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/reports/review/", group=_("Reports")),
        NavItem(31, _("Reports of the units"), "reports:submissions", MANAGERS_AND_LEADERS, match="/reports/",
                group=_("Reports")),
        NavItem(32, _("Report forms"), "reports:forms", MANAGERS_AND_LEADERS, match="/reports/forms/",
                group=_("Reports")),
        NavItem(33, _("Indicators"), "reports:indicators", MANAGERS_AND_LEADERS, match="/reports/indicators/",
                group=_("Reports")),
        NavItem(34, _("Communication log"), "reports:activities", MANAGERS_AND_LEADERS,
                match="/reports/activities/", group=_("Reports")),
        NavItem(36, _("Channels and topics"), "reports:taxonomies", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/reports/taxonomies/", group=_("Reports")),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Activity, Indicator, IndicatorValue, ReportForm, Submission

        auditlog.register(Activity, exclude_fields=["search_text"], m2m_fields={"topics"})
        auditlog.register(Submission, m2m_fields={"activities"})
        auditlog.register(IndicatorValue)
        auditlog.register(Indicator)
        auditlog.register(ReportForm)
        try:
            from .obligations import register_sources
        except ImportError:  # pragma: no cover - while the module is being written
            return
        register_sources()
