import pytest
from django.contrib.auth.models import AnonymousUser

from cchc.accounts.models import User
from cchc.core.permissions import can, restrict
from cchc.units.models import OrgUnit, UnitAlias


@pytest.mark.django_db
class TestRestrict:
    def test_managers_and_leaders_see_every_unit(self, province, admin_user, coordinator, leader):
        for user in (admin_user, coordinator, leader):
            assert OrgUnit.objects.restrict(user, "view").count() == len(province.all())

    def test_an_officer_sees_only_their_own_units(self, province, alice):
        assert list(OrgUnit.objects.restrict(alice, "view")) == [province.stttt]
        assert list(UnitAlias.objects.restrict(alice, "view").values_list("unit", flat=True)) == [province.stttt.pk]

    def test_an_officer_of_two_units_sees_both(self, province, alice):
        alice.units.add(province.pleiku)
        alice = User.objects.get(pk=alice.pk)
        assert set(OrgUnit.objects.restrict(alice, "view")) == {province.stttt, province.pleiku}

    def test_leaders_change_nothing(self, province, leader):
        assert not OrgUnit.objects.restrict(leader, "change").exists()
        assert OrgUnit.objects.restrict(leader, "export").count() == len(province.all())
        assert not can(leader, "change", OrgUnit)

    def test_officers_cannot_change_units_nor_see_accounts(self, province, alice, bob):
        assert not OrgUnit.objects.restrict(alice, "change").exists()
        assert not User.objects.restrict(alice, "view").exists()

    def test_anonymous_and_inactive_users_see_nothing(self, province, alice):
        assert not restrict(OrgUnit.objects.all(), AnonymousUser(), "view").exists()
        alice.is_active = False
        assert not OrgUnit.objects.restrict(alice, "view").exists()
