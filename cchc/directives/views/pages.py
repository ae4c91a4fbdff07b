"""The coordinator's pages: the list of directives, a directive with its task × unit matrix, its XLSX export,
"Đôn đốc" (remind the late units now), the reminder letter, and the edit page.

Views are thin: reads go through ``restrict``, writes through ``actions``; the matrix is built from one query of
assignments, so the number of queries does not grow with the number of units.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.core import clock
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib import vn
from cchc.lib.xlsx import append_row  # user text as text cells, never formulas
from cchc.units.models import OrgUnit, UnitKind

from .. import actions
from ..choices import AssignmentStatus, Timeliness
from ..filtersets import AssignmentFilterSet, DirectiveFilterSet
from ..forms_pages import DirectiveEditForm, TaskDueDatesForm
from ..models import Assignment, Directive, ReportRequest, Task
from .assignments import STATE_CSS, STATE_LABELS, assignment_state

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COUNT_KEYS = ("assigned", AssignmentStatus.TODO, AssignmentStatus.IN_PROGRESS, Timeliness.ON_TIME, Timeliness.LATE,
              Timeliness.OVERDUE)
XLSX_FILLS = {
    Timeliness.ON_TIME: "D1E7DD", Timeliness.LATE: "FFF3CD", Timeliness.OVERDUE: "F8D7DA",
    AssignmentStatus.IN_PROGRESS: "CFF4FC",
}


def _require(user: Any, action: str, model: type = Directive) -> None:
    if not can(user, action, model):
        raise PermissionDenied


def _get_directive(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Directive:
    """The directive ``pk`` if the user may ``action`` it: 403 when the role may not, 404 when it is not theirs."""
    _require(request.user, action)
    return get_object_or_404(Directive.objects.restrict(request.user, action).select_related("policy"), pk=pk)


# --- The matrix ---------------------------------------------------------------------------------------------------

@dataclass
class Cell:
    assignment: Assignment
    state: str

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def css(self) -> str:
        return STATE_CSS[self.state]


@dataclass
class MatrixRow:
    unit: OrgUnit
    cells: list[Cell | None]


@dataclass
class KindGroup:
    kind: UnitKind
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass
class Matrix:
    """Rows are units (grouped by kind, in Vietnamese order), columns are tasks; counts per task and overall."""

    tasks: list[Task]
    groups: list[KindGroup]
    task_counts: list[dict[str, int]]
    total: dict[str, int]

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for group in self.groups for row in group.rows]

    def task_summaries(self) -> list[tuple[Task, dict[str, int]]]:
        return list(zip(self.tasks, self.task_counts, strict=True))


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def build_matrix(tasks: list[Task], assignments: list[Assignment], today: date) -> Matrix:
    column = {task.pk: index for index, task in enumerate(tasks)}
    rows: dict[int, MatrixRow] = {}
    task_counts = [_empty_counts() for _task in tasks]
    total = _empty_counts()
    for assignment in assignments:
        index = column.get(assignment.task_id)
        if index is None:
            continue
        state = assignment_state(assignment, today)
        row = rows.setdefault(assignment.unit_id, MatrixRow(assignment.unit, [None] * len(tasks)))
        row.cells[index] = Cell(assignment, state)
        for counts in (task_counts[index], total):
            counts["assigned"] += 1
            counts[state] += 1
    groups: dict[int, KindGroup] = {}
    for row in sorted(rows.values(), key=lambda row: (row.unit.kind.order, row.unit.kind.name, row.unit.sort_name)):
        groups.setdefault(row.unit.kind_id, KindGroup(row.unit.kind)).rows.append(row)
    return Matrix(tasks=tasks, groups=list(groups.values()), task_counts=task_counts, total=total)


def _matrix_for(request: HttpRequest, directive: Directive, action: str) -> tuple[AssignmentFilterSet, Matrix]:
    """The filtered matrix of ``directive``: one query for the tasks, one for the assignments."""
    queryset = (Assignment.objects.restrict(request.user, action).expected().filter(task__directive=directive)
                .select_related("unit__kind"))
    filterset = AssignmentFilterSet(request.GET or None, queryset=queryset, request=request)
    tasks = list(directive.tasks.all())
    return filterset, build_matrix(tasks, list(filterset.qs), clock.today())


def _filter_description(filterset: AssignmentFilterSet) -> str:
    """The filters in words, for the export ("Loại đơn vị: …; Trạng thái: …")."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    parts = []
    for name in ("unit_kind", "status", "overdue", "unit"):
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "status":
            value = AssignmentStatus(value).label
        elif name == "overdue":
            value = _("yes") if value else _("no")
        parts.append(f"{filterset.form.fields[name].label}: {value}")
    return "; ".join(parts)


def _task_heading(task: Task) -> str:
    return _("Task %(label)s") % {"label": task.label} if task.label else _("Task")


def write_matrix_xlsx(directive: Directive, matrix: Matrix, *, filters: str, today: date) -> bytes:
    """One sheet: the directive on top, then one row per unit and one column per task."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Progress")[:31]
    title = directive.short_label
    if directive.date:
        title = _("%(document)s dated %(date)s") % {"document": title, "date": vn.date_short(directive.date)}
    if directive.issuer:
        title = f"{title} — {directive.issuer}"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [directive.subject])
    situation = _("Situation on %(date)s") % {"date": vn.date_short(today)}
    if filters:
        situation = _("%(situation)s (filter: %(filters)s)") % {"situation": situation, "filters": filters}
    append_row(sheet, [situation])
    append_row(sheet, [])
    headers = [_("No."), _("Unit"), _("Unit kind")] + [_task_heading(task) for task in matrix.tasks] + [
        _("Done on time"), _("Done late"), _("Overdue")]
    append_row(sheet, headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(matrix.rows, start=1):
        states = [cell.state if cell else None for cell in row.cells]
        values: list[Any] = [number, row.unit.name, row.unit.kind.name]
        for cell in row.cells:
            if cell is None:
                values.append("")
            elif cell.assignment.completed_on:
                values.append(f"{cell.label} ({vn.date_short(cell.assignment.completed_on)})")
            else:
                values.append(cell.label)
        values += [states.count(Timeliness.ON_TIME), states.count(Timeliness.LATE), states.count(Timeliness.OVERDUE)]
        append_row(sheet, values)
        for offset, state in enumerate(states):
            if state in XLSX_FILLS:
                sheet.cell(row=sheet.max_row, column=4 + offset).fill = PatternFill(
                    "solid", start_color=XLSX_FILLS[state], end_color=XLSX_FILLS[state])
    append_row(sheet, [])
    for label, key in ((_("Assigned"), "assigned"), (_("Done on time"), Timeliness.ON_TIME),
                       (_("Done late"), Timeliness.LATE), (_("In progress"), AssignmentStatus.IN_PROGRESS),
                       (_("Overdue"), Timeliness.OVERDUE)):
        append_row(sheet, ["", label, ""] + [counts[key] for counts in matrix.task_counts])
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
    widths = [6, 48, 22] + [22] * len(matrix.tasks) + [14, 14, 14]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Pages --------------------------------------------------------------------------------------------------------

def directive_counts(user: Any, directive_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per directive: units, assignments, done, overdue — one aggregate query over what the user may see."""
    rows = (Assignment.objects.restrict(user, Action.VIEW).expected().filter(task__directive__in=directive_ids)
            .order_by().values("task__directive")
            .annotate(units=Count("unit", distinct=True), assignments=Count("id"),
                      done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
                      overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(status=AssignmentStatus.DONE))))
    return {row.pop("task__directive"): row for row in rows}


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.VIEW)
    filterset = DirectiveFilterSet(request.GET or None, queryset=Directive.objects.restrict(request.user, Action.VIEW),
                                   request=request)
    page = Paginator(filterset.qs.order_by("-date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    counts = directive_counts(request.user, [directive.pk for directive in page.object_list], today)
    empty = {"units": 0, "assignments": 0, "done": 0, "overdue": 0}
    directives = [(directive, counts.get(directive.pk, empty)) for directive in page.object_list]
    return render(request, "directives/directive_list.html", {
        "filter": filterset, "page_obj": page, "directives": directives, "total": page.paginator.count,
        "today": today, "can_import": can(request.user, Action.ADD, Directive),
    })


def _original_file(directive: Directive) -> FileResponse:
    """The signed document, through a view that checked ``restrict`` (never a public media address)."""
    if not directive.original_file:
        raise Http404
    try:
        handle = directive.original_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(directive.original_file.name).name)


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _get_directive(request, pk)
    if request.GET.get("download") == "original":
        return _original_file(directive)
    filterset, matrix = _matrix_for(request, directive, Action.VIEW)
    report_requests = list(ReportRequest.objects.filter(directive=directive).annotate(units_count=Count("units")))
    deadlines = [report.deadline for report in report_requests if report.deadline]
    for task in matrix.tasks:  # Task.effective_due_date() without a query per task
        task.shown_due_date = task.due_date or (min(deadlines) if deadlines else None)
    return render(request, "directives/directive_detail.html", {
        "directive": directive, "filter": filterset, "matrix": matrix, "today": clock.today(),
        "references": list(directive.references.all()), "report_requests": report_requests,
        "unit_kinds": list(UnitKind.objects.all()),
        "can_change": can(request.user, Action.CHANGE, Directive),
        "can_export": can(request.user, Action.EXPORT, Assignment),
        "overdue_units": len({row.unit.pk for row in matrix.rows
                              if any(cell and cell.state == Timeliness.OVERDUE for cell in row.cells)}),
    })


@login_required
def directive_export(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _get_directive(request, pk, Action.EXPORT)
    filterset, matrix = _matrix_for(request, directive, Action.EXPORT)
    today = clock.today()
    content = write_matrix_xlsx(directive, matrix, filters=_filter_description(filterset), today=today)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tien-do-{_file_slug(directive)}.xlsx"'
    return response


def _overdue_obligations(directive: Directive) -> list[Any]:
    from ..obligations import as_obligation

    overdue = (Assignment.objects.filter(task__directive=directive).overdue(clock.today())
               .select_related("task__directive__policy", "unit"))
    return [as_obligation(assignment) for assignment in overdue]


@login_required
@require_POST
def directive_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """"Đôn đốc": remind now every unit late on this directive (coordinators and administrators)."""
    directive = _get_directive(request, pk, Action.CHANGE)
    obligations = _overdue_obligations(directive)
    if not obligations:
        messages.info(request, _("No unit is late on this directive: no reminder was sent."))
        return redirect(directive)
    from cchc.reminders.actions import do_remind_now

    sent = do_remind_now(obligations, acting_user=request.user, message=request.POST.get("message", "").strip())
    if isinstance(sent, list | tuple):  # the records of the reminders sent (units closed today are skipped)
        count = len({record.unit_id for record in sent})
    else:
        count = len({obligation.unit.pk for obligation in obligations})
    messages.success(request, ngettext("Reminders sent to %(count)s unit.", "Reminders sent to %(count)s units.",
                                       count) % {"count": count})
    return redirect(directive)


def _file_slug(directive: Directive) -> str:
    """"2031/UBND-NC" → "2031-UBND-NC" (letters keep their case, lose their diacritics)."""
    text = (directive.number or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or str(directive.pk)


def letter_about(directive: Directive) -> str:
    """"Công văn số 2031/UBND-NC ngày 01/10/2020 của Ủy ban nhân dân tỉnh Gia Lai về …" (cited by the letter)."""
    if directive.number:
        about = (_("%(type)s No. %(number)s") % {"type": directive.doc_type, "number": directive.number}).strip()
    else:
        about = directive.short_label
    if directive.date:
        about = _("%(document)s dated %(date)s") % {"document": about, "date": vn.date_short(directive.date)}
    if directive.issuer:
        about = _("%(document)s of %(issuer)s") % {"document": about, "issuer": directive.issuer}
    subject = re.sub(r"^\s*(về việc|v/v|về)\s+", "", directive.subject or "", flags=re.IGNORECASE).strip()
    if subject:
        about = _("%(document)s about %(subject)s") % {"document": about, "subject": subject[:1].lower() + subject[1:]}
    return about


@login_required
def directive_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """"Công văn đôn đốc": the formal reminder letter to the late units, as a DOCX to sign and send."""
    directive = _get_directive(request, pk, Action.CHANGE)
    obligations = _overdue_obligations(directive)
    if not obligations:
        messages.info(request, _("No unit is late on this directive: there is nothing to remind."))
        return redirect(directive)
    from cchc.reminders.letters import build_reminder_letter

    content = build_reminder_letter(about=letter_about(directive), obligations=obligations, today=clock.today())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{_file_slug(directive)}.docx"'
    return response


@login_required
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = _get_directive(request, pk, Action.CHANGE)
    tasks = list(directive.tasks.all())
    data = request.POST if request.method == "POST" else None
    form = DirectiveEditForm(data, instance=directive)
    due_form = TaskDueDatesForm(data, tasks=tasks)
    if request.method == "POST" and form.is_valid() & due_form.is_valid():
        try:
            with transaction.atomic():
                actions.do_update_directive(directive, acting_user=request.user, **form.directive_fields())
                for task, due_date in due_form.changed_due_dates():
                    actions.do_set_task_due_date(task, due_date, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The changes to “%(directive)s” have been saved.")
                             % {"directive": directive.short_label})
            return redirect(directive)
    return render(request, "directives/directive_edit.html", {
        "directive": directive, "form": form, "due_form": due_form,
    })
