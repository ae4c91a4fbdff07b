"""Items routed to a unit as obligations for the reminder machinery (cchc.reminders.obligations): the unit owes an
answer draft by the item's due date. ``cchc remind`` then sends the usual steps (before, on the day, overdue) to
the unit's officers, exactly once each; the items also appear in the officers' "Việc của đơn vị"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from cchc.core.choices import Role
from cchc.core.permissions import role_of, unit_ids_of
from cchc.reminders.obligations import Obligation, register

from .choices import AT_UNIT_STATUSES, Status
from .models import Feedback


def _obligation(item: Feedback) -> Obligation:
    done = item.status not in AT_UNIT_STATUSES
    return Obligation(
        kind=FeedbackSource.kind, pk=item.pk, unit=item.unit, due_date=item.due_date,  # type: ignore[arg-type]
        title=f"Phản ánh, kiến nghị {item.tracking_code} — {item.title}", url=item.get_absolute_url(),
        done=done or item.status == Status.DRAFTED,
        completed_on=item.answered_on, group=f"feedback:{item.category_id}",
    )


class FeedbackSource:
    kind = "feedback"

    def _at_units(self) -> Any:
        return (Feedback.objects.filter(status=Status.ROUTED, unit__isnull=False, due_date__isnull=False)
                .select_related("unit", "category"))

    def open_obligations(self, today: date) -> Iterable[Obligation]:
        for item in self._at_units():
            yield _obligation(item)

    def get(self, pk: int) -> Obligation | None:
        item = Feedback.objects.select_related("unit", "category").filter(pk=pk, unit__isnull=False).first()
        return _obligation(item) if item is not None and item.due_date else None

    def rows_for(self, user: Any, today: date) -> list[Any]:
        """Items at the user's units (every unit's for managers and leaders) as rows of "Việc của đơn vị"."""
        from cchc.directives.views.assignments import ObligationRow

        role = role_of(user)
        if role is None:
            return []
        items = Feedback.objects.filter(status__in=AT_UNIT_STATUSES, unit__isnull=False).select_related("unit")
        if role == Role.OFFICER:
            items = items.filter(unit_id__in=unit_ids_of(user))
        rows = []
        for item in items:
            overdue = item.is_overdue(today)
            status = "in_progress" if item.status == Status.DRAFTED else "todo"
            rows.append(ObligationRow(
                kind=self.kind, pk=item.pk, unit=item.unit, title=f"Phản ánh {item.tracking_code}",  # type: ignore[arg-type]
                text=item.title, source="Phản ánh, kiến nghị", source_url=item.get_absolute_url(),
                due_date=item.due_date, status=status, state="overdue" if overdue else status, completed_on=None,
                url=item.get_absolute_url(), overdue_days=item.overdue_days(today),
            ))
        return rows


def register_sources() -> None:
    register(FeedbackSource())
