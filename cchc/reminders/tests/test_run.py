"""The reminder run: each step once, to the right people, never on holidays, never to closed units."""

from __future__ import annotations

import threading
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection

from cchc.core.models import Notification
from cchc.directives.choices import AssignmentStatus
from cchc.directives.models import Assignment
from cchc.directives.obligations import as_obligation
from cchc.reminders.actions import do_remind_now
from cchc.reminders.models import Holiday, ReminderPolicy, ReminderSent
from cchc.reminders.run import run_reminders

from .conftest import DUE, STEP_DATES

STTTT_TO = ["alice@gialai.example", "stttt@gialai.example"]
HEAD = "giamdoc.stttt@gialai.example"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")


@pytest.mark.parametrize("step", list(STEP_DATES))
def test_it_sends_each_step_on_its_day(step: str, assignment: Assignment, on_day: Any) -> None:
    on_day(STEP_DATES[step])
    planned = run_reminders()
    assert [(p.obligation.pk, p.step.name) for p in planned] == [(assignment.pk, step)]
    record = ReminderSent.objects.get()
    assert (record.kind, record.object_id, record.step, record.unit) == ("assignment", assignment.pk, step,
                                                                         assignment.unit)
    assert record.sent_on == STEP_DATES[step] and not record.manual
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == STTTT_TO
    escalated = step == "overdue-3"
    assert record.escalated is escalated
    assert message.cc == ([HEAD] if escalated else [])
    assert (HEAD in record.recipients) is escalated
    assert "Nhiệm vụ 1 — Công văn 2031/UBND-NC" in message.subject
    assert "Đề nghị đơn vị" in message.body and "25/11/2020" in message.body
    html = message.alternatives[0][0]
    assert "Kính gửi" in html and "Sở Thông tin và Truyền thông tỉnh Gia Lai" in html


def test_the_wording_follows_the_step(assignment: Assignment, on_day: Any) -> None:
    on_day(STEP_DATES["before-7"])
    run_reminders()
    on_day(STEP_DATES["due"])
    run_reminders()
    on_day(STEP_DATES["overdue-1"])
    run_reminders()
    before, due, overdue = mail.outbox
    assert before.subject.startswith("[CCHC Hub] Nhắc việc:") and "còn 9 ngày" in before.body
    assert due.subject.startswith("[CCHC Hub] Đến hạn hôm nay:") and "trong ngày hôm nay" in due.body
    assert overdue.subject.startswith("[CCHC Hub] Quá hạn:") and "khẩn trương" in overdue.body
    assert "quá hạn 5 ngày" in overdue.body


def test_each_step_is_sent_once_however_often_it_runs(assignment: Assignment, on_day: Any) -> None:
    on_day(STEP_DATES["before-7"])
    assert len(run_reminders()) == 1
    assert run_reminders() == []
    on_day(date(2020, 11, 18))  # still before-7's period: nothing new
    assert run_reminders() == []
    on_day(STEP_DATES["before-1"])
    assert len(run_reminders()) == 1
    assert run_reminders() == []
    assert list(ReminderSent.objects.order_by("sent_on").values_list("step", flat=True)) == ["before-7", "before-1"]
    assert len(mail.outbox) == 2


def test_missed_steps_are_not_sent_after_the_fact(assignment: Assignment, on_day: Any) -> None:
    on_day(STEP_DATES["overdue-2"])
    assert [p.step.name for p in run_reminders()] == ["overdue-2"]
    assert list(ReminderSent.objects.values_list("step", flat=True)) == ["overdue-2"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_step_once(province: Any, alice: Any, bob: Any, settings: Any) -> None:
    from cchc.directives.models import Directive, Task

    directive = Directive.objects.create(number="1/KH-UBND", doc_type="Kế hoạch", date=date(2020, 10, 1))
    task = Task.objects.create(directive=directive, label="1", text="Tuyên truyền", due_date=DUE)
    units = [province.stttt, province.pleiku, province.snv, province.stp, province.buudien]
    for unit in units:
        Assignment.objects.create(task=task, unit=unit, due_date=DUE)
    ReminderPolicy.default()
    settings.CCHC_TODAY = STEP_DATES["before-1"].isoformat()
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            if connection.vendor == "sqlite":
                # The test database is SQLite in memory with a shared cache, where a reader meets "table is locked"
                # while another connection writes (a file database in WAL mode, as in production, never blocks
                # readers). Writers still contend, and the unique claim still decides who sends.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA read_uncommitted = 1")
            barrier.wait()
            results.append(run_reminders())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(results) == 2
    assert sum(len(r) for r in results) == len(units)
    assert ReminderSent.objects.count() == len(units)
    assert sorted(ReminderSent.objects.values_list("unit_id", flat=True)) == sorted(u.pk for u in units)
    sent_to = sorted(tuple(m.to) for m in mail.outbox)
    # Sở Tư pháp and Bưu điện have no address and no officer: recorded, nothing mailed
    assert len(sent_to) == 3
    assert len(set(sent_to)) == len(sent_to)


def test_no_reminder_on_a_weekend_the_monday_run_sends_the_latest(assignment: Assignment, on_day: Any) -> None:
    on_day(date(2020, 11, 28))  # Saturday after the due date
    assert run_reminders() == []
    on_day(date(2020, 11, 29))
    assert run_reminders() == []
    on_day(date(2020, 11, 30))
    assert [p.step.name for p in run_reminders()] == ["overdue-1"]


def test_tet_is_skipped(task: Any, province: Any, alice: Any, on_day: Any) -> None:
    assert Holiday.objects.filter(date=date(2021, 2, 12)).exists()  # loaded by the data migration
    Assignment.objects.create(task=task, unit=province.stttt, due_date=date(2021, 2, 18))
    on_day(date(2021, 2, 16))  # Tết (compensation day): nothing
    assert run_reminders() == []
    on_day(date(2021, 2, 17))
    assert run_reminders() == []
    on_day(date(2021, 2, 10))  # before-1 counted back over Tết
    assert [p.step.name for p in run_reminders()] == ["before-1"]


def test_an_administrators_holiday_moves_the_steps(assignment: Assignment, on_day: Any) -> None:
    Holiday.objects.create(date=date(2020, 11, 24), name="Nghỉ đột xuất")
    on_day(date(2020, 11, 24))
    assert run_reminders() == []
    on_day(date(2020, 11, 23))
    assert [p.step.name for p in run_reminders()] == ["before-1"]


def test_no_reminder_to_a_unit_closed_before_the_due_date(assignment: Assignment, province: Any, on_day: Any) -> None:
    type(province.stttt).objects.filter(pk=province.stttt.pk).update(valid_to=date(2020, 11, 20))
    on_day(STEP_DATES["due"])
    assert run_reminders() == []
    assert not ReminderSent.objects.exists() and mail.outbox == []


def test_no_reminder_to_a_unit_closed_since(assignment: Assignment, province: Any, on_day: Any) -> None:
    type(province.stttt).objects.filter(pk=province.stttt.pk).update(valid_to=date(2020, 11, 27))
    on_day(STEP_DATES["overdue-1"])
    assert run_reminders() == []


def test_no_reminder_for_done_assignments(assignment: Assignment, on_day: Any) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.DONE, completed_on=date(2020, 11, 20))
    on_day(STEP_DATES["due"])
    assert run_reminders() == []
    assert not ReminderSent.objects.exists()


def test_a_dry_run_sends_and_records_nothing(assignment: Assignment, pleiku_assignment: Assignment,
                                             on_day: Any) -> None:
    on_day(STEP_DATES["overdue-3"])
    planned = run_reminders(dry_run=True)
    assert sorted(p.obligation.unit.code for p in planned) == ["stttt", "ubnd-pleiku"]
    assert all(p.step.name == "overdue-3" and p.step.escalated and p.sent is None for p in planned)
    assert not ReminderSent.objects.exists() and mail.outbox == [] and not Notification.objects.exists()
    assert len(run_reminders()) == 2  # and the real run still sends them


def test_the_officers_get_an_in_app_notification(assignment: Assignment, pleiku_assignment: Assignment, alice: Any,
                                                 bob: Any, on_day: Any) -> None:
    on_day(STEP_DATES["due"])
    run_reminders()
    mine = Notification.objects.for_user(alice)
    assert mine.count() == 1
    notification = mine.get()
    assert "Nhiệm vụ 1" in notification.title and notification.url == f"/tasks/{assignment.pk}/"
    assert notification.category == "reminder" and not notification.is_read
    assert Notification.objects.for_user(bob).count() == 1
    assert mail.outbox[1].to == ["bob@gialai.example", "pleiku@gialai.example"] or \
        mail.outbox[0].to == ["bob@gialai.example", "pleiku@gialai.example"]


def test_a_failed_email_releases_the_step_for_a_later_run(assignment: Assignment, on_day: Any, settings: Any) -> None:
    on_day(STEP_DATES["due"])
    settings.EMAIL_BACKEND = "cchc.reminders.tests.test_run.FailingBackend"
    assert run_reminders() == []
    assert not ReminderSent.objects.exists() and not Notification.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert [p.step.name for p in run_reminders()] == ["due"]
    assert ReminderSent.objects.count() == 1 and len(mail.outbox) == 1


def test_the_directives_own_policy_applies(assignment: Assignment, directive: Any, on_day: Any) -> None:
    directive.policy = ReminderPolicy.objects.create(name="Gấp", days_before=[2], on_due_date=False,
                                                     overdue_every=1, escalate_after=1)
    directive.save()
    on_day(STEP_DATES["before-7"])
    assert run_reminders() == []
    on_day(date(2020, 11, 23))
    assert [p.step.name for p in run_reminders()] == ["before-2"]
    on_day(date(2020, 11, 26))
    planned = run_reminders()
    assert [p.step.name for p in planned] == ["overdue-1"] and planned[0].step.escalated
    assert mail.outbox[-1].cc == [HEAD]


def test_the_default_policy_exists_after_migrating(db: Any) -> None:
    policy = ReminderPolicy.default()
    assert (policy.name, policy.days_before, policy.on_due_date, policy.overdue_every, policy.escalate_after,
            policy.working_days, policy.is_default) == ("Mặc định", [7, 1], True, 3, 3, True, True)
    assert Holiday.objects.filter(date__year=2015).exists() and Holiday.objects.filter(date__year=2035).exists()


# --- The commands ---------------------------------------------------------------------------------------------------


def test_the_remind_command_prints_a_summary(assignment: Assignment, pleiku_assignment: Assignment,
                                             on_day: Any) -> None:
    on_day(STEP_DATES["overdue-3"])
    out = StringIO()
    call_command("remind", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "08/12/2020: sẽ gửi 2 thư nhắc (chạy thử, không gửi)" in text
    assert "- Sở Thông tin và Truyền thông tỉnh Gia Lai: Nhiệm vụ 1 — Công văn 2031/UBND-NC (hạn 25/11/2020)" in text
    assert "quá hạn, lần 3 (đồng gửi thủ trưởng)" in text and HEAD in text
    assert not ReminderSent.objects.exists()
    out = StringIO()
    call_command("remind", stdout=out)
    assert "đã gửi 2 thư nhắc" in out.getvalue()
    out = StringIO()
    call_command("remind", stdout=out)
    assert "không có thư nhắc nào cần gửi" in out.getvalue()
    assert ReminderSent.objects.count() == 2 and len(mail.outbox) == 2


def test_the_remind_command_takes_a_date(assignment: Assignment) -> None:
    out = StringIO()
    call_command("remind", "--date", "2020-11-24", stdout=out)
    assert "Trước hạn 1 ngày".lower() in out.getvalue().lower()
    assert ReminderSent.objects.get().sent_on == date(2020, 11, 24)


def test_the_holidays_command_is_idempotent(db: Any) -> None:
    Holiday.objects.filter(date__year=2021).delete()
    out = StringIO()
    call_command("holidays", "--year", "2021", stdout=out)
    assert "Năm 2021: thêm 14 ngày nghỉ" in out.getvalue()
    call_command("holidays", "--year", "2021", stdout=out)
    assert Holiday.objects.filter(date__year=2021).count() == 14
    assert Holiday.objects.get(date=date(2021, 4, 21)).name == "Giỗ Tổ Hùng Vương"
    assert Holiday.objects.get(date=date(2021, 2, 12)).name == "Tết Nguyên đán"


# --- "Đôn đốc" ------------------------------------------------------------------------------------------------------


def test_a_coordinator_reminds_by_hand(assignment: Assignment, pleiku_assignment: Assignment, coordinator: Any,
                                       on_day: Any) -> None:
    on_day(date(2020, 11, 20))
    obligations = [as_obligation(assignment), as_obligation(pleiku_assignment)]
    sent = do_remind_now(obligations, acting_user=coordinator, message="Đề nghị báo cáo trước 17 giờ.")
    assert len(sent) == 2 and all(r.manual and r.sent_by == coordinator and r.step.startswith("manual-") for r in sent)
    assert len(mail.outbox) == 2 and "Đề nghị báo cáo trước 17 giờ." in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[CCHC Hub] Đôn đốc thực hiện:")
    # again: a second manual reminder is a new one, and the automatic steps are untouched
    do_remind_now([as_obligation(assignment)], acting_user=coordinator)
    assert ReminderSent.objects.filter(manual=True).count() == 3
    assert [p.step.name for p in run_reminders()] == ["before-7", "before-7"]


def test_an_officer_may_not_remind(assignment: Assignment, alice: Any, leader: Any) -> None:
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            do_remind_now([as_obligation(assignment)], acting_user=user)
    assert not ReminderSent.objects.exists() and mail.outbox == []


def test_done_obligations_are_not_reminded_by_hand(assignment: Assignment, admin_user: Any) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.DONE)
    assignment.refresh_from_db()
    assert do_remind_now([as_obligation(assignment)], acting_user=admin_user) == []
