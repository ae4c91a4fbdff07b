"""The submission actions: workflow with reasons, locking and reopening, history, not reported vs zero, validation,
pre-fill from the communication log, timeliness on clock.now()."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.core.models import Notification
from cchc.reports import submissions as actions
from cchc.reports.choices import PeriodType, PrefillSource, SubmissionEventKind, SubmissionStatus, ValueType
from cchc.reports.models import (
    Activity,
    Channel,
    FormIndicator,
    Indicator,
    IndicatorValue,
    Period,
    ReportForm,
    Submission,
    Topic,
)
from cchc.reports.periods import ensure_periods
from cchc.units.models import UnitKind


@dataclass
class ReportSetup:
    form: ReportForm
    periods: list[Period]
    period: Period  # Q1/2020
    web: Channel
    led: Channel
    reform: Topic
    other: Topic
    indicators: dict[str, Indicator]


def make_report_setup() -> ReportSetup:
    """Two channels, two topics, eight indicators, a quarterly 2020 form for departments and districts."""
    web = Channel.objects.create(code="t-web", name="Cổng thông tin")
    led = Channel.objects.create(code="t-led", name="Màn hình LED")
    reform = Topic.objects.create(code="t-cchc", name="Cải cách hành chính")
    other = Topic.objects.create(code="t-khac", name="Khác")
    specs = [
        ("articles", "Số tin bài", ValueType.INTEGER, PrefillSource.COUNT, "tin bài"),
        ("copies", "Số bản in", ValueType.INTEGER, PrefillSource.QUANTITY, "bản"),
        ("reach", "Lượt tiếp cận", ValueType.INTEGER, PrefillSource.REACH, "lượt"),
        ("received", "Hồ sơ tiếp nhận", ValueType.INTEGER, PrefillSource.NONE, "hồ sơ"),
        ("resolved", "Hồ sơ giải quyết", ValueType.INTEGER, PrefillSource.NONE, "hồ sơ"),
        ("online", "Tỷ lệ trực tuyến", ValueType.PERCENT, PrefillSource.NONE, "%"),
        ("note", "Ghi chú", ValueType.TEXT, PrefillSource.NONE, ""),
        ("portal", "Có chuyên mục CCHC", ValueType.BOOLEAN, PrefillSource.NONE, ""),
    ]
    indicators = {}
    for order, (code, name, kind, prefill, uom) in enumerate(specs):
        indicators[code] = Indicator.objects.create(code=code, name=name, value_type=kind, prefill=prefill,
                                                    unit_of_measure=uom, order=order)
    indicators["articles"].prefill_channels.set([web])
    indicators["reach"].prefill_topics.set([reform])
    indicators["resolved"].not_above = indicators["received"]
    indicators["resolved"].save()
    indicators["copies"].max_value = Decimal(1000)
    indicators["copies"].save()
    form = ReportForm.objects.create(name="Báo cáo tuyên truyền CCHC", code="tuyen-truyen",
                                     period_type=PeriodType.QUARTER, window_mode="calendar", deadline_days=2,
                                     start_date=date(2020, 1, 1),
                                     end_date=date(2020, 12, 31), sections=["Kết quả", "Khó khăn, kiến nghị"])
    for order, code in enumerate(indicators):
        FormIndicator.objects.create(form=form, indicator=indicators[code], order=order,
                                     required=code in ("articles", "received"))
    form.expected_kinds.set(UnitKind.objects.filter(code__in=["department", "district"]))
    periods = ensure_periods(form)
    return ReportSetup(form=form, periods=periods, period=periods[0], web=web, led=led, reform=reform, other=other,
                       indicators=indicators)


def log(unit: Any, day: date, channel: Channel, *, quantity: int | None = None, reach: int | None = None,
        topics: list[Topic] = (), title: str = "Tin bài") -> Activity:  # type: ignore[assignment]
    activity = Activity.objects.create(unit=unit, date=day, channel=channel, title=title, quantity=quantity,
                                       reach=reach)
    activity.topics.set(topics)
    return activity


@pytest.fixture
def setup(province: Any) -> ReportSetup:
    return make_report_setup()


def _start(setup: ReportSetup, unit: Any, user: Any) -> Submission:
    return actions.do_start_submission(form=setup.form, period=setup.period, unit=unit, acting_user=user)


def _filled(setup: ReportSetup, province: Any, alice: Any) -> Submission:
    submission = _start(setup, province.stttt, alice)
    return actions.do_save_submission(submission, acting_user=alice, values={"articles": "5", "received": "10"})


def test_it_builds_quarterly_periods(setup: ReportSetup) -> None:
    assert len(setup.periods) == 4
    assert setup.period.start == date(2020, 1, 1)
    assert setup.period.end == date(2020, 3, 31)
    assert setup.period.deadline > setup.period.end


# --- Workflow ------------------------------------------------------------------------------------------------------

def test_it_runs_the_whole_workflow(setup: ReportSetup, province: Any, alice: Any, coordinator: Any) -> None:
    submission = _filled(setup, province, alice)
    assert submission.status == SubmissionStatus.DRAFT
    submission = actions.do_submit(submission, acting_user=alice)
    assert submission.status == SubmissionStatus.SUBMITTED
    first = submission.first_submitted_at
    assert first is not None and submission.submitted_at == first
    with pytest.raises(ValidationError):
        actions.do_return(submission, acting_user=coordinator, reason="   ")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    submission = actions.do_return(submission, acting_user=coordinator, reason="Thiếu số liệu hồ sơ")
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.returned_reason == "Thiếu số liệu hồ sơ"
    notification = Notification.objects.get(recipient=alice)
    assert notification.body == "Thiếu số liệu hồ sơ"
    assert notification.url == submission.get_absolute_url()
    actions.do_save_submission(submission, acting_user=alice, values={"received": "12"})
    submission = actions.do_submit(submission, acting_user=alice)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.first_submitted_at == first
    assert submission.submitted_at >= first
    submission = actions.do_approve(submission, acting_user=coordinator)
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.approved_by == coordinator
    kinds = list(submission.events.values_list("kind", flat=True))
    assert kinds == [SubmissionEventKind.CREATE, SubmissionEventKind.SAVE, SubmissionEventKind.SUBMIT,
                     SubmissionEventKind.RETURN, SubmissionEventKind.SAVE, SubmissionEventKind.RESUBMIT,
                     SubmissionEventKind.APPROVE]


def test_it_notifies_nothing_on_submit(setup: ReportSetup, province: Any, alice: Any, coordinator: Any) -> None:
    actions.do_submit(_filled(setup, province, alice), acting_user=alice)
    assert not Notification.objects.exists()


def test_it_locks_approved_data_and_only_a_coordinator_reopens_it(setup: ReportSetup, province: Any, alice: Any,
                                                                   coordinator: Any, leader: Any) -> None:
    submission = actions.do_submit(_filled(setup, province, alice), acting_user=alice)
    with pytest.raises(ValidationError):  # submitted: not editable until returned
        actions.do_save_submission(submission, acting_user=alice, values={"articles": "6"})
    actions.do_approve(submission, acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.do_save_submission(submission, acting_user=alice, values={"articles": "6"})
    with pytest.raises(ValidationError):
        actions.do_submit(submission, acting_user=alice)
    with pytest.raises(PermissionDenied):
        actions.do_reopen(submission, acting_user=alice, reason="Sửa")
    with pytest.raises(PermissionDenied):
        actions.do_reopen(submission, acting_user=leader, reason="Sửa")
    with pytest.raises(ValidationError):
        actions.do_reopen(submission, acting_user=coordinator, reason="")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert IndicatorValue.objects.get(submission=submission, indicator__code="articles").number == 5
    submission = actions.do_reopen(submission, acting_user=coordinator, reason="Số liệu quý 1 cần điều chỉnh")
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.approved_at is None
    assert Notification.objects.filter(recipient=alice, body="Số liệu quý 1 cần điều chỉnh").exists()
    actions.do_save_submission(submission, acting_user=alice, values={"articles": "6"})
    assert actions.do_submit(submission, acting_user=alice).status == SubmissionStatus.SUBMITTED


def test_it_refuses_steps_out_of_order(setup: ReportSetup, province: Any, alice: Any, coordinator: Any) -> None:
    submission = _filled(setup, province, alice)
    with pytest.raises(ValidationError):
        actions.do_approve(submission, acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.do_return(submission, acting_user=coordinator, reason="x")
    with pytest.raises(ValidationError):
        actions.do_reopen(submission, acting_user=coordinator, reason="x")
    submission = actions.do_submit(submission, acting_user=alice)
    with pytest.raises(PermissionDenied):
        actions.do_approve(submission, acting_user=alice)
    with pytest.raises(PermissionDenied):
        actions.do_return(submission, acting_user=alice, reason="x")


def test_officers_reach_only_their_units(setup: ReportSetup, province: Any, alice: Any, bob: Any,
                                         leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        _start(setup, province.pleiku, alice)
    with pytest.raises(PermissionDenied):
        _start(setup, province.stttt, leader)
    submission = _start(setup, province.stttt, alice)
    with pytest.raises(PermissionDenied):
        actions.do_save_submission(submission, acting_user=bob, values={"articles": "1"})
    with pytest.raises(PermissionDenied):
        actions.do_submit(submission, acting_user=bob)
    with pytest.raises(PermissionDenied):
        actions.do_save_submission(submission, acting_user=leader, values={"articles": "1"})
    assert Submission.objects.count() == 1


def test_start_is_get_or_create_and_only_for_expected_units(setup: ReportSetup, province: Any, alice: Any,
                                                            coordinator: Any) -> None:
    first = _start(setup, province.stttt, alice)
    assert _start(setup, province.stttt, alice) == first
    with pytest.raises(ValidationError):  # a mass organisation is not expected
        _start(setup, province.mttq, coordinator)
    other_form = ReportForm.objects.create(name="Khác", code="khac", period_type=PeriodType.YEAR,
                                           start_date=date(2020, 1, 1))
    other_period = ensure_periods(other_form)[0]
    with pytest.raises(ValidationError):
        actions.do_start_submission(form=setup.form, period=other_period, unit=province.stttt, acting_user=alice)


# --- History -------------------------------------------------------------------------------------------------------

def test_it_keeps_who_when_and_what_changed(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _start(setup, province.stttt, alice)
    actions.do_save_submission(submission, acting_user=alice, values={"received": "10", "note": "Tốt"},
                               narrative={"Kết quả": "Đã đăng 5 tin"})
    actions.do_save_submission(submission, acting_user=alice, values={"received": "", "note": "Tốt"})
    events = list(submission.events.order_by("at", "id"))
    assert [event.kind for event in events] == ["create", "save", "save"]
    assert all(event.by == alice and event.at is not None for event in events)
    changes = events[1].changes
    assert {"indicator": "received", "old": None, "new": 10} in changes
    assert {"indicator": "note", "old": None, "new": "Tốt"} in changes
    assert any(change.get("section") == "Kết quả" for change in changes)
    assert events[2].changes == [{"indicator": "received", "old": 10, "new": None}]


def test_a_save_without_change_records_nothing(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _filled(setup, province, alice)
    count = submission.events.count()
    actions.do_save_submission(submission, acting_user=alice, values={"articles": "5", "received": "10"})
    assert submission.events.count() == count


# --- Not reported is never zero ------------------------------------------------------------------------------------

def test_empty_is_not_reported_and_zero_stays_zero(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _start(setup, province.stttt, alice)
    actions.do_save_submission(submission, acting_user=alice, values={"received": "0", "resolved": "", "online": None,
                                                                      "portal": ""})
    values = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    assert values["received"].number == Decimal(0)
    assert values["received"].display == "0"
    assert "resolved" not in values or values["resolved"].number is None
    assert "online" not in values or values["online"].is_empty
    assert actions.current_values(submission).get("resolved") is None


def test_booleans_and_texts(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _start(setup, province.stttt, alice)
    actions.do_save_submission(submission, acting_user=alice, values={"portal": "no", "note": "  Ổn  "})
    current = actions.current_values(submission)
    assert current["portal"] is False
    assert current["note"] == "Ổn"


# --- Validation ----------------------------------------------------------------------------------------------------

def test_validation_rules(setup: ReportSetup) -> None:
    errors = actions.validate_values(setup.form, {"articles": "-1", "online": "101", "received": "5",
                                                  "resolved": "6", "copies": "1001"}, for_submit=False)
    assert set(errors) == {"articles", "online", "resolved", "copies"}
    assert errors["articles"] == ["Nhập số nguyên từ 0 trở lên."]
    assert errors["online"] == ["Tỷ lệ phần trăm phải từ 0 đến 100."]
    assert "Hồ sơ tiếp nhận" in errors["resolved"][0]
    assert actions.validate_values(setup.form, {"articles": "2.5"}, for_submit=False)["articles"]
    assert actions.validate_values(setup.form, {"articles": "abc"}, for_submit=False)["articles"]
    assert not actions.validate_values(setup.form, {"online": "99,5", "resolved": "6"}, for_submit=False)
    assert not actions.validate_values(setup.form, {"received": "6", "resolved": "6"}, for_submit=False)


def test_required_only_to_submit(setup: ReportSetup) -> None:
    assert not actions.validate_values(setup.form, {}, for_submit=False)
    errors = actions.validate_values(setup.form, {"articles": "0"}, for_submit=True)
    assert set(errors) == {"received"}
    assert errors["received"] == ["Phải nhập chỉ tiêu này mới nộp được báo cáo."]


def test_an_invalid_save_changes_nothing(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _filled(setup, province, alice)
    with pytest.raises(ValidationError) as caught:
        actions.do_save_submission(submission, acting_user=alice, values={"articles": "7", "resolved": "11"})
    assert set(caught.value.message_dict) == {"resolved"}
    assert actions.current_values(submission)["articles"] == 5


def test_submit_refuses_missing_required_values(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _start(setup, province.stttt, alice)
    with pytest.raises(ValidationError) as caught:
        actions.do_submit(submission, acting_user=alice)
    assert "received" in caught.value.message_dict
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.submitted_at is None


def test_attached_activities_are_of_the_unit_and_period(setup: ReportSetup, province: Any, alice: Any) -> None:
    inside = log(province.stttt, date(2020, 2, 1), setup.web)
    later = log(province.stttt, date(2020, 4, 1), setup.web)
    elsewhere = log(province.pleiku, date(2020, 2, 1), setup.web)
    submission = _start(setup, province.stttt, alice)
    for wrong in (later, elsewhere):
        with pytest.raises(ValidationError):
            actions.do_save_submission(submission, acting_user=alice, values={}, activity_ids=[inside.pk, wrong.pk])
    assert not submission.activities.exists()
    actions.do_save_submission(submission, acting_user=alice, values={}, activity_ids=[inside.pk])
    assert list(submission.activities.all()) == [inside]


# --- Pre-fill ------------------------------------------------------------------------------------------------------

def test_it_prefills_from_the_log(setup: ReportSetup, province: Any, alice: Any) -> None:
    log(province.stttt, date(2020, 1, 1), setup.web, quantity=100, reach=50, topics=[setup.reform])
    log(province.stttt, date(2020, 3, 31), setup.web, quantity=20, reach=30, topics=[setup.other])
    log(province.stttt, date(2020, 2, 10), setup.led, quantity=5, reach=7, topics=[setup.reform, setup.other])
    log(province.stttt, date(2020, 4, 1), setup.web, quantity=1000, reach=1000, topics=[setup.reform])  # next quarter
    log(province.stttt, date(2019, 12, 31), setup.web, quantity=1000, reach=1000)  # previous year
    log(province.pleiku, date(2020, 2, 1), setup.web, quantity=1000, reach=1000, topics=[setup.reform])
    submission = _start(setup, province.stttt, alice)
    assert actions.prefill_values(submission) == {"articles": Decimal(2), "copies": Decimal(125),
                                                  "reach": Decimal(57)}
    stored = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    assert stored["articles"].prefilled == 2 and stored["articles"].number == 2
    assert stored["copies"].number == 125
    assert stored["reach"].number == 57
    created = submission.events.get(kind="create")
    assert {"indicator": "articles", "old": None, "new": 2} in created.changes


def test_prefill_with_nothing_logged(setup: ReportSetup, province: Any, alice: Any) -> None:
    submission = _start(setup, province.stttt, alice)
    assert actions.prefill_values(submission) == {"articles": Decimal(0), "copies": None, "reach": None}
    assert actions.current_values(submission)["copies"] is None


def test_the_officer_adjusts_a_prefilled_value(setup: ReportSetup, province: Any, alice: Any) -> None:
    log(province.stttt, date(2020, 2, 1), setup.web)
    submission = _start(setup, province.stttt, alice)
    actions.do_save_submission(submission, acting_user=alice, values={"articles": "3"})
    value = IndicatorValue.objects.get(submission=submission, indicator__code="articles")
    assert (value.number, value.prefilled) == (3, 1)


# --- Timeliness ----------------------------------------------------------------------------------------------------

def test_submitted_at_is_the_clock_now_and_late_after_the_deadline(settings: Any, setup: ReportSetup,
                                                                   province: Any, alice: Any) -> None:
    late_day = setup.period.deadline + timedelta(days=1)
    settings.CCHC_TODAY = late_day.isoformat()
    submission = actions.do_submit(_filled(setup, province, alice), acting_user=alice)
    assert submission.submitted_at.astimezone(actions.clock.VIETNAM).date() == late_day
    assert not actions.is_on_time(submission, setup.period)
    assert actions.submission_state(submission, setup.period, late_day) == actions.STATE_LATE


def test_on_time_when_submitted_by_the_deadline(settings: Any, setup: ReportSetup, province: Any,
                                                alice: Any) -> None:
    settings.CCHC_TODAY = setup.period.deadline.isoformat()
    submission = actions.do_submit(_filled(setup, province, alice), acting_user=alice)
    assert actions.submission_state(submission, setup.period, setup.period.deadline) == actions.STATE_ON_TIME


def test_expected_rows_and_states(setup: ReportSetup, province: Any, alice: Any) -> None:
    _filled(setup, province, alice)
    rows = actions.expected_rows(setup.form, setup.period)
    units = [unit for unit, _submission in rows]
    assert {province.stttt, province.pleiku, province.chupah, province.snv, province.stp} == set(units)
    assert province.mttq not in units
    by_unit = dict(rows)
    assert by_unit[province.stttt] is not None and by_unit[province.pleiku] is None
    day_after = date(2020, 12, 31)
    assert actions.submission_state(None, setup.period, setup.period.start) == actions.STATE_MISSING
    assert actions.submission_state(None, setup.period, day_after) == actions.STATE_OVERDUE
    assert actions.submission_state(by_unit[province.stttt], setup.period, setup.period.start) == actions.STATE_DRAFT


# --- Translations --------------------------------------------------------------------------------------------------

def _catalogue() -> dict[str, str]:
    import polib

    catalogue = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(catalogue)) if entry.msgstr}


def test_every_message_has_a_vietnamese_translation() -> None:
    translated = set(_catalogue())
    source = (Path(actions.__file__)).read_text(encoding="utf-8")
    used = set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source))
    assert used and used <= translated, sorted(used - translated)


def test_validation_messages_read_in_vietnamese(monkeypatch: Any, setup: ReportSetup) -> None:
    catalogue = _catalogue()
    monkeypatch.setattr(actions, "_", lambda message: catalogue[message])
    errors = actions.validate_values(setup.form, {"articles": "-1", "online": "150", "received": "2",
                                                  "resolved": "3"}, for_submit=True)
    assert errors["articles"] == ["Nhập số nguyên từ 0 trở lên."]
    assert errors["online"] == ["Tỷ lệ phần trăm phải từ 0 đến 100."]
    assert errors["resolved"] == ["Giá trị không được lớn hơn “Hồ sơ tiếp nhận” (2)."]
    assert actions.validate_values(setup.form, {}, for_submit=True)["received"] == [
        "Phải nhập chỉ tiêu này mới nộp được báo cáo."]
