"""Configuration pages: report forms, indicators, channels and topics. Thin views; writes in ``config``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.audit import history_for

from .. import config
from ..forms_config import IndicatorForm, ReportFormForm, TermForm
from ..models import Channel, Indicator, ReportForm, Topic, expected_units_for


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Report forms --------------------------------------------------------------------------------------------------

@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    _require(config.can_read_config(request.user))
    can_manage = config.can_manage_config(request.user)
    if request.method == "POST":
        _require(can_manage)
        from cchc.directives.models import ReportRequest

        report_request = get_object_or_404(ReportRequest.objects.select_related("directive"),
                                           pk=request.POST.get("request"))
        try:
            form = config.create_form_for_request(report_request, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:forms")
        messages.success(request, _("The report form “%(name)s” has been created.") % {"name": form.name})
        return redirect(form)
    forms = ReportForm.objects.annotate(period_count=Count("periods", distinct=True),
                                        indicator_count=Count("form_indicators", distinct=True))
    return render(request, "reports/form_list.html", {
        "forms": forms.select_related("directive"), "can_manage": can_manage,
        "open_requests": list(config.requests_without_form()) if can_manage else [],
        "can_manage_taxonomies": config.can_manage_taxonomies(request.user),
    })


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(config.can_read_config(request.user))
    form = get_object_or_404(ReportForm.objects.select_related("directive", "report_request"), pk=pk)
    periods = []
    for period in form.periods.all():
        units = list(expected_units_for(form, period).select_related("kind").order_by("sort_name"))
        periods.append({"period": period, "units": units})
    return render(request, "reports/form_detail.html", {
        "form": form, "periods": periods,
        "form_indicators": form.form_indicators.select_related("indicator", "indicator__not_above"),
        "expected_kinds": form.expected_kinds.order_by("order", "name"),
        "expected_units": form.expected_units.order_by("sort_name"),
        "can_manage": config.can_manage_config(request.user),
        "history": history_for(form) if config.can_manage_config(request.user) else [],
    })


def _edit_form(request: HttpRequest, report_form: ReportForm, title: str, cancel_url: str) -> HttpResponse:
    form = ReportFormForm(request.POST or None, instance=report_form)
    if request.method == "POST" and form.is_valid():
        try:
            saved = config.do_save_form(
                report_form, acting_user=request.user, indicators=form.chosen_indicators(),
                expected_kinds=form.cleaned_data["expected_kinds"], expected_units=form.cleaned_data["expected_units"],
                **form.form_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The report form “%(name)s” has been saved.") % {"name": saved.name})
            return redirect(saved)
    return render(request, "reports/form_form.html", {
        "form": form, "report_form": report_form, "title": title, "cancel_url": cancel_url,
    })


@login_required
def form_create(request: HttpRequest) -> HttpResponse:
    _require(config.can_manage_config(request.user))
    return _edit_form(request, ReportForm(sections=[]), _("New report form"), reverse("reports:forms"))


@login_required
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(config.can_manage_config(request.user))
    report_form = get_object_or_404(ReportForm, pk=pk)
    return _edit_form(request, report_form, _("Edit report form: %(name)s") % {"name": report_form.name},
                      report_form.get_absolute_url())


# --- Indicators ----------------------------------------------------------------------------------------------------

@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    _require(config.can_read_config(request.user))
    indicators = (Indicator.objects.select_related("not_above").prefetch_related("prefill_channels", "prefill_topics")
                  .order_by("-is_active", "order", "code"))
    return render(request, "reports/indicator_list.html", {
        "indicators": indicators, "can_manage": config.can_manage_config(request.user),
    })


def _edit_indicator(request: HttpRequest, indicator: Indicator, title: str) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            config.do_save_indicator(
                indicator, acting_user=request.user, prefill_channels=form.cleaned_data["prefill_channels"],
                prefill_topics=form.cleaned_data["prefill_topics"], **form.indicator_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The indicator “%(name)s” has been saved.") % {"name": indicator.name})
            return redirect("reports:indicators")
    return render(request, "reports/indicator_form.html", {
        "form": form, "indicator": indicator, "title": title, "cancel_url": reverse("reports:indicators"),
    })


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    _require(config.can_manage_config(request.user))
    return _edit_indicator(request, Indicator(), _("New indicator"))


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(config.can_manage_config(request.user))
    indicator = get_object_or_404(Indicator, pk=pk)
    return _edit_indicator(request, indicator, _("Edit indicator: %(name)s") % {"name": indicator.name})


# --- Channels and topics -------------------------------------------------------------------------------------------

TAXONOMIES = {"channel": (Channel, config.do_save_channel), "topic": (Topic, config.do_save_topic)}


def _taxonomy_post(request: HttpRequest) -> str:
    """Apply one add / rename / deactivate / activate (errors as messages); returns the taxonomy."""
    kind = request.POST.get("taxonomy", "")
    if kind not in TAXONOMIES:
        raise PermissionDenied
    model, save = TAXONOMIES[kind]
    operation = request.POST.get("op", "")
    term = get_object_or_404(model, pk=request.POST.get("pk")) if operation != "add" else model()
    form = TermForm(request.POST)
    try:
        if operation in ("deactivate", "activate"):
            save(term, acting_user=request.user, is_active=operation == "activate")
        elif operation in ("add", "rename"):
            if not form.is_valid():
                raise ValidationError(" ".join(str(error) for errors in form.errors.values() for error in errors))
            data = form.cleaned_data
            if operation == "add" and not data.get("code"):
                raise ValidationError(_("Give the new entry a code."))
            fields = {"name": data["name"], "order": data.get("order")}
            if operation == "add":
                fields["code"] = data["code"]
            save(term, acting_user=request.user, **fields)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” has been saved.") % {"name": term.name})
    return kind


@login_required
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    _require(config.can_read_config(request.user))
    can_manage = config.can_manage_taxonomies(request.user)
    if request.method == "POST":
        _require(can_manage)
        kind = _taxonomy_post(request)
        return redirect(f"{reverse('reports:taxonomies')}#{kind}s")
    ordering = ("-is_active", "order", "name")
    return render(request, "reports/taxonomy_list.html", {
        "taxonomies": [
            ("channel", _("Channels"), Channel.objects.annotate(use_count=Count("activities")).order_by(*ordering)),
            ("topic", _("Topics"), Topic.objects.annotate(use_count=Count("activities")).order_by(*ordering)),
        ],
        "can_manage": can_manage,
    })
