"""A confirmed directive with a report request gets its one-off report form at once: the request is in every
addressed unit's "Việc của đơn vị" the same day (issue 11)."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

import cchc.demo
from cchc.core import clock
from cchc.core.choices import Role
from cchc.demo.loader import load_units
from cchc.directives.importing import build_proposal, do_create_directive
from cchc.lib.vbhc import parse_document
from cchc.reports.catalogue import GROUP_COMMUNICATION
from cchc.reports.models import ReportForm
from cchc.test import make_user

SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.fixture
def units(db):
    return load_units()


def _import(text: str, coordinator):
    parsed = parse_document(text)
    return do_create_directive(build_proposal(parsed, text=text), acting_user=coordinator, source_text=text)


def test_the_request_form_is_created_on_confirmation_and_reaches_the_units(client, units, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2020, 11, 20))
    coordinator = make_user("sonoivu", Role.COORDINATOR, [units["snv"]])
    directive = _import(SEED.read_text(encoding="utf-8"), coordinator)
    request = directive.report_requests.get()
    form = ReportForm.objects.get(report_request=request)
    assert form.directive == directive and form.fixed_deadline == date(2020, 11, 25)
    assert form.start_date == directive.date
    assert form.form_indicators.filter(indicator__group=GROUP_COMMUNICATION).exists()
    assert set(form.expected_units.all()) == set(request.units.all())
    assert form.periods.count() == 1

    client.force_login(make_user("stttt", Role.OFFICER, [units["stttt"]]))
    page = client.get(reverse("directives:my_tasks")).content.decode()
    assert form.name in page and "25/11/2020" in page
    # A unit the request does not address does not see it.
    other = units["ubnd-pleiku"].__class__.objects.exclude(pk__in=request.units.all()).exclude(parent=None).first()
    if other is not None:
        client.force_login(make_user("khac", Role.OFFICER, [other]))
        assert form.name not in client.get(reverse("directives:my_tasks")).content.decode()


def test_no_deadline_no_form_yet(units):
    coordinator = make_user("sonoivu", Role.COORDINATOR, [units["snv"]])
    text = SEED.read_text(encoding="utf-8").replace("(*Trước ngày 25/11/2020*)", "")
    directive = _import(text, coordinator)
    request = directive.report_requests.first()
    assert request is None or request.deadline is None
    assert not ReportForm.objects.filter(directive=directive).exists()
