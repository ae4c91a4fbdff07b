"""Monitoring pages: permissions, numbers shown the Vietnamese way, filters, drill-down, "Đôn đốc", XLSX, charts,
query counts that do not grow with the units, role home pages."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.models import Notification
from cchc.reminders.models import ReminderSent
from cchc.reports.choices import SubmissionStatus
from cchc.test import make_unit

from .helpers import DEADLINE, at, make_form, report

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:overview")


@pytest.fixture
def case(province: Any, settings: Any) -> Any:
    settings.CCHC_TODAY = "2020-04-15"
    form, (period,) = make_form()
    report(form, period, province.snv, when=at(date(2020, 4, 9)))
    report(form, period, province.stttt, when=at(date(2020, 4, 12)))
    report(form, period, province.pleiku, SubmissionStatus.APPROVED, at(DEADLINE))
    return form, period


def q(form: Any, period: Any, **extra: Any) -> str:
    return "&".join([f"form={form.pk}", f"period={period.pk}"] + [f"{k}={v}" for k, v in extra.items()])


@pytest.mark.parametrize("name", ["monitoring:overview", "monitoring:units"])
def test_officers_get_403(case: Any, alice_client: Any, name: str) -> None:
    form, period = case
    assert alice_client.get(f"{reverse(name)}?{q(form, period)}").status_code == 403


def test_officers_get_403_on_unit_and_remind(case: Any, alice_client: Any, province: Any) -> None:
    form, period = case
    assert alice_client.get(f"{reverse('monitoring:unit', args=[province.stp.pk])}?{q(form, period)}"
                            ).status_code == 403
    assert alice_client.post(reverse("monitoring:remind"), {"form": form.pk, "period": period.pk}).status_code == 403


def test_leader_reads_but_cannot_remind(case: Any, leader_client: Any) -> None:
    form, period = case
    response = leader_client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="remind"' not in response.content.decode()
    assert leader_client.post(reverse("monitoring:remind"), {"form": form.pk, "period": period.pk}).status_code == 403


def test_overview_defaults_and_numbers(case: Any, coordinator_client: Any) -> None:
    form, period = case
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["snap"].period == period
    total = response.context["snap"].total
    assert (total.expected, total.submitted, total.on_time, total.late, total.overdue) == (5, 3, 2, 1, 2)
    assert "60%" in html and "40%" in html  # completeness, timeliness
    assert "66,7%" in html  # departments: 2 of 3
    assert "Quá hạn chưa nộp" in html and "Nộp muộn" in html and "Đã duyệt" in html
    assert f"{reverse('monitoring:units')}?form={form.pk}&amp;period={period.pk}&amp;status=overdue" in html
    assert 'role="img"' in html and "aria-label=" in html and "<svg" in html


def test_overview_filters(case: Any, coordinator_client: Any) -> None:
    form, period = case
    response = coordinator_client.get(f"{URL}?{q(form, period, kind='district')}")
    assert [row.unit.code for row in response.context["rows"]] == ["ubnd-chupah", "ubnd-pleiku"]
    response = coordinator_client.get(f"{URL}?{q(form, period, status='overdue')}")
    assert {row.unit.code for row in response.context["rows"]} == {"stp", "ubnd-chupah"}


def test_unknown_form_or_period_is_404(case: Any, coordinator_client: Any) -> None:
    form, period = case
    assert coordinator_client.get(f"{URL}?form=9999").status_code == 404
    assert coordinator_client.get(f"{reverse('monitoring:units')}?form={form.pk}&period=9999").status_code == 404


def test_drill_down_lists_the_units_behind_a_figure(case: Any, coordinator_client: Any, province: Any) -> None:
    form, period = case
    units = reverse("monitoring:units")
    for status, codes in (("submitted", {"snv", "stttt", "ubnd-pleiku"}), ("on_time", {"snv", "ubnd-pleiku"}),
                          ("late", {"stttt"}), ("overdue", {"stp", "ubnd-chupah"}),
                          ("expected", {"snv", "stttt", "stp", "ubnd-pleiku", "ubnd-chupah"})):
        response = coordinator_client.get(f"{units}?{q(form, period, status=status)}")
        assert {row.unit.code for row in response.context["rows"]} == codes, status
    response = coordinator_client.get(f"{units}?{q(form, period, status='overdue', kind='district')}")
    html = response.content.decode()
    assert [row.unit.code for row in response.context["rows"]] == ["ubnd-chupah"]
    assert f"unit={province.chupah.pk}&amp;date_from=2020-01-01&amp;date_to=2020-03-31" in html
    response = coordinator_client.get(f"{units}?{q(form, period, status='on_time')}")
    submission = response.context["rows"][0].submission
    assert reverse("reports:submission", args=[submission.pk]) in response.content.decode()


def test_unit_page(case: Any, coordinator_client: Any, province: Any) -> None:
    form, period = case
    from cchc.reports.models import Activity, Channel

    channel = Channel.objects.create(code="m-web", name="Cổng thông tin")
    Activity.objects.create(unit=province.stp, date=date(2020, 2, 1), channel=channel, title="Bài về CCHC")
    Activity.objects.create(unit=province.stp, date=date(2020, 5, 1), channel=channel, title="Ngoài kỳ")
    response = coordinator_client.get(f"{reverse('monitoring:unit', args=[province.stp.pk])}?{q(form, period)}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quá hạn chưa nộp" in html and "Bài về CCHC" in html and "Ngoài kỳ" not in html
    assert 'data-testid="remind"' in html


def test_remind_all_owing_units(case: Any, coordinator_client: Any, province: Any, bob: Any) -> None:
    form, period = case
    response = coordinator_client.post(reverse("monitoring:remind"), {"form": form.pk, "period": period.pk},
                                       follow=True)
    assert {record.unit_id for record in ReminderSent.objects.all()} == {province.stp.pk, province.chupah.pk}
    assert "Đã gửi nhắc việc tới 2 đơn vị" in response.content.decode()


def test_remind_selected_unit(case: Any, coordinator_client: Any, province: Any, bob: Any) -> None:
    form, period = case
    response = coordinator_client.post(reverse("monitoring:remind"), {
        "form": form.pk, "period": period.pk, "units": [province.chupah.pk, province.snv.pk]}, follow=True)
    assert list(ReminderSent.objects.values_list("unit_id", flat=True)) == [province.chupah.pk]
    assert "Đã gửi nhắc việc tới 1 đơn vị" in response.content.decode()


def test_xlsx_exports(case: Any, coordinator_client: Any) -> None:
    form, period = case
    response = coordinator_client.get(f"{URL}?{q(form, period, export='units', kind='department')}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = rows.index(("STT", "Đơn vị", "Loại đơn vị", "Trạng thái", "Thời điểm nộp", "Số ngày trễ"))
    body = rows[header + 1:]
    assert [(row[1], row[3]) for row in body] == [
        ("Sở Nội vụ tỉnh Gia Lai", "Đã nộp đúng hạn"), ("Sở Thông tin và Truyền thông tỉnh Gia Lai", "Nộp muộn"),
        ("Sở Tư pháp tỉnh Gia Lai", "Quá hạn chưa nộp")]
    assert body[1][5] == 2 and body[2][5] == 5
    response = coordinator_client.get(f"{URL}?{q(form, period, export='kinds')}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if row[0].value == "Loại đơn vị")
    assert [cell.value for cell in rows[header]] == ["Loại đơn vị", "Phải báo cáo", "Đã nộp", "Đúng hạn", "Muộn",
                                                     "Quá hạn", "Tỷ lệ đầy đủ", "Tỷ lệ đúng hạn"]
    total = rows[-1]
    assert [cell.value for cell in total] == ["Tổng cộng", 5, 3, 2, 1, 2, 0.6, 0.4]
    assert total[6].number_format == "0.0%"


def _units(province: Any, count: int) -> None:
    for number in range(count):
        make_unit(f"so-{count}-{number}", "department", f"Sở thử {number}", parent=province.province)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_overview_queries_do_not_grow_with_units(case: Any, coordinator_client: Any, province: Any,
                                                 django_assert_max_num_queries: Any) -> None:
    form, period = case
    url = f"{URL}?{q(form, period)}"
    _queries(coordinator_client, url)  # warm caches (session, content types)
    few = _queries(coordinator_client, url)
    _units(province, 35)
    many = _queries(coordinator_client, url)
    assert few == many
    with django_assert_max_num_queries(few):
        coordinator_client.get(f"{reverse('monitoring:units')}?{q(form, period)}")


def test_coordinator_home_shows_campaigns_and_late_units(case: Any, coordinator_client: Any) -> None:
    response = coordinator_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["campaigns"]) == 1
    assert {item.row.unit.code for item in response.context["late_units"]} == {"stp", "ubnd-chupah"}
    assert "60%" in html and 'data-testid="remind"' in html


def test_officer_home_shows_what_their_units_owe(case: Any, province: Any, settings: Any) -> None:
    from django.test import Client

    from cchc.test import make_user

    officer = make_user("tuphap", "officer", [province.stp])
    client = Client()
    client.force_login(officer)
    response = client.get("/")
    rows = response.context["owed_rows"]
    assert [row.unit.code for row in rows] == ["stp"]
    assert "Báo cáo bao-cao-quy" in response.content.decode()
    assert Notification.objects.count() == 0


def test_the_trend_chart_loads_after_the_page(coordinator_client: Any, province: Any) -> None:
    """The overview asks for its trend chart with htmx; the fragment is an SVG of every period."""
    form, periods = make_form(periods=3)
    query = {"form": form.pk, "period": periods[-1].pk}
    page = coordinator_client.get("/monitoring/", query)
    assert 'hx-get="/monitoring/trend/?form=' in page.content.decode()
    fragment = coordinator_client.get("/monitoring/trend/", query)
    assert fragment.status_code == 200
    assert "<svg" in fragment.content.decode()
