from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    TODO = "todo", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class AssignmentRole(models.TextChoices):
    ASSIGNEE = "assignee", _("assigned")
    LEAD = "lead", _("lead")
    PARTNER = "partner", _("coordinating")


class Timeliness(models.TextChoices):
    """How an assignment stands against its due date on the clock's today."""

    ON_TIME = "on_time", _("done on time")
    LATE = "late", _("done late")
    OVERDUE = "overdue", _("overdue")
    PENDING = "pending", _("not due yet")
