"""People: accounts with a role and the units they belong to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.choices import Role
from cchc.core.querysets import RestrictedQuerySet


class UserQuerySet(RestrictedQuerySet):
    def officers_of(self, unit_ids: list[int]) -> UserQuerySet:
        return self.filter(role=Role.OFFICER, is_active=True, units__in=unit_ids).distinct()


class CchcUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """An account. Officers belong to one or more units and reach only their data; see ``core.permissions``."""

    unit_path = None  # officers never list other accounts
    officer_actions = ()

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    units = models.ManyToManyField("units.OrgUnit", verbose_name=_("units"), blank=True, related_name="members")
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("The user must choose a new password at the next login."),
    )

    objects = CchcUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.is_superuser or self.role in (Role.ADMIN, Role.COORDINATOR)

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.is_superuser:
            self.role = Role.ADMIN
        self.is_staff = self.role == Role.ADMIN
        # set_password() leaves the raw password in _password until the save: whatever path changed it (own
        # change, reset by e-mail, a coordinator's reset, the admin), the API tokens issued before stop working.
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed:
            revoke_api_tokens(self)


def revoke_api_tokens(user: User) -> int:
    """Delete the user's personal API tokens (DRF); returns how many went.

    Unit API tokens (``reports.UnitToken``) authenticate a unit's system, not a person: a coordinator's password
    change does not cut the units' portals off; they are revoked one by one on the unit's page."""
    from django.apps import apps

    if not apps.is_installed("rest_framework.authtoken"):
        return 0
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).delete()[0]
