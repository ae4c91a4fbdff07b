"""Report pages: the expected reports (officers: their units'; Sở Nội vụ and leaders: every unit of a form and
period), one report with its history and workflow buttons, and the fill form.

Officers reach only their units' reports (404 otherwise); leaders read, and get 403 on every POST.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action, Role
from cchc.core.permissions import MANAGERS, can, role_of, unit_ids_of
from cchc.units.models import OrgUnit

from .. import submissions as actions
from ..choices import SubmissionStatus
from ..forms_submissions import ReasonForm, SubmissionFillForm
from ..models import Period, ReportForm, Submission, expected_units_for
from ..obligations import expected_triples

STATE_LABELS = {
    actions.STATE_MISSING: gettext_lazy("Not sent"),
    actions.STATE_DRAFT: gettext_lazy("Draft"),
    actions.STATE_ON_TIME: gettext_lazy("Sent on time"),
    actions.STATE_LATE: gettext_lazy("Sent late"),
    actions.STATE_OVERDUE: gettext_lazy("Overdue, not sent"),
    actions.STATE_RETURNED: gettext_lazy("Returned"),
    actions.STATE_APPROVED: gettext_lazy("Approved"),
}
STATE_CSS = {
    actions.STATE_MISSING: "text-bg-light border",
    actions.STATE_DRAFT: "text-bg-info",
    actions.STATE_ON_TIME: "text-bg-success",
    actions.STATE_LATE: "text-bg-warning",
    actions.STATE_OVERDUE: "text-bg-danger",
    actions.STATE_RETURNED: "text-bg-secondary",
    actions.STATE_APPROVED: "text-bg-primary",
}
STATUS_CSS = {
    SubmissionStatus.DRAFT: "text-bg-info",
    SubmissionStatus.SUBMITTED: "text-bg-success",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.APPROVED: "text-bg-primary",
}


def _row(form: ReportForm, period: Period, unit: OrgUnit, submission: Submission | None, today: Any) -> dict:
    state = actions.submission_state(submission, period, today)
    return {"form": form, "period": period, "unit": unit, "submission": submission, "state": state,
            "state_label": STATE_LABELS[state], "state_css": STATE_CSS[state]}


def _get_submission(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Submission:
    if not can(request.user, Action.VIEW, Submission):
        raise PermissionDenied
    return get_object_or_404(Submission.objects.restrict(request.user, action)
                             .select_related("form", "period", "unit", "approved_by"), pk=pk)


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW, Submission):
        raise PermissionDenied
    today = clock.today()
    if role_of(request.user) == Role.OFFICER:
        rows = [_row(form, period, unit, submission, today)
                for form, period, unit, submission in expected_triples(today, unit_ids_of(request.user))]
        # Open reports first, the nearest deadline on top; then the past ones, the latest first.
        rows.sort(key=lambda row: (row["period"].deadline < today,
                                   abs((row["period"].deadline - today).days), row["form"].name, row["unit"].sort_name))
        return render(request, "reports/submission_list.html", {"officer": True, "rows": rows, "today": today})
    forms = list(ReportForm.objects.filter(is_active=True).order_by("name"))
    form = next((f for f in forms if str(f.pk) == request.GET.get("form")), None) or actions.soonest_form(forms, today)
    periods = list(form.periods.order_by("-start")) if form else []
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), None)
    if period is None and periods:
        open_periods = [p for p in periods if p.start <= today <= p.deadline]
        period = min(open_periods, key=lambda p: p.deadline) if open_periods else next(
            (p for p in periods if p.start <= today), periods[-1])
    rows = []
    if form and period:
        rows = [_row(form, period, unit, submission, today)
                for unit, submission in actions.expected_rows(form, period)]
    counts = Counter(row["state"] for row in rows)
    return render(request, "reports/submission_list.html", {
        "officer": False, "rows": rows, "today": today, "forms": forms, "form": form, "periods": periods,
        "period": period, "expected_count": len(rows),
        "counts": [(state, STATE_LABELS[state], STATE_CSS[state], counts.get(state, 0))
                   for state in actions.STATE_ORDER],
    })


def _start_params(request: HttpRequest) -> tuple[ReportForm, Period, OrgUnit] | None:
    params = request.POST if request.method == "POST" else request.GET
    try:
        form = get_object_or_404(ReportForm, pk=int(params.get("form", "")))
        period = get_object_or_404(Period, pk=int(params.get("period", "")), form=form)
        unit_pk = int(params.get("unit", ""))
    except ValueError:
        return None
    province_wide = MANAGERS | {Role.LEADER}  # leaders read every unit's report
    if role_of(request.user) not in province_wide and unit_pk not in unit_ids_of(request.user):
        raise PermissionDenied
    return form, period, get_object_or_404(OrgUnit, pk=unit_pk)


@login_required
def submission_start(request: HttpRequest) -> HttpResponse:
    """The unit's report for a form and period: the existing one, or the fill form of a new one, pre-filled from
    the log. Opening it creates nothing: the report is created when the officer saves or submits it."""
    chosen = _start_params(request)
    if not can(request.user, Action.ADD, Submission):
        # A reader (leader) who followed a link to a unit's report: the report if it exists, else the list.
        if request.method != "GET" or chosen is None:
            raise PermissionDenied
        form, period, unit = chosen
        existing = Submission.objects.restrict(request.user, Action.VIEW).filter(
            form=form, period=period, unit=unit).first()
        if existing is not None:
            return redirect(existing.get_absolute_url())
        messages.info(request, _("This unit has not started this report yet."))
        return redirect(f"{reverse('reports:submissions')}?form={form.pk}&period={period.pk}")
    if chosen is None:
        messages.error(request, _("Choose a report form, a period and a unit."))
        return redirect("reports:submissions")
    form, period, unit = chosen
    if request.method == "POST" and "save" not in request.POST and "submit" not in request.POST:
        # "Fill in" from an older page: open the form (nothing is created before the officer saves).
        return redirect(f"{reverse('reports:submission_start')}?form={form.pk}&period={period.pk}&unit={unit.pk}")
    existing = Submission.objects.filter(form=form, period=period, unit=unit).first()
    if existing is not None:
        return redirect("reports:submission_edit" if existing.is_editable else "reports:submission", pk=existing.pk)
    if not form.is_active or not expected_units_for(form, period).filter(pk=unit.pk).exists():
        messages.error(request, _("This unit is not expected to send this report for this period."))
        return redirect("reports:submissions")
    draft = Submission(form=form, period=period, unit=unit)
    suggestions = actions.prefill_for(form, unit.pk, period)
    if request.method == "POST":
        fill = SubmissionFillForm(draft, request.POST, suggestions=suggestions)
        if fill.is_valid():
            errors = actions.validate_values(form, fill.values(), for_submit=False)
            if errors:
                fill.add_action_errors(errors)
            else:
                try:
                    submission = actions.do_start_submission(form=form, period=period, unit=unit,
                                                             acting_user=request.user)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("reports:submissions")
                return _save_and_submit(request, submission, fill)
    else:
        fill = SubmissionFillForm(draft, suggestions=suggestions)
    return render(request, "reports/submission_edit.html", {
        "submission": draft, "form": fill, "is_new": True,
        "start_params": {"form": form.pk, "period": period.pk, "unit": unit.pk}})


def _save_and_submit(request: HttpRequest, submission: Submission, fill: SubmissionFillForm) -> HttpResponse:
    """Save the fill form into the report and, with "submit", send it. Errors go back next to their fields."""
    submitting = "submit" in request.POST
    saved = False
    try:
        actions.do_save_submission(submission, acting_user=request.user, values=fill.values(),
                                   narrative=fill.narrative(), activity_ids=fill.activity_ids(),
                                   live_codes=fill.live_codes())
        saved = True
        if submitting:
            actions.do_submit(submission, acting_user=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            fill.add_action_errors({key: [str(m) for m in errs] for key, errs in exc.message_dict.items()})
        else:
            fill.add_error(None, exc)
        if saved:
            messages.warning(request, _("The draft has been saved but not submitted: correct what is "
                                        "marked below."))
        return render(request, "reports/submission_edit.html", {"submission": submission, "form": fill})
    messages.success(request, _("The report has been submitted.") if submitting else _("The draft has been saved."))
    return redirect("reports:submission", pk=submission.pk)


def _change_text(old: Any, new: Any) -> str:
    """A value's change in words: "set to 14", "from 12 to 14", "cleared (was 12)"."""
    def shown(value: Any) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
            return actions._fmt(actions._parse_number(value))
        return str(value)

    if old is None and new is None:
        return _("left empty")
    if old is None:
        return _("set to %(new)s") % {"new": shown(new)}
    if new is None:
        return _("cleared (was %(old)s)") % {"old": shown(old)}
    return _("from %(old)s to %(new)s") % {"old": shown(old), "new": shown(new)}


def _history(submission: Submission) -> list[Any]:
    names = {fi.indicator.code: fi.indicator.name for fi in submission.form.form_indicators.select_related("indicator")}
    events = list(submission.events.select_related("by").order_by("at", "id"))
    for event in events:
        lines = []
        for change in event.changes or []:
            if "indicator" in change:
                lines.append((names.get(change["indicator"], change["indicator"]),
                              _change_text(change.get("old"), change.get("new"))))
            elif "section" in change:
                lines.append((change["section"], _("text changed")))
            elif "activities" in change:
                lines.append((_("Attached activities"), _("%(added)s added, %(removed)s removed") % {
                    "added": len(change["activities"].get("added", [])),
                    "removed": len(change["activities"].get("removed", []))}))
        event.change_lines = lines
    return events


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get_submission(request, pk)
    user = request.user
    is_manager = role_of(user) in MANAGERS
    can_change = can(user, Action.CHANGE, Submission)
    stored = {value.indicator_id: value for value in submission.values.select_related("indicator")}
    suggestions = actions.prefill_values(submission) if submission.is_editable else {}
    value_rows = []
    for fi in submission.form.form_indicators.select_related("indicator").order_by("order", "id"):
        value = stored.get(fi.indicator_id)
        code = fi.indicator.code
        display = value.display if value and not value.is_empty else ""
        log_figure = value.prefilled if value else None
        if code in suggestions:
            log_figure = suggestions[code]
            if actions.is_live(value):  # still following the log: the log's figure of today
                display = actions._fmt(log_figure)
        differs = bool(fi.indicator.prefill) and value is not None and not actions.is_live(value) \
            and value.number != log_figure
        value_rows.append({"indicator": fi.indicator, "required": fi.required, "value": value, "display": display,
                           "prefilled": actions._fmt(log_figure) if fi.indicator.prefill else "",
                           "differs": differs})
    sections = [(str(title), (submission.narrative or {}).get(str(title), ""))
                for title in submission.form.sections or []]
    status = submission.status
    return render(request, "reports/submission_detail.html", {
        "submission": submission, "value_rows": value_rows, "sections": sections,
        "activities": submission.activities.select_related("channel").prefetch_related("evidence"),
        "history": _history(submission), "status_css": STATUS_CSS.get(status, ""),
        "state_label": STATE_LABELS[actions.submission_state(submission, submission.period, clock.today())],
        "can_edit": can_change and submission.is_editable,
        "can_submit": can_change and submission.is_editable,
        "can_return": is_manager and status == SubmissionStatus.SUBMITTED,
        "can_approve": is_manager and status == SubmissionStatus.SUBMITTED,
        "can_reopen": is_manager and status == SubmissionStatus.APPROVED,
        "reason_form": ReasonForm(),
    })


@login_required
def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get_submission(request, pk)
    if not can(request.user, Action.CHANGE, Submission):
        raise PermissionDenied
    submission = _get_submission(request, pk, Action.CHANGE)
    if not submission.is_editable:
        messages.error(request, _("This report can no longer be changed (status: %(status)s).")
                       % {"status": submission.get_status_display()})
        return redirect("reports:submission", pk=submission.pk)
    suggestions = actions.prefill_values(submission)
    if request.method == "POST":
        form = SubmissionFillForm(submission, request.POST, suggestions=suggestions)
        if form.is_valid():
            return _save_and_submit(request, submission, form)
    else:
        form = SubmissionFillForm(submission, suggestions=suggestions)
    return render(request, "reports/submission_edit.html", {"submission": submission, "form": form})


def _workflow(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    submission = _get_submission(request, pk)
    if not can(request.user, Action.CHANGE, Submission):
        raise PermissionDenied
    try:
        if step == "submit":
            actions.do_submit(submission, acting_user=request.user)
            messages.success(request, _("The report has been submitted."))
        elif step == "approve":
            actions.do_approve(submission, acting_user=request.user)
            messages.success(request, _("The report has been approved."))
        else:
            reason = request.POST.get("reason", "")
            if step == "return":
                actions.do_return(submission, acting_user=request.user, reason=reason)
                messages.success(request, _("The report has been returned to the unit."))
            else:
                actions.do_reopen(submission, acting_user=request.user, reason=reason)
                messages.success(request, _("The report has been reopened; the unit can correct it."))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You are not allowed to do this."))
    except ValidationError as exc:
        messages.error(request, " ".join(str(message) for message in exc.messages))
    return redirect("reports:submission", pk=submission.pk)


@login_required
@require_POST
def submission_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "return")


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "approve")


@login_required
@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "reopen")
