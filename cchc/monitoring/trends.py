"""Monitoring over time and by activity: the trend of a form across its periods, and a period's activities by
channel and by topic.

``trend`` answers what ``numbers.snapshot`` would answer for each period, but in a bounded number of queries
(periods, the form's expected kinds and units, the candidate units, the submissions, the successors of merged units),
however many periods and units there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from cchc.core import clock
from cchc.reports.models import Activity, Period, ReportForm, Submission

from .numbers import RECEIVED, Numbers


def _open_during(unit: dict[str, Any], start: date, end: date) -> bool:
    return ((unit["valid_from"] is None or unit["valid_from"] <= end)
            and (unit["valid_to"] is None or unit["valid_to"] >= start))


def _on_time_case() -> Case:
    """1 when a report's latest submission came before its period closed (the end of the deadline day), else 0."""
    return Case(When(submitted_at__lt=F("period__closes_at"), then=Value(1)), default=Value(0),
                output_field=IntegerField())


def trend(form: ReportForm, *, until: date | None = None, limit: int = 120,
          today: date | None = None) -> list[tuple[Period, Numbers]]:
    """The numbers of ``form`` for each of its periods begun by ``until`` (all when None), oldest → latest, at most
    the ``limit`` latest ones. Same definitions as ``snapshot()``, in a bounded number of queries.

    Units open for the whole history are counted in the database (one grouped query); only units with an opening
    or closing date (new, closed, merged) are looked at one report at a time, so that a merged unit's report can
    roll up to its successor.
    """
    from cchc.units.models import OrgUnit

    today = today or clock.today()
    periods_qs = form.periods.order_by("-start")
    if until is not None:
        periods_qs = periods_qs.filter(start__lte=until)
    periods = list(reversed(periods_qs[:limit]))
    if not periods:
        return []
    period_ids = [period.pk for period in periods]
    kind_ids = list(form.expected_kinds.values_list("id", flat=True))
    named_ids = list(form.expected_units.values_list("id", flat=True))
    if not kind_ids and not named_ids:
        return [(period, Numbers()) for period in periods]
    expected_q = Q(kind_id__in=kind_ids) | Q(id__in=named_ids)
    candidates = list(OrgUnit.objects.filter(expected_q).values("id", "valid_from", "valid_to"))
    limited = [unit for unit in candidates if unit["valid_from"] or unit["valid_to"]]
    always_ids = {unit["id"] for unit in candidates} - {unit["id"] for unit in limited}
    always_count = len(always_ids)
    on_time = _on_time_case()
    submissions = Submission.objects.filter(form=form, period_id__in=period_ids).order_by()
    # 1. Every report, counted by the database per period, status and timeliness (one scan, no join to units).
    grouped: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in submissions.values("period_id", "status").annotate(n=Count("id"), on_time=Sum(on_time)):
        grouped[row["period_id"]][row["status"]] = [row["n"], row["on_time"] or 0]
    # 2. Reports of units not open for the whole history (new, closed, merged; or no longer expected): one by one,
    #    taken out of the counts above, for the roll-up.
    by_period: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
    others = submissions.exclude(unit_id__in=always_ids) if always_ids else submissions
    for row in others.values("period_id", "unit_id", "status").annotate(on_time=on_time):
        by_period[row["period_id"]][row["unit_id"]] = (row["status"], row["on_time"])
        counts = grouped[row["period_id"]][row["status"]]
        counts[0] -= 1
        counts[1] -= row["on_time"]
    reporting_ids = {unit_id for subs in by_period.values() for unit_id in subs}
    successors: dict[int, set[int]] = defaultdict(set)
    if reporting_ids:
        for source_id, target_id in OrgUnit.successors.through.objects.filter(
                from_orgunit_id__in=reporting_ids).values_list("from_orgunit_id", "to_orgunit_id"):
            successors[source_id].add(target_id)
    # Successors open for the whole history that a merged unit's report may roll up to: their own reports.
    limited_ids = {unit["id"] for unit in limited}
    always_targets = {target for targets in successors.values() for target in targets} - limited_ids
    own: set[tuple[int, int]] = set()
    if always_targets:
        own = set(submissions.filter(unit_id__in=always_targets).values_list("period_id", "unit_id"))
    result = []
    for period in periods:
        numbers = Numbers(expected=always_count)
        for status, (count, on_time_count) in grouped.get(period.pk, {}).items():
            if status in RECEIVED:
                numbers.submitted += count
                numbers.on_time += on_time_count
                numbers.late += count - on_time_count
        overdue = today > period.deadline
        if overdue:
            received_always = sum(count for status, (count, _ot) in grouped.get(period.pk, {}).items()
                                  if status in RECEIVED)
            numbers.overdue += always_count - received_always
        expected_limited = {unit["id"] for unit in limited if _open_during(unit, period.start, period.end)}
        subs = dict(by_period.get(period.pk, {}))
        for unit_id, sub in list(subs.items()):
            if unit_id in expected_limited:
                continue
            for target in successors.get(unit_id, ()):
                if target in expected_limited and target not in subs:
                    subs[target] = sub
                elif target in always_targets and (period.pk, target) not in own and sub[0] in RECEIVED:
                    own.add((period.pk, target))  # the successor had no report: the predecessor's counts
                    numbers.submitted += 1
                    numbers.on_time += 1 if sub[1] else 0
                    numbers.late += 0 if sub[1] else 1
                    numbers.overdue -= 1 if overdue else 0
        for unit_id in expected_limited:
            numbers.expected += 1
            sub = subs.get(unit_id)
            if sub is not None and sub[0] in RECEIVED:
                numbers.submitted += 1
                if sub[1]:
                    numbers.on_time += 1
                else:
                    numbers.late += 1
            elif overdue:
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
