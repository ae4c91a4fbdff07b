"""The figures of the synthesis against hand-computed totals on a small province."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cchc.reports import submissions as actions
from cchc.reports.models import Indicator, Submission
from cchc.reports.tests.test_submissions import ReportSetup, log, make_report_setup
from cchc.synthesis.figures import Synthesis, collect

TODAY = date(2020, 11, 20)


@dataclass
class Small:
    setup: ReportSetup
    province: Any
    activities: list[Any]

    def collect(self) -> Synthesis:
        return collect(self.setup.form, self.setup.period, today=TODAY)


def _send(setup: ReportSetup, unit: Any, on: date, settings: Any, values: dict[str, str],
          narrative: dict[str, str] | None = None, activities: list[Any] = ()) -> Submission:  # type: ignore[assignment]
    settings.CCHC_TODAY = on.isoformat()
    submission = actions.do_start_submission(form=setup.form, period=setup.period, unit=unit, acting_user=None)
    submission = actions.do_save_submission(submission, acting_user=None, values=values, narrative=narrative or {},
                                            activity_ids=[a.pk for a in activities])
    return actions.do_submit(submission, acting_user=None)


def make_small(province: Any, settings: Any) -> Small:
    """5 expected units (3 departments, 2 districts): 2 on time (one approved), 1 late, 1 draft, 1 silent."""
    setup = make_report_setup()
    Indicator.objects.filter(code="online").update(aggregation="average")
    deadline = setup.period.deadline
    stttt = _send(setup, province.stttt, deadline, settings,
                  {"articles": "5", "received": "10", "copies": "100", "online": "50", "portal": True,
                   "note": "Ghi chú của Sở"},
                  {"Kết quả": "Mở chuyên mục “Cải cách hành chính” trên cổng thông tin.",
                   "Khó khăn, kiến nghị": "Thiếu kinh phí in tờ gấp."})
    snv = _send(setup, province.snv, deadline - timedelta(days=3), settings,
                {"articles": "3", "received": "0", "copies": ""})
    actions.do_approve(snv, acting_user=None)
    pleiku_activities = [
        log(province.pleiku, date(2020, 2, 3), setup.web, quantity=3, reach=100, topics=[setup.reform]),
        log(province.pleiku, date(2020, 3, 5), setup.web, reach=50, topics=[setup.reform, setup.other]),
    ]
    _send(setup, province.pleiku, deadline + timedelta(days=5), settings,
          {"articles": "7", "received": "20", "online": "70", "copies": "", "reach": ""},
          {"Kết quả": "Thí điểm trả kết quả qua bưu điện tại phường Hoa Lư.", "Khó khăn, kiến nghị": ""},
          pleiku_activities)
    settings.CCHC_TODAY = deadline.isoformat()
    draft = actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stp, acting_user=None)
    actions.do_save_submission(draft, acting_user=None, values={"articles": "100"})
    silent = log(province.chupah, date(2020, 1, 20), setup.led, quantity=2, reach=1000, topics=[setup.reform])
    log(province.chupah, date(2020, 5, 20), setup.led, quantity=9, reach=9)  # outside the period
    settings.CCHC_TODAY = ""
    assert stttt.status == "submitted"
    return Small(setup=setup, province=province, activities=[*pleiku_activities, silent])


@pytest.fixture
def small(province: Any, settings: Any) -> Small:
    return make_small(province, settings)


def test_numbers_and_unit_lists(small: Small) -> None:
    synthesis = small.collect()
    n = synthesis.numbers
    assert (n.expected, n.submitted, n.on_time, n.late, n.overdue) == (5, 3, 2, 1, 2)
    assert n.completeness == pytest.approx(0.6)
    assert n.timeliness == pytest.approx(0.4)
    p = small.province
    assert [u.name for u in synthesis.late_units] == [p.pleiku.name]
    assert sorted(u.name for u in synthesis.missing_units) == sorted([p.stp.name, p.chupah.name])


def test_indicator_totals_leave_not_reported_out(small: Small) -> None:
    figures = {figure.code: figure for figure in small.collect().indicators}
    assert figures["articles"].total == Decimal(15)  # the draft's 100 is not counted
    assert figures["articles"].reported == 3
    assert figures["received"].total == Decimal(30)  # snv's 0 is a reported zero
    assert figures["received"].reported == 3
    copies = figures["copies"]
    assert copies.total == Decimal(100)
    assert (copies.reported, copies.not_reported) == (1, 2)
    online = figures["online"]
    assert online.aggregation == "average"
    assert online.total == Decimal(60)  # (50 + 70) / 2, not (50 + 70 + 0) / 3
    assert online.reported == 2
    assert figures["portal"].total == 1
    assert figures["note"].total is None and figures["note"].reported == 1
    assert figures["reach"].reported == 0 and figures["reach"].total is None


def test_every_figure_has_sources(small: Small) -> None:
    synthesis = small.collect()
    articles = next(f for f in synthesis.indicators if f.code == "articles")
    units = {source["unit"] for source in articles.sources}
    assert units == {small.province.stttt.name, small.province.snv.name, small.province.pleiku.name}
    pleiku = next(s for s in articles.sources if s["unit"] == small.province.pleiku.name)
    assert pleiku["submission"] == Submission.objects.get(unit=small.province.pleiku).pk
    assert pleiku["activities"] == sorted(a.pk for a in small.activities[:2])


def test_activities_by_channel_and_topic(small: Small) -> None:
    synthesis = small.collect()
    channels = {item.name: item for item in synthesis.channels}
    web, led = channels["Cổng thông tin"], channels["Màn hình LED"]
    assert (web.count, web.quantity, web.reach, web.units) == (2, 3, 150, 1)
    assert (led.count, led.quantity, led.reach) == (1, 2, 1000)  # May's activity is outside Q1
    assert led.sources == [{"submission": None, "unit": small.province.chupah.name,
                            "activities": [small.activities[2].pk]}]
    topics = {item.name: item for item in synthesis.topics}
    assert topics["Cải cách hành chính"].count == 3
    assert topics["Khác"].activity_ids == [small.activities[1].pk]
    assert synthesis.activity_total.count == 3


def test_by_kind(small: Small) -> None:
    kinds = {kind.code: kind for kind in small.collect().by_kind}
    department, district = kinds["department"], kinds["district"]
    assert (department.numbers.expected, department.numbers.submitted) == (3, 2)
    assert (district.numbers.expected, district.numbers.submitted, district.numbers.late) == (2, 1, 1)
    assert department.indicator_totals["articles"] == Decimal(8)
    assert district.indicator_totals["articles"] == Decimal(7)
    assert district.indicator_totals["copies"] is None


def test_narratives(small: Small) -> None:
    synthesis = small.collect()
    p = small.province
    assert {(q.unit, q.text) for q in synthesis.initiatives} == {
        (p.stttt.name, "Mở chuyên mục “Cải cách hành chính” trên cổng thông tin."),
        (p.pleiku.name, "Thí điểm trả kết quả qua bưu điện tại phường Hoa Lư."),
    }
    assert [(q.unit, q.text) for q in synthesis.limitations] == [(p.stttt.name, "Thiếu kinh phí in tờ gấp.")]


def test_summary_is_json_and_queries_are_bounded(small: Small, django_assert_max_num_queries: Any) -> None:
    import json

    with django_assert_max_num_queries(16):
        synthesis = small.collect()
    data = json.loads(json.dumps(synthesis.as_dict()))
    assert data["numbers"]["submitted"] == 3
    assert data["missing_units"]
    assert data["indicators"][0]["sources"]
    assert "Kết quả thực hiện" not in data["subject"]  # a quarterly form: the annual wording
