from django.apps import AppConfig
from django.db.models.signals import post_migrate

from cchc.core.choices import Role
from cchc.core.nav import NavItem


def _after_migrate(sender, using="default", **kwargs):  # type: ignore[no-untyped-def]
    """Categories, reply templates and the three report indicators pre-filled from this module (idempotent)."""
    from django.apps import apps

    if not apps.is_installed("cchc.reports"):  # pragma: no cover
        return
    from .seed import load_seed
    from .sources import ensure_indicators

    load_seed()
    ensure_indicators()


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"
    nav_items = (
        NavItem(70, "Phản ánh, kiến nghị", "feedback:inbox", match="/phan-anh/xu-ly/",
                roles=frozenset({Role.ADMIN, Role.COORDINATOR, Role.OFFICER, Role.LEADER})),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Category, Feedback, InboundChannel, ReplyTemplate
        from .obligations import register_sources
        from .sources import register_all

        auditlog.register(Feedback, exclude_fields=["search_text", "sender_name", "sender_phone", "sender_email",
                                                    "sender_ref", "draft_answer"])
        auditlog.register(Category)
        auditlog.register(ReplyTemplate)
        auditlog.register(InboundChannel, exclude_fields=["secret"])
        register_all()
        register_sources()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="feedback-seed")
