"""In a real browser: an entrant takes a round on a phone-sized window (answers saved as they are chosen) and sees
the result; the organiser closes the round and publishes the winners; a judge scores two entries."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest

from cchc.contests import actions
from cchc.contests.choices import AttemptStatus, ContestKind
from cchc.contests.models import Answer, Attempt, Contest, Criterion, JuryAssignment
from cchc.test import browser_login
from cchc.units.choices import DEFAULT_KINDS
from cchc.units.models import UnitKind

from .conftest import correct_choices, make_quiz

SHOTS = os.environ.get("CCHC_SHOTS", "")


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _open_menu(page: Any) -> None:
    """The staff menu puts the public channels in a drop-down: open it, then "Khảo sát & cuộc thi"."""
    item = page.locator("[data-testid='nav-contests:manage']")
    if not item.is_visible():
        page.locator("li.dropdown:has([data-testid='nav-contests:manage']) > a.dropdown-toggle").click()
    item.click()


@pytest.fixture
def unit_kinds() -> None:
    for code, name, plural, order in DEFAULT_KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "plural_name": plural, "order": order})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_entrant_organiser_and_judge(unit_kinds: Any, browser: Any, page: Any, live_server: Any, coordinator: Any,
                                     alice: Any, console_errors: list[str]) -> None:
    actions.forget_questions()
    contest, round_ = make_quiz(8, count=4, minutes=10)
    # --- the entrant, on a phone ---
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    mobile = phone.new_page()
    mobile_errors: list[str] = []
    mobile.on("console", lambda m: mobile_errors.append(m.text) if m.type == "error" else None)
    mobile.goto(f"{live_server.url}/cuoc-thi/")
    mobile.click(f"text={contest.title}")
    mobile.click("[data-testid=take-round]")
    mobile.fill("#id_name", "Nguyễn Thị Hồng Nhung")
    mobile.fill("#id_phone", "0905 123 456")
    mobile.fill("#id_commune", "Phường Hoa Lư")
    mobile.select_option("#id_age_group", "18-30")
    _shot(mobile, "start-m")
    mobile.click("[data-testid=start]")
    mobile.wait_for_selector("[data-testid=timer]")
    assert "Còn" in mobile.inner_text("[data-testid=timer]")
    attempt = Attempt.objects.get()
    answers = list(Answer.objects.filter(attempt=attempt).order_by("position"))
    for answer in answers[:3]:  # three right answers, chosen one by one, each saved by the script
        for choice_id in correct_choices(answer.question_id):
            mobile.check(f"#c{choice_id}")
        mobile.locator(f'.question[data-question="{answer.question_id}"] .save-state',
                       has_text="Đã lưu").wait_for()
    assert Answer.objects.filter(attempt=attempt).exclude(choices="").count() == 3
    mobile.fill("#guess", "2")
    mobile.locator("#guess").blur()
    _shot(mobile, "attempt-m")
    mobile.click("[data-testid=submit-attempt]")
    mobile.wait_for_selector("[data-testid=result]")
    assert mobile.inner_text("[data-testid=score]") == "3/4"
    _shot(mobile, "result-m")
    assert mobile_errors == []
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.tie_break_guess == 2
    phone.close()

    # --- the organiser closes the round and publishes the winners ---
    browser_login(page, live_server.url, "sonoivu")
    _open_menu(page)
    page.click(f"text={contest.title}")
    page.click("[data-testid=round-link]")
    assert "Nguyễn Thị Hồng Nhung" in page.inner_text("[data-testid=ranking]")
    page.click("[data-testid=close-round]")
    page.click("[data-testid=publish-winners]")
    _shot(page, "round-d")
    page.click("[data-testid=public-winners]")
    winners = page.inner_text("[data-testid=winners]")
    assert "Nguyễn T. H. Nhung" in winners and "Giải Nhất" in winners
    assert "0905" not in page.content()
    _shot(page, "winners-d")

    # --- a judge scores two entries (names hidden) ---
    writing = Contest.objects.create(title="Viết về cải cách hành chính", slug="viet", kind=ContestKind.WRITING)
    Criterion.objects.create(contest=writing, name="Nội dung", max_points=Decimal(60), order=1)
    Criterion.objects.create(contest=writing, name="Hình thức", max_points=Decimal(40), order=2)
    entries = [actions.do_submit_entry(writing, name=name, phone=f"091234567{i}", title=title, text="Nội dung bài.")
               for i, (name, title) in enumerate([("Lê Văn An", "Một cửa ở phường"),
                                                  ("Phạm Thị Bích", "Dịch vụ công")])]
    actions.do_assign_entries(entries, [alice], acting_user=coordinator)
    page.context.clear_cookies()
    browser_login(page, live_server.url, "alice")
    _open_menu(page)
    page.click("[data-testid=jury-link]")
    page.locator("[data-testid=jury] a.btn").first.click()
    for points in (("50", "30"), ("42.5", "35")):
        body = page.inner_text("main")
        assert "Lê Văn An" not in body and "Phạm Thị Bích" not in body
        inputs = page.locator("main input[type=number]")
        inputs.nth(0).fill(points[0])
        inputs.nth(1).fill(points[1])
        _shot(page, "score-d")
        page.click("[data-testid=save-score]")
    assert "Đã chấm" in page.inner_text("[data-testid=jury]")
    assert JuryAssignment.objects.filter(judge=alice, scored_at__isnull=False).count() == 2
    assert [r["final"] for r in actions.entry_results(writing)] == [Decimal("80.00"), Decimal("77.50")]
    assert console_errors == []
