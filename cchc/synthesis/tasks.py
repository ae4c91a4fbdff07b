"""Background work of the synthesis app (django-tasks; the database backend's worker runs it).

Imports ``generation`` (the work) at the top; ``actions`` imports this module to enqueue: no circle."""

from __future__ import annotations

import logging

from django_tasks import task

from .generation import run_generation
from .models import GeneratedReport

logger = logging.getLogger(__name__)


@task()
def generate_report(report_id: int) -> str:
    """Generate version ``report_id`` (its Job shows progress); returns the final status."""
    report = GeneratedReport.objects.select_related("form", "period", "job", "template").filter(pk=report_id).first()
    if report is None:
        logger.warning("Synthesis report %s vanished before it was generated", report_id)
        return "missing"
    return run_generation(report).status
