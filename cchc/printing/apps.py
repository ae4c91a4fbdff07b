"""Leaflets and receipt backs with QR codes (WeasyPrint), print runs."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.nav import NavItem


class PrintingConfig(AppConfig):
    name = "cchc.printing"
    label = "printing"
    verbose_name = _("Ấn phẩm")
    nav_items = (
        NavItem(66, _("Ấn phẩm"), "printing:index", match="/print/"),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Message, PrintRun, Publication, QrAddresses

        auditlog.register(QrAddresses, exclude_fields=["updated_at"])
        auditlog.register(Message)
        auditlog.register(Publication, exclude_fields=["updated_at"], m2m_fields={"messages", "items"})
        auditlog.register(PrintRun)
