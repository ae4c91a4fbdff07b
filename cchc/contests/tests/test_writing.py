"""Writing contests: entries, the jury with hidden names, conflicts of interest, combining the judges' scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.contests import actions, rules
from cchc.contests.choices import ContestKind, ScoreStatus
from cchc.contests.models import Contest, Criterion, JuryAssignment

D = Decimal


def test_combining_totals_on_hand_computed_cases() -> None:
    # max 100, threshold 20% → a spread above 20 points triggers the rule
    assert rules.combine_totals([D(80), D(85), D(90)], D(100), D(20)) == rules.Combined(D("85.00"), "ok", None, D(10))
    # 40 lies 40 from the median 80: dropped; 80 and 85 → 82.50
    combined = rules.combine_totals([D(80), D(85), D(40)], D(100), D(20))
    assert (combined.final, combined.status, combined.dropped) == (D("82.50"), ScoreStatus.OUTLIER_DROPPED, 2)
    # two judges 50 and 90: spread 40 > 20 → review; provisional mean 70
    combined = rules.combine_totals([D(50), D(90)], D(100), D(20))
    assert (combined.final, combined.status) == (D("70.00"), ScoreStatus.NEEDS_REVIEW)
    # three scattered judges: dropping one still leaves a spread over 20 → review
    combined = rules.combine_totals([D(30), D(60), D(90)], D(100), D(20))
    assert combined.status == ScoreStatus.NEEDS_REVIEW and combined.final == D("60.00")
    # exactly at the limit is fine; rounding half up
    assert rules.combine_totals([D(70), D("90"), D("80.5")], D(100), D(20)).final == D("80.17")
    assert rules.combine_totals([], D(100), D(20)).status == ScoreStatus.PENDING


@pytest.fixture
def writing(province: Any, coordinator: Any) -> Contest:
    contest = Contest.objects.create(title="Viết về cải cách hành chính", slug="viet-cchc", kind=ContestKind.WRITING,
                                     spread_threshold=D(20))
    Criterion.objects.create(contest=contest, name="Nội dung", max_points=D(60), order=1)
    Criterion.objects.create(contest=contest, name="Hình thức, văn phong", max_points=D(40), order=2)
    return contest


def _score(assignment: Any, content: str, form: str) -> None:
    criteria = list(assignment.entry.contest.criteria.all())
    actions.do_score_entry(assignment, {criteria[0].id: content, criteria[1].id: form}, acting_user=assignment.judge)


def test_jury_flow_hidden_names_conflict_and_ranking(writing: Contest, province: Any, coordinator: Any, alice: Any,
                                                     bob: Any, leader: Any, client: Any) -> None:
    from cchc import test as personas
    from cchc.core.choices import Role

    carol = personas.make_user("carol", Role.OFFICER, [province.stp], full_name="Giám khảo Ba")
    one = actions.do_submit_entry(writing, name="Nguyễn Thị Hồng Nhung", phone="0905123456",
                                  title="Một cửa, một lần đến", text="Bài viết thứ nhất.", unit_id=province.stttt.id)
    two = actions.do_submit_entry(writing, name="Trần Văn Bình", phone="0912345678", title="Dịch vụ công trực tuyến",
                                  text="", commune="Phường Hoa Lư", acting_user=coordinator, source="paper",
                                  uploaded_file=SimpleUploadedFile("bai.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
    assert (one.code, two.code) == ("BD-0001", "BD-0002")
    actions.do_assign_entries([one, two], [alice, bob, carol], acting_user=coordinator)
    # alice belongs to Sở TT&TT, the unit of the first entrant
    assert JuryAssignment.objects.get(entry=one, judge=alice).conflict is True
    assert JuryAssignment.objects.filter(conflict=True).count() == 1
    # the judge's page hides the author
    client.force_login(alice)
    assignment = JuryAssignment.objects.get(entry=one, judge=alice)
    page = client.get(reverse("contests:score", args=[assignment.pk])).content.decode()
    assert "Một cửa, một lần đến" in page and "BD-0001" in page
    assert "Nhung" not in page and "0905123456" not in page and "Thông tin và Truyền thông" not in page
    jury = client.get(reverse("contests:jury")).content.decode()
    assert "Nhung" not in jury and "Bình" not in jury
    # another judge's assignment is out of reach
    other = JuryAssignment.objects.get(entry=one, judge=bob)
    assert client.get(reverse("contests:score", args=[other.pk])).status_code == 403
    # points outside the rubric are refused
    with pytest.raises(actions.ContestError):
        _score(assignment, "61", "10")
    # entry one: 50+30=80, 45+40=85, 50+40=90 → 85.00 ; entry two: 30+10=40, 50+30=80, 50+35=85 → drop 40 → 82.50
    for judge, (a, b), (c, d) in [(alice, ("50", "30"), ("30", "10")), (bob, ("45", "40"), ("50", "30")),
                                  (carol, ("50", "40"), ("50", "35"))]:
        _score(JuryAssignment.objects.get(entry=one, judge=judge), a, b)
        _score(JuryAssignment.objects.get(entry=two, judge=judge), c, d)
    rows = actions.entry_results(writing)
    assert [(r["entry"].code, r["final"], r["status"]) for r in rows] == [
        ("BD-0001", D("85.00"), "ok"), ("BD-0002", D("82.50"), "outlier_dropped")]
    assert [j["dropped"] for j in rows[1]["judges"]] == [True, False, False]
    actions.do_publish_results(writing, acting_user=coordinator)
    public = client.get(reverse("contests:results", args=[writing.slug])).content.decode()
    assert "Nguyễn T. H. Nhung" in public and "0905123456" not in public and "Hồng Nhung" not in public
    with pytest.raises(actions.ContestError):
        _score(assignment, "10", "10")


def test_publishing_waits_for_review(writing: Contest, coordinator: Any, alice: Any, bob: Any) -> None:
    entry = actions.do_submit_entry(writing, name="Lê Văn An", phone="0905000001", title="Bài", text="Nội dung")
    actions.do_assign_entries([entry], [alice, bob], acting_user=coordinator)
    with pytest.raises(actions.ContestError) as pending:
        actions.do_publish_results(writing, acting_user=coordinator)
    assert "chưa chấm" in pending.value.message
    _score(JuryAssignment.objects.get(judge=alice), "30", "20")
    _score(JuryAssignment.objects.get(judge=bob), "60", "40")
    with pytest.raises(actions.ContestError) as review:
        actions.do_publish_results(writing, acting_user=coordinator)
    assert "xem xét lại" in review.value.message


def test_online_entry_checks_the_file(writing: Contest, client: Any) -> None:
    response = client.post(reverse("contests:submit_entry", args=[writing.slug]), {
        "name": "Lê Văn An", "phone": "0905000001", "title": "Bài dự thi",
        "file": SimpleUploadedFile("bai.pdf", b"not a pdf at all")})
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert writing.entries.count() == 0
    ok = client.post(reverse("contests:submit_entry", args=[writing.slug]), {
        "name": "Lê Văn An", "phone": "0905000001", "title": "Bài dự thi", "text": "Nội dung bài viết"})
    assert ok.status_code == 200 and "BD-0001" in ok.content.decode()
