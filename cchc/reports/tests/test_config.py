from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc import test as personas
from cchc.directives.models import Directive, ReportRequest
from cchc.reports import config
from cchc.reports.catalogue import GROUP_COMMUNICATION
from cchc.reports.demo import load_forms_2020
from cchc.reports.models import Channel, Indicator, ReportForm


def _directive(province: personas.Province) -> tuple[Directive, ReportRequest]:
    directive = Directive.objects.create(number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1),
                                         issuer="UBND tỉnh Gia Lai", subject="Tăng cường tuyên truyền CCHC")
    request = ReportRequest.objects.create(directive=directive, text="Báo cáo kết quả tuyên truyền CCHC",
                                           deadline=date(2020, 11, 25), send_to="Sở Nội vụ")
    request.units.set([province.stttt, province.pleiku])
    return directive, request


def test_create_form_for_request(province: personas.Province, coordinator: Any) -> None:
    directive, request = _directive(province)
    form = config.create_form_for_request(request, acting_user=coordinator)
    assert (form.period_type, form.start_date, form.fixed_deadline) == ("once", date(2020, 10, 1), date(2020, 11, 25))
    assert form.directive == directive and form.report_request == request
    assert form.sections == config.REQUEST_SECTIONS
    assert set(form.expected_units.all()) == {province.stttt, province.pleiku}
    assert {i.group for i in form.indicators.all()} == {GROUP_COMMUNICATION}
    (period,) = form.periods.all()
    assert (period.start, period.end, period.deadline) == (date(2020, 10, 1), date(2020, 11, 25), date(2020, 11, 25))
    assert config.create_form_for_request(request, acting_user=coordinator) == form
    assert ReportForm.objects.count() == 1
    assert list(config.requests_without_form()) == []


def test_create_form_for_request_needs_dates_and_rights(province: personas.Province, coordinator: Any,
                                                        alice: Any) -> None:
    _directive_, request = _directive(province)
    with pytest.raises(PermissionDenied):
        config.create_form_for_request(request, acting_user=alice)
    request.deadline = None
    request.save()
    with pytest.raises(ValidationError):
        config.create_form_for_request(request, acting_user=coordinator)


def test_form_rules(db: Any) -> None:
    with pytest.raises(ValidationError) as info:
        config.do_save_form(ReportForm(), acting_user=None, name="x", code="x", period_type="once",
                            start_date=date(2020, 11, 1), fixed_deadline=date(2020, 10, 1))
    assert "fixed_deadline" in info.value.message_dict


def test_indicator_rules(db: Any) -> None:
    received = Indicator.objects.get(code="feedback-received")
    with pytest.raises(ValidationError) as info:
        config.do_save_indicator(Indicator(), acting_user=None, code="tyle", name="Tỷ lệ", value_type="percent",
                                 max_value=120)
    assert "max_value" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        config.do_save_indicator(Indicator(), acting_user=None, code="a", name="A", min_value=10, max_value=1)
    assert "max_value" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        config.do_save_indicator(received, acting_user=None,
                                 not_above=Indicator.objects.get(code="feedback-on-time"))
    assert "not_above" in info.value.message_dict  # a circle


def test_taxonomies_only_for_admins(db: Any, admin_user: Any, coordinator: Any) -> None:
    channel = Channel.objects.get(code="other")
    with pytest.raises(PermissionDenied):
        config.do_save_channel(channel, acting_user=coordinator, is_active=False)
    config.do_save_channel(channel, acting_user=admin_user, is_active=False, name="  Kênh   khác ")
    channel.refresh_from_db()
    assert (channel.is_active, channel.name) == (False, "Kênh khác")


def test_load_forms_2020(province: personas.Province) -> None:
    directive, _request = _directive(province)
    annual, one_off = load_forms_2020(directive)
    (year,) = annual.periods.all()
    assert (year.label, year.start, year.end) == ("Năm 2020", date(2019, 12, 15), date(2020, 12, 14))
    assert year.deadline == date(2020, 12, 16)
    assert annual.expected_kinds.count() == 8
    (once,) = one_off.periods.all()
    assert (once.start, once.end) == (date(2020, 10, 1), date(2020, 11, 25))
    assert load_forms_2020(directive) == (annual, one_off)
    assert ReportForm.objects.count() == 2
