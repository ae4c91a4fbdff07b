"""Every change to directives, tasks and assignments goes through these functions: atomic, permission-checked,
audited (django-auditlog records each save; ``acting_as`` names the acting user).

Pages, the API, commands and the demo loader all call them, so the rules below hold whoever asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.core.choices import Action
from cchc.core.permissions import can
from cchc.lib import vn

from .choices import AssignmentStatus
from .models import Assignment, Directive, Task

DIRECTIVE_FIELDS = (
    "number", "doc_type", "date", "place", "issuer", "parent_issuer", "subject", "signer", "signer_position", "policy",
)
_URL = URLValidator(schemes=["http", "https"])


def _check(acting_user: Any, model: type[Model], message: str) -> None:
    if acting_user is not None and not can(acting_user, Action.CHANGE, model):
        raise PermissionDenied(message)


def clean_links(links: str | Iterable[str]) -> list[str]:
    """The links, one per line, each an http(s) address; ValidationError listing the ones that are not."""
    lines = links.splitlines() if isinstance(links, str) else list(links)
    cleaned = [line.strip() for line in lines if line and line.strip()]
    errors = []
    for link in cleaned:
        try:
            _URL(link)
        except ValidationError:
            errors.append(_("“%(link)s” is not a valid web address (it must start with http:// or https://).")
                          % {"link": link})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def do_update_assignment(assignment: Assignment, *, acting_user: Any, status: str, completed_on: date | None = None,
                         notes: str | None = None, links: str | Iterable[str] | None = None) -> Assignment:
    """Record the progress of one assignment.

    Officers update only their units' assignments, coordinators and administrators any, leaders none. ``done``
    needs the day the work was done (not in the future, not before the directive); another status clears it.
    ``notes`` and ``links`` left ``None`` stay as they are.
    """
    _check(acting_user, Assignment, _("You are not allowed to update assignments."))
    if acting_user is not None and not Assignment.objects.restrict(acting_user, Action.CHANGE).filter(
            pk=assignment.pk).exists():
        raise PermissionDenied(_("This assignment belongs to another unit."))
    errors: dict[str, list[str]] = {}
    if status not in AssignmentStatus.values:
        errors["status"] = [_("Choose a valid status.")]
    if status == AssignmentStatus.DONE:
        directive_date = assignment.task.directive.date
        today = clock.today()
        if completed_on is None:
            errors["completed_on"] = [_("Enter the day the task was completed.")]
        elif completed_on > today:
            errors["completed_on"] = [_("The completion date cannot be in the future (today is %(today)s).")
                                      % {"today": vn.date_short(today)}]
        elif directive_date and completed_on < directive_date:
            errors["completed_on"] = [_("The completion date cannot be before the date of the directive "
                                        "(%(date)s).") % {"date": vn.date_short(directive_date)}]
    else:
        completed_on = None
    if links is not None:
        try:
            links = "\n".join(clean_links(links))
        except ValidationError as exc:
            errors["links"] = exc.messages
    if errors:
        raise ValidationError(errors)
    assignment.status = status
    assignment.completed_on = completed_on
    if notes is not None:
        assignment.notes = notes.strip()
    if links is not None:
        assignment.links = links
    assignment.updated_by = acting_user
    with acting_as(acting_user):
        assignment.save(update_fields=["status", "completed_on", "notes", "links", "updated_by", "updated_at"])
    return assignment


@transaction.atomic
def do_update_directive(directive: Directive, *, acting_user: Any, **fields: Any) -> Directive:
    """Correct the directive's metadata or choose its reminder policy (coordinators and administrators)."""
    _check(acting_user, Directive, _("You are not allowed to change directives."))
    unknown = set(fields) - set(DIRECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"do_update_directive() got unexpected fields: {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        if isinstance(value, str):
            value = vn.clean(value) if key != "subject" else value.strip()
        setattr(directive, key, value)
    directive.number = (directive.number or "").replace(" ", "")
    if "date" in fields and directive.date:
        directive.year = directive.date.year
    directive.full_clean(exclude=["original_file", "created_by"])
    with acting_as(acting_user):
        directive.save(update_fields=[*fields, "number", "year", "search_text"])
    return directive


@transaction.atomic
def do_set_task_due_date(task: Task, due_date: date | None, *, acting_user: Any) -> Task:
    """Change a task's due date; its open assignments follow (a task without a date takes the directive's report
    deadline). Done assignments keep the date they were judged against."""
    _check(acting_user, Task, _("You are not allowed to change tasks."))
    directive_date = task.directive.date
    if due_date and directive_date and due_date < directive_date:
        raise ValidationError({"due_date": _("The due date cannot be before the date of the directive (%(date)s).")
                               % {"date": vn.date_short(directive_date)}})
    with acting_as(acting_user):
        task.due_date = due_date
        task.save(update_fields=["due_date"])
        effective = task.effective_due_date()
        stale = task.assignments.open()
        stale = stale.exclude(due_date=effective) if effective else stale.exclude(due_date__isnull=True)
        for assignment in stale:
            assignment.due_date = effective
            assignment.save(update_fields=["due_date", "updated_at"])
    return task
