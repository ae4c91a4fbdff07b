"""Time limits per category (working days), the overdue flag, reminders through the reminders module."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from cchc.core.models import Notification
from cchc.feedback import actions
from cchc.feedback.choices import EventKind
from cchc.feedback.routing import due_date_for
from cchc.reminders.models import ReminderSent


@pytest.mark.django_db
def test_the_time_limit_counts_working_days(categories: Any) -> None:
    # Friday 20/11/2020 + 10 working days = Friday 04/12/2020; + 5 working days = Friday 27/11/2020
    assert due_date_for(categories["dat-dai"], date(2020, 11, 20)) == date(2020, 12, 4)
    assert due_date_for(categories["thai-do"], date(2020, 11, 20)) == date(2020, 11, 27)


@pytest.mark.django_db
def test_overdue_items_are_flagged_once_and_the_unit_reminded(settings: Any, categories: Any, province: Any,
                                                              coordinator: Any, bob: Any) -> None:
    settings.CCHC_TODAY = "2020-11-02"
    item = actions.do_submit_feedback(category=categories["thai-do"], title="Chờ lâu", content="Chờ hai tiếng.",
                                      consent=True)
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    assert item.due_date == date(2020, 11, 9)
    settings.CCHC_TODAY = "2020-11-09"
    call_command("feedback-deadlines")
    assert not item.events.filter(kind=EventKind.OVERDUE).exists()
    assert ReminderSent.objects.filter(kind="feedback", object_id=item.pk).exists()  # due today
    settings.CCHC_TODAY = "2020-11-10"
    item.refresh_from_db()
    assert item.is_overdue() and item.overdue_days() == 1
    call_command("feedback-deadlines")
    call_command("feedback-deadlines")
    assert item.events.filter(kind=EventKind.OVERDUE).count() == 1
    assert Notification.objects.filter(recipient=bob, title__contains="quá hạn").count() == 1
    # The answer ends it: no more overdue, answered late.
    actions.do_publish_answer(item, acting_user=coordinator, text="Đã bố trí thêm quầy.")
    item.refresh_from_db()
    assert not item.is_overdue() and item.answered_on_time is False


@pytest.mark.django_db
def test_items_at_units_are_obligations_of_the_reminders_module(item: Any, province: Any, coordinator: Any) -> None:
    from cchc.reminders.obligations import source_for

    source = source_for("feedback")
    assert list(source.open_obligations(date(2020, 11, 20))) == []
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    obligation = source.get(item.pk)
    assert obligation is not None and obligation.unit == province.pleiku and obligation.due_date == item.due_date


@pytest.mark.django_db
def test_personal_data_is_erased_after_the_retention_period(settings: Any, categories: Any, province: Any,
                                                            coordinator: Any, photo: Any) -> None:
    settings.CCHC_TODAY = "2020-11-02"
    item = actions.do_submit_feedback(category=categories["khac"], title="Đề nghị", content="…", consent=True,
                                      name="Nguyễn Văn Tư", phone="0905123456", email="tu@example.com",
                                      files=[photo])
    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    actions.do_publish_answer(item, acting_user=coordinator, text="Đã xử lý.")
    actions.do_record_resolution(item, True)
    settings.CCHC_TODAY = "2022-10-01"
    call_command("feedback-deadlines")
    item.refresh_from_db()
    assert item.sender_email == "tu@example.com"  # within two years
    settings.CCHC_TODAY = "2022-11-20"
    call_command("feedback-deadlines")
    item.refresh_from_db()
    assert (item.sender_name, item.sender_phone, item.sender_email) == ("", "", "")
    assert item.attachments.count() == 0 and item.answer == "Đã xử lý."
    assert item.events.filter(kind=EventKind.PRIVACY, text__contains="xóa dữ liệu cá nhân").count() == 1
    call_command("feedback-deadlines")
    assert item.events.filter(kind=EventKind.PRIVACY).count() == 1


@pytest.mark.django_db
def test_the_coordinator_reminds_the_unit_by_hand(item: Any, province: Any, coordinator: Any, bob: Any,
                                                  coordinator_client: Any) -> None:
    from django.urls import reverse

    actions.do_route_feedback(item, province.pleiku, acting_user=coordinator)
    page = coordinator_client.get(item.get_absolute_url()).content.decode()
    assert 'data-testid="remind-unit"' in page
    response = coordinator_client.post(reverse("reminders:remind_now"), {
        "obligation": f"feedback:{item.pk}", "message": "Đề nghị trả lời sớm.", "next": item.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    sent = ReminderSent.objects.get(kind="feedback", object_id=item.pk)
    assert sent.unit_id == province.pleiku.pk
    assert Notification.objects.filter(recipient=bob, category="reminder").exists()
