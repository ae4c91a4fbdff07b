import pytest
from django.core.management import call_command

from cchc.accounts.models import User
from cchc.core.choices import Role
from cchc.demo.data import gia_lai_2020
from cchc.units import choices as kinds
from cchc.units.models import OrgUnit


@pytest.mark.django_db
def test_it_loads_gia_lai_2020_once_however_often_it_runs(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_demo_password(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", verbosity=0)
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
