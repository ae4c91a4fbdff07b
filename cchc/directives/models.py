"""Directives (signed documents), their tasks for units, assignments, and report requests."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet
from cchc.lib import vn

from .choices import AssignmentRole, AssignmentStatus, Timeliness


def directive_upload_to(instance: Directive, filename: str) -> str:
    return f"directives/{instance.date or 'undated'}/{filename}"


class DirectiveQuerySet(RestrictedQuerySet):
    def search(self, text: str) -> DirectiveQuerySet:
        qs = self
        for word in vn.fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Directive(models.Model):
    """A signed document (công văn, kế hoạch, quyết định …) that assigns work to units."""

    unit_path = "tasks__assignments__unit"  # an officer sees the directives that assign something to their units
    unit_path_many = True

    number = models.CharField(_("number and symbol"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    doc_type = models.CharField(_("document type"), max_length=40, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    parent_issuer = models.CharField(_("superior body"), max_length=255, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=255, blank=True)
    recipients = models.JSONField(_("recipients (Kính gửi)"), default=list, blank=True)
    cc = models.JSONField(_("copies to (Nơi nhận)"), default=list, blank=True)
    original_file = models.FileField(_("original file"), upload_to=directive_upload_to, blank=True, max_length=300)
    source_text = models.TextField(_("text"), blank=True)
    parsed = models.JSONField(_("parser output"), default=dict, blank=True)
    policy = models.ForeignKey("reminders.ReminderPolicy", verbose_name=_("reminder policy"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="directives")
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [
            models.UniqueConstraint(
                fields=["number", "year"], condition=~Q(number=""), name="directive_number_year_unique",
                violation_error_message=_("A directive with this number already exists for this year."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.doc_type} {self.number}".strip() if self.number else (self.doc_type or _("Document"))
        return f"{label} — {self.subject[:80]}" if self.subject else str(label)

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])

    @property
    def short_label(self) -> str:
        """"Công văn 2031/UBND-NC"."""
        return f"{self.doc_type} {self.number}".strip() or str(_("Document without number"))

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.number = (self.number or "").replace(" ", "")
        if self.date and not self.year:
            self.year = self.date.year
        self.search_text = " ".join(
            vn.fold(part) for part in (self.number, self.doc_type, self.issuer, self.subject, self.signer) if part)
        super().save(*args, **kwargs)


class DirectiveReference(models.Model):
    """A document the directive cites."""

    directive = models.ForeignKey(Directive, verbose_name=_("directive"), on_delete=models.CASCADE,
                                  related_name="references")
    doc_type = models.CharField(_("document type"), max_length=60, blank=True)
    number = models.CharField(_("number and symbol"), max_length=80, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = _("cited document")
        verbose_name_plural = _("cited documents")

    def __str__(self) -> str:
        return f"{self.doc_type} {self.number}".strip()


class Task(models.Model):
    """One numbered item (or one table row) of a directive: work for some units."""

    unit_path = "assignments__unit"
    unit_path_many = True

    directive = models.ForeignKey(Directive, verbose_name=_("directive"), on_delete=models.CASCADE,
                                  related_name="tasks")
    label = models.CharField(_("label"), max_length=20, blank=True)
    text = models.TextField(_("content"))
    due_date = models.DateField(_("due date"), null=True, blank=True,
                                help_text=_("Empty: the directive's report deadline applies."))
    due_text = models.CharField(_("due date as written"), max_length=255, blank=True)
    product = models.CharField(_("expected output"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["directive", "order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.label}. {self.text[:80]}" if self.label else self.text[:80]

    def effective_due_date(self) -> date | None:
        """The task's own due date, else the directive's (earliest) report deadline."""
        if self.due_date:
            return self.due_date
        request = self.directive.report_requests.order_by("deadline").first()
        return request.deadline if request else None


class AssignmentQuerySet(RestrictedQuerySet):
    def expected(self) -> AssignmentQuerySet:
        """Assignments still expected: their unit was not closed before the due date."""
        return self.filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=models.F("due_date"))
                           | Q(due_date__isnull=True))

    def overdue(self, today: date) -> AssignmentQuerySet:
        return self.expected().exclude(status=AssignmentStatus.DONE).filter(due_date__lt=today)

    def open(self) -> AssignmentQuerySet:
        return self.exclude(status=AssignmentStatus.DONE)


class Assignment(models.Model):
    """One task for one unit: its status, due date and completion."""

    unit_path = "unit"
    officer_actions = ("view", "change", "export")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="assignments")
    role = models.CharField(_("role"), max_length=20, choices=AssignmentRole.choices, default=AssignmentRole.ASSIGNEE)
    status = models.CharField(_("status"), max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.TODO, db_index=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True,
                                    help_text=_("The day the work was actually done (not when this form was saved)."))
    notes = models.TextField(_("notes"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line (articles, evidence)."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "task__directive", "task__order", "unit__sort_name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_task_unit_unique",
                                    violation_error_message=_("This unit is already assigned this task.")),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit}"

    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]

    def timeliness(self, today: date) -> str:
        """on_time / late (by the completion date, not the moment of saving) / overdue / pending."""
        if self.status == AssignmentStatus.DONE:
            if self.due_date is None or (self.completed_on and self.completed_on <= self.due_date):
                return Timeliness.ON_TIME
            return Timeliness.LATE
        if self.due_date is not None and self.due_date < today:
            return Timeliness.OVERDUE
        return Timeliness.PENDING

    def is_overdue(self, today: date) -> bool:
        return self.timeliness(today) == Timeliness.OVERDUE


class ReportRequest(models.Model):
    """What the directive asks units to report, and by when (answered later by a one-off report form)."""

    unit_path = "units"
    unit_path_many = True

    directive = models.ForeignKey(Directive, verbose_name=_("directive"), on_delete=models.CASCADE,
                                  related_name="report_requests")
    text = models.TextField(_("what is asked"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    send_to = models.CharField(_("send to"), max_length=255, blank=True)
    units = models.ManyToManyField("units.OrgUnit", verbose_name=_("units asked to report"), blank=True,
                                   related_name="report_requests")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["directive", "deadline", "id"]
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")

    def __str__(self) -> str:
        return f"{self.directive.short_label}: {self.text[:80]}"


class ImportDraft(models.Model):
    """An uploaded or pasted document between parsing and confirmation: the preview survives a reload."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="directives/drafts/", blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    parsed = models.JSONField(_("parser output"), default=dict)
    proposal = models.JSONField(_("proposal"), default=dict, help_text=_("Tasks, units, report request as proposed."))
    directive = models.ForeignKey(Directive, verbose_name=_("directive created"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"


class ExternalBody(models.Model):
    """A body outside the province's tree ("Bộ Nội vụ", "Công an tỉnh Đắk Lắk") that a coordinator marked "not
    ours" once: imports leave it out without asking again."""

    name = models.CharField(_("name"), max_length=255)
    key = models.CharField(_("match key"), max_length=255, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body outside the province")
        verbose_name_plural = _("bodies outside the province")

    def __str__(self) -> str:
        return self.name
