import pytest

from cchc.test import browser_login

from . import test_pages_fixtures as fixtures

fixed_today, setup = fixtures.fixed_today, fixtures.setup  # the shared fixtures


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_marks_her_task_done_and_the_coordinator_sees_it_on_time(page, live_server, alice, coordinator,
                                                                            setup, console_errors):
    browser_login(page, live_server.url, "alice")
    page.click("nav >> text=Việc của đơn vị")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Việc của đơn vị"
    row = page.locator("[data-testid=task-row]", has_text="Tổ chức hội nghị đối thoại")
    assert "Đang thực hiện" in row.inner_text() or "đang thực hiện" in row.inner_text()
    assert page.locator("[data-testid=task-row]", has_text="Ủy ban nhân dân thành phố Pleiku").count() == 0
    row.locator("[data-testid=task-open]").click()
    page.wait_for_load_state()
    assert "Tổ chức hội nghị đối thoại về thủ tục hành chính." in page.locator("[data-testid=task-text]").inner_text()

    page.check("input[name=status][value=done]")
    assert page.input_value("#id_completed_on") == "20/11/2020"  # the clock's today, dd/mm/yyyy in any browser
    page.fill("#id_completed_on", "2020-11-19")
    page.fill("#id_notes", "Đã tổ chức hội nghị tại Pleiku.")
    page.fill("#id_links", "https://stttt.gialai.gov.vn/tin-tuc/hoi-nghi-doi-thoai")
    page.click("[data-testid=assignment-save]")
    page.wait_for_load_state()
    assert "Đã lưu tiến độ" in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=state-badge]").inner_text().lower() == "hoàn thành đúng hạn"
    assert page.locator("a[href='https://stttt.gialai.gov.vn/tin-tuc/hoi-nghi-doi-thoai']").count() == 1

    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_load_state()
    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/directives/")
    page.click("text=Công văn 2031/UBND-NC")
    page.wait_for_load_state()
    cell = page.locator("[data-testid=matrix-row][data-unit=stttt] td").nth(2).locator("a")
    assert cell.get_attribute("data-state") == "on_time"
    assert cell.inner_text().lower() == "hoàn thành đúng hạn"
    assert console_errors == []
