"""Every change to a report submission goes through these functions: atomic, permission-checked, kept in history
(a ``SubmissionEvent`` per save and status change, with who, when, the reason and the changed values).

Workflow: draft → submitted → returned (a reason is required) → resubmitted → approved. Approved data is locked;
only a coordinator (or an administrator) reopens it, with a reason, which sends it back to the unit as returned.
A value that was not reported is empty (``None``), never zero.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.models import notify
from cchc.core.permissions import MANAGERS, can, role_of
from cchc.lib import vn

from .choices import PrefillSource, SubmissionEventKind, SubmissionStatus, ValueType
from .models import (
    Activity,
    FormIndicator,
    Indicator,
    IndicatorValue,
    Period,
    ReportForm,
    Submission,
    SubmissionEvent,
    expected_units_for,
)
from .sources import source_value

MAX_NUMBER = Decimal("99999999999999")  # 14 digits before the point (max_digits=16, decimal_places=2)
TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong"}

# How a submission stands for the review list (the clock's today against the period's deadline).
STATE_MISSING = "missing"
STATE_DRAFT = "draft"
STATE_ON_TIME = "on_time"
STATE_LATE = "late"
STATE_OVERDUE = "overdue"
STATE_RETURNED = "returned"
STATE_APPROVED = "approved"
STATE_ORDER = [STATE_MISSING, STATE_DRAFT, STATE_RETURNED, STATE_OVERDUE, STATE_ON_TIME, STATE_LATE,
               STATE_APPROVED]


# --- Reading values ------------------------------------------------------------------------------------------------

def _form_indicators(form: ReportForm) -> list[FormIndicator]:
    return list(form.form_indicators.select_related("indicator__not_above").order_by("order", "id"))


def _parse_number(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise InvalidOperation
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:  # 1.234,5 (Vietnamese thousands and decimal comma)
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return number


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_value(indicator: Indicator, raw: Any) -> tuple[Any, str | None]:
    """``raw`` (typed text, a JSON number, a bool) as the indicator's type: (value or None when empty, error)."""
    kind = indicator.value_type
    if _is_blank(raw):
        return None, None
    if kind == ValueType.TEXT:
        return str(raw).strip(), None
    if kind == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return raw, None
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True, None
        if word in FALSE_WORDS:
            return False, None
        return None, _("Choose yes or no.")
    try:
        number = _parse_number(raw)
    except (InvalidOperation, ValueError, TypeError):
        if kind == ValueType.INTEGER:
            return None, _("Enter a whole number of 0 or more.")
        return None, _("Enter a number.")
    if abs(number) > MAX_NUMBER:
        return None, _("This number is too large.")
    if kind == ValueType.INTEGER:
        if number != number.to_integral_value() or number < 0:
            return None, _("Enter a whole number of 0 or more.")
        return number.quantize(Decimal(1)), None
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if kind == ValueType.PERCENT and not (0 <= number <= 100):
        return None, _("A percentage must be between 0 and 100.")
    return number, None


def _fmt(number: Decimal | None) -> str:
    if number is None:
        return ""
    return vn.format_number(number, 0 if number == number.to_integral_value() else 2)


def validate_values(form: ReportForm, values: dict[str, Any], *,
                    for_submit: bool) -> dict[str, list[str]]:
    """The errors of ``values`` ({indicator code: raw value}) for ``form``, by indicator code.

    Whole numbers are integers ≥ 0, percentages within 0–100, each number within the indicator's minimum and
    maximum, "not above" checked when both values are filled; to submit, the required indicators must be filled.
    """
    errors, _parsed = _check_values(_form_indicators(form), values, for_submit=for_submit)
    return errors


def _check_values(form_indicators: list[FormIndicator], values: dict[str, Any], *,
                  for_submit: bool) -> tuple[dict[str, list[str]], dict[str, Any]]:
    by_code = {fi.indicator.code: fi for fi in form_indicators}
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for code in values:
        if code not in by_code:
            errors.setdefault(code, []).append(_("This indicator is not part of the report form."))
    for code, fi in by_code.items():
        indicator = fi.indicator
        value, error = parse_value(indicator, values.get(code))
        if error:
            errors.setdefault(code, []).append(error)
            continue
        parsed[code] = value
        if isinstance(value, Decimal):
            if indicator.min_value is not None and value < indicator.min_value:
                errors.setdefault(code, []).append(
                    _("The value cannot be less than %(min)s.") % {"min": _fmt(indicator.min_value)})
            if indicator.max_value is not None and value > indicator.max_value:
                errors.setdefault(code, []).append(
                    _("The value cannot be more than %(max)s.") % {"max": _fmt(indicator.max_value)})
        if for_submit and fi.required and value is None:
            errors.setdefault(code, []).append(_("This indicator is required to submit the report."))
    for code, fi in by_code.items():
        other = fi.indicator.not_above
        if other is None or other.code not in by_code or code in errors:
            continue
        value, limit = parsed.get(code), parsed.get(other.code)
        if isinstance(value, Decimal) and isinstance(limit, Decimal) and value > limit:
            errors.setdefault(code, []).append(
                _("The value cannot be more than “%(other)s” (%(limit)s).") % {"other": other.name,
                                                                              "limit": _fmt(limit)})
    return errors, parsed


def current_values(submission: Submission) -> dict[str, Any]:
    """The stored values by indicator code (None when not reported)."""
    return {value.indicator.code: value.value for value in submission.values.select_related("indicator")}


# --- Pre-fill from the communication log ---------------------------------------------------------------------------

def _prefill_one(indicator: Indicator, unit_id: int, period: Period) -> Decimal | None:
    """The indicator's figure from the log, by the rule it states: the number of activities, or the sum of their
    quantities (an activity without a quantity counts as one) or reach, of its channels and topics; or the figure
    of another module (``PrefillSource.MODULE``)."""
    if indicator.prefill == PrefillSource.MODULE:
        return source_value(indicator.prefill_module, unit_id, period.start, period.end)
    activities = Activity.objects.filter(unit_id=unit_id, date__gte=period.start, date__lte=period.end)
    channel_ids = [channel.pk for channel in indicator.prefill_channels.all()]
    if channel_ids:
        activities = activities.filter(channel_id__in=channel_ids)
    topic_ids = [topic.pk for topic in indicator.prefill_topics.all()]
    if topic_ids:
        activities = activities.filter(pk__in=Activity.objects.filter(topics__in=topic_ids).values("pk"))
    if indicator.prefill == PrefillSource.COUNT:
        return Decimal(activities.count())
    if indicator.prefill == PrefillSource.QUANTITY:
        total = activities.aggregate(total=Sum(Coalesce("quantity", 1)))["total"]
    else:
        total = activities.aggregate(total=Sum("reach"))["total"]
    return None if total is None else Decimal(total)


def prefill_for(form: ReportForm, unit_id: int, period: Period) -> dict[str, Decimal | None]:
    """What the activities the unit logged in the period suggest, for each pre-filled indicator of the form
    (``_prefill_one``). A sum over no figure is ``None`` (nothing to suggest), not zero."""
    indicators = (Indicator.objects.filter(forms=form).exclude(prefill=PrefillSource.NONE)
                  .prefetch_related("prefill_channels", "prefill_topics"))
    return {indicator.code: _prefill_one(indicator, unit_id, period) for indicator in indicators}


def prefill_values(submission: Submission) -> dict[str, Decimal | None]:
    """``prefill_for`` the submission's form, unit and period."""
    return prefill_for(submission.form, submission.unit_id, submission.period)


def prefill_rule(indicator: Indicator) -> str:
    """The rule an indicator states for its pre-filled figure, in words (shown beside the field)."""
    if indicator.prefill == PrefillSource.NONE:
        return ""
    if indicator.prefill == PrefillSource.MODULE:
        from .sources import source_choices

        labels = dict(source_choices())
        return _("figure of %(source)s") % {"source": labels.get(indicator.prefill_module, indicator.prefill_module)}
    what = {PrefillSource.COUNT: _("number of activities"), PrefillSource.QUANTITY: _("sum of quantities"),
            PrefillSource.REACH: _("sum of reach")}[PrefillSource(indicator.prefill)]
    channels = ", ".join(str(channel.name) for channel in indicator.prefill_channels.all())
    topics = ", ".join(str(topic.name) for topic in indicator.prefill_topics.all())
    parts = [str(what)]
    if channels:
        parts.append(_("channel: %(names)s") % {"names": channels})
    if topics:
        parts.append(_("topic: %(names)s") % {"names": topics})
    return " · ".join(parts)


def is_live(value: IndicatorValue | None) -> bool:
    """A pre-filled value follows the log until the officer changes it: it is live while it equals the log's
    figure recorded with it (an empty value with no figure is live too)."""
    return value is None or value.number == value.prefilled


def effective_values(submission: Submission | None, suggestions: dict[str, Decimal | None],
                     stored: dict[str, IndicatorValue]) -> dict[str, Any]:
    """The values a report shows: the stored ones, except that a live pre-filled value of a report still being
    written shows the log's current figure."""
    editable = submission is None or submission.pk is None or submission.is_editable
    values: dict[str, Any] = {code: value.value for code, value in stored.items()}
    if editable:
        for code, figure in suggestions.items():
            if is_live(stored.get(code)):
                values[code] = figure
    return values


@transaction.atomic
def refresh_live_values(submission: Submission) -> int:
    """Bring a draft or returned report up to date with the log: live values take the log's figure, changed ones
    keep theirs and record the figure beside. Returns how many values changed."""
    if not submission.is_editable:
        return 0
    suggestions = prefill_values(submission)
    stored = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    indicators = {fi.indicator.code: fi.indicator for fi in _form_indicators(submission.form)}
    changed = 0
    for code, figure in suggestions.items():
        if code not in indicators:
            continue
        value = stored.get(code)
        if value is None:
            IndicatorValue.objects.create(submission=submission, indicator=indicators[code], number=figure,
                                          prefilled=figure)
            changed += 1
        elif is_live(value) and value.number != figure:
            value.number = figure
            value.prefilled = figure
            value.save(update_fields=["number", "prefilled"])
            changed += 1
        elif value.prefilled != figure:
            value.prefilled = figure
            value.save(update_fields=["prefilled"])
    return changed


def refresh_unit_reports(unit_id: int, day: Any) -> int:
    """After the unit's log changed on ``day``: refresh its reports still being written whose period holds it."""
    count = 0
    submissions = (Submission.objects.filter(unit_id=unit_id, period__start__lte=day, period__end__gte=day,
                                             status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
                   .select_related("form", "period"))
    for submission in submissions:
        count += refresh_live_values(submission)
    return count


def soonest_form(forms: list[ReportForm], today: Any) -> ReportForm | None:
    """Of ``forms``, the active one whose open period is due soonest (the campaign at hand), else the first
    active one: where the review and monitoring pages open."""
    active = [form for form in forms if form.is_active]
    if not active:
        return forms[0] if forms else None
    period = (Period.objects.filter(form__in=active, start__lte=today, deadline__gte=today)
              .order_by("deadline", "form__name").first())
    if period is not None:
        return next(form for form in active if form.pk == period.form_id)
    return active[0]


# --- Permission helpers --------------------------------------------------------------------------------------------

def _is_manager(user: Any) -> bool:
    return user is None or role_of(user) in MANAGERS


def _check_own(submission: Submission, acting_user: Any) -> None:
    """Officers act only on their units' reports; leaders on none."""
    if acting_user is None:
        return
    if not can(acting_user, Action.CHANGE, Submission):
        raise PermissionDenied(_("You are not allowed to change reports."))
    if not Submission.objects.restrict(acting_user, Action.CHANGE).filter(pk=submission.pk).exists():
        raise PermissionDenied(_("This report belongs to another unit."))


def _check_manager(acting_user: Any) -> None:
    if not _is_manager(acting_user):
        raise PermissionDenied(_("Only the Department of Home Affairs can review reports."))


def _check_editable(submission: Submission) -> None:
    if submission.status == SubmissionStatus.APPROVED:
        raise ValidationError(_("This report has been approved and is locked; only a coordinator can reopen it."))
    if submission.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(_("This report has been submitted; it can be changed only after it is returned."))


def _event(submission: Submission, kind: str, acting_user: Any, *, reason: str = "",
           changes: list[dict[str, Any]] | None = None) -> SubmissionEvent:
    return SubmissionEvent.objects.create(submission=submission, kind=kind, by=acting_user, at=clock.now(),
                                          reason=reason, changes=changes or [])


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    return value


def _notify_unit(submission: Submission, title: str, reason: str) -> None:
    from cchc.accounts.models import User

    notify(User.objects.officers_of([submission.unit_id]), title, body=reason,
           url=submission.get_absolute_url(), category="report")


# --- Actions -------------------------------------------------------------------------------------------------------

@transaction.atomic
def do_start_submission(*, form: ReportForm, period: Period, unit: Any, acting_user: Any) -> Submission:
    """The unit's report for the form and period, created (pre-filled from the activities) when missing."""
    if period.form_id != form.pk:
        raise ValidationError(_("This period does not belong to the report form."))
    if acting_user is not None:
        if not can(acting_user, Action.ADD, Submission):
            raise PermissionDenied(_("You are not allowed to create reports."))
        if not _is_manager(acting_user) and unit.pk not in set(acting_user.units.values_list("id", flat=True)):
            raise PermissionDenied(_("This report belongs to another unit."))
    existing = Submission.objects.filter(form=form, period=period, unit=unit).first()
    if existing is not None:
        return existing
    if not form.is_active:
        raise ValidationError(_("This report form is no longer in use."))
    if not expected_units_for(form, period).filter(pk=unit.pk).exists():
        raise ValidationError(_("This unit is not expected to send this report for this period."))
    with acting_as(acting_user):
        submission = Submission.objects.create(form=form, period=period, unit=unit, created_by=acting_user)
        suggestions = prefill_values(submission)
        indicators = {fi.indicator.code: fi.indicator for fi in _form_indicators(form)}
        changes = []
        for code, number in suggestions.items():
            if code in indicators:
                IndicatorValue.objects.create(submission=submission, indicator=indicators[code], number=number,
                                              prefilled=number)
                if number is not None:
                    changes.append({"indicator": code, "old": None, "new": _json(number)})
        _event(submission, SubmissionEventKind.CREATE, acting_user, changes=changes)
    return submission


def _store(submission: Submission, indicator: Indicator, value: Any) -> IndicatorValue:
    row, _created = IndicatorValue.objects.get_or_create(submission=submission, indicator=indicator)
    row.number = value if isinstance(value, Decimal) else None
    row.text = value if isinstance(value, str) else ""
    row.boolean = value if isinstance(value, bool) else None
    row.save(update_fields=["number", "text", "boolean"])
    return row


@transaction.atomic
def do_save_submission(submission: Submission, *, acting_user: Any, values: dict[str, Any],
                       narrative: dict[str, str] | None = None,
                       activity_ids: list[int] | None = None,
                       live_codes: set[str] | None = None) -> Submission:
    """Save values ({indicator code: value}; an empty value is "not reported"), the narrative ({section title:
    text}) and the attached activities (of the unit, in the period), while the report is a draft or returned.
    The indicators of ``live_codes`` (left as the log had them) take the log's current figure and keep following
    the log.

    Nothing is saved when a value is invalid: ValidationError({indicator code: [messages]}). Indicators left out
    of ``values`` keep their value; ``narrative`` and ``activity_ids`` left ``None`` stay as they are.
    """
    _check_own(submission, acting_user)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_editable(submission)
    form_indicators = _form_indicators(submission.form)
    by_code = {fi.indicator.code: fi.indicator for fi in form_indicators}
    old = current_values(submission)
    suggestions = prefill_values(submission)
    values = dict(values)
    for code in live_codes or ():
        if code in suggestions and code in by_code:
            values[code] = suggestions[code]
    merged = {code: old.get(code) for code in by_code} | values
    errors, parsed = _check_values(form_indicators, merged, for_submit=False)
    activities: list[Activity] = []
    if activity_ids is not None:
        ids = {int(pk) for pk in activity_ids}
        activities = list(Activity.objects.filter(pk__in=ids, unit_id=submission.unit_id,
                                                  date__gte=submission.period.start, date__lte=submission.period.end))
        if len(activities) != len(ids):
            errors.setdefault("activities", []).append(
                _("Only activities of the unit within the period can be attached."))
    if errors:
        raise ValidationError(errors)
    changes: list[dict[str, Any]] = []
    with acting_as(acting_user):
        for code in values:
            new = parsed.get(code)
            if new != old.get(code):
                _store(submission, by_code[code], new)
                changes.append({"indicator": code, "old": _json(old.get(code)), "new": _json(new)})
        for code, number in suggestions.items():  # record the log's figure beside each value
            if code not in by_code:
                continue
            row, _created = IndicatorValue.objects.get_or_create(submission=submission, indicator=by_code[code])
            if row.prefilled != number:
                row.prefilled = number
                row.save(update_fields=["prefilled"])
        fields = []
        if narrative is not None:
            sections = [str(title) for title in submission.form.sections or []]
            cleaned = {title: (narrative.get(title) or "").strip() for title in sections if title in narrative}
            new_narrative = {**(submission.narrative or {}), **cleaned}
            for title in sections:
                before, after = (submission.narrative or {}).get(title, ""), new_narrative.get(title, "")
                if before != after:
                    changes.append({"section": title, "old": before[:200], "new": after[:200]})
            submission.narrative = new_narrative
            fields.append("narrative")
        if activity_ids is not None:
            before_ids = set(submission.activities.values_list("id", flat=True))
            after_ids = {activity.pk for activity in activities}
            if before_ids != after_ids:
                submission.activities.set(activities)
                changes.append({"activities": {"added": sorted(after_ids - before_ids),
                                               "removed": sorted(before_ids - after_ids)}})
        if changes:
            submission.save(update_fields=[*fields, "updated_at"])
            _event(submission, SubmissionEventKind.SAVE, acting_user, changes=changes)
    return submission


@transaction.atomic
def do_submit(submission: Submission, *, acting_user: Any) -> Submission:
    """Send the report (a draft, or a returned one again). The required indicators must be filled; the moment
    (``clock.now()``) is what timeliness is measured on."""
    _check_own(submission, acting_user)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_editable(submission)
    refresh_live_values(submission)  # live values are sent as the log has them now
    errors, _parsed = _check_values(_form_indicators(submission.form), current_values(submission), for_submit=True)
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    resubmission = submission.first_submitted_at is not None
    with acting_as(acting_user):
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = now
        if not resubmission:
            submission.first_submitted_at = now
        submission.save(update_fields=["status", "submitted_at", "first_submitted_at", "updated_at"])
        _event(submission, SubmissionEventKind.RESUBMIT if resubmission else SubmissionEventKind.SUBMIT, acting_user)
    return submission


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason, so that the unit knows what to correct.")]})
    return reason


@transaction.atomic
def do_return(submission: Submission, *, acting_user: Any, reason: str) -> Submission:
    """Send a submitted report back to the unit for correction, with the reason (the unit's officers are told)."""
    _check_manager(acting_user)
    reason = _clean_reason(reason)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    with acting_as(acting_user):
        submission.status = SubmissionStatus.RETURNED
        submission.returned_reason = reason
        submission.save(update_fields=["status", "returned_reason", "updated_at"])
        _event(submission, SubmissionEventKind.RETURN, acting_user, reason=reason)
    _notify_unit(submission, _("Report returned: %(form)s — %(period)s")
                 % {"form": submission.form.name, "period": submission.period.label}, reason)
    return submission


@transaction.atomic
def do_approve(submission: Submission, *, acting_user: Any) -> Submission:
    """Accept a submitted report: its data is locked from now on."""
    _check_manager(acting_user)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved."))
    with acting_as(acting_user):
        submission.status = SubmissionStatus.APPROVED
        submission.approved_at = clock.now()
        submission.approved_by = acting_user
        submission.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        _event(submission, SubmissionEventKind.APPROVE, acting_user)
    return submission


@transaction.atomic
def do_reopen(submission: Submission, *, acting_user: Any, reason: str) -> Submission:
    """Unlock an approved report, with the reason: it goes back to the unit as returned, to correct and resubmit."""
    _check_manager(acting_user)
    reason = _clean_reason(reason)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.APPROVED:
        raise ValidationError(_("Only an approved report can be reopened."))
    with acting_as(acting_user):
        submission.status = SubmissionStatus.RETURNED
        submission.returned_reason = reason
        submission.approved_at = None
        submission.approved_by = None
        submission.save(update_fields=["status", "returned_reason", "approved_at", "approved_by", "updated_at"])
        _event(submission, SubmissionEventKind.REOPEN, acting_user, reason=reason)
    _notify_unit(submission, _("Report reopened: %(form)s — %(period)s")
                 % {"form": submission.form.name, "period": submission.period.label}, reason)
    return submission


# --- Expected reports ----------------------------------------------------------------------------------------------

def is_on_time(submission: Submission, period: Period) -> bool:
    """The latest submission came on or before the period's deadline (Vietnam's time): the one timeliness rule."""
    return period.received_on_time(submission.submitted_at)


def submission_state(submission: Submission | None, period: Period, today: Any) -> str:
    """How a unit's report stands on ``today``: missing / draft / returned / overdue / on_time / late / approved.

    The one vocabulary of a report's state: the review list shows it as is, the monitoring numbers
    (``cchc.monitoring.numbers.status_of``) group missing and draft as "not submitted", the synthesis report and
    the reminder letters read it to say who sent, who was returned and who is silent."""
    if submission is not None:
        if submission.status == SubmissionStatus.APPROVED:
            return STATE_APPROVED
        if submission.status == SubmissionStatus.SUBMITTED:
            return STATE_ON_TIME if is_on_time(submission, period) else STATE_LATE
        if submission.status == SubmissionStatus.RETURNED:
            return STATE_RETURNED
    if today > period.deadline:
        return STATE_OVERDUE
    return STATE_DRAFT if submission is not None else STATE_MISSING


def expected_rows(form: ReportForm, period: Period) -> list[tuple[Any, Submission | None]]:
    """Every unit expected to send ``form`` for ``period`` (open during it), with its submission or None."""
    units = list(expected_units_for(form, period).select_related("kind").order_by("kind__order", "sort_name"))
    submissions = {submission.unit_id: submission
                   for submission in Submission.objects.filter(form=form, period=period, unit__in=units)}
    return [(unit, submissions.get(unit.pk)) for unit in units]
