"""The public side (no account): the form, the tracking-code page, the sender's verdict, the answered items, the
feed. Nothing here renders the sender's personal data (see ``public.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cchc.core.ratelimit import client_ip, hit
from cchc.units.forms import bootstrap

from .actions import do_record_resolution, do_set_privacy, do_submit_feedback
from .choices import Channel, Status
from .forms import HONEYPOT, LookupForm, PublicFilterSet, SubmitForm
from .models import Category, Feedback
from .notify import check_sender_token, sender_status_url, sender_token
from .public import mask, public_dict

PAGE_SIZE = 20
LOOKUP_LIMIT = 60  # lookups per address and hour: tracking codes cannot be enumerated


def rate_limits() -> list[tuple[str, int, int]]:
    """(key prefix, limit, window seconds) applied to every public submission (form and API) per address."""
    return getattr(settings, "CCHC_FEEDBACK_RATE_LIMITS", None) or [("h", 5, 3600), ("d", 20, 86400)]


def within_limits(request: HttpRequest, email: str = "") -> str:
    """'' when the sender may submit; otherwise why not (Vietnamese). Counts this attempt."""
    address = client_ip(request)
    for prefix, limit, window in rate_limits():
        if not hit(f"feedback:{prefix}:{address}", limit=limit, window=window):
            return ("Địa chỉ của Ông/Bà đã gửi quá nhiều phản ánh trong thời gian ngắn. Phản ánh chưa được lưu; "
                    "vui lòng thử lại sau ít phút (hoặc gọi đường dây nóng).")
    if email and not hit(f"feedback:email:{email.lower()}", limit=10, window=86400):
        return "Địa chỉ thư điện tử này đã gửi quá nhiều phản ánh trong ngày. Phản ánh chưa được lưu."
    return ""


def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None)
    refused = ""
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            refused, status = ("Phản ánh không được lưu: biểu mẫu có dấu hiệu được điền tự động. Nếu Ông/Bà điền "
                               "tay, vui lòng tải lại trang và gửi lại."), 400
        elif form.is_valid():
            # Only a submission that would be stored counts: a citizen correcting mistakes is never locked out.
            refused = within_limits(request, form.cleaned_data.get("email", ""))
            status = 429 if refused else 200
        if not refused and form.is_valid():
            data = form.cleaned_data
            try:
                item = do_submit_feedback(
                    category=data["category"], unit_concerned=data.get("unit_concerned"), title=data["title"],
                    content=data["content"], name=data.get("name", ""), phone=data.get("phone", ""),
                    email=data.get("email", ""), consent=data["consent"], keep_private=data.get("keep_private", False),
                    files=data.get("files") or [], channel=Channel.WEB)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(f"{reverse('feedback:sent', args=[item.tracking_code])}?k={sender_token(item)}")
        if form.errors and status == 200:
            status = 400
    return render(request, "feedback/public/submit.html", {"form": form, "refused": refused,
                                                           "categories": Category.objects.filter(is_active=True)},
                  status=status)


def sent(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(Feedback, tracking_code=code.upper())
    if not check_sender_token(item, request.GET.get("k")):
        raise Http404
    status_url = request.build_absolute_uri(sender_status_url(item))
    return render(request, "feedback/public/sent.html", {"item": item, "status_url": status_url})


def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    bootstrap(form)
    not_found = False
    if form.is_valid():
        if not hit(f"feedback:lookup:{client_ip(request)}", limit=LOOKUP_LIMIT, window=3600):
            return render(request, "feedback/public/lookup.html", {
                "form": form, "refused": "Tra cứu quá nhiều lần; vui lòng thử lại sau."}, status=429)
        code = form.cleaned_data["ma"].strip().upper()
        if Feedback.objects.filter(tracking_code=code).exists():
            return redirect("feedback:status", code)
        not_found = True
    return render(request, "feedback/public/lookup.html", {"form": form, "not_found": not_found},
                  status=404 if not_found else 200)


def _item(code: str) -> Feedback:
    return get_object_or_404(Feedback.objects.select_related("category", "unit", "answer_unit", "duplicate_of")
                             .prefetch_related("events__unit"), tracking_code=code.upper())


def status_page(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(code)
    token = request.GET.get("k", "")
    is_sender = check_sender_token(item, token)
    verdict = request.GET.get("danh-gia", "")
    return render(request, "feedback/public/status.html", {
        "item": item, "data": public_dict(item, sender=is_sender), "is_sender": is_sender, "token": token,
        "can_rate": is_sender and item.status == Status.ANSWERED, "verdict": verdict,
    })


def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The sender's verdict. The links in the answer e-mail open this page (GET, signed): it posts the verdict at
    once in a browser (one click from the mail; static/feedback/autosubmit.js), while link scanners that only
    fetch pages change nothing; without JavaScript the page shows the one button to press."""
    item = _item(code)
    token = request.POST.get("k", "") if request.method == "POST" else request.GET.get("k", "")
    if not check_sender_token(item, token):
        raise Http404
    if request.method != "POST":
        resolved = request.GET.get("resolved") == "yes"
        return render(request, "feedback/public/rate.html", {"item": item, "token": token, "resolved": resolved,
                                                             "can_rate": item.status == Status.ANSWERED})
    try:
        do_record_resolution(item, request.POST.get("resolved") == "yes")
    except ValidationError:
        pass  # already rated: the page shows the current state
    return redirect(f"{reverse('feedback:status', args=[item.tracking_code])}?k={token}")


@require_POST
def privacy(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(code)
    token = request.POST.get("k", "")
    if not check_sender_token(item, token):
        raise Http404
    do_set_privacy(item, request.POST.get("keep_private") == "1")
    return redirect(f"{reverse('feedback:status', args=[item.tracking_code])}?k={token}")


def answered_list(request: HttpRequest) -> HttpResponse:
    queryset = (Feedback.objects.published().select_related("category", "answer_unit")
                .order_by("-answered_at", "-id"))
    filterset = PublicFilterSet(request.GET or None, queryset=queryset, request=request)
    bootstrap(filterset.form)
    if request.GET.get("export") == "xlsx":
        from .stats import write_public_xlsx

        response = HttpResponse(write_public_xlsx(list(filterset.qs[:5000])),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="phan-anh-da-tra-loi.xlsx"'
        return response
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"item": item, "title": mask(item.title, item), "answer": mask(item.answer, item)}
            for item in page.object_list]
    return render(request, "feedback/public/answered.html", {"filter": filterset, "page_obj": page, "rows": rows})


class AnsweredFeed(Feed):
    """RSS of the latest published answers (title, category, answer; no personal data)."""

    title = "Trả lời phản ánh, kiến nghị"
    description = "Các phản ánh, kiến nghị đã được cơ quan nhà nước trả lời."

    def link(self) -> str:
        return reverse("feedback:answered")

    def items(self) -> Any:
        return Feedback.objects.published().select_related("category", "answer_unit").order_by("-answered_at")[:30]

    def item_title(self, item: Feedback) -> str:
        return f"{item.tracking_code} — {mask(item.title, item)}"

    def item_description(self, item: Feedback) -> str:
        unit = item.answer_unit.name if item.answer_unit else ""
        return f"{item.category.name}. {unit}: {mask(item.answer, item)}"

    def item_link(self, item: Feedback) -> str:
        return item.get_public_url()

    def item_pubdate(self, item: Feedback) -> Any:
        return item.answered_at
