from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    label = "reports"
    verbose_name = _("Reports")
    nav_items = (
        NavItem(30, _("Reports"), "reports:submissions", match="/reports/"),
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
