"""The whole 2020 campaign of a new dispatch in a browser set to English (en-US), with no guide and no typed address
(issue 11): every step starts from the home page and goes by clicks.

- Sở Nội vụ imports Công văn 2290/UBND-NC (four units, report due 27/11/2020) and does nothing else: the report
  it asks for is in each unit's "Việc của đơn vị" at once.
- Sở Thông tin và Truyền thông finds it there, logs an activity with evidence typing the date "05/11/2020", sees
  the report's figure follow the log (and a second activity), submits. Sở Tư pháp and UBND thành phố Pleiku submit.
- Sở Nội vụ reviews with the queue (returns one with a reason template, approves one in one click, approves the
  last as a selection), reminds the silent unit from monitoring, and generates the synthesis.

Clicks and seconds per step are printed (``pytest -s``) and kept in ``STEPS``.
"""

from __future__ import annotations

import re
import struct
import time
import zlib
from typing import Any

import pytest

from cchc.core.models import Notification
from cchc.directives.models import Directive
from cchc.reports.choices import SubmissionStatus
from cchc.reports.models import Activity, ReportForm, Submission

from .pages import login

DISPATCH = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 2290/UBND-NC

Gia Lai, ngày 02 tháng 11 năm 2020

V/v tuyên truyền dịch vụ công trực tuyến mức độ 3, mức độ 4 trong tháng 11 năm 2020.

Kính gửi:
- Sở Thông tin và Truyền thông;
- Sở Tư pháp;
- UBND thành phố Pleiku;
- UBND thị xã An Khê.

Để nâng cao tỷ lệ hồ sơ trực tuyến, UBND tỉnh yêu cầu các đơn vị thực hiện các nội dung sau:

1. Sở Thông tin và Truyền thông; Sở Tư pháp đăng tải tin, bài hướng dẫn sử dụng dịch vụ công trực tuyến mức độ 3,
mức độ 4 trên Trang thông tin điện tử của đơn vị.

2. UBND thành phố Pleiku; UBND thị xã An Khê tuyên truyền trên hệ thống loa truyền thanh cơ sở và màn hình LED về
dịch vụ công trực tuyến.

Các đơn vị báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) trước ngày 27/11/2020.

Nơi nhận:
- Như trên;
- Sở Nội vụ (t/dõi);
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đỗ Tiến Đông
"""

STEPS: list[tuple[str, str, int, float]] = []  # (role, step, clicks, seconds)


def png(path: Any) -> Any:
    """A real 2×2 PNG image (the evidence)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x00\x80\x00" * 2 for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


class Person:
    """A user at the browser: counts the clicks (and keys typed into fields) of each step and times it."""

    def __init__(self, page: Any, base: str, username: str, role: str) -> None:
        self.page, self.base, self.username, self.role = page, base, username, role
        self.clicks = 0
        self.step_name = ""
        self.started = 0.0

    def login(self) -> None:
        login(self.page, self.base, self.username)

    def step(self, name: str) -> Person:
        self.step_name, self.clicks, self.started = name, 0, time.monotonic()
        return self

    def done(self) -> None:
        STEPS.append((self.role, self.step_name, self.clicks, round(time.monotonic() - self.started, 1)))

    def click(self, target: Any, *, wait: bool = True) -> None:
        locator = self.page.locator(target) if isinstance(target, str) else target
        locator.first.click()
        self.clicks += 1
        if wait:
            self.page.wait_for_load_state()

    def menu(self, *testids: str) -> None:
        """Open the main menu (and a drop-down) and choose an entry, as a person would."""
        for testid in testids:
            self.click(f"[data-testid='nav-{testid}']", wait=False)
        self.page.wait_for_load_state()


@pytest.fixture
def en_page(browser: Any) -> Any:
    context = browser.new_context(locale="en-US", timezone_id="America/New_York",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_campaign_of_a_new_dispatch_in_an_english_browser(en_page: Any, live_server: Any, settings: Any,
                                                                tmp_path: Any) -> None:
    from cchc.demo.loader import load_accounts, load_units
    from cchc.reports.catalogue import load_catalogue
    from cchc.test import ensure_kinds

    settings.CCHC_TODAY = "2020-11-20"
    ensure_kinds()  # a transactional test's flush removed what the data migrations made
    load_catalogue()
    units = load_units()
    load_accounts(units)
    page, base = en_page, live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # "remind all?", "approve the ticked reports?": yes
    assert page.evaluate("navigator.language") == "en-US"

    # --- Sở Nội vụ imports the dispatch, and does nothing else. ------------------------------------------------
    coordinator = Person(page, base, "sonoivu", "Sở Nội vụ")
    coordinator.login()
    coordinator.step("import the dispatch (paste, read, confirm)")
    coordinator.menu("directives:list")
    coordinator.click("a[href$='/directives/import/']")
    page.fill("#id_text", DISPATCH)
    coordinator.click("[data-testid=import-submit]")
    assert re.search(r"/directives/import/\d+/$", page.url)
    coordinator.click("[data-testid=import-confirm]")
    directive = Directive.objects.get(number="2290/UBND-NC")
    assert page.url.endswith(f"/directives/{directive.pk}/")
    coordinator.done()
    form = ReportForm.objects.get(directive=directive)
    period = form.periods.get()
    assert period.deadline.isoformat() == "2020-11-27"

    # --- Sở Thông tin và Truyền thông: the report is in "Việc của đơn vị". ---------------------------------------
    officer = Person(page, base, "stttt", "Sở TT&TT")
    officer.login()
    officer.step("find the report in Việc của đơn vị")
    officer.menu("directives:my_tasks")
    row = page.locator("[data-testid=task-row]", has_text=form.name)
    assert row.count() == 1, "the dispatch's report is among the unit's tasks"
    officer.click(row.locator("[data-testid=task-open]"))
    assert page.locator("[data-testid=not-created]").is_visible()  # opening it created nothing
    assert not Submission.objects.filter(form=form).exists()
    assert page.locator("#id_value_portal-posts").input_value() == ""  # nothing logged yet
    officer.done()

    officer.step("log an activity with evidence, typing 05/11/2020")
    officer.click("[data-testid=log-activity]")
    page.locator("#id_date").fill("")
    page.locator("#id_date").type("05/11/2020")
    page.select_option("#id_channel", label="Cổng/trang thông tin điện tử")
    officer.clicks += 1
    page.get_by_label("Dịch vụ công trực tuyến").check()
    officer.clicks += 1
    page.fill("#id_title", "Hướng dẫn nộp hồ sơ trực tuyến mức độ 3, 4")
    page.fill("#id_quantity", "4")
    page.fill("#id_links", "https://stttt.gialai.example/dvc-truc-tuyen")
    page.set_input_files("#id_files", str(png(tmp_path / "anh-chup-trang.png")))
    officer.clicks += 1
    officer.click("main form button[type=submit]")
    activity = Activity.objects.get(unit__code="stttt")
    assert activity.date.isoformat() == "2020-11-05"  # typed in an English browser, read as 5 November
    assert "05/11/2020" in page.locator("main").inner_text()
    assert page.locator("[data-testid=evidence-link]").count() == 1
    officer.done()

    officer.step("open the report: the figure follows the log")
    officer.menu("directives:my_tasks")
    officer.click(page.locator("[data-testid=task-row]", has_text=form.name).locator("[data-testid=task-open]"))
    assert page.locator("#id_value_portal-posts").input_value() == "4"
    officer.click("[data-testid=log-activity]")
    page.locator("#id_date").fill("12/11/2020")
    page.select_option("#id_channel", label="Cổng/trang thông tin điện tử")
    page.fill("#id_title", "Tin về tỷ lệ hồ sơ trực tuyến tháng 11")
    page.fill("#id_quantity", "2")
    page.fill("#id_links", "https://stttt.gialai.example/ty-le-truc-tuyen")
    officer.clicks += 1
    officer.click("main form button[type=submit]")
    officer.menu("directives:my_tasks")
    officer.click(page.locator("[data-testid=task-row]", has_text=form.name).locator("[data-testid=task-open]"))
    assert page.locator("#id_value_portal-posts").input_value() == "6"  # 4 + 2: it follows the log
    officer.done()

    officer.step("fill and submit")
    for checkbox in page.locator("[data-testid=activity-choices] input[type=checkbox]").all():
        checkbox.check()
        officer.clicks += 1
    for textarea in page.locator("textarea[name^=narrative_]").all():
        textarea.fill("Đã đăng 6 tin, bài hướng dẫn dịch vụ công trực tuyến mức độ 3, 4.")
    officer.click("[data-testid=submission-save-submit]")
    submission = Submission.objects.get(form=form, unit__code="stttt")
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.values.get(indicator__code="portal-posts").number == 6
    officer.done()

    for username in ("stp", "ubnd-pleiku"):
        other = Person(page, base, username, username)
        other.login()
        other.step("submit the report")
        other.menu("directives:my_tasks")
        other.click(page.locator("[data-testid=task-row]", has_text=form.name).locator("[data-testid=task-open]"))
        for textarea in page.locator("textarea[name^=narrative_]").all():
            textarea.fill("Đơn vị đã triển khai tuyên truyền theo Công văn 2290/UBND-NC.")
        other.click("[data-testid=submission-save-submit]")
        assert Submission.objects.get(form=form, unit__code=username).status == SubmissionStatus.SUBMITTED
        other.done()

    # --- Sở Nội vụ reviews with the queue, reminds the silent unit, generates the synthesis. ------------------
    coordinator.login()
    coordinator.step("review: return one, approve two")
    coordinator.menu("menu-reports", "reports:review")
    assert page.locator("[data-testid=review-row]").count() == 3
    coordinator.click("[data-testid=review-start]")
    first = page.locator("[data-testid=review-unit]").inner_text()
    coordinator.click("[data-testid=reason-template]", wait=False)
    assert page.locator("#id_reason").input_value() != ""
    coordinator.click("[data-testid=review-return]")
    second = page.locator("[data-testid=review-unit]").inner_text()  # the next report opened by itself
    assert second != first
    page.keyboard.press("a")  # approve from the keyboard
    coordinator.clicks += 1
    page.wait_for_load_state()
    page.wait_for_url(re.compile(r"/reports/review/"))
    coordinator.menu("menu-reports", "reports:review")
    page.locator("[data-testid=review-row] input[type=checkbox]").first.check()
    coordinator.clicks += 1
    assert page.locator("[data-testid=approve-selected]").is_enabled()
    coordinator.click("[data-testid=approve-selected]")
    statuses = sorted(Submission.objects.filter(form=form).values_list("status", flat=True))
    assert statuses == ["approved", "approved", "returned"]
    coordinator.done()

    coordinator.step("remind the silent units from monitoring")
    coordinator.menu("monitoring:overview")
    assert page.locator("#id_form option:checked").inner_text().startswith(form.name)  # the campaign at hand
    count = page.locator("[data-testid=remind-count]")
    owing = int(count.inner_text())
    assert owing == 2  # An Khê has not started, the returned report is owed again
    page.locator("[data-testid=unit-row] input[data-select=remind]").first.check()
    assert count.inner_text() == "1"  # the count follows the selection
    page.locator("[data-testid=unit-row] input[data-select=remind]").first.uncheck()
    assert count.inner_text() == "2"
    before = Notification.objects.count()
    coordinator.click("[data-testid=remind]")  # nothing ticked: asks first (accepted), then reminds everyone owing
    assert Notification.objects.count() > before
    coordinator.done()

    coordinator.step("generate the synthesis")
    coordinator.menu("menu-synthesis", "synthesis:list")
    card = page.locator("[data-testid=synthesis-form]", has_text=form.name)
    coordinator.click(card.locator("[data-testid=generate]"))
    page.wait_for_selector("[data-testid=download-docx]", timeout=120_000)
    coordinator.done()

    assert page.console_errors == []
    print("\nrole | step | clicks | seconds")
    for role, step, clicks, seconds in STEPS:
        print(f"{role} | {step} | {clicks} | {seconds}")
