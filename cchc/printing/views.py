"""Pages of printing: publications (compose, PDF, print runs), shared messages, QR addresses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cchc.core.choices import Action
from cchc.core.permissions import can

from . import actions
from .forms import AddressesForm, MessageForm, PrintRunForm, PublicationForm
from .models import Message, PrintRun, Publication, QrAddresses
from .qr import default_addresses, qr_svg_data_uri, targets
from .render import render_pdf


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _form_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(a) for a in exc.args]))


def _evidence_link(request: HttpRequest, publication: Publication) -> str:
    """The PDF's address as the activity's evidence (left out when the site has no web address to give)."""
    from django.conf import settings
    from django.core.validators import URLValidator

    path = reverse("printing:pdf", args=[publication.pk])
    site = getattr(settings, "CCHC_SITE_URL", "")
    url = site + path if site else request.build_absolute_uri(path)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW, Publication):
        raise PermissionDenied
    publications = (Publication.objects.restrict(request.user, Action.VIEW).select_related("unit")
                    .annotate(run_count=Count("runs"), copies=Sum("runs__copies")))
    runs = PrintRun.objects.restrict(request.user, Action.VIEW).select_related("publication", "unit")[:20]
    return render(request, "printing/index.html", {
        "publications": publications, "runs": runs, "can_add": can(request.user, Action.ADD, Publication),
        "is_manager": actions.is_manager(request.user) and request.user.is_authenticated})


def _save(request: HttpRequest, publication: Publication | None) -> HttpResponse:
    form = PublicationForm(request.POST or None, instance=publication, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("messages", "items")}
        try:
            saved = actions.do_save_publication(
                Publication.objects.get(pk=publication.pk) if publication else None, acting_user=request.user,
                messages=form.cleaned_data["messages"], items=form.cleaned_data["items"], **data)
        except (ValidationError, PermissionDenied) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu ấn phẩm.")
            return redirect(saved.get_absolute_url())
    return render(request, "printing/publication_edit.html", {
        "form": form, "title": f"Sửa ấn phẩm “{publication.title}”" if publication else "Soạn ấn phẩm",
        "cancel_url": publication.get_absolute_url() if publication else reverse("printing:index")})


@login_required
def publication_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ADD, Publication):
        raise PermissionDenied
    return _save(request, None)


def _get(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Publication:
    return get_object_or_404(Publication.objects.restrict(request.user, action).select_related("unit"), pk=pk)


@login_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, _get(request, pk, Action.CHANGE))


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The publication, its PDF, its QR codes and print runs; recording a print run."""
    publication = _get(request, pk)
    can_record = can(request.user, Action.ADD, PrintRun)
    form = PrintRunForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                run = actions.do_record_print_run(
                    publication, acting_user=request.user,
                    link=_evidence_link(request, publication),
                    **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"Đã ghi đợt in {run.copies} bản và hoạt động tuyên truyền của đơn vị.")
                return redirect(publication.get_absolute_url())
    rendered = render_pdf(publication, _base(request))
    codes = [{"target": t, "svg": qr_svg_data_uri(t.url, scale=3)} for t in targets(_base(request))
             if getattr(publication, f"qr_{t.code}")]
    return render(request, "printing/publication_detail.html", {
        "publication": publication, "form": form, "can_record": can_record, "codes": codes, "rendered": rendered,
        "runs": publication.runs.select_related("unit", "activity"),
        "messages_list": publication.messages.all(), "items": publication.items.all(),
        "can_change": Publication.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).exists()})


@login_required
def publication_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _get(request, pk)
    rendered = render_pdf(publication, _base(request))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    name = {"leaflet": "to-gap", "receipt-a4": "mat-sau-giay-tiep-nhan-a4",
            "receipt-a5": "mat-sau-giay-tiep-nhan-a5"}[publication.kind]
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{publication.pk}.pdf"'
    return response


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW, Publication):
        raise PermissionDenied
    manager = actions.is_manager(request.user)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_save_message(None, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Đã thêm thông điệp.")
                return redirect("printing:messages")
    return render(request, "printing/message_list.html", {"messages_list": Message.objects.all(), "form": form,
                                                          "is_manager": manager})


@login_required
def message_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not actions.is_manager(request.user):
        raise PermissionDenied
    message = get_object_or_404(Message, pk=pk)
    form = MessageForm(request.POST or None, instance=message)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_message(Message.objects.get(pk=pk), acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu thông điệp.")
            return redirect("printing:messages")
    return render(request, "printing/form.html", {"form": form, "title": "Sửa thông điệp",
                                                  "cancel_url": reverse("printing:messages")})


@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    """Where the QR codes point; every code shown as it will print."""
    if not can(request.user, Action.VIEW, Publication):
        raise PermissionDenied
    manager = actions.is_manager(request.user)
    defaults = default_addresses(_base(request))
    form = AddressesForm(request.POST or None, instance=QrAddresses.objects.first(), defaults=defaults)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_set_addresses(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Đã lưu địa chỉ các mã QR. Các ấn phẩm in từ nay dùng địa chỉ mới.")
                return redirect("printing:addresses")
    codes = [{"target": t, "svg": qr_svg_data_uri(t.url, scale=4)} for t in targets(_base(request))]
    return render(request, "printing/addresses.html", {"form": form, "codes": codes, "is_manager": manager})


