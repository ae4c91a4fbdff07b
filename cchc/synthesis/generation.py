"""Generating a version of the synthesis report (what the background task runs; synchronous).

Kept apart from ``actions`` (which enqueues the task) and ``tasks`` (which calls this): no import circle."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.models import Job

from .drafts import draft_of, edits_for, signature_for
from .models import GeneratedReport, ReportStatus

logger = logging.getLogger(__name__)
JOB_KIND = "synthesis"


def run_generation(report: GeneratedReport) -> GeneratedReport:
    """Build the files of ``report`` (the clerk's edits, signer and recipients applied) and store them."""
    from .build import build_synthesis

    job = report.job or Job.objects.create(kind=JOB_KIND, title=str(report)[:255], created_by=report.generated_by)
    job.start()
    try:
        data_as_of = clock.now()
        draft = draft_of(report.form, report.period)
        result = build_synthesis(report.form, report.period, today=clock.today(), with_pdf=True,
                                 progress=job.set_progress, signature=signature_for(report.form, report.period, draft),
                                 edits=edits_for(report.form, report.period, draft))
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
