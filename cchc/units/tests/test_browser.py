import pytest

from cchc.test import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_creates_a_unit_finds_it_and_logs_out(page, live_server, coordinator, console_errors):
    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/units/")
    assert page.locator("h1").inner_text() == "Đơn vị"
    page.click("[data-testid=unit-create]")
    page.fill("#id_code", "sgtvt")
    page.fill("#id_name", "Sở Giao thông vận tải tỉnh Gia Lai")
    page.select_option("#id_kind", label="Sở, ban, ngành tỉnh")
    page.select_option("#id_parent", label="Ủy ban nhân dân tỉnh Gia Lai (ubnd-tinh)")
    page.fill("#id_aliases", "Sở GTVT")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Sở Giao thông vận tải tỉnh Gia Lai")
    assert "Đã thêm đơn vị" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/units/")
    page.fill("[data-testid=unit-search]", "giao thong van tai")
    page.click("[data-testid=unit-filter]")
    page.wait_for_load_state()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Sở Giao thông vận tải tỉnh Gia Lai" in rows.first.inner_text()

    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert page.locator("#id_username").is_visible()
    assert console_errors == []
