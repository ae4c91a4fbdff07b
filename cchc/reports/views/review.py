"""The review queue of Sở Nội vụ: the submitted reports in the order they arrived, one after another (previous /
next, approve in one click, return with a reason picked from templates or typed), or a selection approved at once.
Keyboard: j / k (or → / ←) move, a approves, r goes to the reason (static/cchc/cchc.js, ``data-hotkeys``).

Only administrators and coordinators review (403 for leaders and officers).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cchc.core.permissions import MANAGERS, role_of

from .. import submissions as actions
from ..choices import SubmissionStatus
from ..models import ReportForm, Submission

REASON_TEMPLATES = [
    gettext_lazy("Evidence is missing for the activities reported: attach the links or files."),
    gettext_lazy("The figures do not match the communication log: check them against the activities."),
    gettext_lazy("Some required indicators are empty: fill them in and send the report again."),
    gettext_lazy("The narrative is missing or too short: describe what the unit did."),
    gettext_lazy("The report is for another period or another unit: check before sending again."),
]


def _require_reviewer(user: Any) -> None:
    if role_of(user) not in MANAGERS:
        raise PermissionDenied


def _queue(request: HttpRequest) -> tuple[QuerySet, list[ReportForm], ReportForm | None]:
    """The submitted reports waiting, oldest first; ``?form=`` narrows to one report form."""
    queue = (Submission.objects.restrict(request.user).filter(status=SubmissionStatus.SUBMITTED)
             .select_related("form", "period", "unit").order_by("submitted_at", "id"))
    forms = list(ReportForm.objects.filter(pk__in=queue.values("form")).order_by("name"))
    form = next((f for f in forms if str(f.pk) == (request.GET.get("form") or request.POST.get("form"))), None)
    if form is not None:
        queue = queue.filter(form=form)
    return queue, forms, form


def _suffix(form: ReportForm | None) -> str:
    return f"?{urlencode({'form': form.pk})}" if form else ""


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    queue, forms, form = _queue(request)
    rows = list(queue)
    return render(request, "reports/review_queue.html", {
        "rows": rows, "forms": forms, "form": form, "suffix": _suffix(form),
        "first": rows[0] if rows else None,
    })


def _neighbours(ids: list[int], pk: int) -> tuple[int | None, int | None, int]:
    if pk not in ids:
        return None, (ids[0] if ids else None), 0
    index = ids.index(pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following, index + 1


@login_required
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request.user)
    queue, _forms, form = _queue(request)
    submission = get_object_or_404(Submission.objects.restrict(request.user)
                                   .select_related("form", "period", "unit", "approved_by"), pk=pk)
    ids = list(queue.values_list("pk", flat=True))
    previous, following, position = _neighbours(ids, submission.pk)
    stored = {value.indicator_id: value for value in submission.values.select_related("indicator")}
    value_rows = []
    for fi in submission.form.form_indicators.select_related("indicator").order_by("order", "id"):
        value = stored.get(fi.indicator_id)
        log = value.prefilled if value is not None else None
        value_rows.append({
            "indicator": fi.indicator, "required": fi.required,
            "display": value.display if value and not value.is_empty else "",
            "log": actions._fmt(log) if fi.indicator.prefill else "",
            "differs": bool(fi.indicator.prefill) and value is not None and value.number != log,
        })
    return render(request, "reports/review_item.html", {
        "submission": submission, "value_rows": value_rows, "suffix": _suffix(form), "form": form,
        "sections": [(str(title), (submission.narrative or {}).get(str(title), ""))
                     for title in submission.form.sections or []],
        "activities": submission.activities.select_related("channel").prefetch_related("evidence"),
        "previous": previous, "next": following, "position": position, "total": len(ids),
        "in_queue": submission.status == SubmissionStatus.SUBMITTED,
        "reasons": [str(reason) for reason in REASON_TEMPLATES],
    })


def _after(request: HttpRequest, pk: int) -> HttpResponse:
    """The next report of the queue after ``pk`` (the queue has moved on), or the queue when it is empty."""
    queue, _forms, form = _queue(request)
    rows = list(queue.values_list("pk", "submitted_at"))
    if not rows:
        messages.info(request, _("No report is waiting for review any more."))
        return redirect(reverse("reports:review") + _suffix(form))
    done = Submission.objects.filter(pk=pk).values_list("submitted_at", flat=True).first()
    later = [row_pk for row_pk, at in rows if done is None or (at, row_pk) > (done, pk)]
    target = later[0] if later else rows[0][0]
    return redirect(reverse("reports:review_item", args=[target]) + _suffix(form))


@login_required
@require_POST
def review_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request.user)
    submission = get_object_or_404(Submission.objects.restrict(request.user), pk=pk)
    try:
        actions.do_approve(submission, acting_user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(reverse("reports:review_item", args=[pk]))
    messages.success(request, _("Approved: %(unit)s.") % {"unit": submission.unit.name})
    return _after(request, pk)


@login_required
@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request.user)
    submission = get_object_or_404(Submission.objects.restrict(request.user), pk=pk)
    try:
        actions.do_return(submission, acting_user=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(reverse("reports:review_item", args=[pk]) + _suffix(_queue(request)[2]))
    messages.success(request, _("Returned to %(unit)s with the reason.") % {"unit": submission.unit.name})
    return _after(request, pk)


@login_required
@require_POST
def review_approve_selected(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    queue, _forms, form = _queue(request)
    ids = {int(value) for value in request.POST.getlist("ids") if value.isdigit()}
    if not ids:
        messages.warning(request, _("Tick the reports to approve first."))
        return redirect(reverse("reports:review") + _suffix(form))
    approved = 0
    for submission in queue.filter(pk__in=ids):
        try:
            actions.do_approve(submission, acting_user=request.user)
        except ValidationError:
            continue
        approved += 1
    messages.success(request, ngettext("%(count)s report approved.", "%(count)s reports approved.", approved)
                     % {"count": approved})
    return redirect(reverse("reports:review") + _suffix(form))
