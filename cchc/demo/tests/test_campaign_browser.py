"""The founding dispatch's one-off report in a real browser (issue 5): an officer logs an activity with an evidence
file, fills the report the dispatch asks for and submits it; Sở Nội vụ returns it with a reason; the officer
corrects and resubmits; Sở Nội vụ approves."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from cchc.core.choices import Role
from cchc.demo.campaign import load_directive
from cchc.demo.loader import load_units
from cchc.reports.demo import load_forms_2020
from cchc.reports.models import Submission
from cchc.test import browser_login, ensure_kinds, make_user


def png(path: Any) -> Any:
    """A real 2×2 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def status_of(page: Any) -> str:
    return page.locator("[data-testid=status-badge]").get_attribute("data-status")


def as_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, base, username)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_reports_on_the_founding_dispatch(page: Any, live_server: Any, console_errors: list[str],
                                                 settings: Any, tmp_path: Any) -> None:
    settings.CCHC_TODAY = "2020-11-20"
    ensure_kinds()
    units = load_units()
    make_user("sonoivu", Role.COORDINATOR, [units["snv"]])
    officer = make_user("stttt", Role.OFFICER, [units["stttt"]])
    directive = load_directive(lambda line: None)
    _annual, one_off = load_forms_2020(directive)
    period = one_off.periods.get()
    base = live_server.url

    # The officer logs an activity with its evidence.
    as_user(page, base, officer.username)
    page.goto(f"{base}/reports/activities/")
    page.click("[data-testid=activity-create]")
    page.wait_for_load_state()
    page.fill("#id_date", "2020-10-15")
    page.select_option("#id_channel", label="Cổng/trang thông tin điện tử")
    page.fill("#id_title", "Đăng tin kết quả cải cách hành chính quý III")
    page.fill("#id_quantity", "3")
    page.fill("#id_links", "https://stttt.gialai.example/tin-cchc")
    page.set_input_files("#id_files", str(png(tmp_path / "anh-minh-chung.png")))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=evidence-link]").count() == 1

    # …fills the one-off report of Công văn 2031/UBND-NC and submits it.
    page.goto(f"{base}/reports/")
    row = page.locator("[data-testid=submission-row]", has_text=period.label)
    row.locator("[data-testid=submission-start]").click()
    page.wait_for_load_state()
    assert page.locator("#id_value_portal-posts").input_value() == "3"  # pre-filled from the log: 3 articles
    page.fill("#id_narrative_0", "Đã đăng 3 tin về kết quả CCHC trên trang thông tin điện tử của Sở.")
    for checkbox in page.locator("[data-testid=activity-choices] input[type=checkbox]").all():
        checkbox.check()
    page.click("[data-testid=submission-save-submit]")
    page.wait_for_load_state()
    assert status_of(page) == "submitted"
    submission = Submission.objects.get(form=one_off, unit=units["stttt"])

    # Sở Nội vụ returns it with a reason.
    as_user(page, base, "sonoivu")
    page.goto(f"{base}{submission.get_absolute_url()}")
    page.fill("#id_return_reason", "Đề nghị bổ sung số lượt phát video clip.")
    page.click("[data-testid=submission-return]")
    page.wait_for_load_state()
    assert status_of(page) == "returned"

    # The officer reads the reason, corrects and resubmits.
    as_user(page, base, officer.username)
    page.goto(f"{base}{submission.get_absolute_url()}")
    assert "bổ sung số lượt phát video clip" in page.locator("[data-testid=returned-reason]").inner_text()
    page.click("[data-testid=submission-edit]")
    page.wait_for_load_state()
    page.fill("#id_value_video-clips", "2")
    page.click("[data-testid=submission-save-submit]")
    page.wait_for_load_state()
    assert status_of(page) == "submitted"

    # Sở Nội vụ approves.
    as_user(page, base, "sonoivu")
    page.goto(f"{base}{submission.get_absolute_url()}")
    page.click("[data-testid=submission-approve]")
    page.wait_for_load_state()
    assert status_of(page) == "approved"
    submission.refresh_from_db()
    assert submission.values.get(indicator__code="video-clips").number == 2
    assert submission.activities.get().evidence.count() == 1
    assert console_errors == []
