"""In a real browser: the clerk of Sở Nội vụ edits two paragraphs and the signer, generates; new reports arrive;
the page says which figures changed; she generates again: her edits and the new figures are both in the DOCX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from docx import Document

from cchc.reports import submissions as report_actions
from cchc.reports.tests.test_submissions import log
from cchc.test import browser_login

from .test_generation import make_data


def _download_text(page: Any) -> str:
    with page.expect_download() as download_info:
        page.click("[data-testid=download-docx]")
    with open(download_info.value.path(), "rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_edit_two_paragraphs_and_the_signer_then_regenerate_after_new_reports(
        page: Any, live_server: Any, console_errors: list[str], settings: Any, province: Any, alice: Any,
        bob: Any, coordinator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    build = pytest.importorskip("cchc.synthesis.build")
    real = build.build_synthesis
    monkeypatch.setattr(build, "build_synthesis", lambda *args, **kwargs: real(*args, **{**kwargs, "with_pdf": False}))
    settings.CCHC_TODAY = "2020-04-10"
    data = make_data(province, alice)
    base = live_server.url

    browser_login(page, base, "sonoivu")
    page.click("nav >> text=Tổng hợp")  # the menu, then its first entry: the syntheses
    page.click("nav a[href='/synthesis/']")
    page.wait_for_load_state()
    row = page.locator(f"[data-testid=synthesis-row][data-period='{data.setup.period.pk}']")
    row.locator("[data-testid=open-draft]").click()
    page.wait_for_load_state()
    page.fill("textarea[name='p:intro']", "Sở Nội vụ báo cáo tóm tắt kết quả quý I/2020 như sau:")
    page.fill("textarea[name='p:closing']", "Sở Nội vụ kính báo cáo UBND tỉnh./.")
    page.check("#on_behalf")
    page.fill("#signer_position", "PHÓ GIÁM ĐỐC")
    page.fill("#signer_name", "Nguyễn Văn Phó")
    page.click("[data-testid=save-generate]")
    page.locator("[data-testid=report-status][data-status=ready]").wait_for(timeout=60_000)
    first = _download_text(page)
    assert "Sở Nội vụ báo cáo tóm tắt kết quả quý I/2020 như sau:" in first
    assert "1/5 đơn vị" in first

    # New reports arrive: Pleiku sends its report
    activity = log(province.pleiku, date(2020, 2, 5), data.setup.web, title="Tin CCHC của thành phố")
    submission = report_actions.do_start_submission(form=data.setup.form, period=data.setup.period,
                                                    unit=province.pleiku, acting_user=bob)
    report_actions.do_save_submission(submission, acting_user=bob, values={"articles": "4", "received": "2"},
                                      activity_ids=[activity.pk])
    report_actions.do_submit(submission, acting_user=bob)

    page.click("[data-testid=open-draft]")
    page.wait_for_load_state()
    changed = page.locator("[data-testid=changed-figure]")
    assert changed.count() >= 2
    assert "Số đơn vị đã gửi báo cáo" in page.locator("[data-testid=changed-figures]").inner_text()
    assert page.locator("[data-testid=paragraph][data-key=intro] [data-testid=edited]").count() == 1
    assert page.input_value("#signer_name") == "Nguyễn Văn Phó"
    page.click("[data-testid=save-generate]")
    page.locator("[data-testid=report-status][data-status=ready]").wait_for(timeout=60_000)
    second = _download_text(page)
    assert "Sở Nội vụ báo cáo tóm tắt kết quả quý I/2020 như sau:" in second  # edits kept
    assert "Sở Nội vụ kính báo cáo UBND tỉnh./." in second
    assert "2/5 đơn vị" in second and "1/5 đơn vị" not in second  # new figures
    assert "KT. GIÁM ĐỐC" in second and "Nguyễn Văn Phó" in second
    assert console_errors == []
