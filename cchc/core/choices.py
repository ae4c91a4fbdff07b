"""Roles and actions shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator (Department of Home Affairs)")
    OFFICER = "officer", _("Unit officer")
    LEADER = "leader", _("Leader (read-only)")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")


READ_ACTIONS = frozenset({Action.VIEW, Action.EXPORT})
