"""Every write of the synthesis app: request a generation, store its result, issue a report, manage templates."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action, Role
from cchc.core.models import Job
from cchc.core.permissions import can, role_of

from .models import GeneratedReport, IssuedDocument, ReportStatus, ReportTemplate
from .templates_docx import check_template

logger = logging.getLogger(__name__)

SCAN_MAX_BYTES = 20 * 1024 * 1024
SCAN_FORMATS = (  # (magic bytes, content type, extension)
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
JOB_KIND = "synthesis"


def _require(user: Any, action: str, model: type) -> None:
    if user is not None and not can(user, action, model):
        raise PermissionDenied


# --- Generation ----------------------------------------------------------------------------------------------------

def do_request_generation(form: Any, period: Any, *, acting_user: Any) -> GeneratedReport:
    """A new version of the synthesis of ``form`` and ``period``: a queued Job, the version row (generating), and
    the task enqueued once the transaction commits. Coordinators and administrators only."""
    if acting_user is not None and role_of(acting_user) not in (Role.ADMIN, Role.COORDINATOR):
        raise PermissionDenied
    if period.form_id != form.pk:
        raise ValidationError(_("This period does not belong to this form."))
    from .tasks import generate_report

    with transaction.atomic(), acting_as(acting_user):
        # Lock the form row so two clicks cannot take the same version number.
        type(form).objects.select_for_update().filter(pk=form.pk).first()
        latest = GeneratedReport.objects.of(form, period).aggregate(v=Max("version"))["v"] or 0
        title = _("Synthesis report: %(form)s — %(period)s") % {"form": form, "period": period}
        job = Job.objects.create(kind=JOB_KIND, title=title[:255], created_by=acting_user,
                                 params={"form": form.pk, "period": period.pk, "version": latest + 1})
        report = GeneratedReport.objects.create(form=form, period=period, version=latest + 1, job=job,
                                                generated_by=acting_user, generated_at=timezone.now(),
                                                template=ReportTemplate.active())
        report_id = report.pk
        transaction.on_commit(lambda: generate_report.enqueue(report_id))
    return report


def run_generation(report: GeneratedReport) -> GeneratedReport:
    """Build the files of ``report`` and store them (what the task does; synchronous, for the worker)."""
    from .build import build_synthesis

    job = report.job or Job.objects.create(kind=JOB_KIND, title=str(report)[:255], created_by=report.generated_by)
    job.start()
    try:
        data_as_of = clock.now()
        result = build_synthesis(report.form, report.period, today=clock.today(), with_pdf=True,
                                 progress=job.set_progress)
        docx, pdf_docx, pdf_note = result.docx, result.pdf_docx, result.pdf_error or ""
        if report.template_id:
            from .templates_docx import render_with_template

            try:
                docx = render_with_template(report.template, result.figures, form=report.form, period=report.period)
                pdf_docx = None
                pdf_note = _("The report uses the province's own template; its PDF is not made automatically: "
                             "open the DOCX and save it as PDF.")
            except Exception as exc:  # noqa: BLE001 - fall back to the default layout, and say so
                logger.warning("Template %s failed for report %s: %s", report.template_id, report.pk, exc)
                report.template = None
                pdf_note = _("The template could not be used (%(reason)s); the default layout was used.") % {
                    "reason": exc}
        stem = result.file_stem or f"bao-cao-tong-hop-{report.form_id}-{report.period_id}"
        stem = f"{stem}-v{report.version}"
        with transaction.atomic():
            report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            report.xlsx.save(f"{stem}-phu-luc.xlsx", ContentFile(result.xlsx), save=False)
            if pdf_docx:
                report.pdf_docx.save(f"{stem}.pdf", ContentFile(pdf_docx), save=False)
            if result.pdf_xlsx:
                report.pdf_xlsx.save(f"{stem}-phu-luc.pdf", ContentFile(result.pdf_xlsx), save=False)
            if not pdf_docx and not result.pdf_xlsx and not pdf_note:
                pdf_note = _("No PDF was produced.")
            report.figures = result.figures or {}
            report.file_stem = stem
            report.data_as_of = data_as_of
            report.pdf_note = pdf_note
            report.status = ReportStatus.READY
            report.save(update_fields=["docx", "xlsx", "pdf_docx", "pdf_xlsx", "figures", "file_stem", "data_as_of",
                                       "pdf_note", "status", "template"])
            job.finish({"report": report.pk, "version": report.version})
    except Exception as exc:
        logger.exception("Generating synthesis report %s failed", report.pk)
        reason = _("The report could not be generated: %(reason)s") % {"reason": exc}
        GeneratedReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, failure=reason)
        report.status, report.failure = ReportStatus.FAILED, reason
        job.fail(reason)
    return report


# --- Issuing -------------------------------------------------------------------------------------------------------

def check_scan(uploaded_file: Any) -> tuple[str, str]:
    """The content type and extension of a signed scan, read from its content; ValidationError otherwise."""
    if uploaded_file is None:
        raise ValidationError(_("Attach the signed scan."))
    size = getattr(uploaded_file, "size", None) or 0
    if size > SCAN_MAX_BYTES:
        raise ValidationError(_("The scan is larger than %(mb)s MB.") % {"mb": SCAN_MAX_BYTES // 1048576})
    if size == 0:
        raise ValidationError(_("The scan is empty."))
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for magic, content_type, extension in SCAN_FORMATS:
        if head.startswith(magic):
            return content_type, extension
    raise ValidationError(_("The signed scan must be a PDF, JPEG or PNG file; the content of “%(name)s” is none "
                            "of these.") % {"name": getattr(uploaded_file, "name", "")})


def do_issue_report(report: GeneratedReport, *, number: str, date: date, signed_scan: Any, acting_user: Any,
                    subject: str = "", recipients: str = "") -> IssuedDocument:
    """Record the signed report in the register of outgoing documents; the report becomes issued and the
    directive's report request (if the form answers one) is answered."""
    _require(acting_user, Action.ADD, IssuedDocument)
    number = (number or "").strip()
    if not number:
        raise ValidationError(_("Enter the document number."))
    if report.status != ReportStatus.READY:
        raise ValidationError(_("Only a ready report can be issued."))
    content_type, extension = check_scan(signed_scan)
    if IssuedDocument.objects.filter(number__iexact=number, year=date.year).exists():
        raise ValidationError(_("The number %(number)s is already used in %(year)s.") % {"number": number,
                                                                                        "year": date.year})
    subject = subject.strip() or _("Report: %(form)s — %(period)s") % {"form": report.form, "period": report.period}
    stem = PurePath(getattr(signed_scan, "name", "") or "scan").stem or "scan"
    with transaction.atomic(), acting_as(acting_user):
        document = IssuedDocument(report=report, report_request=report.form.report_request, number=number,
                                  year=date.year, date=date, subject=subject, recipients=recipients.strip(),
                                  scan_name=f"{stem}.{extension}", scan_content_type=content_type,
                                  scan_size=signed_scan.size, issued_by=acting_user, issued_at=timezone.now())
        document.signed_scan.save(f"{stem}.{extension}", signed_scan, save=False)
        document.save()
        report.status = ReportStatus.ISSUED
        report.save(update_fields=["status"])
    return document


# --- Templates -----------------------------------------------------------------------------------------------------

def _require_admin(user: Any) -> None:
    if user is not None and role_of(user) != Role.ADMIN:
        raise PermissionDenied


def do_upload_template(*, name: str, file: Any, acting_user: Any, activate: bool = True) -> ReportTemplate:
    """Check ``file`` against demo data and store it (refused with the reason, nothing stored, when it fails)."""
    _require_admin(acting_user)
    file.seek(0)
    data = file.read()
    message = check_template(data)
    with transaction.atomic(), acting_as(acting_user):
        if activate:
            ReportTemplate.objects.filter(is_active=True).update(is_active=False)
        template = ReportTemplate(name=name.strip() or PurePath(file.name).stem, uploaded_by=acting_user,
                                  is_active=activate, check_message=message)
        template.file.save(PurePath(file.name).name or "mau.docx", ContentFile(data), save=False)
        template.save()
    return template


def do_set_template_active(template: ReportTemplate, active: bool, *, acting_user: Any) -> ReportTemplate:
    """Use ``template`` for the next generations (only one is active), or stop using it."""
    _require_admin(acting_user)
    with transaction.atomic(), acting_as(acting_user):
        if active:
            ReportTemplate.objects.filter(is_active=True).exclude(pk=template.pk).update(is_active=False)
        template.is_active = active
        template.save(update_fields=["is_active"])
    return template

