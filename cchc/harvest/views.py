"""Staff pages of harvesting: what was found on my units' portals (confirm, reject), and the registered feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.units.models import OrgUnit

from . import actions
from .choices import KIND_LABELS, STATUS_LABELS, EntryStatus
from .engine import harvest_all
from .models import Entry, Source


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    queryset = Entry.objects.restrict(request.user, Action.VIEW).select_related("unit", "source").prefetch_related(
        "topics")
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=EntryStatus.IGNORED)
    page = Paginator(queryset, 40).get_page(request.GET.get("page"))
    return render(request, "harvest/entry_list.html", {
        "page_obj": page, "status": status, "status_labels": STATUS_LABELS,
        "can_change": can(request.user, Action.CHANGE, Entry)})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    entry = get_object_or_404(Entry.objects.restrict(request.user, Action.VIEW).select_related("unit", "activity"),
                              pk=pk)
    try:
        if verb == "confirm":
            actions.do_confirm_entry(entry, acting_user=request.user)
            messages.success(request, "Đã ghi tin, bài vào nhật ký tuyên truyền của đơn vị.")
        elif verb == "reject":
            actions.do_reject_entry(entry, acting_user=request.user)
            messages.success(request, "Đã loại; tin, bài này sẽ không được ghi nhận nữa.")
        else:
            raise PermissionDenied
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(str(arg) for arg in exc.args) or "Không được phép.")
        if not can(request.user, Action.CHANGE, Entry):
            raise PermissionDenied from exc
    return redirect(request.POST.get("next") or "harvest:list")


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    units = OrgUnit.objects.restrict(request.user, Action.VIEW)
    can_add = can(request.user, Action.ADD, Source)
    error = ""
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        try:
            if unit is None:
                raise ValidationError("Chọn một đơn vị của bạn.")
            actions.do_add_source(unit=unit, url=request.POST.get("url", ""), kind=request.POST.get("kind", "feed"),
                                  acting_user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", None) or [str(arg) for arg in exc.args])
        else:
            messages.success(request, "Đã đăng ký nguồn tin; hệ thống sẽ đọc định kỳ.")
            return redirect("harvest:sources")
    listed = Source.objects.restrict(request.user, Action.VIEW).select_related("unit").filter(is_active=True)
    return render(request, "harvest/sources.html", {
        "sources": listed, "units": units.select_related("kind")[:500] if can_add else [], "can_add": can_add,
        "kind_labels": KIND_LABELS, "error": error, "data": request.POST})


@login_required
@require_POST
def source_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.restrict(request.user, Action.VIEW), pk=pk)
    try:
        if verb == "remove":
            actions.do_remove_source(source, acting_user=request.user)
            messages.success(request, "Đã ngừng đọc nguồn tin này.")
        elif verb == "fetch":
            if not can(request.user, Action.CHANGE, Source):
                raise PermissionDenied("Bạn không có quyền.")
            outcome = harvest_all(Source.objects.filter(pk=source.pk))[0]
            if outcome.ok:
                messages.success(request, f"Đã đọc: {outcome.new} tin mới, {outcome.recorded} được ghi nhận, "
                                          f"{outcome.pending} chờ xác nhận. {outcome.message}")
            else:
                messages.error(request, f"Không đọc được: {outcome.message}")
        else:
            raise PermissionDenied
    except PermissionDenied as exc:
        messages.error(request, " ".join(str(arg) for arg in exc.args) or "Không được phép.")
    return redirect("harvest:sources")


@login_required
def keywords(request: HttpRequest) -> HttpResponse:
    """The words that mark an article as being about each topic (coordinators edit them)."""
    from cchc.column.actions import is_manager

    from .keywords import ensure_keywords
    from .models import TopicKeywords

    if not is_manager(request.user):
        raise PermissionDenied
    ensure_keywords()
    rows = list(TopicKeywords.objects.select_related("topic").filter(topic__is_active=True))
    if request.method == "POST":
        actions.do_set_keywords({row.pk: request.POST.get(f"kw-{row.pk}", row.keywords) for row in rows},
                                acting_user=request.user)
        messages.success(request, "Đã lưu từ khóa; lần thu thập sau sẽ dùng từ khóa mới.")
        return redirect("harvest:keywords")
    return render(request, "harvest/keywords.html", {"rows": rows})
