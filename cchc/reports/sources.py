"""Figures that other modules compute for a unit and a period, offered to the reports as pre-fill.

The communication log pre-fills most indicators (count, quantity or reach of the activities). Some figures live
elsewhere: the citizens' feedback a unit received and answered on time, the satisfaction index of its surveys.
Such a module registers a *source* once, in its AppConfig.ready()::

    from cchc.reports.sources import register_source
    register_source("feedback.received", _("Phản ánh, kiến nghị tiếp nhận"), received_count)

and an indicator whose ``prefill`` is ``PrefillSource.MODULE`` names it in ``prefill_module``. A source is a plain
function ``(unit_id, start, end) -> Decimal | None``; ``None`` means "nothing to suggest" (never zero).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

SourceFunction = Callable[[int, date, date], Decimal | None]


@dataclass(frozen=True)
class Source:
    code: str
    label: Any
    compute: SourceFunction


_SOURCES: dict[str, Source] = {}


def register_source(code: str, label: Any, compute: SourceFunction) -> None:
    """Make ``compute`` available to indicators as the pre-fill source ``code`` (idempotent)."""
    _SOURCES[code] = Source(code, label, compute)


def source_choices() -> list[tuple[str, Any]]:
    return [(source.code, source.label) for source in sorted(_SOURCES.values(), key=lambda s: s.code)]


def source_value(code: str, unit_id: int, start: date, end: date) -> Decimal | None:
    """The figure of source ``code`` for a unit over [start, end]; None when the source is unknown or has none."""
    source = _SOURCES.get(code)
    if source is None:
        return None
    return source.compute(unit_id, start, end)
