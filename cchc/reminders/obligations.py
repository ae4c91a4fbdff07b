"""What a unit owes by a date, as the reminder machinery sees it.

Two things are owed: an assignment (a task of a directive) and, later, an expected report submission. Both apps
implement ``ObligationSource`` and ``register()`` it in their AppConfig.ready(); this app imports neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class Obligation:
    """One thing one unit owes: identified by (kind, pk); ``group`` ties obligations of one directive or form."""

    kind: str  # "assignment", "submission", …
    pk: int
    unit: Any  # units.OrgUnit
    due_date: date
    title: str  # "Nhiệm vụ 1 — Công văn 2031/UBND-NC"
    url: str  # where the officer acts on it
    done: bool = False
    completed_on: date | None = None
    policy: Any = None  # reminders.ReminderPolicy, or None for the default
    group: str = ""  # e.g. "directive:12"
    extra: dict[str, Any] = field(default_factory=dict)


class ObligationSource(Protocol):
    kind: str

    def open_obligations(self, today: date) -> Iterable[Obligation]:
        """Obligations not done yet, of units open on their due date, with a due date."""

    def get(self, pk: int) -> Obligation | None:
        """One obligation by its id (None if it no longer exists)."""


_SOURCES: dict[str, ObligationSource] = {}


def register(source: ObligationSource) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[ObligationSource]:
    return list(_SOURCES.values())


def source_for(kind: str) -> ObligationSource:
    return _SOURCES[kind]
