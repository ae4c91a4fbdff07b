from datetime import date

import pytest
from django.test import RequestFactory

from cchc.units.actions import do_close_unit
from cchc.units.filtersets import OrgUnitFilterSet
from cchc.units.models import OrgUnit


def _codes(user, **params):
    request = RequestFactory().get("/units/", params)
    request.user = user
    filterset = OrgUnitFilterSet(request.GET, queryset=OrgUnit.objects.restrict(user), request=request)
    return {unit.code for unit in filterset.qs}


@pytest.mark.django_db
def test_it_searches_without_diacritics(coordinator, province):
    assert _codes(coordinator, q="so noi vu") == {"snv"}
    assert _codes(coordinator, q="SỞ NỘI VỤ") == {"snv"}
    assert _codes(coordinator, q="buu dien gia lai") == {"buudien"}  # an alias
    assert _codes(coordinator, q="tt&tt") == {"stttt"}


@pytest.mark.django_db
def test_it_filters_by_kind_parent_and_status(coordinator, province, settings):
    settings.CCHC_TODAY = "2024-06-01"
    assert _codes(coordinator, kind="district") == {"ubnd-pleiku", "ubnd-chupah"}
    assert "ubnd-tinh" not in _codes(coordinator, parent=province.province.pk)
    assert len(_codes(coordinator, parent=province.province.pk)) == 7
    do_close_unit(province.stp, on=date(2024, 5, 31), acting_user=coordinator)
    assert _codes(coordinator, status="closed") == {"stp"}
    assert "stp" not in _codes(coordinator, status="open")
    settings.CCHC_TODAY = "2024-05-31"
    assert "stp" in _codes(coordinator, status="open")


@pytest.mark.django_db
def test_it_keeps_officers_to_their_units(alice, province):
    assert _codes(alice) == {"stttt"}
    assert _codes(alice, q="pleiku") == set()
