"""GET /api/v1/monitoring/summary/: the numbers, permissions, 404s, bounded queries, schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import ReportForm
from cchc.test import make_unit

from .helpers import DEADLINE, at, make_form, report

pytestmark = pytest.mark.django_db
URL = "/api/v1/monitoring/summary/"


@pytest.fixture
def case(province: Any, settings: Any) -> Any:
    settings.CCHC_TODAY = "2020-04-15"
    form, (period,) = make_form()
    report(form, period, province.snv, when=at(date(2020, 4, 9)))
    report(form, period, province.stttt, when=at(date(2020, 4, 12)))
    report(form, period, province.pleiku, SubmissionStatus.APPROVED, at(DEADLINE))
    return form, period


def test_summary(case: Any, coordinator_client: Any) -> None:
    form, period = case
    body = coordinator_client.get(f"{URL}?form={form.pk}&period={period.pk}").json()
    assert {key: body[key] for key in ("expected", "submitted", "on_time", "late", "overdue", "completeness",
                                       "timeliness")} == {"expected": 5, "submitted": 3, "on_time": 2, "late": 1,
                                                          "overdue": 2, "completeness": 0.6, "timeliness": 0.4}
    assert body["by_kind"]["district"] == {"name": "UBND cấp huyện", "expected": 2, "submitted": 1, "on_time": 1,
                                           "late": 0, "overdue": 1, "completeness": 0.5, "timeliness": 0.5}
    assert body["period"] == period.pk


def test_summary_defaults_to_the_latest_period(case: Any, leader_client: Any, admin_client_: Any) -> None:
    form, period = case
    for client in (leader_client, admin_client_):
        response = client.get(f"{URL}?form={form.pk}")
        assert response.status_code == 200
        assert response.json()["period"] == period.pk


def test_officers_get_403(case: Any, alice_client: Any) -> None:
    form, period = case
    assert alice_client.get(f"{URL}?form={form.pk}&period={period.pk}").status_code == 403


def test_unknown_form_or_period_is_404(case: Any, coordinator_client: Any) -> None:
    form, period = case
    assert coordinator_client.get(f"{URL}?form=9999").status_code == 404
    assert coordinator_client.get(f"{URL}?form={form.pk}&period=9999").status_code == 404
    other = ReportForm.objects.create(name="Khác", code="khac")
    assert coordinator_client.get(f"{URL}?form={other.pk}&period={period.pk}").status_code == 404
    response = coordinator_client.get(f"{URL}?form={other.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Mẫu báo cáo này chưa có kỳ báo cáo nào."
    assert coordinator_client.get(URL).status_code == 400


def test_nothing_expected_gives_null_shares(province: Any, coordinator_client: Any) -> None:
    form, (period,) = make_form(kinds=())
    body = coordinator_client.get(f"{URL}?form={form.pk}").json()
    assert body["completeness"] is None and body["timeliness"] is None and body["by_kind"] == {}


def test_queries_do_not_grow_with_units(case: Any, coordinator_client: Any, province: Any,
                                        django_assert_max_num_queries: Any) -> None:
    form, period = case
    url = f"{URL}?form={form.pk}&period={period.pk}"
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    for number in range(35):
        unit = make_unit(f"so-{number}", "department", f"Sở thử {number}", parent=province.province)
        report(form, period, unit, when=at(DEADLINE))
    with django_assert_max_num_queries(len(few)):
        body = coordinator_client.get(url).json()
    assert body["expected"] == 40 and body["on_time"] == 37


def test_schema_documents_the_endpoint(coordinator_client: Any) -> None:
    response = coordinator_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/monitoring/summary/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"form", "period"}
