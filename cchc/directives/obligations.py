"""Assignments as obligations for the reminder machinery (see cchc.reminders.obligations)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from cchc.reminders.obligations import Obligation

from .choices import AssignmentStatus
from .models import Assignment


def as_obligation(assignment: Assignment) -> Obligation:
    task = assignment.task
    directive = task.directive
    label = f"Nhiệm vụ {task.label}" if task.label else "Nhiệm vụ"
    return Obligation(
        kind=AssignmentSource.kind,
        pk=assignment.pk,
        unit=assignment.unit,
        due_date=assignment.due_date,
        title=f"{label} — {directive.short_label}",
        url=reverse("directives:assignment", args=[assignment.pk]),
        done=assignment.status == AssignmentStatus.DONE,
        completed_on=assignment.completed_on,
        policy=directive.policy,
        group=f"directive:{directive.pk}",
        extra={"directive_id": directive.pk, "task_id": task.pk},
    )


class AssignmentSource:
    kind = "assignment"

    def _queryset(self):  # type: ignore[no-untyped-def]
        return Assignment.objects.select_related("task__directive__policy", "unit")

    def open_obligations(self, today: date) -> Iterable[Obligation]:
        qs = self._queryset().expected().filter(due_date__isnull=False).exclude(status=AssignmentStatus.DONE)
        return (as_obligation(assignment) for assignment in qs.iterator(chunk_size=500))

    def get(self, pk: int) -> Obligation | None:
        assignment = self._queryset().filter(pk=pk).first()
        return as_obligation(assignment) if assignment else None
