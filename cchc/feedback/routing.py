"""Suggestions for triage: the time limit of a category, the unit likely responsible, the likely duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from cchc.core import clock
from cchc.lib import vn
from cchc.lib.holidays import add_working_days
from cchc.units.models import OrgUnit

from .choices import Status
from .models import Category, Feedback

DUPLICATE_THRESHOLD = 70
DUPLICATE_WINDOW_DAYS = 120


def due_date_for(category: Category, start: date) -> date:
    """The day the answer is due: ``days_limit`` working days after ``start`` (weekends and holidays skipped)."""
    from cchc.reminders.calendar import holiday_dates

    return add_working_days(start, int(category.days_limit or 10), holiday_dates())


@dataclass(frozen=True)
class UnitSuggestion:
    unit: OrgUnit
    reason: str


def _open_units() -> list[OrgUnit]:
    today = clock.today()
    return [unit for unit in OrgUnit.objects.prefetch_related("aliases") if unit.is_open_on(today)]


def suggest_unit(item: Feedback) -> UnitSuggestion | None:
    """The unit the sender named; else a unit named in the text (name, short name or alias); else the category's
    usual unit; else a unit whose name shares a keyword of the category found in the text."""
    if item.unit_concerned_id:
        return UnitSuggestion(item.unit_concerned, "Người gửi nêu đơn vị liên quan")  # type: ignore[arg-type]
    text = f" {vn.fold(item.title)} {vn.fold(item.content)} "
    best: tuple[int, OrgUnit] | None = None
    for unit in _open_units():
        names = [unit.name, unit.short_name, *(alias.name for alias in unit.aliases.all())]
        for name in names:
            folded = vn.fold(name)
            if len(folded) >= 6 and f" {folded}" in text and (best is None or len(folded) > best[0]):
                best = (len(folded), unit)
    if best is not None:
        return UnitSuggestion(best[1], "Nội dung nêu tên đơn vị")
    code = item.category.default_unit_code
    if code:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is not None:
            return UnitSuggestion(unit, f"Đơn vị thường xử lý lĩnh vực “{item.category.name}”")
    # A category without a usual unit ("Khác"): the category whose keywords the text uses most.
    scored = []
    for category in Category.objects.exclude(default_unit_code="").exclude(pk=item.category_id):
        words = [vn.fold(word) for word in category.keywords.splitlines() if word.strip()]
        hits = sum(1 for word in words if f" {word} " in text or f" {word}" in text)
        if hits:
            scored.append((hits, category.order, category))
    for _hits, _order, category in sorted(scored, key=lambda t: (-t[0], t[1])):
        unit = OrgUnit.objects.filter(code=category.default_unit_code).first()
        if unit is not None:
            return UnitSuggestion(unit, f"Nội dung gần với lĩnh vực “{category.name}”")
    return None


def similar_items(item: Feedback, limit: int = 5) -> list[tuple[Feedback, int]]:
    """Earlier or concurrent items whose text is close to this one's (rapidfuzz token-set ratio on folded text)."""
    since = item.received_at - timedelta(days=DUPLICATE_WINDOW_DAYS)
    candidates = (Feedback.objects.exclude(pk=item.pk).exclude(status__in=(Status.REJECTED, Status.MERGED))
                  .filter(received_at__gte=since).select_related("category", "unit")
                  .only("id", "tracking_code", "title", "content", "status", "received_at", "category__name",
                        "unit__name", "unit__short_name")[:2000])
    mine = vn.fold(f"{item.title} {item.content}")
    scored: list[tuple[Feedback, int]] = []
    for other in candidates:
        score = int(fuzz.token_set_ratio(mine, vn.fold(f"{other.title} {other.content}")))
        if score >= DUPLICATE_THRESHOLD:
            scored.append((other, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].received_at))
    return scored[:limit]


def unit_choices_for_routing() -> Any:
    today = clock.today()
    return [unit.pk for unit in OrgUnit.objects.all() if unit.is_open_on(today)]
