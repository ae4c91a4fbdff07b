"""Browser: an officer drafts an article; sonoivu publishes it; a visitor finds it by a search without
diacritics and in the RSS feed."""

from __future__ import annotations

import feedparser
import pytest

from cchc.reports.catalogue import load_catalogue
from cchc.test import browser_login

TITLE = "Sở Thông tin và Truyền thông hướng dẫn nộp hồ sơ trực tuyến mức độ 4"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_article_goes_from_draft_to_the_public_column(page, live_server, alice, coordinator, console_errors,
                                                         settings):
    settings.CCHC_SITE_URL = live_server.url
    load_catalogue()
    # The officer writes the draft and sends it.
    browser_login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/tin-tuc/quan-ly/")
    page.click("[data-testid=item-create]")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Ba bước để nộp hồ sơ không phải đến cơ quan nhà nước.")
    page.fill("#id_body", '<p>Bước 1: đăng ký tài khoản.</p><script>alert("x")</script>')
    page.check("text=Dịch vụ công trực tuyến")
    page.click("[data-testid=item-save]")
    assert page.locator("[data-testid=item-status]").inner_text() == "Bản nháp"
    page.click("[data-testid=item-submit]")
    assert page.locator("[data-testid=item-status]").inner_text() == "Chờ duyệt"
    page.click("[data-testid=logout]", force=True) if page.locator("[data-testid=logout]").is_visible() else None
    page.context.clear_cookies()
    # The coordinator publishes it.
    browser_login(page, live_server.url, "sonoivu")
    page.goto(f"{live_server.url}/tin-tuc/quan-ly/?status=submitted")
    page.click(f"text={TITLE}")
    page.click("[data-testid=item-publish]")
    assert page.locator("[data-testid=item-status]").inner_text() == "Đã đăng"
    page.context.clear_cookies()
    # A visitor searches without diacritics from the home page.
    page.goto(f"{live_server.url}/")
    page.fill("[data-testid=site-search]", "ho so truc tuyen muc do 4")
    page.press("[data-testid=site-search]", "Enter")
    page.wait_for_load_state()
    assert "1 kết quả" in page.locator("[data-testid=search-count]").inner_text()
    page.click(f"text={TITLE}")
    assert page.locator("[data-testid=item-title]").inner_text() == TITLE
    assert "Bước 1" in page.locator("[data-testid=item-body]").inner_text()
    # … and in the RSS feed the page announces.
    feed_url = page.locator('link[rel=alternate][type="application/rss+xml"]').get_attribute("href")
    response = page.request.get(feed_url)
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.entries[0].title == TITLE
    assert console_errors == []
