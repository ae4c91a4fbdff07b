"""The staff side: the inbox, an item with its triage and answer, statistics, reply templates, categories, channels.

Every query goes through ``restrict(user, action)``: officers reach only the items routed to their units; leaders
read; the coordinator and administrators do everything. Writes go through ``actions``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action
from cchc.core.permissions import can, role_of
from cchc.units.forms import bootstrap
from cchc.units.models import OrgUnit

from . import actions
from .choices import AT_UNIT_STATUSES, Status
from .forms import (
    AnswerForm,
    CategoryForm,
    FeedbackFilterSet,
    InboundChannelForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    RouteForm,
    TransferForm,
)
from .models import Attachment, Category, Feedback, InboundChannel, ReplyTemplate
from .routing import similar_items, suggest_unit
from .stats import compute, month_chart, unit_chart, write_xlsx

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_viewer(user: Any) -> None:
    if not can(user, Action.VIEW, Feedback):
        raise PermissionDenied


def _require_manager(user: Any) -> None:
    if not actions.is_manager(user):
        raise PermissionDenied


def visible(user: Any) -> Any:
    return Feedback.objects.restrict(user, Action.VIEW)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require_viewer(request.user)
    today = clock.today()
    base = visible(request.user)
    filterset = FeedbackFilterSet(request.GET or None, queryset=base.select_related("category", "unit"),
                                  request=request)
    bootstrap(filterset.form)
    if role_of(request.user) == "officer":
        filterset.form.fields["unit"].queryset = OrgUnit.objects.restrict(request.user, Action.VIEW)
    counts = base.aggregate(
        new=Count("id", filter=Q(status__in=(Status.NEW, Status.ACCEPTED))),
        at_unit=Count("id", filter=Q(status=Status.ROUTED)),
        drafted=Count("id", filter=Q(status=Status.DRAFTED)),
        overdue=Count("id", filter=Q(status__in=(Status.NEW, Status.ACCEPTED, *AT_UNIT_STATUSES), due_date__lt=today)),
    )
    page = Paginator(filterset.qs.order_by("-received_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/staff/inbox.html", {
        "filter": filterset, "page_obj": page, "items": page.object_list, "counts": counts, "today": today,
        "is_manager": actions.is_manager(request.user),
    })


def _get_item(request: HttpRequest, pk: int) -> Feedback:
    _require_viewer(request.user)
    return get_object_or_404(visible(request.user).select_related(
        "category", "unit", "unit_concerned", "answer_unit", "duplicate_of", "inbound", "drafted_by"), pk=pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    user = request.user
    manager = actions.is_manager(user)
    handler = actions.can_handle(user, item)
    suggestion = suggest_unit(item) if manager and item.status in (Status.NEW, Status.ACCEPTED) else None
    route_form = RouteForm(initial={"unit": suggestion.unit.pk if suggestion else None})
    templates = ReplyTemplate.objects.filter(is_active=True).filter(
        Q(category__isnull=True) | Q(category=item.category))
    return render(request, "feedback/staff/detail.html", {
        "item": item, "manager": manager, "handler": handler, "today": clock.today(),
        "suggestion": suggestion,
        "similar": similar_items(item) if manager and item.is_open else [],
        "route_form": route_form, "transfer_form": TransferForm(), "reject_form": ReasonForm(prefix="reject"),
        "return_form": ReasonForm(prefix="return"), "note_form": NoteForm(prefix="note"),
        "answer_form": AnswerForm(initial={"text": item.draft_answer}), "merge_form": MergeForm(),
        "templates": templates, "events": item.events.select_related("actor", "unit", "from_unit"),
        "attachments": item.attachments.all(), "deliveries": item.deliveries.all(),
    })


def _unit(value: Any) -> OrgUnit | None:
    try:
        return OrgUnit.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """One action on an item (the forms of the detail page post here)."""
    item = _get_item(request, pk)
    user, post = request.user, request.POST
    done = {
        "accept": "Đã chấp nhận xử lý.", "route": "Đã chuyển đơn vị xử lý.", "transfer": "Đã chuyển sang đơn vị khác.",
        "reject": "Đã từ chối tiếp nhận.", "merge": "Đã gộp vào phản ánh gốc.", "note": "Đã thêm ghi chú.",
        "draft": "Đã gửi dự thảo trả lời để Sở Nội vụ duyệt.", "return": "Đã trả lại dự thảo cho đơn vị.",
        "publish": "Đã duyệt và công bố trả lời.",
    }
    try:
        if verb == "accept":
            actions.do_accept_feedback(item, acting_user=user)
        elif verb == "route":
            actions.do_route_feedback(item, _unit(post.get("unit")), acting_user=user,  # type: ignore[arg-type]
                                      note=post.get("note", ""))
        elif verb == "transfer":
            actions.do_transfer_feedback(item, _unit(post.get("transfer-unit")), post.get("transfer-reason", ""),  # type: ignore[arg-type]
                                         acting_user=user)
        elif verb == "reject":
            actions.do_reject_feedback(item, post.get("reject-reason", ""), acting_user=user)
        elif verb == "merge":
            code = (post.get("into") or "").strip().upper()
            into = Feedback.objects.filter(tracking_code=code).first()
            if into is None:
                raise ValidationError(f"Không tìm thấy phản ánh có mã “{code}”.")
            actions.do_merge_feedback(item, into, acting_user=user)
        elif verb == "note":
            actions.do_add_note(item, post.get("note-text", ""), acting_user=user)
        elif verb == "draft":
            actions.do_draft_answer(item, post.get("text", ""), acting_user=user)
        elif verb == "return":
            actions.do_return_draft(item, post.get("return-reason", ""), acting_user=user)
        elif verb == "publish":
            actions.do_publish_answer(item, acting_user=user, text=post.get("text") or None)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Ông/Bà không có quyền thực hiện thao tác này.")
    else:
        messages.success(request, done[verb])
    if verb == "transfer" and not actions.can_handle(user, Feedback.objects.get(pk=item.pk)):
        return redirect("feedback:inbox")
    return redirect(item.get_absolute_url())


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attached file, to staff who may see its item (never public)."""
    _require_viewer(request.user)
    found = get_object_or_404(Attachment.objects.select_related("feedback"), pk=pk,
                              feedback__in=visible(request.user))
    response = FileResponse(found.file.open("rb"), content_type=found.content_type,
                            as_attachment=not found.is_image, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def _period(request: HttpRequest) -> tuple[date, date]:
    today = clock.today()
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _require_viewer(request.user)
    start, end = _period(request)
    queryset = Feedback.objects.restrict(request.user, Action.VIEW)
    category = request.GET.get("category", "")
    if category:
        queryset = queryset.filter(category__slug=category)
    stats = compute(queryset, start, end)
    if request.GET.get("export") == "xlsx":
        if not can(request.user, Action.EXPORT, Feedback):
            raise PermissionDenied
        items = list(queryset.filter(received_at__date__gte=start, received_at__date__lte=end)
                     .select_related("category", "unit").order_by("received_at"))
        response = HttpResponse(write_xlsx(stats, items), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="phan-anh-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        return response
    return render(request, "feedback/staff/stats.html", {
        "stats": stats, "start": start, "end": end, "category": category,
        "categories": Category.objects.all(), "month_chart": month_chart(stats.by_month),
        "unit_chart": unit_chart(stats.by_unit),
    })


# --- Settings: reply templates, categories, channels (managers) --------------------------------------------------

@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    _require_viewer(request.user)
    return render(request, "feedback/staff/settings.html", {
        "templates": ReplyTemplate.objects.select_related("category"), "categories": Category.objects.all(),
        "channels": InboundChannel.objects.all() if actions.is_manager(request.user) else [],
        "manager": actions.is_manager(request.user),
        "webhook_path": reverse("api:feedback-webhook", args=["MA-KENH"]),
    })


EDITABLE = {
    "mau-tra-loi": (ReplyTemplate, "ReplyTemplateForm", "mẫu trả lời"),
    "linh-vuc": (Category, CategoryForm, "lĩnh vực"),
    "kenh": (InboundChannel, InboundChannelForm, "kênh tích hợp"),
}


@login_required
def edit_setting(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    _require_manager(request.user)
    from . import forms as feedback_forms

    if kind not in EDITABLE:
        raise Http404
    model, form_class, noun = EDITABLE[kind]
    if isinstance(form_class, str):
        form_class = getattr(feedback_forms, form_class)
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        from cchc.core.audit import acting_as

        with acting_as(request.user):
            form.save()
        messages.success(request, f"Đã lưu {noun}.")
        return redirect("feedback:settings")
    return render(request, "generic/object_edit.html", {
        "form": form, "title": f"{'Sửa' if instance else 'Thêm'} {noun}", "cancel_url": reverse("feedback:settings"),
        "submit_label": "Lưu",
    })
