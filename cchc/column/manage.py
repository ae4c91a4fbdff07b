"""Staff pages of the column: the items of my units, writing, and the coordinators' workflow buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.directives.models import Directive
from cchc.lib import vn

from . import actions
from .choices import EDITABLE_STATUSES, ItemStatus
from .forms import ItemForm, ReturnForm, ScheduleForm
from .models import Item

STATUS_LABELS = {
    ItemStatus.DRAFT: "Bản nháp", ItemStatus.SUBMITTED: "Chờ duyệt", ItemStatus.SCHEDULED: "Hẹn giờ đăng",
    ItemStatus.PUBLISHED: "Đã đăng", ItemStatus.RETURNED: "Bị trả lại", ItemStatus.ARCHIVED: "Lưu trữ",
}
KIND_LABELS = {"article": "Tin, bài", "video": "Video clip", "infographic": "Infographic", "document": "Văn bản"}


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [" ".join(str(arg) for arg in exc.args)]


def _item_for(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Item:
    return get_object_or_404(Item.objects.restrict(request.user, action)
                             .select_related("unit", "author", "directive").prefetch_related("topics", "files"), pk=pk)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    queryset = (Item.objects.restrict(request.user, Action.VIEW).select_related("unit", "author")
                .defer("body", "search_text").order_by("-updated_at", "-id"))
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        queryset = queryset.filter(status=status)
    query = (request.GET.get("q") or "").strip()
    if query:
        queryset = queryset.search(query)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    counts = {row["status"]: row["n"] for row in Item.objects.restrict(request.user, Action.VIEW)
              .values("status").order_by().annotate(n=Count("id"))}
    recent_directives = []
    if actions.is_manager(request.user):
        published = set(Item.objects.filter(directive__isnull=False, kind="document").values_list("directive_id",
                                                                                                  flat=True))
        recent_directives = [d for d in Directive.objects.order_by("-date", "-id")[:15] if d.pk not in published][:8]
    return render(request, "column/manage_list.html", {
        "page_obj": page, "status": status, "q": query, "status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS,
        "counts": counts, "can_add": can(request.user, Action.CHANGE, Item),
        "is_manager": actions.is_manager(request.user), "recent_directives": recent_directives})


def _save(request: HttpRequest, form: ItemForm, item: Item | None) -> Item | None:
    data = dict(form.cleaned_data)
    unit = data.pop("unit", None)
    topics = data.pop("topics", [])
    cover = data.pop("cover", None)
    video = data.pop("video", None)
    files = request.FILES.getlist("files")
    try:
        if item is None:
            return actions.do_create_item(unit=unit, acting_user=request.user, topics=topics, cover=cover,
                                          video=video, files=files, **data)
        return actions.do_update_item(item, acting_user=request.user, topics=topics, cover=cover, video=video,
                                      files=files, **data)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, _errors(exc))
    return None


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.CHANGE, Item):
        raise PermissionDenied
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("column:manage_item", saved.pk)
    return render(request, "column/manage_form.html", {"form": form, "item": None})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk, Action.CHANGE)
    if item.status not in EDITABLE_STATUSES and not actions.is_manager(request.user):
        messages.error(request, "Tin, bài đã gửi hoặc đã đăng: chỉ Sở Nội vụ sửa được.")
        return redirect("column:manage_item", item.pk)
    initial = {"kind": item.kind, "unit": item.unit, "title": item.title, "summary": item.summary,
               "body": item.body, "topics": list(item.topics.all()), "cover_alt": item.cover_alt,
               "video_url": item.video_url}
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, item)
        if saved is not None:
            messages.success(request, "Đã lưu.")
            return redirect("column:manage_item", saved.pk)
    return render(request, "column/manage_form.html", {"form": form, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    manager = actions.is_manager(request.user)
    can_write = can(request.user, Action.CHANGE, Item) and (item.status in EDITABLE_STATUSES or manager)
    default_moment = clock.now().replace(second=0, microsecond=0)
    return render(request, "column/manage_item.html", {
        "item": item, "status_label": STATUS_LABELS[item.status], "kind_label": KIND_LABELS.get(item.kind, ""),
        "is_manager": manager, "can_write": can_write,
        "can_submit": can_write and item.status in EDITABLE_STATUSES,
        "return_form": ReturnForm(), "schedule_form": ScheduleForm(initial={
            "publish_at": (default_moment.replace(hour=7, minute=0) + timedelta(days=1))
            .strftime("%Y-%m-%dT%H:%M")}),
        "editable_statuses": EDITABLE_STATUSES})


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    item = _item_for(request, pk)
    try:
        if verb == "submit":
            actions.do_submit_item(item, acting_user=request.user)
            messages.success(request, "Đã gửi Sở Nội vụ duyệt.")
        elif verb == "publish":
            actions.do_publish_item(item, acting_user=request.user)
            messages.success(request, "Đã đăng lên chuyên mục; tin, bài được ghi vào nhật ký tuyên truyền của đơn vị.")
        elif verb == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Chọn ngày giờ đăng.")
            moment = form.cleaned_data["publish_at"]
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=clock.VIETNAM)
            actions.do_schedule_item(item, moment, acting_user=request.user)
            messages.success(request, f"Đã hẹn giờ đăng lúc {moment.astimezone(clock.VIETNAM):%H:%M %d/%m/%Y}.")
        elif verb == "return":
            form = ReturnForm(request.POST)
            actions.do_return_item(item, form.data.get("reason", ""), acting_user=request.user)
            messages.success(request, "Đã trả lại cho đơn vị.")
        elif verb == "archive":
            actions.do_archive_item(item, acting_user=request.user)
            messages.success(request, "Đã đưa vào lưu trữ.")
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as exc:
        for error in _errors(exc):
            messages.error(request, error or "Không được phép.")
    return redirect("column:manage_item", item.pk)


@login_required
@require_POST
def publish_directive(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_object_or_404(Directive.objects.restrict(request.user, Action.VIEW), pk=pk)
    try:
        item = actions.do_publish_directive(directive, acting_user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        for error in _errors(exc):
            messages.error(request, error)
        return redirect("column:manage")
    messages.success(request, f"Đã đăng văn bản “{vn.clean(directive.short_label)}” lên chuyên mục.")
    return redirect("column:manage_item", item.pk)


def status_label(status: str) -> Any:
    return STATUS_LABELS.get(status, status)


@login_required
@require_POST
def delete_file(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import ItemFile

    attached = get_object_or_404(ItemFile.objects.restrict(request.user, Action.VIEW).select_related("item"), pk=pk)
    try:
        actions.do_delete_item_file(attached, acting_user=request.user)
        messages.success(request, f"Đã xóa tệp “{attached.original_name}”.")
    except (ValidationError, PermissionDenied) as exc:
        for error in _errors(exc):
            messages.error(request, error or "Không được phép.")
    return redirect("column:manage_item", attached.item_id)
