from datetime import date
from types import SimpleNamespace

import pytest

from cchc.directives.filtersets import AssignmentFilterSet, DirectiveFilterSet
from cchc.directives.models import Assignment, Directive

from . import test_pages_fixtures as fixtures
from .test_pages_fixtures import DONE

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


def directives(data, user=None):
    queryset = Directive.objects.restrict(user, "view") if user else Directive.objects.all()
    return sorted(d.number for d in DirectiveFilterSet(data, queryset=queryset).qs)


def assignments(data, user=None):
    queryset = Assignment.objects.restrict(user, "view") if user else Assignment.objects.all()
    request = SimpleNamespace(user=user)
    return {(a.task.label if a.task.directive.number == "2031/UBND-NC" else "x", a.unit.code)
            for a in AssignmentFilterSet(data, queryset=queryset, request=request).qs}


@pytest.mark.django_db
def test_directive_search_ignores_diacritics_and_case(setup):
    assert directives({"q": "CẢI CÁCH hanh chinh"}) == ["2031/UBND-NC"]
    assert directives({"q": "2031"}) == ["2031/UBND-NC"]
    assert directives({"q": "khong co"}) == []


@pytest.mark.django_db
def test_directive_year_and_issuer_choices_come_from_what_the_user_sees(setup, alice):
    filterset = DirectiveFilterSet({}, queryset=Directive.objects.restrict(alice, "view"))
    assert [value for value, _label in filterset.form.fields["issuer"].choices if value] == [
        "Ủy ban nhân dân tỉnh Gia Lai"]
    assert [value for value, _label in filterset.form.fields["year"].choices if value] == ["2020"]
    assert directives({"issuer": "Sở Nội vụ tỉnh Gia Lai"}, alice) == ["2031/UBND-NC"]  # not hers: ignored
    assert directives({"year": "2020"}) == ["2031/UBND-NC", "45/KH-SNV"]
    Directive.objects.filter(pk=setup.other.pk).update(year=2019)
    assert directives({"year": "2019"}) == ["45/KH-SNV"]


@pytest.mark.django_db
def test_directive_status_open_or_done_counts_only_expected_assignments(setup):
    assert directives({"status": "open"}) == ["2031/UBND-NC", "45/KH-SNV"]
    Assignment.objects.filter(task__directive=setup.directive).exclude(unit__code="buudien").update(
        status=DONE, completed_on=date(2020, 11, 1))
    # Bưu điện's assignments are still open, but the unit closed before the due dates: the directive is done.
    assert directives({"status": "done"}) == ["2031/UBND-NC"]
    assert directives({"status": "open"}) == ["45/KH-SNV"]


@pytest.mark.django_db
def test_assignment_filters(setup, province, coordinator, alice):
    assert assignments({"overdue": "true"}) == {("1", "ubnd-chupah"), ("1", "mttq")}
    assert ("1", "ubnd-chupah") not in assignments({"overdue": "false"})
    assert ("1", "buudien") in assignments({"overdue": "false"})
    assert assignments({"status": "in_progress"}) == {("1", "ubnd-chupah"), ("2", "stttt")}
    assert assignments({"unit_kind": "department"}) == {("1", "stttt"), ("2", "stttt"), ("3", "stttt"),
                                                        ("3", "stp")}
    assert assignments({"directive": setup.other.pk}) == {("x", "ubnd-pleiku")}
    assert assignments({"unit": province.stp.pk}, coordinator) == {("3", "stp")}
    # An officer's unit choices are her units: another unit is not a choice (the filter is ignored, rows stay hers).
    assert assignments({"unit": province.stp.pk}, alice) == {("1", "stttt"), ("2", "stttt"), ("3", "stttt")}
    assert assignments({"status": "todo", "unit_kind": "district"}) == {("2", "ubnd-pleiku"), ("x", "ubnd-pleiku")}


@pytest.mark.django_db
def test_overdue_follows_the_clock(setup, settings):
    settings.CCHC_TODAY = "2020-11-15"  # the due date itself: not overdue yet
    assert assignments({"overdue": "true"}) == set()
    settings.CCHC_TODAY = "2021-01-02"
    assert assignments({"overdue": "true"}) == {("1", "ubnd-chupah"), ("1", "mttq"), ("2", "stttt"),
                                                ("2", "ubnd-pleiku"), ("3", "stttt"), ("x", "ubnd-pleiku")}
