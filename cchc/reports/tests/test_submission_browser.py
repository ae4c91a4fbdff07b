"""A unit's report in a real browser: alice fills and submits it, Sở Nội vụ returns it, alice corrects and
resubmits, Sở Nội vụ approves."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Submission
from cchc.test import browser_login

from .test_submissions import log, make_report_setup


def _login(page: Any, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, base_url, username)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_report_goes_through_return_and_approval(page: Any, live_server: Any, console_errors: list[str],
                                                   settings: Any, alice: Any, coordinator: Any) -> None:
    settings.CCHC_TODAY = "2020-04-02"
    setup = make_report_setup()
    unit = alice.units.get()
    log(unit, date(2020, 2, 3), setup.web, title="Tin tuyên truyền CCHC tháng 2")
    log(unit, date(2020, 3, 9), setup.web, title="Tin tuyên truyền CCHC tháng 3")
    base = live_server.url

    _login(page, base, "alice")
    page.goto(f"{base}/reports/")
    row = page.locator("[data-testid=submission-row]", has_text=setup.period.label)
    row.locator("[data-testid=submission-start]").click()
    page.wait_for_load_state()
    assert page.locator("#id_value_articles").input_value() == "2"  # pre-filled from the two activities
    assert "2" in page.locator("[data-indicator=articles] [data-testid=suggestion]").inner_text()
    page.fill("#id_value_received", "10")
    page.fill("#id_value_resolved", "8")
    page.fill("#id_narrative_0", "Đã đăng 2 tin trên cổng thông tin.")
    for checkbox in page.locator("[data-testid=activity-choices] input[type=checkbox]").all():
        checkbox.check()
    page.click("[data-testid=submission-save-submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").get_attribute("data-status") == "submitted"
    assert page.locator("[data-testid=attached-activity]").count() == 2
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED

    _login(page, base, "sonoivu")
    page.goto(f"{base}{submission.get_absolute_url()}")
    page.fill("#id_return_reason", "Số hồ sơ tiếp nhận chưa khớp sổ theo dõi.")
    page.click("[data-testid=submission-return]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").get_attribute("data-status") == "returned"

    _login(page, base, "alice")
    page.goto(f"{base}{submission.get_absolute_url()}")
    assert "Số hồ sơ tiếp nhận chưa khớp sổ theo dõi." in page.locator("[data-testid=returned-reason]").inner_text()
    page.click("[data-testid=submission-edit]")
    page.wait_for_load_state()
    page.fill("#id_value_received", "12")
    page.click("[data-testid=submission-save-submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").get_attribute("data-status") == "submitted"

    _login(page, base, "sonoivu")
    page.goto(f"{base}{submission.get_absolute_url()}")
    page.click("[data-testid=submission-approve]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").get_attribute("data-status") == "approved"
    # create, save, submit, return, save, resubmit, approve
    assert page.locator("[data-testid=history-row]").count() == 7

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.values.get(indicator__code="received").number == 12
    assert submission.activities.count() == 2
    assert submission.narrative["Kết quả"] == "Đã đăng 2 tin trên cổng thông tin."
    assert console_errors == []
