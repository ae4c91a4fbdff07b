"""Figures of the feedback module offered to the reports as pre-fill (cchc.reports.sources): for a unit and a
period, the items it received (routed to it), answered, and answered on time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from cchc.core.clock import VIETNAM

from .choices import Status
from .models import Feedback

RECEIVED = "feedback.received"
RESOLVED = "feedback.resolved"
ON_TIME = "feedback.on_time"
# (indicator code in the reports catalogue, source code, name)
INDICATORS = [
    ("feedback-received", RECEIVED, "Phản ánh, kiến nghị tiếp nhận"),
    ("feedback-resolved", RESOLVED, "Phản ánh, kiến nghị đã giải quyết"),
    ("feedback-on-time", ON_TIME, "Phản ánh, kiến nghị giải quyết đúng hạn"),
]
GROUP = "Phản ánh, kiến nghị"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min, tzinfo=VIETNAM), datetime.combine(end + timedelta(days=1), time.min,
                                                                               tzinfo=VIETNAM)


def received_count(unit_id: int, start: date, end: date) -> Decimal | None:
    low, high = _bounds(start, end)
    items = Feedback.objects.filter(unit_id=unit_id, received_at__gte=low, received_at__lt=high).exclude(
        status__in=(Status.REJECTED, Status.MERGED))
    return Decimal(items.count())


def _answered(unit_id: int, start: date, end: date):  # type: ignore[no-untyped-def]
    low, high = _bounds(start, end)
    return Feedback.objects.filter(answer_unit_id=unit_id, answered_at__gte=low, answered_at__lt=high)


def resolved_count(unit_id: int, start: date, end: date) -> Decimal | None:
    return Decimal(_answered(unit_id, start, end).count())


def on_time_count(unit_id: int, start: date, end: date) -> Decimal | None:
    return Decimal(_answered(unit_id, start, end).filter(answered_on_time=True).count())


def register_all() -> None:
    from cchc.reports.sources import register_source

    register_source(RECEIVED, "Phản ánh, kiến nghị tiếp nhận (đơn vị được giao xử lý)", received_count)
    register_source(RESOLVED, "Phản ánh, kiến nghị đã trả lời", resolved_count)
    register_source(ON_TIME, "Phản ánh, kiến nghị trả lời đúng hạn", on_time_count)


def ensure_indicators() -> int:
    """The three indicators pre-filled from this module (idempotent; an administrator's later choice is kept)."""
    from cchc.reports.models import Indicator

    changed = 0
    previous = None
    for order, (code, source, name) in enumerate(INDICATORS):
        indicator, created = Indicator.objects.get_or_create(code=code, defaults={
            "name": name, "group": GROUP, "unit_of_measure": "phản ánh, kiến nghị", "value_type": "integer",
            "aggregation": "sum", "min_value": 0, "order": 210 + 10 * order, "prefill": "module",
            "prefill_module": source, "not_above": previous})
        if not created and not indicator.prefill and not indicator.prefill_module:
            indicator.prefill, indicator.prefill_module = "module", source
            indicator.save(update_fields=["prefill", "prefill_module"])
            changed += 1
        changed += int(created)
        previous = indicator
    return changed
