"""The synthesis pages: forms and periods with their generated versions, a version's page (progress, downloads,
figures traced to the unit reports behind them, issuing), the register of outgoing documents, DOCX templates.

Views are thin: reads go through ``restrict``, writes through ``actions``; files are served only through views that
check permissions (never a media address).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action, Role
from cchc.core.permissions import can, role_of
from cchc.lib import vn
from cchc.reports.models import Channel, Period, ReportForm, Topic

from . import actions
from .forms import IssueForm, TemplateUploadForm
from .models import GeneratedReport, IssuedDocument, ReportStatus, ReportTemplate

PERIODS_PER_FORM = 8
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {  # kind → (field, content type)
    "docx": ("docx", DOCX),
    "xlsx": ("xlsx", XLSX),
    "pdf": ("pdf_docx", "application/pdf"),
    "pdf-annex": ("pdf_xlsx", "application/pdf"),
}
SECTION_TITLES = {
    "numbers": gettext_lazy("Reporting"),
    "indicators": gettext_lazy("Indicators"),
    "by_kind": gettext_lazy("By kind of unit"),
    "channels": gettext_lazy("Activities by channel"),
    "topics": gettext_lazy("Activities by topic"),
    "units": gettext_lazy("Units"),
    "initiatives": gettext_lazy("Initiatives"),
    "limitations": gettext_lazy("Difficulties and limitations"),
    "proposals": gettext_lazy("Proposals"),
}
SECTION_KEYS = ("indicators", "by_kind", "channels", "topics", "units", "initiatives", "limitations", "proposals")
NUMBER_LABELS = {
    "expected": gettext_lazy("Units expected to report"),
    "submitted": gettext_lazy("Reports received"),
    "on_time": gettext_lazy("Received on time"),
    "late": gettext_lazy("Received late"),
    "overdue": gettext_lazy("Not received"),
}


def _require_view(user: Any) -> None:
    if role_of(user) not in (Role.ADMIN, Role.COORDINATOR, Role.LEADER):
        raise PermissionDenied


def _can_manage(user: Any) -> bool:
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def _get_report(request: HttpRequest, pk: int) -> GeneratedReport:
    _require_view(request.user)
    return get_object_or_404(
        GeneratedReport.objects.restrict(request.user, Action.VIEW).select_related(
            "form", "period", "job", "generated_by", "template"), pk=pk)


def _file_response(field: Any, filename: str, content_type: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The list ------------------------------------------------------------------------------------------------------

@login_required
def synthesis_list(request: HttpRequest) -> HttpResponse:
    """Each active form with its recent periods and the latest generated version of each."""
    _require_view(request.user)
    today = clock.today()
    forms = list(ReportForm.objects.restrict(request.user, Action.VIEW).filter(is_active=True).order_by("name"))
    periods = (Period.objects.filter(form__in=forms, start__lte=today).order_by("form_id", "-start"))
    by_form: dict[int, list[Period]] = {}
    for period in periods:
        bucket = by_form.setdefault(period.form_id, [])
        if len(bucket) < PERIODS_PER_FORM:
            bucket.append(period)
    latest: dict[int, GeneratedReport] = {}
    for report in (GeneratedReport.objects.filter(form__in=forms).select_related("generated_by")
                   .order_by("period_id", "-version")):
        latest.setdefault(report.period_id, report)
    rows = [(form, [(period, latest.get(period.pk)) for period in by_form.get(form.pk, [])]) for form in forms]
    return render(request, "synthesis/list.html", {
        "rows": rows, "can_generate": _can_manage(request.user), "is_admin": role_of(request.user) == Role.ADMIN,
    })


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "synthesis/error.html", {"message": message}, status=400)


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    if not _can_manage(request.user):
        raise PermissionDenied
    form_id, period_id = _int(request.POST.get("form")), _int(request.POST.get("period"))
    if form_id is None or period_id is None:
        return _bad_request(request, _("The report form or period is not valid: go back to the list of syntheses "
                                       "and choose the period again."))
    form = get_object_or_404(ReportForm, pk=form_id)
    period = get_object_or_404(Period, pk=period_id, form=form)
    try:
        report = actions.do_request_generation(form, period, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("synthesis:list")
    messages.info(request, _("Version %(version)s is being generated.") % {"version": report.version})
    return redirect(report)


# --- The clerk's draft: paragraphs, signer, recipients ------------------------------------------------------------

def _latest_ready(form: ReportForm, period: Period) -> GeneratedReport | None:
    return (GeneratedReport.objects.of(form, period).filter(status__in=[ReportStatus.READY, ReportStatus.ISSUED])
            .order_by("-version").first())


@login_required
def draft(request: HttpRequest, form_id: int, period_id: int) -> HttpResponse:
    """The report paragraph by paragraph: the clerk edits any paragraph, chooses the signer and the recipients, then
    generates; edits are kept across regenerations, and the page says which figures changed since the last version."""
    _require_view(request.user)
    form = get_object_or_404(ReportForm.objects.restrict(request.user, Action.VIEW), pk=form_id)
    period = get_object_or_404(Period, pk=period_id, form=form)
    can_manage = _can_manage(request.user)
    today = clock.today()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        edits = {}
        for name, value in request.POST.items():
            if name.startswith("p:"):
                key = name[2:]
                edits[key] = (value, request.POST.get(f"b:{key}", ""))
        signer = {name: request.POST.get(name, "") for name in ("signer_name", "signer_position", "head_position",
                                                               "recipients")}
        signer["on_behalf"] = request.POST.get("on_behalf") == "1"
        try:
            actions.do_save_draft(form, period, acting_user=request.user, edits=edits,
                                  reset=request.POST.getlist("reset"), signer=signer,
                                  save_defaults_for=request.POST.get("defaults", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("synthesis:draft", form.pk, period.pk)
        if request.POST.get("generate"):
            try:
                report = actions.do_request_generation(form, period, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("synthesis:draft", form.pk, period.pk)
            messages.info(request, _("Your changes are saved; version %(version)s is being generated.")
                          % {"version": report.version})
            return redirect(report)
        messages.success(request, _("Your changes are saved."))
        return redirect("synthesis:draft", form.pk, period.pk)

    from .compose import changed_measures, compose
    from .drafts import draft_of, signature_for
    from .figures import collect

    synthesis = collect(form, period, today=today)
    saved = draft_of(form, period)
    composition = compose(synthesis, edits=dict(saved.edits or {}) if saved else {})
    latest = _latest_ready(form, period)
    changed = changed_measures((latest.figures or {}).get("measures") if latest else None, composition.measures)
    signature = signature_for(form, period, saved)
    deadline = synthesis.request_deadline or period.deadline
    return render(request, "synthesis/draft.html", {
        "form": form, "period": period, "synthesis": synthesis, "blocks": composition.blocks,
        "measures": composition.measures, "latest": latest, "changed": changed, "signature": signature,
        "recipients": "\n".join(signature.recipients), "can_manage": can_manage, "saved": saved,
        "before_deadline": deadline is None or today <= deadline, "deadline": deadline, "today": today,
        "directive": form.directive,
    })


# --- A version -----------------------------------------------------------------------------------------------------

def _source_links(item: dict[str, Any]) -> list[dict[str, str]]:
    """Links to the unit reports (and activities) a figure was computed from."""
    links: list[dict[str, str]] = []
    sources = list(item.get("sources") or [])
    if not sources and item.get("submission_id"):
        sources = [{"submission": item["submission_id"], "unit": item.get("unit") or item.get("name")}]
    for source in sources:
        if not isinstance(source, dict):
            continue
        if source.get("submission"):
            links.append({"label": str(source.get("unit") or _("Report #%(id)s") % {"id": source["submission"]}),
                          "url": reverse("reports:submission", args=[source["submission"]])})
        elif source.get("unit"):
            links.append({"label": str(source["unit"]), "url": ""})
    return links


def _activity_link(key: str, item: dict[str, Any], report: GeneratedReport, codes: dict[str, dict[int, str]]) -> str:
    """The communication log filtered to what a channel or topic figure counts (period, channel/topic)."""
    code = item.get("code") or codes.get(key, {}).get(item.get("id"))  # type: ignore[arg-type]
    if not code:
        return ""
    param = "channel" if key == "channels" else "topic"
    query = urlencode({param: code, "date_from": report.period.start.isoformat(),
                       "date_to": report.period.end.isoformat()})
    return f"{reverse('reports:activities')}?{query}"


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return vn.format_number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def _value_of(item: dict[str, Any]) -> str:
    for key in ("total", "count", "submitted", "value", "text", "status_label"):
        if key in item:
            return _display(item[key])
    return ""


def figure_sections(report: GeneratedReport) -> list[dict[str, Any]]:
    """The figures of a version, each with links to what lies behind it (unit reports, filtered activities)."""
    figures = report.figures or {}
    codes: dict[str, dict[int, str]] = {}
    if figures.get("channels"):
        codes["channels"] = dict(Channel.objects.values_list("id", "code"))
    if figures.get("topics"):
        codes["topics"] = dict(Topic.objects.values_list("id", "code"))
    sections = []
    numbers = figures.get("numbers")
    if isinstance(numbers, dict):
        rows = [{"label": label, "value": _display(numbers[key]), "unit": "", "links": [], "activities": ""}
                for key, label in NUMBER_LABELS.items() if key in numbers]
        for row in rows:
            if row["label"] == NUMBER_LABELS["submitted"]:
                row["links"] = _source_links(numbers)
        if rows:
            sections.append({"key": "numbers", "title": SECTION_TITLES["numbers"], "rows": rows})
    for key in SECTION_KEYS:
        items = figures.get(key)
        if not isinstance(items, list):
            continue
        rows = []
        for item in items:
            if not isinstance(item, dict):
                continue
            rows.append({
                "label": item.get("name") or item.get("label") or item.get("unit") or "",
                "value": _value_of(item),
                "unit": item.get("unit_of_measure") or "",
                "links": _source_links(item),
                "activities": _activity_link(key, item, report, codes) if key in ("channels", "topics") else "",
            })
        if rows:
            sections.append({"key": key, "title": SECTION_TITLES.get(key, key), "rows": rows})
    return sections


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    if request.GET.get("partial") == "status":
        response = render(request, "synthesis/_status.html", {"report": report, "job": report.job})
        if not report.is_pending:
            response["HX-Refresh"] = "true"  # done or failed: stop polling, reload to show downloads and figures
        return response
    versions = (GeneratedReport.objects.of(report.form, report.period).select_related("generated_by")
                .order_by("-version"))
    can_manage = _can_manage(request.user)
    return render(request, "synthesis/report.html", {
        "report": report, "job": report.job, "versions": versions, "sections": figure_sections(report),
        "issued": report.issued_documents.select_related("report_request").order_by("-id"),
        "issue_form": IssueForm(initial={"date": clock.today()}) if can_manage and report.can_be_issued else None,
        "can_manage": can_manage,
    })


@login_required
def report_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    report = _get_report(request, pk)
    if kind not in DOWNLOADS:
        raise Http404
    field_name, content_type = DOWNLOADS[kind]
    field = getattr(report, field_name)
    name = field.name.rsplit("/", 1)[-1] if field else ""
    return _file_response(field, name, content_type)


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    if not _can_manage(request.user):
        raise PermissionDenied
    form = IssueForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.do_issue_report(report, number=data["number"], date=data["date"],
                                               signed_scan=data["signed_scan"], subject=data["subject"],
                                               recipients=data["recipients"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The report has been issued as %(number)s and entered in the register.")
                             % {"number": document.number})
            return redirect(report)
    versions = GeneratedReport.objects.of(report.form, report.period).select_related("generated_by")
    return render(request, "synthesis/report.html", {
        "report": report, "job": report.job, "versions": versions.order_by("-version"),
        "sections": figure_sections(report), "issued": report.issued_documents.all(), "issue_form": form,
        "can_manage": True,
    }, status=400)


# --- The register --------------------------------------------------------------------------------------------------

@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    documents = IssuedDocument.objects.restrict(request.user, Action.VIEW).select_related(
        "report__form", "report__period", "report_request", "issued_by")
    years = sorted(set(documents.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        documents = documents.filter(year=int(year))
    return render(request, "synthesis/register.html", {"documents": documents, "years": years, "year": year})


@login_required
def scan_download(request: HttpRequest, pk: int) -> FileResponse:
    _require_view(request.user)
    document = get_object_or_404(IssuedDocument.objects.restrict(request.user, Action.VIEW), pk=pk)
    return _file_response(document.signed_scan, document.scan_name or "scan", document.scan_content_type
                          or "application/octet-stream")


# --- Templates -----------------------------------------------------------------------------------------------------

@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    is_admin = role_of(request.user) == Role.ADMIN
    form = TemplateUploadForm()
    status = 200
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                template = actions.do_upload_template(name=data["name"], file=data["file"],
                                                      activate=data["activate"], acting_user=request.user)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, template.check_message)
                return redirect("synthesis:templates")
        status = 400
    return render(request, "synthesis/templates.html", {
        "templates": ReportTemplate.objects.select_related("uploaded_by"), "form": form, "is_admin": is_admin,
    }, status=status)


@login_required
@require_POST
def template_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    template = get_object_or_404(ReportTemplate, pk=pk)
    actions.do_set_template_active(template, request.POST.get("active") == "1", acting_user=request.user)
    return redirect("synthesis:templates")


@login_required
def template_download(request: HttpRequest, pk: int) -> FileResponse:
    _require_view(request.user)
    if not can(request.user, Action.VIEW, ReportTemplate):
        raise PermissionDenied
    template = get_object_or_404(ReportTemplate, pk=pk)
    return _file_response(template.file, template.file.name.rsplit("/", 1)[-1], DOCX)


