"""Unit reports: the communication log (activities with evidence), indicators, report forms, periods, submissions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet
from cchc.lib import vn

from .choices import Aggregation, PeriodType, PrefillSource, SubmissionEventKind, SubmissionStatus, ValueType


class Channel(models.Model):
    """A communication channel (web portal, LED screen, leaflets …): an editable taxonomy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic of administrative-reform communication: an editable taxonomy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(RestrictedQuerySet):
    def in_period(self, start: date, end: date) -> ActivityQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class Activity(models.Model):
    """One communication activity of a unit (an article, a clip, a print run, a conference …)."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "delete", "export")

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="activities")
    date = models.DateField(_("date"), db_index=True)
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
                                related_name="activities")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True,
                                           help_text=_("Articles, clips, copies, screenings …"))
    quantity_unit = models.CharField(_("counted in"), max_length=40, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True,
                                        help_text=_("Views, copies handed out, participants …"))
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    directive = models.ForeignKey("directives.Directive", verbose_name=_("in answer to"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="activities")
    source = models.CharField(_("source"), max_length=60, blank=True,
                              help_text=_("Empty when typed in; the integration's name when pushed by a system."))
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["unit", "source", "external_id"], condition=~Q(external_id=""),
                                    name="activity_external_unique",
                                    violation_error_message=_("This activity has already been recorded.")),
        ]
        indexes = [models.Index(fields=["unit", "date"], name="activity_unit_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:activity", args=[self.pk])

    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]

    def is_locked(self) -> bool:
        """Part of an approved report: no longer editable."""
        return self.submissions.filter(status=SubmissionStatus.APPROVED).exists()

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title = vn.clean(self.title)
        self.search_text = " ".join(vn.fold(part) for part in (self.title, self.description) if part)
        super().save(*args, **kwargs)


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.activity.unit_id}/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """A file proving an activity (image, PDF, office document, video). Served only to those who may see it."""

    unit_path = "activity__unit"
    officer_actions = ("view", "add", "delete", "export")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reports:evidence", args=[self.pk])


class Indicator(models.Model):
    """A figure units report per period (articles published, clips, online applications …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.CharField(_("group"), max_length=120, blank=True,
                             help_text=_("Indicators of a group share a sheet in the annex."))
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value_type = models.CharField(_("value type"), max_length=20, choices=ValueType.choices, default=ValueType.INTEGER)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    not_above = models.ForeignKey("self", verbose_name=_("not above the value of"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  help_text=_("E.g. “resolved” cannot exceed “received”."))
    prefill = models.CharField(_("pre-fill from activities"), max_length=20, choices=PrefillSource.choices,
                               default=PrefillSource.NONE, blank=True)
    prefill_channels = models.ManyToManyField(Channel, verbose_name=_("of these channels"), blank=True,
                                              related_name="+")
    prefill_topics = models.ManyToManyField(Topic, verbose_name=_("on these topics"), blank=True, related_name="+")
    prefill_module = models.CharField(_("source module"), max_length=60, blank=True,
                                      help_text=_("For a figure of another module (cchc.reports.sources)."))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ReportForm(models.Model):
    """A report form: indicators and narrative sections units fill per period, by a deadline."""

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    period_type = models.CharField(_("period"), max_length=20, choices=PeriodType.choices, default=PeriodType.YEAR)
    window_mode = models.CharField(_("data closing"), max_length=20, default="decree09",
                                   choices=[("decree09", _("Decree 09/2019 windows (15th → 14th)")),
                                            ("calendar", _("calendar periods"))])
    deadline_days = models.PositiveSmallIntegerField(
        _("sending deadline (working days after closing)"), default=2)
    fixed_deadline = models.DateField(_("fixed deadline"), null=True, blank=True,
                                      help_text=_("For a one-off report: the deadline the directive sets."))
    start_date = models.DateField(_("first period from"), null=True, blank=True)
    end_date = models.DateField(_("last period until"), null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), through="FormIndicator",
                                        related_name="forms", blank=True)
    sections = models.JSONField(_("narrative sections"), default=list, blank=True,
                                help_text=_("Titles of the narrative parts units write."))
    expected_kinds = models.ManyToManyField("units.UnitKind", verbose_name=_("expected unit kinds"), blank=True,
                                            related_name="+")
    expected_units = models.ManyToManyField("units.OrgUnit", verbose_name=_("expected units"), blank=True,
                                            related_name="expected_forms")
    directive = models.ForeignKey("directives.Directive", verbose_name=_("directive"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="report_forms")
    report_request = models.OneToOneField("directives.ReportRequest", verbose_name=_("answers the request"),
                                          null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="report_form")
    policy = models.ForeignKey("reminders.ReminderPolicy", verbose_name=_("reminder policy"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:form", args=[self.pk])


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="form_indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["form", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "indicator"], name="form_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.indicator_id}"


class Period(models.Model):
    """One reporting period of a form: its closing window and sending deadline."""

    form = models.ForeignKey(ReportForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="periods")
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    deadline = models.DateField(_("sending deadline"))
    closes_at = models.DateTimeField(_("on time until"), null=True, editable=False,
                                     help_text=_("The end of the deadline day in Vietnam: a report sent before is on "
                                                 "time."))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["form", "start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="period_form_key_unique")]

    def __str__(self) -> str:
        return self.label

    def received_on_time(self, submitted_at) -> bool:  # type: ignore[no-untyped-def]
        """The one timeliness rule: a report counts as on time when its latest submission came before the end of
        the deadline day in Vietnam (the trend applies the same rule in SQL through ``closes_at``)."""
        return submitted_at is not None and submitted_at < (self.closes_at or closing_moment(self.deadline))

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.closes_at = closing_moment(self.deadline)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "deadline" in update_fields:
            kwargs["update_fields"] = {*update_fields, "closes_at"}
        super().save(*args, **kwargs)


def closing_moment(deadline: date | None):  # type: ignore[no-untyped-def]
    """Midnight after the deadline day, in Vietnam (aware)."""
    from datetime import timedelta

    from cchc.core import clock

    return clock.start_of(deadline + timedelta(days=1)) if deadline else None


class SubmissionQuerySet(RestrictedQuerySet):
    def received(self) -> SubmissionQuerySet:
        """Submitted, resubmitted or approved (a returned report counts again only once resubmitted)."""
        return self.filter(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])


class Submission(models.Model):
    """One unit's report for one form and period: values, narrative, attached activities, workflow."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "export")

    form = models.ForeignKey(ReportForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="submissions")
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT, db_index=True)
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), blank=True,
                                        related_name="submissions")
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True,
                                        help_text=_("The latest submission: what timeliness is measured on."))
    returned_reason = models.TextField(_("reason for return"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["form", "period", "unit__sort_name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["form", "period", "unit"], name="submission_unique",
                                    violation_error_message=_("This unit already has a report for this period.")),
        ]

    def __str__(self) -> str:
        return f"{self.form} — {self.period} — {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("reports:submission", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)

    @property
    def is_editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class IndicatorValue(models.Model):
    """One reported value. A value that was not reported has no row (or an empty one): never zero."""

    unit_path = "submission__unit"

    submission = models.ForeignKey(Submission, verbose_name=_("report"), on_delete=models.CASCADE,
                                   related_name="values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="values")
    number = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text value"), blank=True)
    boolean = models.BooleanField(_("yes/no value"), null=True, blank=True)
    prefilled = models.DecimalField(_("pre-filled value"), max_digits=16, decimal_places=2, null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "indicator__order"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="indicator_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.display}"

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text and self.boolean is None

    @property
    def value(self):  # type: ignore[no-untyped-def]
        """The value in its type (Decimal, str or bool), or None when not reported."""
        kind = self.indicator.value_type
        if kind == ValueType.TEXT:
            return self.text or None
        if kind == ValueType.BOOLEAN:
            return self.boolean
        return self.number

    @property
    def display(self) -> str:
        value = self.value
        if value is None:
            return ""
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, str):
            return value
        decimals = 0 if value == value.to_integral_value() else 2
        text = vn.format_number(value, decimals)
        return f"{text}%" if self.indicator.value_type == ValueType.PERCENT else text


class SubmissionEvent(models.Model):
    """The history of a report: each status change (with its reason) and each save, with who and when."""

    unit_path = "submission__unit"

    submission = models.ForeignKey(Submission, verbose_name=_("report"), on_delete=models.CASCADE,
                                   related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=SubmissionEventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_token = models.CharField(_("by integration"), max_length=120, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True,
                               help_text=_("[{indicator, old, new}] for saves."))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class UnitToken(models.Model):
    """An API token a coordinator issues to one unit's own system (its portal pushes activities). Revocable."""

    unit_path = "unit"

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “Cổng thông tin của Sở”."))
    key_hash = models.CharField(max_length=128, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-created_at"]
        verbose_name = _("unit API token")
        verbose_name_plural = _("unit API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def expected_units_for(form: ReportForm, period: Period):  # type: ignore[no-untyped-def]
    """The units expected to report ``form`` for ``period``: named or of an expected kind, open during the period."""
    from cchc.units.models import OrgUnit

    kind_ids = list(form.expected_kinds.values_list("id", flat=True))
    unit_ids = list(form.expected_units.values_list("id", flat=True))
    if not kind_ids and not unit_ids:
        return OrgUnit.objects.none()
    return OrgUnit.objects.open_during(period.start, period.end).filter(Q(kind_id__in=kind_ids) | Q(id__in=unit_ids))
