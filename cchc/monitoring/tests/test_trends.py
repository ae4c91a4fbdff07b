"""The trend equals snapshot() period by period, in a bounded number of queries; activities by channel and topic."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.monitoring.numbers import snapshot
from cchc.monitoring.trends import activity_breakdown, trend
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Activity, Channel, Topic
from cchc.test import make_unit
from cchc.units.actions import do_merge_units

from .helpers import at, make_form, report

pytestmark = pytest.mark.django_db
TODAY = date(2021, 2, 1)


@pytest.fixture
def history(province: Any) -> Any:
    form, periods = make_form(periods=5)
    old = make_unit("ubnd-cu", "district", "UBND huyện Cũ", parent=province.province)
    do_merge_units([old], province.chupah, on=date(2020, 6, 30), acting_user=None)
    late = make_unit("ubnd-moi", "district", "UBND huyện Mới", parent=province.province, valid_from=date(2020, 7, 1))
    for index, period in enumerate(periods):
        report(form, period, province.snv, when=at(period.deadline))
        if index % 2:
            report(form, period, province.stttt, when=at(date.fromordinal(period.deadline.toordinal() + 3)))
        if index >= 1:
            report(form, period, province.pleiku, SubmissionStatus.APPROVED, at(period.end))
        if index == 2:
            report(form, period, old, when=at(period.end))  # rolls up to Chư Păh
            report(form, period, late, SubmissionStatus.RETURNED, at(period.end))
    return form, periods


def test_trend_equals_snapshot_per_period(history: Any) -> None:
    form, periods = history
    points = trend(form, today=TODAY)
    assert [period.pk for period, _numbers in points] == [period.pk for period in periods]  # oldest → latest
    for period, numbers in points:
        assert numbers == snapshot(form, period, TODAY).total, period.label


def test_trend_until_and_limit(history: Any) -> None:
    form, periods = history
    assert [p.pk for p, _n in trend(form, until=date(2020, 7, 15), today=TODAY)] == [p.pk for p in periods[:3]]
    assert [p.pk for p, _n in trend(form, limit=2, today=TODAY)] == [p.pk for p in periods[-2:]]


def test_trend_queries_are_bounded(history: Any, province: Any) -> None:
    form, periods = history
    with CaptureQueriesContext(connection) as few:
        trend(form, today=TODAY)
    for number in range(30):
        unit = make_unit(f"so-{number}", "department", f"Sở thử {number}", parent=province.province)
        for period in periods:
            report(form, period, unit, when=at(period.deadline))
    with CaptureQueriesContext(connection) as many:
        points = trend(form, today=TODAY)
    assert len(many) == len(few) <= 10
    assert points[-1][1] == snapshot(form, periods[-1], TODAY).total


def test_activity_breakdown(province: Any) -> None:
    web = Channel.objects.create(code="m-web", name="Cổng thông tin", order=1)
    led = Channel.objects.create(code="m-led", name="Màn hình LED", order=2)
    reform = Topic.objects.create(code="m-cchc", name="Cải cách hành chính", order=1)
    other = Topic.objects.create(code="m-khac", name="Khác", order=2)

    def log(unit: Any, day: date, channel: Channel, quantity: int | None, topics: list[Topic]) -> None:
        activity = Activity.objects.create(unit=unit, date=day, channel=channel, title="Tin", quantity=quantity)
        activity.topics.set(topics)

    log(province.stttt, date(2020, 1, 5), web, 3, [reform])
    log(province.stttt, date(2020, 2, 5), web, None, [reform, other])
    log(province.snv, date(2020, 3, 31), led, 10, [other])
    log(province.snv, date(2020, 4, 1), led, 100, [other])  # outside the period
    log(province.mttq, date(2020, 2, 1), led, 7, [other])  # not one of the units
    with CaptureQueriesContext(connection) as queries:
        result = activity_breakdown([province.stttt.pk, province.snv.pk], date(2020, 1, 1), date(2020, 3, 31))
    assert len(queries) == 2
    assert [(row.name, row.count, row.quantity) for row in result.channels] == [
        ("Cổng thông tin", 2, 3), ("Màn hình LED", 1, 10)]
    assert [(row.name, row.count, row.quantity) for row in result.topics] == [
        ("Cải cách hành chính", 2, 3), ("Khác", 2, 10)]
