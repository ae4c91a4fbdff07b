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

from cchc.core.audit import acting_as
from cchc.core.choices import Action, Role
from cchc.core.models import Job
from cchc.core.permissions import can, role_of

from .generation import JOB_KIND, run_generation
from .models import GeneratedReport, IssuedDocument, ReportDraft, ReportStatus, ReportTemplate, SignatureDefaults
from .tasks import generate_report
from .templates_docx import check_template

__all__ = ["run_generation"]  # kept here for callers of the former location

logger = logging.getLogger(__name__)

SCAN_MAX_BYTES = 20 * 1024 * 1024
SCAN_FORMATS = (  # (magic bytes, content type, extension)
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


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


# --- The clerk's draft --------------------------------------------------------------------------------------------

def _require_manager(user: Any) -> None:
    if user is not None and role_of(user) not in (Role.ADMIN, Role.COORDINATOR):
        raise PermissionDenied


def do_save_draft(form: Any, period: Any, *, acting_user: Any, edits: dict[str, tuple[str, str]] | None = None,
                  reset: list[str] | None = None, signer: dict[str, Any] | None = None,
                  save_defaults_for: str = "") -> ReportDraft:
    """Keep the clerk's paragraph edits (key → (text, generated text it replaces)), drop the ``reset`` ones, set
    the signer and the recipients; with ``save_defaults_for`` "directive" or "all", also make them the defaults."""
    from cchc.lib.text import clean_text

    _require_manager(acting_user)
    with transaction.atomic(), acting_as(acting_user):
        draft, _created = ReportDraft.objects.select_for_update().get_or_create(form=form, period=period)
        stored = dict(draft.edits or {})
        for key, (text, base) in (edits or {}).items():
            text = clean_text(str(text or "")).strip()
            base = clean_text(str(base or "")).strip()
            if text == base:
                stored.pop(key, None)  # back to what is generated: follows the figures again
            else:
                stored[str(key)[:40]] = {"text": text[:5000], "base": base[:5000]}
        for key in reset or []:
            stored.pop(key, None)
        draft.edits = stored
        if signer is not None:
            draft.signer_name = clean_text(str(signer.get("signer_name") or "")).strip()[:120]
            draft.signer_position = clean_text(str(signer.get("signer_position") or "")).strip()[:120]
            draft.on_behalf = bool(signer.get("on_behalf"))
            draft.head_position = clean_text(str(signer.get("head_position") or "")).strip()[:120]
            draft.recipients = clean_text(str(signer.get("recipients") or "")).strip()[:2000]
        draft.updated_by = acting_user
        draft.save()
        if signer is not None and save_defaults_for in ("directive", "all"):
            directive = form.directive if save_defaults_for == "directive" else None
            if save_defaults_for == "directive" and directive is None:
                raise ValidationError(_("This report answers no directive."))
            defaults = SignatureDefaults.objects.filter(directive=directive).first() or SignatureDefaults(
                directive=directive)
            for name in ("signer_name", "signer_position", "on_behalf", "head_position", "recipients"):
                setattr(defaults, name, getattr(draft, name))
            defaults.save()
    return draft


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

