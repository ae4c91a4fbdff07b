"""The officer's pages: "Việc của đơn vị" (everything their units owe) and one assignment, updated in place.

The list is built from plain ``ObligationRow`` objects, so that the reports work can add its expected submissions
to the same list (one more ``*_rows()`` function) without touching the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import clock
from cchc.core.audit import history_for
from cchc.core.choices import Action, Role
from cchc.core.permissions import can, role_of
from cchc.units.models import OrgUnit

from .. import actions
from ..choices import AssignmentStatus, Timeliness
from ..forms_pages import AssignmentForm
from ..models import Assignment

# How an assignment stands on the clock's today: its status, or its timeliness once done or overdue.
STATE_LABELS = {
    AssignmentStatus.TODO: AssignmentStatus.TODO.label,
    AssignmentStatus.IN_PROGRESS: AssignmentStatus.IN_PROGRESS.label,
    Timeliness.ON_TIME: Timeliness.ON_TIME.label,
    Timeliness.LATE: Timeliness.LATE.label,
    Timeliness.OVERDUE: Timeliness.OVERDUE.label,
}
STATE_CSS = {
    AssignmentStatus.TODO: "text-bg-light border",
    AssignmentStatus.IN_PROGRESS: "text-bg-info",
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-warning",
    Timeliness.OVERDUE: "text-bg-danger",
}
STATE_ORDER = [AssignmentStatus.TODO, AssignmentStatus.IN_PROGRESS, Timeliness.ON_TIME, Timeliness.LATE,
               Timeliness.OVERDUE]

ROW_FILTERS = [
    ("", gettext_lazy("All")),
    ("open", gettext_lazy("Not done yet")),
    ("overdue", gettext_lazy("Overdue")),
    (AssignmentStatus.TODO, AssignmentStatus.TODO.label),
    (AssignmentStatus.IN_PROGRESS, AssignmentStatus.IN_PROGRESS.label),
    (AssignmentStatus.DONE, AssignmentStatus.DONE.label),
]


def assignment_state(assignment: Assignment, today: date) -> str:
    """todo / in_progress / on_time / late / overdue."""
    timeliness = assignment.timeliness(today)
    return assignment.status if timeliness == Timeliness.PENDING else timeliness


@dataclass
class ObligationRow:
    """One thing a unit owes, as "Việc của đơn vị" lists it (an assignment today; a report submission later)."""

    kind: str
    pk: int
    unit: OrgUnit
    title: str  # "Nhiệm vụ 1"
    text: str  # what is to be done
    source: str  # "Công văn 2031/UBND-NC"
    source_url: str
    due_date: date | None
    status: str  # todo / in_progress / done
    state: str  # a key of STATE_LABELS
    completed_on: date | None
    url: str  # where the officer acts on it
    overdue_days: int = 0

    @property
    def done(self) -> bool:
        return self.status == AssignmentStatus.DONE

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def state_css(self) -> str:
        return STATE_CSS[self.state]

    def matches(self, row_filter: str) -> bool:
        if not row_filter:
            return True
        if row_filter == "open":
            return not self.done
        if row_filter == "overdue":
            return self.state == Timeliness.OVERDUE
        return self.status == row_filter


def assignment_rows(assignments: list[Assignment], today: date) -> list[ObligationRow]:
    rows = []
    for assignment in assignments:
        task = assignment.task
        directive = task.directive
        state = assignment_state(assignment, today)
        rows.append(ObligationRow(
            kind="assignment", pk=assignment.pk, unit=assignment.unit,
            title=_("Task %(label)s") % {"label": task.label} if task.label else _("Task"),
            text=task.text, source=directive.short_label, source_url=directive.get_absolute_url(),
            due_date=assignment.due_date, status=assignment.status, state=state,
            completed_on=assignment.completed_on, url=reverse("directives:assignment", args=[assignment.pk]),
            overdue_days=(today - assignment.due_date).days if state == Timeliness.OVERDUE else 0,
        ))
    return rows


def obligation_rows(user: Any, today: date) -> list[ObligationRow]:
    """Everything the user's units owe: open first, each part due soonest first."""
    assignments = list(Assignment.objects.restrict(user, Action.VIEW).expected()
                       .select_related("task__directive", "unit__kind"))
    rows = assignment_rows(assignments, today)
    # Other obligations (expected report submissions …) come through the reminders registry: directives never
    # import the apps above them.
    from cchc.reminders.obligations import sources

    for source in sources():
        rows_for = getattr(source, "rows_for", None)
        if rows_for is not None and source.kind != "assignment":
            rows.extend(rows_for(user, today))
    rows.sort(key=lambda row: (row.done, row.due_date is None, row.due_date or today, row.source, row.title))
    return rows


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    row_filter = request.GET.get("status", "")
    if row_filter not in dict(ROW_FILTERS):
        row_filter = ""
    all_rows = obligation_rows(request.user, today)
    rows = [row for row in all_rows if row.matches(row_filter)]
    groups: dict[int, tuple[OrgUnit, list[ObligationRow]]] = {}
    for row in rows:
        groups.setdefault(row.unit.pk, (row.unit, []))[1].append(row)
    ordered = sorted(groups.values(), key=lambda group: (group[0].kind.order, group[0].sort_name))
    unit_count = len({row.unit.pk for row in all_rows})
    if role_of(request.user) == Role.OFFICER:
        unit_count = max(unit_count, len(request.user.units.all()))
    return render(request, "directives/my_tasks.html", {
        "groups": ordered, "grouped": unit_count > 1, "rows": rows, "today": today,
        "row_filter": row_filter, "row_filters": ROW_FILTERS,
        "overdue_count": sum(1 for row in all_rows if row.state == Timeliness.OVERDUE),
        "open_count": sum(1 for row in all_rows if not row.done),
    })


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One assignment: the task, the directive and its file, the update form, the change history.

    Officers reach only their units' assignments (404 otherwise); leaders read, and get 403 on POST.
    """
    if not can(request.user, Action.VIEW, Assignment):
        raise PermissionDenied
    assignment = get_object_or_404(
        Assignment.objects.restrict(request.user, Action.VIEW)
        .select_related("task__directive", "unit__kind", "updated_by"), pk=pk)
    can_change = can(request.user, Action.CHANGE, Assignment)
    today = clock.today()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        assignment = get_object_or_404(
            Assignment.objects.restrict(request.user, Action.CHANGE).select_related("task__directive", "unit__kind"),
            pk=pk)
        form = AssignmentForm(request.POST)
        if form.is_valid():
            try:
                actions.do_update_assignment(assignment, acting_user=request.user, **form.action_fields())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The progress of “%(unit)s” has been saved.")
                                 % {"unit": assignment.unit.display_name})
                return redirect("directives:assignment", pk=assignment.pk)
    else:
        form = AssignmentForm(initial={
            "status": assignment.status, "completed_on": assignment.completed_on or today,
            "notes": assignment.notes, "links": assignment.links,
        })
    directive = assignment.task.directive
    state = assignment_state(assignment, today)
    return render(request, "directives/assignment_detail.html", {
        "assignment": assignment, "task": assignment.task, "directive": directive, "form": form,
        "can_change": can_change, "today": today,
        "state_label": STATE_LABELS[state], "state_css": STATE_CSS[state],
        "overdue_days": (today - assignment.due_date).days if assignment.is_overdue(today) else 0,
        "history": history_for(assignment),
        "file_url": f"{directive.get_absolute_url()}?download=original" if directive.original_file else "",
    })
