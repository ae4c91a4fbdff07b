from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.nav import NavItem


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    nav_items = (
        NavItem(100, _("Accounts"), "accounts:user_list", frozenset({Role.ADMIN, Role.COORDINATOR}),
                match="/accounts/users/", group=_("Units and accounts")),
        NavItem(110, _("Audit log"), "accounts:audit", frozenset({Role.ADMIN}), group=_("Units and accounts")),
    )

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401 - login/logout records
        from .models import User

        auditlog.register(
            User,
            m2m_fields={"units"},
            exclude_fields=["password", "last_login"],
        )
