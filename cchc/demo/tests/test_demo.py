import pytest
from django.core.management import call_command

from cchc.accounts.models import User
from cchc.core.choices import Role
from cchc.demo.data import gia_lai_2020
from cchc.units import choices as kinds
from cchc.units.models import OrgUnit


@pytest.mark.django_db
def test_it_loads_gia_lai_2020_and_its_campaign_once_however_often_it_runs(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CCHC_TODAY = "2020-11-20"
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)
    assert OrgUnit.objects.filter(kind__code=kinds.DEPARTMENT).count() == 20
    assert OrgUnit.objects.filter(kind__code=kinds.DISTRICT).count() == 17
    assert OrgUnit.objects.filter(kind__code=kinds.MASS_ORG).count() == 6
    for code in ("baogialai", "dai-ptth", "cong-ttdt", "ttpvhcc", "buudien"):
        assert OrgUnit.objects.filter(code=code).exists()
    assert OrgUnit.objects.count() == 1 + len(gia_lai_2020.UNITS)
    province = OrgUnit.objects.get(code="ubnd-tinh")
    assert OrgUnit.objects.filter(parent__isnull=True).get() == province
    assert OrgUnit.objects.search("buu dien gia lai").get().code == "buudien"
    assert User.objects.count() == 3 + len(gia_lai_2020.UNITS)
    assert User.objects.get(username="sonoivu").role == Role.COORDINATOR
    assert User.objects.get(username="lanhdao").role == Role.LEADER
    assert User.objects.get(username="admin").is_superuser
    officer = User.objects.get(username="ubnd-pleiku")
    assert officer.role == Role.OFFICER
    assert list(officer.units.values_list("code", flat=True)) == ["ubnd-pleiku"]
    check_the_2020_campaign_of_the_founding_dispatch()
    check_the_one_off_report_in_progress()
    check_demo_accounts_log_in(client)


def check_demo_accounts_log_in(client):
    for username in ("admin", "sonoivu", "lanhdao", "stttt"):
        response = client.post("/accounts/login/", {"username": username, "password": "demo12345"})
        assert response.status_code == 302, username
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_it_works_beside_data_that_already_exists(province, alice, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", verbosity=0)
    # The test province's own units keep their data; the demo only adds what is missing.
    assert OrgUnit.objects.get(code="stttt").aliases.filter(name="Sở TT&TT").exists()
    assert User.objects.get(username="alice").units.get() == province.stttt
    assert OrgUnit.objects.filter(kind__code=kinds.DISTRICT).count() == 17


def check_the_2020_campaign_of_the_founding_dispatch():
    from datetime import date

    from cchc.directives.models import Assignment, Directive
    from cchc.reminders.models import ReminderSent

    directive = Directive.objects.get(number="2031/UBND-NC", year=2020)
    assert directive.tasks.count() == 3
    request = directive.report_requests.get()
    assert request.deadline == date(2020, 11, 25)
    assignments = Assignment.objects.filter(task__directive=directive)
    assert assignments.count() == 39 + 6 + 3
    statuses = set(assignments.values_list("status", flat=True))
    assert statuses == {"todo", "in_progress", "done"}
    assert not assignments.filter(status="done", completed_on__gt=date(2020, 11, 20)).exists()
    # The policy's first step (7 working days before 25/11/2020) went to every unit not done by then, once.
    sent = ReminderSent.objects.filter(kind="assignment")
    assert sent.exists()
    assert set(sent.values_list("step", flat=True)) == {"before-7"}
    assert sent.count() == assignments.exclude(status="done").count()


def check_the_one_off_report_in_progress():
    from cchc.reports.models import Activity, ReportForm, Submission

    one_off = ReportForm.objects.get(directive__number="2031/UBND-NC", period_type="once")
    period = one_off.periods.get()
    assert (period.start.isoformat(), period.deadline.isoformat()) == ("2020-10-01", "2020-11-25")
    statuses = set(Submission.objects.filter(form=one_off).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved"}
    assert Submission.objects.filter(form=one_off).count() < one_off.expected_units.count()  # some units silent
    assert Activity.objects.filter(date__gte=period.start, date__lte=period.end).exists()
    assert ReportForm.objects.filter(period_type="year").exists()
