from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.core.audit import history_for
from cchc.directives import actions
from cchc.directives.choices import Timeliness
from cchc.directives.models import Assignment, Directive
from cchc.reminders.models import ReminderPolicy

from . import test_pages_fixtures as fixtures
from .test_pages_fixtures import DONE, IN_PROGRESS, TODO

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


@pytest.mark.django_db
def test_the_fixture_stands_on_the_fixed_clock(setup, fixed_today):
    assert setup(1, "stttt").timeliness(fixed_today) == Timeliness.ON_TIME
    assert setup(1, "ubnd-pleiku").timeliness(fixed_today) == Timeliness.LATE
    assert setup(1, "ubnd-chupah").timeliness(fixed_today) == Timeliness.OVERDUE
    assert setup(1, "mttq").is_overdue(fixed_today)
    assert setup(2, "stttt").timeliness(fixed_today) == Timeliness.PENDING
    assert setup(3, "stttt").due_date == date(2020, 11, 25)  # the report deadline
    overdue = Assignment.objects.filter(task__directive=setup.directive).overdue(fixed_today)
    assert {a.unit.code for a in overdue} == {"ubnd-chupah", "mttq"}  # Bưu điện closed before the due date


@pytest.mark.django_db
def test_an_officer_marks_her_assignment_done_on_time_by_the_completion_date(setup, alice, fixed_today):
    assignment = setup(2, "stttt")  # due 31/12
    actions.do_update_assignment(assignment, acting_user=alice, status=DONE, completed_on=date(2020, 11, 12),
                                 notes="  Đã tổ chức hội nghị.  ", links="https://stttt.gialai.gov.vn/tin-1\n\n")
    assignment.refresh_from_db()
    assert assignment.status == DONE and assignment.completed_on == date(2020, 11, 12)
    assert assignment.notes == "Đã tổ chức hội nghị."
    assert assignment.link_list() == ["https://stttt.gialai.gov.vn/tin-1"]
    assert assignment.updated_by == alice
    assert assignment.timeliness(fixed_today) == Timeliness.ON_TIME
    history = history_for(assignment)
    assert history and history[0].actor == alice


@pytest.mark.django_db
def test_late_or_on_time_is_judged_by_the_completion_date_not_the_day_of_saving(setup, alice, fixed_today):
    # Task 1 was due 15/11; saved today (20/11), but done on 14/11: on time.
    assignment = setup(1, "ubnd-chupah")
    actions.do_update_assignment(assignment, acting_user=None, status=DONE, completed_on=date(2020, 11, 14))
    assert assignment.timeliness(fixed_today) == Timeliness.ON_TIME
    actions.do_update_assignment(assignment, acting_user=None, status=DONE, completed_on=date(2020, 11, 16))
    assert assignment.timeliness(fixed_today) == Timeliness.LATE


@pytest.mark.django_db
def test_done_needs_a_completion_date_that_is_neither_future_nor_before_the_directive(setup, alice):
    assignment = setup(2, "stttt")
    with pytest.raises(ValidationError) as missing:
        actions.do_update_assignment(assignment, acting_user=alice, status=DONE)
    assert "Nhập ngày hoàn thành" in missing.value.message_dict["completed_on"][0]
    with pytest.raises(ValidationError) as future:
        actions.do_update_assignment(assignment, acting_user=alice, status=DONE, completed_on=date(2020, 11, 21))
    assert "tương lai" in future.value.message_dict["completed_on"][0]
    with pytest.raises(ValidationError) as before:
        actions.do_update_assignment(assignment, acting_user=alice, status=DONE, completed_on=date(2020, 9, 30))
    assert "01/10/2020" in before.value.message_dict["completed_on"][0]
    assignment.refresh_from_db()
    assert assignment.status == IN_PROGRESS


@pytest.mark.django_db
def test_links_must_be_web_addresses(setup, alice):
    with pytest.raises(ValidationError) as error:
        actions.do_update_assignment(setup(2, "stttt"), acting_user=alice, status=IN_PROGRESS,
                                     links="https://ok.example/a\nftp://x.example/b\nkhông phải link")
    messages = error.value.message_dict["links"]
    assert len(messages) == 2 and "ftp://x.example/b" in messages[0] and "http://" in messages[0]


@pytest.mark.django_db
def test_undoing_clears_the_completion_date(setup, alice):
    assignment = setup(1, "stttt")
    actions.do_update_assignment(assignment, acting_user=alice, status=IN_PROGRESS, completed_on=date(2020, 11, 10))
    assignment.refresh_from_db()
    assert assignment.status == IN_PROGRESS and assignment.completed_on is None


@pytest.mark.django_db
def test_officers_change_only_their_units_and_leaders_nothing(setup, alice, bob, leader, coordinator):
    with pytest.raises(PermissionDenied):
        actions.do_update_assignment(setup(1, "ubnd-pleiku"), acting_user=alice, status=TODO)
    with pytest.raises(PermissionDenied):
        actions.do_update_assignment(setup(2, "stttt"), acting_user=leader, status=TODO)
    actions.do_update_assignment(setup(1, "ubnd-pleiku"), acting_user=bob, status=IN_PROGRESS)
    actions.do_update_assignment(setup(1, "mttq"), acting_user=coordinator, status=IN_PROGRESS)
    assert Assignment.objects.get(pk=setup(1, "mttq").pk).updated_by == coordinator
    for user in (alice, leader):
        with pytest.raises(PermissionDenied):
            actions.do_update_directive(setup.directive, acting_user=user, subject="x")
        with pytest.raises(PermissionDenied):
            actions.do_set_task_due_date(setup.tasks[0], date(2020, 12, 1), acting_user=user)


@pytest.mark.django_db
def test_a_coordinator_corrects_the_metadata_and_chooses_a_policy(setup, coordinator):
    policy = ReminderPolicy.objects.create(name="Gấp", days_before=[3])
    actions.do_update_directive(setup.directive, acting_user=coordinator, number="2032 / UBND-NC",
                                date=date(2021, 1, 4), subject="Về việc tuyên truyền", policy=policy)
    directive = Directive.objects.get(pk=setup.directive.pk)
    assert directive.number == "2032/UBND-NC" and directive.year == 2021 and directive.policy == policy
    assert Directive.objects.search("tuyen truyen").filter(pk=directive.pk).exists()
    assert history_for(directive)[0].actor == coordinator


@pytest.mark.django_db
def test_a_number_already_used_that_year_is_refused(setup, coordinator):
    setup.other.number, setup.other.date, setup.other.year = "2031/UBND-NC", date(2020, 3, 3), 2020
    with pytest.raises(ValidationError):
        actions.do_update_directive(setup.other, acting_user=coordinator, number="2031/UBND-NC")


@pytest.mark.django_db
def test_a_new_task_due_date_moves_the_open_assignments_only(setup, coordinator):
    task = setup.tasks[0]
    actions.do_set_task_due_date(task, date(2020, 12, 10), acting_user=coordinator)
    due = dict(Assignment.objects.filter(task=task).values_list("unit__code", "due_date"))
    assert due["ubnd-chupah"] == due["mttq"] == date(2020, 12, 10)
    assert due["stttt"] == due["ubnd-pleiku"] == date(2020, 11, 15)  # done: judged against the old date
    actions.do_set_task_due_date(task, None, acting_user=coordinator)  # the report deadline applies
    assert Assignment.objects.get(pk=setup(1, "mttq").pk).due_date == date(2020, 11, 25)
    with pytest.raises(ValidationError):
        actions.do_set_task_due_date(task, date(2020, 9, 1), acting_user=coordinator)
