import pytest

from cchc.test import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_logs_in_and_shows_the_home_page(page, live_server, coordinator, console_errors):
    browser_login(page, live_server.url, "sonoivu")
    assert page.locator("h1").inner_text().startswith("")
    assert "sonoivu" not in page.url
    assert console_errors == []
