"""Monitoring over time and by activity: the trend of a form across its periods, and a period's activities by
channel and by topic.

``trend`` answers what ``numbers.snapshot`` would answer for each period, but in a bounded number of queries
(periods, the form's expected kinds and units, the candidate units, the submissions, the successors of merged units),
however many periods and units there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, Sum

from cchc.core import clock
from cchc.reports.models import Activity, Period, ReportForm, Submission

from .numbers import RECEIVED, Numbers


@dataclass
class _Sub:
    status: str
    submitted_at: datetime | None


def _on_time(submitted_at: datetime | None, deadline: date) -> bool:
    return submitted_at is not None and submitted_at.astimezone(clock.VIETNAM).date() <= deadline


def _open_during(unit: dict[str, Any], start: date, end: date) -> bool:
    return ((unit["valid_from"] is None or unit["valid_from"] <= end)
            and (unit["valid_to"] is None or unit["valid_to"] >= start))


def trend(form: ReportForm, *, until: date | None = None, limit: int = 120,
          today: date | None = None) -> list[tuple[Period, Numbers]]:
    """The numbers of ``form`` for each of its periods begun by ``until`` (all when None), oldest → latest, at most
    the ``limit`` latest ones. Same definitions as ``snapshot()``, in a bounded number of queries."""
    from cchc.units.models import OrgUnit

    today = today or clock.today()
    periods_qs = form.periods.order_by("-start")
    if until is not None:
        periods_qs = periods_qs.filter(start__lte=until)
    periods = list(reversed(periods_qs[:limit]))
    if not periods:
        return []
    kind_ids = list(form.expected_kinds.values_list("id", flat=True))
    named_ids = list(form.expected_units.values_list("id", flat=True))
    candidates: list[dict[str, Any]] = []
    if kind_ids or named_ids:
        candidates = list(OrgUnit.objects.filter(Q(kind_id__in=kind_ids) | Q(id__in=named_ids))
                          .values("id", "kind_id", "valid_from", "valid_to"))
    by_period: dict[int, dict[int, _Sub]] = defaultdict(dict)
    for row in (Submission.objects.filter(form=form, period_id__in=[period.pk for period in periods])
                .order_by("unit__sort_name")
                .values("period_id", "unit_id", "status", "submitted_at")):
        by_period[row["period_id"]][row["unit_id"]] = _Sub(row["status"], row["submitted_at"])
    reporting_ids = {unit_id for subs in by_period.values() for unit_id in subs}
    # Reports of units that are not expected in a period (merged before it) may roll up to a successor.
    successors: dict[int, set[int]] = defaultdict(set)
    if reporting_ids:
        for source_id, target_id in OrgUnit.successors.through.objects.filter(
                from_orgunit_id__in=reporting_ids).values_list("from_orgunit_id", "to_orgunit_id"):
            successors[source_id].add(target_id)
    result = []
    for period in periods:
        expected_ids = {unit["id"] for unit in candidates if _open_during(unit, period.start, period.end)}
        subs = dict(by_period.get(period.pk, {}))
        for unit_id, sub in list(subs.items()):
            if unit_id in expected_ids:
                continue
            for target in successors.get(unit_id, ()):
                if target in expected_ids and target not in subs:
                    subs[target] = sub
        numbers = Numbers()
        for unit_id in expected_ids:
            numbers.expected += 1
            sub = subs.get(unit_id)
            if sub is not None and sub.status in RECEIVED:
                numbers.submitted += 1
                if _on_time(sub.submitted_at, period.deadline):
                    numbers.on_time += 1
                else:
                    numbers.late += 1
            elif today > period.deadline:
                numbers.overdue += 1
        result.append((period, numbers))
    return result


@dataclass
class BreakdownRow:
    pk: int
    name: str
    count: int
    quantity: int


@dataclass
class Breakdown:
    channels: list[BreakdownRow]
    topics: list[BreakdownRow]


def activity_breakdown(unit_ids: Any, start: date, end: date) -> Breakdown:
    """Activities of ``unit_ids`` dated in [start, end], counted and their quantities summed, by channel and by
    topic (an activity on two topics counts for both): two aggregate queries."""
    ids = list(unit_ids)
    channels = (Activity.objects.filter(unit_id__in=ids, date__gte=start, date__lte=end).order_by()
                .values("channel_id", "channel__name", "channel__order")
                .annotate(count=Count("id"), quantity=Sum("quantity"))
                .order_by("channel__order", "channel__name"))
    through = Activity.topics.through
    topics = (through.objects.filter(activity__unit_id__in=ids, activity__date__gte=start, activity__date__lte=end)
              .order_by().values("topic_id", "topic__name", "topic__order")
              .annotate(count=Count("activity_id"), quantity=Sum("activity__quantity"))
              .order_by("topic__order", "topic__name"))
    return Breakdown(
        channels=[BreakdownRow(row["channel_id"], row["channel__name"], row["count"], row["quantity"] or 0)
                  for row in channels],
        topics=[BreakdownRow(row["topic_id"], row["topic__name"], row["count"], row["quantity"] or 0)
                for row in topics],
    )
