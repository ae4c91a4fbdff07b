"""Reminder policies, the holiday calendar, and the record of every reminder sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet


class ReminderPolicy(models.Model):
    """When to remind: days before the due date, on the day, then every N days while overdue; escalation."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    days_before = models.JSONField(_("days before the due date"), default=list,
                                   help_text=_("For example [7, 1]: seven days and one day before."))
    on_due_date = models.BooleanField(_("remind on the due date"), default=True)
    overdue_every = models.PositiveSmallIntegerField(_("while overdue, remind every (days)"), default=3)
    overdue_max = models.PositiveSmallIntegerField(_("at most this many overdue reminders"), default=10)
    escalate_after = models.PositiveSmallIntegerField(
        _("also write to the unit's head from overdue reminder number"), default=3,
        help_text=_("3 means: after the second overdue reminder, the head is copied."))
    working_days = models.BooleanField(_("count working days"), default=True,
                                       help_text=_("Skip weekends and public holidays when counting days."))
    is_default = models.BooleanField(_("default policy"), default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> ReminderPolicy:
        policy = cls.objects.filter(is_default=True).first()
        if policy is None:
            policy, _created = cls.objects.get_or_create(
                name="Mặc định", defaults={"days_before": [7, 1], "is_default": True})
        return policy


class Holiday(models.Model):
    """A public holiday (no reminders count it as a working day). Administrators maintain the list."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class ReminderSent(models.Model):
    """One reminder sent for one obligation at one step. The unique constraint makes each step happen once,
    however many schedulers run at the same time; manual reminders ("Đôn đốc") get a unique step of their own."""

    unit_path = "unit"

    kind = models.CharField(_("obligation kind"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("obligation id"))
    step = models.CharField(_("step"), max_length=40)
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="reminders_sent")
    due_date = models.DateField(_("due date"))
    title = models.CharField(_("about"), max_length=255)
    recipients = models.TextField(_("recipients"), blank=True)
    escalated = models.BooleanField(_("copied to the head"), default=False)
    manual = models.BooleanField(_("sent by hand"), default=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_on = models.DateField(_("sent on (system date)"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "step"], name="reminder_step_once",
                                    violation_error_message=_("This reminder step has already been sent.")),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="reminder_obligation")]

    def __str__(self) -> str:
        return f"{self.title} — {self.step}"
