"""The reminder pages: the log (officers see only their units'), run now, "Đôn đốc", the letter, holidays, policies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from cchc.directives.models import Assignment
from cchc.reminders.models import Holiday, ReminderPolicy, ReminderSent
from cchc.reminders.run import run_reminders

from .conftest import STEP_DATES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def sent(assignment: Assignment, pleiku_assignment: Assignment, on_day: Any) -> list[ReminderSent]:
    """Two automatic reminders (Sở TT&TT and Pleiku, step "due")."""
    on_day(STEP_DATES["due"])
    run_reminders()
    return list(ReminderSent.objects.all())


def rows(response: Any) -> list[str]:
    return [record.unit.code for record in response.context["records"]]


def test_managers_and_leaders_see_every_reminder(sent: Any, coordinator_client: Any, leader_client: Any,
                                                 admin_client_: Any) -> None:
    for client in (coordinator_client, leader_client, admin_client_):
        response = client.get(reverse("reminders:sent"))
        assert response.status_code == 200
        assert sorted(rows(response)) == ["stttt", "ubnd-pleiku"]
    content = coordinator_client.get(reverse("reminders:sent")).content.decode()
    assert "Nhật ký đôn đốc" in content and "đến hạn" in content and "alice@gialai.example" in content


def test_an_officer_sees_only_their_units_reminders(sent: Any, alice_client: Any, bob_client: Any,
                                                    province: Any) -> None:
    assert rows(alice_client.get(reverse("reminders:sent"))) == ["stttt"]
    assert rows(bob_client.get(reverse("reminders:sent"))) == ["ubnd-pleiku"]
    # nor by filtering on another unit (not a valid choice for her: the filter is ignored)
    response = alice_client.get(reverse("reminders:sent"), {"unit": province.pleiku.pk})
    assert "ubnd-pleiku" not in rows(response)
    assert "Gửi nhắc việc hôm nay ngay" not in alice_client.get(reverse("reminders:sent")).content.decode()


def test_the_log_filters(sent: Any, coordinator: Any, coordinator_client: Any, province: Any, assignment: Any,
                         on_day: Any) -> None:
    from cchc.directives.obligations import as_obligation
    from cchc.reminders.actions import do_remind_now

    on_day(date(2020, 11, 27))
    do_remind_now([as_obligation(assignment)], acting_user=coordinator)
    url = reverse("reminders:sent")
    assert rows(coordinator_client.get(url, {"unit": province.stttt.pk})) == ["stttt", "stttt"]
    assert rows(coordinator_client.get(url, {"how": "manual"})) == ["stttt"]
    assert sorted(rows(coordinator_client.get(url, {"how": "automatic"}))) == ["stttt", "ubnd-pleiku"]
    assert len(rows(coordinator_client.get(url, {"kind": "assignment"}))) == 3
    assert rows(coordinator_client.get(url, {"date_from": "2020-11-26"})) == ["stttt"]
    assert len(rows(coordinator_client.get(url, {"date_to": "2020-11-25"}))) == 2
    assert "trực tiếp" in coordinator_client.get(url, {"how": "manual"}).content.decode()


def test_the_log_needs_a_login(client: Any, db: Any) -> None:
    response = client.get(reverse("reminders:sent"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_nav_shows_reminders_to_managers_only(coordinator_client: Any, alice_client: Any) -> None:
    assert 'href="/reminders/sent/"' in coordinator_client.get(reverse("core:home")).content.decode()
    assert 'href="/reminders/sent/"' not in alice_client.get(reverse("core:home")).content.decode()


def test_a_coordinator_queues_a_run_now(assignment: Assignment, coordinator_client: Any, alice_client: Any,
                                        on_day: Any, django_capture_on_commit_callbacks: Any) -> None:
    on_day(STEP_DATES["before-1"])
    assert alice_client.post(reverse("reminders:run")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("reminders:run"))
    assert response.status_code == 302
    assert list(ReminderSent.objects.values_list("step", flat=True)) == ["before-1"]


def test_the_remind_button(assignment: Assignment, coordinator_client: Any, alice_client: Any, on_day: Any) -> None:
    on_day(date(2020, 11, 20))
    data = {"obligation": [f"assignment:{assignment.pk}", "assignment:999999", "bogus"], "message": "Khẩn.",
            "next": "/directives/"}
    assert alice_client.post(reverse("reminders:remind_now"), data).status_code == 403
    assert not ReminderSent.objects.exists()
    response = coordinator_client.post(reverse("reminders:remind_now"), data)
    assert response.status_code == 302 and response["Location"] == "/directives/"
    record = ReminderSent.objects.get()
    assert record.manual and record.sent_by.username == "sonoivu" and len(mail.outbox) == 1
    evil = coordinator_client.post(reverse("reminders:remind_now"), {**data, "next": "https://evil.example/"})
    assert evil["Location"] == reverse("reminders:sent")


def test_the_letter_download(assignment: Assignment, coordinator_client: Any, alice_client: Any) -> None:
    params = {"obligation": f"assignment:{assignment.pk}", "about": "Công văn số 2031/UBND-NC"}
    assert alice_client.get(reverse("reminders:letter"), params).status_code == 403
    response = coordinator_client.get(reverse("reminders:letter"), params)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response.content[:2] == b"PK"
    assert coordinator_client.get(reverse("reminders:letter")).status_code == 302  # nothing chosen


# --- Holidays ------------------------------------------------------------------------------------------------------


def test_everyone_reads_the_holiday_calendar(alice_client: Any, settings: Any) -> None:
    settings.CCHC_TODAY = "2021-03-01"
    response = alice_client.get(reverse("reminders:holidays"))
    assert response.status_code == 200
    assert [h.date for h in response.context["holidays"]][:2] == [date(2021, 1, 1), date(2021, 2, 11)]
    content = response.content.decode()
    assert "Tết Nguyên đán" in content and "Giỗ Tổ Hùng Vương" in content and "Xóa" not in content
    assert "Lịch nghỉ lễ năm 2021" in content and "2.021" not in content
    data = {"action": "add", "add-day": "2021-03-02", "add-name": "x"}
    assert alice_client.post(reverse("reminders:holidays"), data).status_code == 403


def test_an_administrator_edits_the_calendar(admin_client_: Any, coordinator_client: Any) -> None:
    url = reverse("reminders:holidays")
    response = admin_client_.post(url, {"action": "add", "add-day": "2020-12-31", "add-name": "Nghỉ cuối năm"})
    assert response.status_code == 302 and response["Location"] == f"{url}?year=2020"
    holiday = Holiday.objects.get(date=date(2020, 12, 31))
    assert holiday.name == "Nghỉ cuối năm"
    assert coordinator_client.post(reverse("reminders:holiday_delete", args=[holiday.pk])).status_code == 403
    assert admin_client_.post(reverse("reminders:holiday_delete", args=[holiday.pk])).status_code == 302
    assert not Holiday.objects.filter(date=date(2020, 12, 31)).exists()
    Holiday.objects.filter(date__year=2040).delete()
    response = admin_client_.post(url, {"action": "load", "load-year": "2040"})
    assert response.status_code == 302 and Holiday.objects.filter(date__year=2040).count() >= 9
    page = admin_client_.get(url, {"year": "2040"}).content.decode()
    assert "Tết Nguyên đán" in page and "Xóa" in page


def test_the_add_form_reports_errors(admin_client_: Any) -> None:
    response = admin_client_.post(reverse("reminders:holidays"), {"action": "add", "add-day": "", "add-name": ""})
    assert response.status_code == 200 and response.context["add_form"].errors


# --- Policies ------------------------------------------------------------------------------------------------------


def test_a_coordinator_edits_the_default_policy(coordinator_client: Any) -> None:
    policy = ReminderPolicy.default()
    url = reverse("reminders:policy_edit", args=[policy.pk])
    page = coordinator_client.get(url).content.decode()
    assert 'value="7, 1"' in page
    data = {"name": "Mặc định", "days_before": "5, 2 ,1", "on_due_date": "on", "overdue_every": "2",
            "overdue_max": "5", "escalate_after": "2", "working_days": "on", "is_default": "on"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.days_before, policy.overdue_every, policy.escalate_after) == ([5, 2, 1], 2, 2)


@pytest.mark.parametrize("value", ["7, x", "0", "-1", "3.5"])
def test_days_before_must_be_positive_whole_numbers(coordinator_client: Any, value: str) -> None:
    policy = ReminderPolicy.default()
    data = {"name": "Mặc định", "days_before": value, "overdue_every": "3", "overdue_max": "10",
            "escalate_after": "3", "is_default": "on"}
    response = coordinator_client.post(reverse("reminders:policy_edit", args=[policy.pk]), data)
    assert response.status_code == 200
    assert "không phải số ngày nguyên dương" in str(response.context["form"].errors["days_before"])
    policy.refresh_from_db()
    assert policy.days_before == [7, 1]


def test_a_coordinator_creates_a_named_policy_and_may_make_it_the_default(coordinator_client: Any) -> None:
    data = {"name": "Khẩn", "days_before": "", "on_due_date": "on", "overdue_every": "1", "overdue_max": "5",
            "escalate_after": "1", "working_days": "on"}
    assert coordinator_client.post(reverse("reminders:policy_create"), data).status_code == 302
    urgent = ReminderPolicy.objects.get(name="Khẩn")
    assert urgent.days_before == [] and not urgent.is_default
    assert ReminderPolicy.default().name == "Mặc định"
    coordinator_client.post(reverse("reminders:policy_edit", args=[urgent.pk]), {**data, "is_default": "on"})
    assert list(ReminderPolicy.objects.filter(is_default=True).values_list("name", flat=True)) == ["Khẩn"]
    page = coordinator_client.get(reverse("reminders:policies")).content.decode()
    assert "Khẩn" in page and "mặc định" in page


def test_officers_and_leaders_do_not_edit_policies(alice_client: Any, leader_client: Any) -> None:
    policy = ReminderPolicy.default()
    assert alice_client.get(reverse("reminders:policies")).status_code == 403
    assert leader_client.get(reverse("reminders:policies")).status_code == 200
    assert "Sửa" not in leader_client.get(reverse("reminders:policies")).content.decode()
    for client in (alice_client, leader_client):
        assert client.get(reverse("reminders:policy_create")).status_code == 403
        assert client.post(reverse("reminders:policy_edit", args=[policy.pk]), {"name": "x"}).status_code == 403
