"""One browser flow: Sở Nội vụ filters the monitoring page to district committees, drills down to the late one and
presses "Đôn đốc"; the officer of that unit finds the reminder in the notification centre."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.core.choices import Role
from cchc.reports.models import Period, ReportForm
from cchc.test import browser_login, make_province, make_user
from cchc.units.models import UnitKind

from .helpers import at, report


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sonoivu_reminds_the_late_district(page: Any, live_server: Any, settings: Any,
                                           console_errors: list[str]) -> None:
    province = make_province()
    make_user("sonoivu", Role.COORDINATOR, [province.snv], full_name="Chuyên viên Sở Nội vụ")
    make_user("bob", Role.OFFICER, [province.pleiku], full_name="Trần Văn Bình")
    form = ReportForm.objects.create(name="Báo cáo đột xuất về tuyên truyền CCHC", code="dot-xuat",
                                     fixed_deadline=date(2020, 10, 20))
    form.expected_kinds.set(UnitKind.objects.filter(code__in=["department", "district"]))
    period = Period.objects.create(form=form, key="2020-dx", label="Đột xuất 2020", start=date(2020, 10, 1),
                                   end=date(2020, 10, 15), deadline=date(2020, 10, 20))
    for unit in (province.snv, province.stttt, province.stp, province.chupah):
        report(form, period, unit, when=at(date(2020, 10, 19)))
    settings.CCHC_TODAY = "2020-10-26"

    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/monitoring/?form={form.pk}")
    assert page.locator("[data-testid=figure-overdue] [data-value]").inner_text() == "1"
    assert "80%" in page.locator("[data-testid=figure-completeness]").inner_text()
    assert page.locator("svg[role=img][data-testid=chart-kinds]").count() == 1
    page.select_option("#id_kind", "district")
    page.click("[data-testid=unit-filter-submit]")
    page.wait_for_load_state()
    rows = page.locator("[data-testid=units-table] [data-testid=unit-row]")
    assert rows.count() == 2
    late = page.locator("[data-testid=unit-row][data-unit=ubnd-pleiku]")
    assert late.locator("[data-testid=unit-status]").inner_text() == "Quá hạn chưa nộp"
    late.locator("[data-testid=unit-link]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ủy ban nhân dân thành phố Pleiku"
    assert "Quá hạn chưa nộp" in page.locator("[data-testid=unit-status]").inner_text()
    page.click("[data-testid=remind]")
    page.wait_for_load_state()
    assert "Đã gửi nhắc việc tới 1 đơn vị" in page.content()
    assert console_errors == []

    page.context.clear_cookies()
    browser_login(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/notifications/")
    notifications = page.locator("[data-testid=notification]")
    assert notifications.count() == 1
    assert "Báo cáo đột xuất về tuyên truyền CCHC" in notifications.first.inner_text()
    assert console_errors == []
