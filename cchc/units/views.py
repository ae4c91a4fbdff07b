"""Pages of the units app: thin views; rules live in ``models``, writes in ``actions``, files in ``io``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.audit import history_for
from cchc.core.choices import Action, Role
from cchc.core.permissions import can, role_of

from . import actions, io
from .filtersets import OrgUnitFilterSet
from .forms import CloseUnitForm, ImportUnitsForm, MergeUnitsForm, UnitForm, UnitKindForm
from .models import OrgUnit, UnitKind

PAGE_SIZE = 50
SORTS = {
    "name": ["sort_name"], "code": ["code"], "kind": ["kind__order", "sort_name"],
    "parent": ["parent__sort_name", "sort_name"], "valid_from": ["valid_from", "sort_name"],
    "valid_to": ["valid_to", "sort_name"],
}
FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", io.write_xlsx),
    "csv": ("text/csv; charset=utf-8", io.write_csv),
}


def _require(user: Any, action: str) -> None:
    if not can(user, action, OrgUnit):
        raise PermissionDenied


def _get_unit(request: HttpRequest, pk: int, action: str = Action.VIEW) -> OrgUnit:
    """The unit ``pk`` if the user may ``action`` it: 403 when the role may not, 404 when the unit is not theirs."""
    _require(request.user, action)
    return get_object_or_404(OrgUnit.objects.restrict(request.user, action).select_related("kind", "parent"), pk=pk)


def _filtered(request: HttpRequest, action: str) -> tuple[OrgUnitFilterSet, Any]:
    queryset = OrgUnit.objects.restrict(request.user, action).select_related("kind", "parent")
    filterset = OrgUnitFilterSet(request.GET or None, queryset=queryset, request=request)
    sort = request.GET.get("sort", "name")
    descending = sort.startswith("-")
    order = SORTS.get(sort.lstrip("-"), SORTS["name"])
    order = [f"-{key}" if descending else key for key in order]
    return filterset, filterset.qs.order_by(*order)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    filterset, units = _filtered(request, Action.VIEW)
    units = units.annotate(child_count=Count("children", distinct=True), member_count=Count("members", distinct=True))
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    return render(request, "units/unit_list.html", {
        "filter": filterset, "page_obj": page, "units": page.object_list, "today": today,
        "total": page.paginator.count,
        "open_count": filterset.qs.open_on(today).count(),
        "sort": request.GET.get("sort", "name"),
        "can_manage": can(request.user, Action.ADD, OrgUnit),
        "can_export": can(request.user, Action.EXPORT, OrgUnit),
        "is_admin": role_of(request.user) == Role.ADMIN,
    })


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit(request, pk)
    visible = OrgUnit.objects.restrict(request.user, Action.VIEW)
    return render(request, "units/unit_detail.html", {
        "unit": unit, "today": clock.today(), "is_open": unit.is_open_on(clock.today()),
        "aliases": unit.alias_names(),
        "children": visible.filter(parent=unit).select_related("kind"),
        "predecessors": unit.predecessors.order_by("sort_name"),
        "successors": unit.successors.order_by("sort_name"),
        "visible_ids": set(visible.values_list("id", flat=True)),
        "members": unit.members.filter(is_active=True).order_by("full_name", "username"),
        "history": history_for(unit),
        "can_change": can(request.user, Action.CHANGE, OrgUnit),
    })


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = actions.do_create_unit(acting_user=request.user, aliases=form.alias_list(), **form.unit_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The unit “%(name)s” has been created.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "units/unit_form.html", {
        "form": form, "title": _("New unit"), "cancel_url": reverse("units:list"),
    })


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit(request, pk, Action.CHANGE)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_unit(unit, acting_user=request.user, aliases=form.alias_list(), **form.unit_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes to “%(name)s” have been saved.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "units/unit_form.html", {
        "form": form, "unit": unit, "title": _("Edit unit: %(name)s") % {"name": unit.name},
        "cancel_url": unit.get_absolute_url(),
    })


@login_required
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit(request, pk, Action.CHANGE)
    form = CloseUnitForm(request.POST or None, unit=unit, initial={"on": unit.valid_to or clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_close_unit(unit, on=form.cleaned_data["on"], acting_user=request.user,
                                  successors=form.cleaned_data["successors"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The unit “%(name)s” has been closed.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "units/unit_close.html", {"form": form, "unit": unit})


@login_required
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _get_unit(request, pk, Action.CHANGE)
    form = MergeUnitsForm(request.POST or None, unit=unit, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        sources = list(form.cleaned_data["sources"])
        try:
            actions.do_merge_units(sources, unit, on=form.cleaned_data["on"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(count)s unit(s) have been merged into “%(name)s”.")
                             % {"count": len(sources), "name": unit.name})
            return redirect(unit)
    return render(request, "units/unit_merge.html", {"form": form, "unit": unit})


@login_required
def unit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _require(request.user, Action.EXPORT)
    _filterset, units = _filtered(request, Action.EXPORT)
    content_type, writer = FORMATS[fmt]
    response = HttpResponse(writer(io.export_queryset(units)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="don-vi-{clock.today():%Y%m%d}.{fmt}"'
    return response


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    _require(request.user, Action.CHANGE)
    form = ImportUnitsForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = io.import_units(upload.name, upload.read(), acting_user=request.user)
            if result.ok:
                messages.success(request, _("Import finished: %(created)s unit(s) created, %(updated)s updated.")
                                 % {"created": result.created, "updated": result.updated})
                return redirect("units:list")
            messages.error(request, _("Nothing has been imported: the file has %(count)s error(s), listed below.")
                           % {"count": len(result.errors)})
        else:
            messages.error(request, _("The file cannot be imported."))
    return render(request, "units/unit_import.html", {"form": form, "result": result})


@login_required
def unit_import_template(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.ADD)
    response = HttpResponse(io.write_xlsx([], with_instructions=True), content_type=FORMATS["xlsx"][0])
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.xlsx"'
    return response


# --- Unit kinds (administrators) -------------------------------------------------------------------------------

def _require_admin(user: Any) -> None:
    if role_of(user) != Role.ADMIN:
        raise PermissionDenied


@login_required
def kind_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    kinds = UnitKind.objects.annotate(unit_count=Count("units"))
    return render(request, "units/kind_list.html", {"kinds": kinds})


@login_required
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request.user)
    kind = get_object_or_404(UnitKind, pk=pk) if pk else UnitKind()
    form = UnitKindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_kind(kind, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The unit kind “%(name)s” has been saved.") % {"name": kind.name})
            return redirect("units:kinds")
    title = _("Edit unit kind: %(name)s") % {"name": kind.name} if pk else _("New unit kind")
    return render(request, "units/kind_form.html", {"form": form, "kind": kind, "title": title})


@login_required
@require_POST
def kind_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    kind = get_object_or_404(UnitKind, pk=pk)
    try:
        actions.do_delete_kind(kind, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The unit kind “%(name)s” has been deleted.") % {"name": kind.name})
    return redirect("units:kinds")
