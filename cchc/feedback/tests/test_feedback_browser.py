"""In a real browser: an anonymous citizen on a phone sends feedback with a photo and gets a code; Sở Nội vụ routes
it; the unit's officer drafts the answer from a reply template; Sở Nội vụ publishes it; the citizen's status page
shows the answer and takes the "resolved" click."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.feedback.choices import Status
from cchc.feedback.models import Feedback
from cchc.test import browser_login

from .conftest import photo_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_gets_an_answer(page: Any, live_server: Any, console_errors: list[str], settings: Any,
                                  categories: Any, province: Any, coordinator: Any, bob: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/phan-anh/")
    page.select_option("#id_category", label="Thủ tục hành chính lĩnh vực đất đai")
    page.fill("#id_title", "Chậm cấp giấy chứng nhận quyền sử dụng đất")
    page.fill("#id_content", "Hồ sơ của tôi nộp tại UBND thành phố Pleiku đã quá hẹn hai tuần.")
    page.set_input_files("#id_files", files=[{"name": "ho-so.jpg", "mimeType": "image/jpeg",
                                              "buffer": photo_bytes()}])
    page.fill("#id_name", "Nguyễn Văn Tư")
    page.fill("#id_email", "tu@example.com")
    page.check("#id_consent")
    page.click("[data-testid=feedback-send]")
    page.wait_for_load_state()
    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    status_link = page.locator("[data-testid=status-link]").get_attribute("href")
    item = Feedback.objects.get(tracking_code=code)
    assert item.attachments.count() == 1
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390  # nothing overflows the phone's width

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, base, "sonoivu")
    page.goto(f"{base}/phan-anh/xu-ly/")
    page.locator("[data-testid=inbox-row]", has_text=code).locator("a").first.click()
    page.wait_for_load_state()
    assert "thành phố Pleiku" in page.locator("[data-testid=suggested-unit]").inner_text()  # named in the text
    assert page.locator("#id_unit").input_value() == str(province.pleiku.pk)
    assert page.locator("[data-testid=attachment] img").count() == 1
    page.click("[data-testid=route]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").first.get_attribute("data-status") == Status.ROUTED

    page.context.clear_cookies()
    browser_login(page, base, "bob")
    page.goto(f"{base}/phan-anh/xu-ly/")
    page.locator("[data-testid=inbox-row]", has_text=code).locator("a").first.click()
    page.wait_for_load_state()
    page.select_option("#reply-template", label="Hồ sơ đã được giải quyết")
    assert "Hồ sơ của Ông/Bà đã được giải quyết" in page.locator("#id_text").input_value()
    page.fill("#id_text", "UBND thành phố Pleiku đã trả giấy chứng nhận cho Ông/Bà ngày 20/11/2020.")
    page.click("[data-testid=draft-submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").first.get_attribute("data-status") == Status.DRAFTED
    assert page.locator("[data-testid=publish]").count() == 0  # the officer cannot publish

    page.context.clear_cookies()
    browser_login(page, base, "sonoivu")
    page.goto(f"{base}{item.get_absolute_url()}")
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=published-answer]").count() == 1

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(status_link)
    assert "đã trả giấy chứng nhận" in page.locator("[data-testid=answer]").inner_text()
    assert "Nguyễn Văn Tư" not in page.content()
    page.click("[data-testid=resolved-yes]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=status-badge]").get_attribute("data-status") == Status.CLOSED
    assert "được giải quyết" in page.locator("[data-testid=rated]").inner_text()
    item.refresh_from_db()
    assert item.status == Status.CLOSED and item.resolved is True
    assert console_errors == []
