"""One browser flow: a reminder reaches the officer's bell; she opens the list and marks everything read."""

from __future__ import annotations

import os
from typing import Any

import pytest

from cchc.directives.models import Assignment
from cchc.reminders.run import run_reminders
from cchc.test import browser_login

from .conftest import STEP_DATES


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officer_sees_the_reminder_in_the_bell(page: Any, live_server: Any, assignment: Assignment,
                                                   on_day: Any, console_errors: list[str]) -> None:
    on_day(STEP_DATES["due"])
    run_reminders()
    browser_login(page, live_server.url, "alice")
    bell = page.locator("[data-testid=notification-bell]")
    assert page.locator("[data-testid=notification-count]").inner_text() == "1"
    assert "1 chưa đọc" in bell.get_attribute("aria-label")
    bell.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Thông báo")
    assert "Nhiệm vụ 1 — Công văn 2031/UBND-NC" in page.locator("[data-testid=notification]").first.inner_text()
    if os.environ.get("CCHC_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CCHC_SCREENSHOTS"], "notifications.png"), full_page=True)
    page.click("[data-testid=read-all]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=notification-count]").count() == 0
    assert console_errors == []
