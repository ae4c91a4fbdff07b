"""Printed material in a real browser: Sở Nội vụ composes the back of the receipt from the menu, opens its PDF and
records a print run, which appears in the unit's communication log."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.printing import actions
from cchc.reports.catalogue import load_catalogue
from cchc.reports.models import Activity
from cchc.test import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_receipt_back_is_composed_printed_and_counted(page: Any, live_server: Any, console_errors: list[str],
                                                       settings: Any, coordinator: Any, province: Any) -> None:
    load_catalogue()
    settings.CCHC_TODAY = "2020-11-20"
    for n, (title, body) in enumerate((("Nộp hồ sơ trực tuyến mức độ 3, 4", "Nộp hồ sơ mọi lúc, mọi nơi."),
                                       ("Nhận kết quả qua Bưu điện", "Kết quả gửi tận nhà."))):
        actions.do_save_message(None, acting_user=None, title=title, body=body, order=n)
    base = live_server.url
    browser_login(page, base, "sonoivu")
    page.goto(f"{base}/")
    page.get_by_role("button", name="Kênh công khai").click()
    page.click("[data-testid='nav-printing:index']")
    page.click("[data-testid=publication-add]")
    page.select_option("#id_kind", "receipt-a5")
    page.fill("#id_title", "Thông tin cải cách hành chính")
    page.select_option("#id_unit", str(province.snv.pk))
    page.get_by_label("Nộp hồ sơ trực tuyến mức độ 3, 4").check()
    page.get_by_label("Nhận kết quả qua Bưu điện").check()
    page.click("[data-testid=save]")
    assert "Mặt sau giấy tiếp nhận hồ sơ (A5)" in page.content()
    assert page.locator("img[alt^='Mã QR']").count() == 3
    pdf = page.request.get(base + page.locator("[data-testid=pdf-link]").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    page.fill("#id_date", "02/11/2020")
    page.fill("#id_copies", "20000")
    page.fill("#id_distribution", "Quầy tiếp nhận Trung tâm Phục vụ hành chính công tỉnh")
    page.click("[data-testid=run-record]")
    row = page.locator("[data-testid=run-row]")
    assert "20.000" in row.inner_text() and "02/11/2020" in row.inner_text()
    row.get_by_role("link", name="Xem hoạt động").click()
    page.wait_for_load_state()
    activity = Activity.objects.get(source="printing")
    assert activity.quantity == 20000 and activity.channel.code == "receipt"
    assert "Thông tin cải cách hành chính" in page.content()
    assert console_errors == []
