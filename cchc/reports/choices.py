from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.lib import periods


class ValueType(models.TextChoices):
    INTEGER = "integer", _("whole number")
    PERCENT = "percent", _("percentage")
    DECIMAL = "decimal", _("number")
    TEXT = "text", _("text")
    BOOLEAN = "boolean", _("yes/no")


class Aggregation(models.TextChoices):
    SUM = "sum", _("sum")
    AVERAGE = "average", _("average")
    LAST = "last", _("last value")


class PeriodType(models.TextChoices):
    YEAR = periods.YEAR, _("yearly")
    HALF = periods.HALF, _("half-yearly")
    QUARTER = periods.QUARTER, _("quarterly")
    MONTH = periods.MONTH, _("monthly")
    ONCE = periods.ONCE, _("one-off")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


class SubmissionEventKind(models.TextChoices):
    CREATE = "create", _("created")
    SAVE = "save", _("saved")
    SUBMIT = "submit", _("submitted")
    RESUBMIT = "resubmit", _("resubmitted")
    RETURN = "return", _("returned")
    APPROVE = "approve", _("approved")
    REOPEN = "reopen", _("reopened")


class PrefillSource(models.TextChoices):
    """How an indicator is pre-filled from the activities logged in the period."""

    NONE = "", _("not pre-filled")
    COUNT = "count", _("number of activities")
    QUANTITY = "quantity", _("sum of quantities")
    REACH = "reach", _("sum of reach")
    MODULE = "module", _("figure of another module")
