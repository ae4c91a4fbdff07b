"""Pages of the communication log: thin views; writes in ``reports.activities``, files in ``activities_io``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.audit import history_for
from cchc.core.choices import Action
from cchc.core.permissions import can, unit_ids_of
from cchc.units.models import OrgUnit

from .. import activities_io
from ..activities import do_create_activity, do_delete_activity, do_delete_evidence, do_update_activity, locked_message
from ..forms_activities import ActivityFilterSet, ActivityForm, ImportActivitiesForm
from ..models import Activity, Evidence
from ..submissions import refresh_unit_reports

PAGE_SIZE = 50


def _require(user: Any, action: str, model: type = Activity) -> None:
    if not can(user, action, model):
        raise PermissionDenied


def _get_activity(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Activity:
    """403 when the role may not ``action``; 404 when the activity is not one the user may reach."""
    _require(request.user, action)
    queryset = Activity.objects.restrict(request.user, action).select_related("unit", "channel", "created_by")
    return get_object_or_404(queryset, pk=pk)


def _locked(request: HttpRequest, activity: Activity) -> HttpResponse:
    return render(request, "reports/activity_locked.html", {"activity": activity, "message": locked_message()},
                  status=403)


def _filtered(request: HttpRequest, action: str) -> tuple[ActivityFilterSet, Any]:
    queryset = Activity.objects.restrict(request.user, action)
    filterset = ActivityFilterSet(request.GET or None, queryset=queryset, request=request)
    return filterset, filterset.qs


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.VIEW)
    if request.GET.get("export") == "xlsx":
        return activity_export(request)
    filterset, activities = _filtered(request, Action.VIEW)
    totals = activities.order_by().aggregate(quantity=Sum("quantity"), reach=Sum("reach"))
    listed = (activities.select_related("unit", "channel").prefetch_related("topics")
              .annotate(evidence_count=Count("evidence")).order_by("-date", "-id"))
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/activity_list.html", {
        "filter": filterset, "page_obj": page, "activities": page.object_list, "total": page.paginator.count,
        "totals": totals, "show_unit": can(request.user, Action.ADD, OrgUnit) or len(unit_ids_of(request.user)) != 1,
        "can_add": can(request.user, Action.ADD, Activity),
        "can_export": can(request.user, Action.EXPORT, Activity),
    })


def activity_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as XLSX (``?export=xlsx`` on the list page)."""
    _require(request.user, Action.EXPORT)
    _filterset, activities = _filtered(request, Action.EXPORT)
    data = activities_io.write_xlsx(activities_io.export_queryset(activities))
    response = HttpResponse(data, content_type=activities_io.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="hoat-dong-{clock.today():%Y%m%d}.xlsx"'
    return response


def _render_form(request: HttpRequest, form: ActivityForm, activity: Activity | None) -> HttpResponse:
    return render(request, "reports/activity_form.html", {
        "form": form, "activity": activity,
        "title": _("Edit activity") if activity else _("New activity"),
        "cancel_url": activity.get_absolute_url() if activity else reverse("reports:activities"),
    })


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    form = ActivityForm(request.POST or None, request.FILES or None, user=request.user,
                        initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            activity = do_create_activity(acting_user=request.user, unit=form.cleaned_data["unit"],
                                          topics=form.cleaned_data["topics"], files=form.cleaned_data["files"],
                                          **form.activity_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            refresh_unit_reports(activity.unit_id, activity.date)
            messages.success(request, _("The activity “%(title)s” has been recorded.") % {"title": activity.title})
            return redirect(activity)
    return _render_form(request, form, None)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk, Action.CHANGE)
    if activity.is_locked():
        return _locked(request, activity)
    before = (activity.unit_id, activity.date)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_activity(activity, acting_user=request.user, topics=form.cleaned_data["topics"],
                               files=form.cleaned_data["files"], **form.activity_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            refresh_unit_reports(*before)
            activity.refresh_from_db()
            refresh_unit_reports(activity.unit_id, activity.date)
            messages.success(request, _("The changes to “%(title)s” have been saved.") % {"title": activity.title})
            return redirect(activity)
    return _render_form(request, form, activity)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    locked = activity.is_locked()
    may_change = can(request.user, Action.CHANGE, Activity) and not locked
    from ..models import Submission

    return render(request, "reports/activity_detail.html", {
        "activity": activity, "topics": activity.topics.all(), "locked": locked,
        "evidence": activity.evidence.all(),
        "submissions": Submission.objects.restrict(request.user, Action.VIEW).filter(activities=activity)
        .select_related("form", "period"),
        "history": history_for(activity),
        "can_change": may_change,
        "can_delete": can(request.user, Action.DELETE, Activity) and not locked,
        "can_delete_evidence": can(request.user, Action.DELETE, Evidence) and may_change,
    })


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk, Action.DELETE)
    if activity.is_locked():
        return _locked(request, activity)
    title, unit_id, day = activity.title, activity.unit_id, activity.date
    do_delete_activity(activity, acting_user=request.user)
    refresh_unit_reports(unit_id, day)
    messages.success(request, _("The activity “%(title)s” has been deleted.") % {"title": title})
    return redirect("reports:activities")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file, only through ``restrict`` (another unit's file: 404; there is no public media address)."""
    evidence = get_object_or_404(Evidence.objects.restrict(request.user, Action.VIEW), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    inline = evidence.content_type.startswith(("image/", "video/")) or evidence.content_type == "application/pdf"
    response = FileResponse(handle, as_attachment=not inline, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, Action.DELETE, Evidence)
    evidence = get_object_or_404(Evidence.objects.restrict(request.user, Action.DELETE).select_related("activity"),
                                 pk=pk)
    activity = evidence.activity
    if activity.is_locked():
        return _locked(request, activity)
    name = evidence.original_name
    do_delete_evidence(evidence, acting_user=request.user)
    messages.success(request, _("The file “%(name)s” has been deleted.") % {"name": name})
    return redirect(activity)


@login_required
def activity_import(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    form = ImportActivitiesForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = activities_io.import_activities(upload.name, upload.read(), acting_user=request.user,
                                                     default_unit=form.cleaned_data.get("unit") or form.single_unit)
            if result.ok:
                for unit_id, day in {(activity.unit_id, activity.date) for activity in result.activities}:
                    refresh_unit_reports(unit_id, day)
                messages.success(request, _("Import finished: %(count)s activity(ies) recorded.")
                                 % {"count": len(result.activities)})
                return redirect("reports:activities")
            messages.error(request, _("Nothing has been imported: the file has %(count)s error(s), listed below.")
                           % {"count": len(result.errors)})
        else:
            messages.error(request, _("The file cannot be imported."))
    return render(request, "reports/activity_import.html", {"form": form, "result": result})


@login_required
def activity_import_template(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    response = HttpResponse(activities_io.write_template(), content_type=activities_io.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
    return response
