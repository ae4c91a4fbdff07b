"""Configuration writes: report forms, indicators, channels and topics. Atomic, permission-checked, audited.

Coordinators and administrators manage forms and indicators; only administrators manage the channel and topic
taxonomies. ``acting_user=None`` is the system (migrations, the demo loader) and is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Role
from cchc.core.permissions import MANAGERS, role_of

from .catalogue import GROUP_COMMUNICATION, PERCENT_MAX
from .choices import PeriodType, ValueType
from .models import Channel, FormIndicator, Indicator, Period, ReportForm, Topic
from .periods import ensure_periods, planned_periods

REQUEST_SECTIONS = ["Kết quả thực hiện", "Mô hình, sáng kiến nổi bật", "Khó khăn, hạn chế", "Đề xuất, kiến nghị"]
FORM_FIELDS = ("name", "code", "period_type", "window_mode", "deadline_days", "fixed_deadline", "start_date",
               "end_date", "sections", "directive", "report_request", "policy", "is_active")
INDICATOR_FIELDS = ("code", "name", "group", "unit_of_measure", "value_type", "aggregation", "min_value",
                    "max_value", "not_above", "prefill", "description", "order", "is_active")
NUMERIC_TYPES = (ValueType.INTEGER, ValueType.PERCENT, ValueType.DECIMAL)
OPEN_ENDED_HORIZON = timedelta(days=365)


# --- Who may ------------------------------------------------------------------------------------------------------

def can_read_config(user: Any) -> bool:
    """Every signed-in role reads forms and indicators (officers fill them)."""
    return role_of(user) is not None


def can_manage_config(user: Any) -> bool:
    """Coordinators and administrators manage forms and indicators."""
    return role_of(user) in MANAGERS


def can_manage_taxonomies(user: Any) -> bool:
    return role_of(user) == Role.ADMIN


def _check(acting_user: Any, allowed: bool, message: str) -> None:
    if acting_user is not None and not allowed:
        raise PermissionDenied(message)


# --- Rules -------------------------------------------------------------------------------------------------------

def clean_sections(sections: Iterable[str] | str) -> list[str]:
    """Narrative section titles: one per line (or a list), blank and repeated titles dropped."""
    if isinstance(sections, str):
        sections = sections.splitlines()
    seen: list[str] = []
    for title in sections:
        title = " ".join(str(title).split())
        if title and title not in seen:
            seen.append(title)
    return seen


def form_errors(*, period_type: str, start_date: date | None, end_date: date | None,
                fixed_deadline: date | None) -> dict[str, str]:
    """The period rules of a form, by field: a one-off form needs its start and deadline; dates in order."""
    errors: dict[str, str] = {}
    if period_type == PeriodType.ONCE:
        if not start_date:
            errors["start_date"] = _("A one-off report needs the date its period starts.")
        if not fixed_deadline:
            errors["fixed_deadline"] = _("A one-off report needs its deadline.")
        elif start_date and fixed_deadline < start_date:
            errors["fixed_deadline"] = _("The deadline cannot be before the start of the period.")
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The last period cannot end before the first one starts.")
    return errors


def indicator_errors(indicator: Indicator) -> dict[str, str]:
    """The validation rules of an indicator, by field."""
    errors: dict[str, str] = {}
    low, high = indicator.min_value, indicator.max_value
    numeric = indicator.value_type in NUMERIC_TYPES
    if not numeric and (low is not None or high is not None):
        errors["min_value"] = _("Only numeric indicators have a minimum and a maximum.")
    if low is not None and high is not None and low > high:
        errors["max_value"] = _("The maximum cannot be lower than the minimum.")
    if indicator.value_type == ValueType.PERCENT:
        if low is not None and low < 0:
            errors["min_value"] = _("A percentage cannot be below 0.")
        if high is not None and high > PERCENT_MAX:
            errors["max_value"] = _("A percentage cannot be above 100.")
    above = indicator.not_above
    if above is not None:
        if indicator.pk and above.pk == indicator.pk:
            errors["not_above"] = _("An indicator cannot be limited by itself.")
        elif not numeric or above.value_type not in NUMERIC_TYPES:
            errors["not_above"] = _("Only numeric indicators can be compared.")
        else:
            seen = {indicator.pk}
            step = above
            while step is not None and step.pk is not None:  # no loops: A ≤ B ≤ A
                if step.pk in seen:
                    errors["not_above"] = _("These limits would go round in a circle.")
                    break
                seen.add(step.pk)
                step = step.not_above
    if indicator.prefill and not numeric:
        errors["prefill"] = _("Only numeric indicators can be pre-filled from activities.")
    return errors


# --- Forms -------------------------------------------------------------------------------------------------------

def _horizon(form: ReportForm) -> date | None:
    return None if form.end_date else clock.today() + OPEN_ENDED_HORIZON


def sync_periods(form: ReportForm) -> list[Period]:
    """Create the form's missing periods (open-ended forms: up to a year ahead) and drop the planned-no-more
    periods nobody has reported on."""
    until = _horizon(form)
    wanted = {planned.key for planned in planned_periods(form, until=until)}
    form.periods.exclude(key__in=wanted).filter(submissions__isnull=True).delete()
    return ensure_periods(form, until=until)


@transaction.atomic
def do_save_form(form: ReportForm, *, acting_user: Any,
                 indicators: Sequence[Indicator | tuple[Indicator, bool]] | None = None,
                 expected_kinds: Iterable[Any] | None = None, expected_units: Iterable[Any] | None = None,
                 **fields: Any) -> ReportForm:
    """Create or update a report form, its indicators (in the given order; ``(indicator, required)`` pairs or
    indicators), expected kinds and units; then its periods. ``None`` leaves a relation as it is."""
    _check(acting_user, can_manage_config(acting_user), _("You are not allowed to manage report forms."))
    for key, value in fields.items():
        if key in FORM_FIELDS:
            setattr(form, key, value)
    form.sections = clean_sections(form.sections or [])
    errors = form_errors(period_type=form.period_type, start_date=form.start_date, end_date=form.end_date,
                         fixed_deadline=form.fixed_deadline)
    if errors:
        raise ValidationError(errors)
    form.full_clean()
    with acting_as(acting_user):
        form.save()
        if indicators is not None:
            set_form_indicators(form, indicators)
        if expected_kinds is not None:
            form.expected_kinds.set(list(expected_kinds))
        if expected_units is not None:
            form.expected_units.set(list(expected_units))
        sync_periods(form)
    return form


def set_form_indicators(form: ReportForm, indicators: Sequence[Indicator | tuple[Indicator, bool]]) -> None:
    """Replace the form's indicators with ``indicators``, numbered in order."""
    rows: list[tuple[Indicator, bool]] = [item if isinstance(item, tuple) else (item, False) for item in indicators]
    keep = {indicator.pk for indicator, _required in rows}
    form.form_indicators.exclude(indicator_id__in=keep).delete()
    for position, (indicator, required) in enumerate(rows, start=1):
        FormIndicator.objects.update_or_create(form=form, indicator=indicator,
                                               defaults={"order": position * 10, "required": bool(required)})


def request_form_code(report_request: Any) -> str:
    base = f"yeu-cau-{report_request.pk}"
    code, n = base, 1
    while ReportForm.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def request_indicators() -> list[Indicator]:
    """The indicators of a one-off report: the active communication indicators (else the whole active catalogue)."""
    active = Indicator.objects.filter(is_active=True)
    return list(active.filter(group=GROUP_COMMUNICATION)) or list(active)


@transaction.atomic
def create_form_for_request(report_request: Any, *, acting_user: Any, name: str | None = None) -> ReportForm:
    """The one-off form answering a directive's report request: from the directive's date to the request's
    deadline, expected from the request's units. Returns the existing form when there is one."""
    _check(acting_user, can_manage_config(acting_user), _("You are not allowed to manage report forms."))
    existing = ReportForm.objects.filter(report_request=report_request).first()
    if existing is not None:
        return existing
    directive = report_request.directive
    if not directive.date:
        raise ValidationError(_("The directive has no date: the period of the report cannot start."))
    if not report_request.deadline:
        raise ValidationError(_("The report request has no deadline: set it on the directive first."))
    form = ReportForm(
        name=name or _("Report requested by %(directive)s") % {"directive": directive.short_label},
        code=request_form_code(report_request), period_type=PeriodType.ONCE, start_date=directive.date,
        fixed_deadline=report_request.deadline, directive=directive, report_request=report_request,
        sections=list(REQUEST_SECTIONS), policy=directive.policy,
    )
    return do_save_form(form, acting_user=acting_user, indicators=request_indicators(), expected_kinds=[],
                        expected_units=list(report_request.units.all()))


def requests_without_form() -> Any:
    """Directives' report requests that no form answers yet, newest directive first."""
    from cchc.directives.models import ReportRequest

    return (ReportRequest.objects.filter(report_form__isnull=True).select_related("directive")
            .order_by("-directive__date", "-id"))


# --- Indicators -----------------------------------------------------------------------------------------------

@transaction.atomic
def do_save_indicator(indicator: Indicator, *, acting_user: Any, prefill_channels: Iterable[Channel] | None = None,
                      prefill_topics: Iterable[Topic] | None = None, **fields: Any) -> Indicator:
    """Create or update an indicator (its validation rules checked)."""
    _check(acting_user, can_manage_config(acting_user), _("You are not allowed to manage indicators."))
    for key, value in fields.items():
        if key in INDICATOR_FIELDS:
            setattr(indicator, key, value)
    errors = indicator_errors(indicator)
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    with acting_as(acting_user):
        indicator.save()
        if prefill_channels is not None:
            indicator.prefill_channels.set(list(prefill_channels))
        if prefill_topics is not None:
            indicator.prefill_topics.set(list(prefill_topics))
    return indicator


# --- Channels and topics (administrators) ------------------------------------------------------------------

def _save_term(term: Channel | Topic, acting_user: Any, fields: dict[str, Any]) -> Channel | Topic:
    _check(acting_user, can_manage_taxonomies(acting_user), _("Only administrators manage channels and topics."))
    for key in ("code", "name", "order", "is_active"):
        if key in fields and fields[key] is not None:
            setattr(term, key, fields[key])
    term.name = " ".join((term.name or "").split())
    term.full_clean()
    with acting_as(acting_user):
        term.save()
    return term


@transaction.atomic
def do_save_channel(channel: Channel, *, acting_user: Any, **fields: Any) -> Channel:
    """Add, rename, reorder, deactivate or reactivate a channel."""
    return _save_term(channel, acting_user, fields)  # type: ignore[return-value]


@transaction.atomic
def do_save_topic(topic: Topic, *, acting_user: Any, **fields: Any) -> Topic:
    """Add, rename, reorder, deactivate or reactivate a topic."""
    return _save_term(topic, acting_user, fields)  # type: ignore[return-value]
