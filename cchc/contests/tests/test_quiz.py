"""The quiz: draws, the server-side timer, exactly-once submission, one attempt per phone, the ranking."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from cchc.contests import actions, rules
from cchc.contests.choices import AttemptStatus
from cchc.contests.models import Answer, Attempt, Entrant, Question
from cchc.core import clock

from .conftest import correct_choices, make_quiz, wrong_choice


def start(round_: Any, phone: str = "0905123456", name: str = "Nguyễn Thị Hồng Nhung", **kw: Any) -> Attempt:
    return actions.do_start_attempt(round_, name=name, phone=phone, **kw)


def test_phone_numbers_are_normalised() -> None:
    for value in ["0905 123 456", "+84 905 123 456", "84905123456", "0905.123.456", "905123456", "0084905123456"]:
        assert rules.normalise_phone(value) == "0905123456", value
    for bad in ["", "12345", "abc", "0905", "00905123456"]:
        assert rules.normalise_phone(bad) is None, bad


def test_random_draws_stay_within_the_rules(quiz: Any) -> None:
    contest, round_ = quiz
    retired = contest.questions.order_by("id").first()
    Question.objects.filter(pk=retired.pk).update(is_active=False)
    orders = set()
    for i in range(25):
        attempt = start(round_, phone=f"09050000{i:02d}")
        drawn = list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("question_id", flat=True))
        assert len(drawn) == round_.question_count == len(set(drawn))
        assert retired.pk not in drawn
        assert set(drawn) <= set(contest.questions.values_list("id", flat=True))
        orders.add(tuple(drawn))
    assert len(orders) > 20  # random per attempt
    # a bank smaller than the draw gives every question once
    round_.question_count = 50
    round_.save()
    attempt = start(round_, phone="0912000000")
    assert attempt.answers.count() == 14


def test_one_attempt_per_phone_per_round(quiz: Any) -> None:
    _, round_ = quiz
    first = start(round_)
    with pytest.raises(actions.ContestError) as refused:
        start(round_, phone="+84 905 123 456", name="Người khác")
    assert refused.value.code == "in_progress"
    # the same browser gets its attempt back
    assert start(round_, resume_tokens={first.token}).pk == first.pk
    actions.do_submit_attempt(first.token)
    with pytest.raises(actions.ContestError) as again:
        start(round_, phone="0905.123.456")
    assert again.value.code == "no_attempts_left"
    assert Entrant.objects.count() == 1


def test_score_counts_exact_answers(quiz: Any) -> None:
    _, round_ = quiz
    attempt = start(round_)
    questions = list(attempt.answers.order_by("position").values_list("question_id", flat=True))
    for qid in questions[:6]:
        actions.save_answer(attempt.token, qid, correct_choices(qid))
    for qid in questions[6:8]:
        actions.save_answer(attempt.token, qid, wrong_choice(qid))
    # a changed mind: the last saved answer counts
    actions.save_answer(attempt.token, questions[6], correct_choices(questions[6]))
    with pytest.raises(actions.ContestError):
        actions.save_answer(attempt.token, questions[0], [999999])
    attempt, accepted = actions.do_submit_attempt(attempt.token, guess=1234)
    assert accepted and attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score == 7
    assert attempt.tie_break_guess == 1234
    _, again = actions.do_submit_attempt(attempt.token, guess=1)
    assert again is False
    attempt.refresh_from_db()
    assert attempt.score == 7 and attempt.tie_break_guess == 1234


def test_server_timer_refuses_late_submission_and_keeps_saved_answers(quiz: Any) -> None:
    _, round_ = quiz
    t0 = clock.now()
    attempt = actions.do_start_attempt(round_, name="Trần Văn Bình", phone="0987654321", now=t0)
    qids = list(attempt.answers.order_by("position").values_list("question_id", flat=True))
    for qid in qids[:3]:
        actions.save_answer(attempt.token, qid, correct_choices(qid), now=t0 + timedelta(minutes=5))
    late = t0 + timedelta(minutes=16)
    with pytest.raises(actions.ContestError) as too_late:
        actions.save_answer(attempt.token, qids[3], correct_choices(qids[3]), now=late)
    assert too_late.value.code == "time_up"
    with pytest.raises(actions.ContestError) as refused:
        actions.do_submit_attempt(attempt.token, guess=500, now=late)
    assert refused.value.code == "time_up"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.score == 3  # the answers saved in time stand
    assert attempt.tie_break_guess is None  # the late guess is ignored
    assert attempt.submitted_at == attempt.deadline
    assert attempt.duration_seconds == 15 * 60


def _retrying(fn: Any) -> Any:
    """SQLite's shared in-memory test database answers "table is locked" instead of waiting: retry."""
    for _ in range(200):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("still locked")


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_recorded_once() -> None:
    _, round_ = make_quiz()
    attempt = start(round_)
    qids = list(attempt.answers.values_list("question_id", flat=True))
    for qid in qids:
        actions.save_answer(attempt.token, qid, correct_choices(qid))
    barrier = threading.Barrier(8)
    outcomes: list[bool] = []
    errors: list[BaseException] = []

    def submit(guess: int) -> None:
        try:
            barrier.wait()
            _, accepted = _retrying(lambda: actions.do_submit_attempt(attempt.token, guess=guess))
            outcomes.append(accepted)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(outcomes) == [False] * 7 + [True]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_with_one_phone_make_one_attempt() -> None:
    _, round_ = make_quiz()
    barrier = threading.Barrier(6)
    made: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def go(i: int) -> None:
        try:
            barrier.wait()
            attempt = _retrying(lambda: actions.do_start_attempt(round_, name=f"Người {i}",
                                                                 phone=["0905123456", "+84905123456"][i % 2]))
            made.append(attempt.pk)
        except actions.ContestError as exc:
            refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(made) == 1 and len(refused) == 5
    assert Attempt.objects.count() == 1 and Entrant.objects.count() == 1


def _finish(round_: Any, phone: str, name: str, right: int, *, seconds: int, guess: int | None, t0: Any) -> Attempt:
    attempt = actions.do_start_attempt(round_, name=name, phone=phone, now=t0)
    qids = list(attempt.answers.order_by("position").values_list("question_id", flat=True))
    for qid in qids[:right]:
        actions.save_answer(attempt.token, qid, correct_choices(qid), now=t0 + timedelta(seconds=1))
    attempt, _ = actions.do_submit_attempt(attempt.token, guess=guess, now=t0 + timedelta(seconds=seconds))
    return attempt


def test_ranking_and_tie_break(quiz: Any) -> None:
    _, round_ = quiz
    t0 = clock.now() - timedelta(minutes=30)
    a = _finish(round_, "0900000001", "Lê Văn An", 9, seconds=300, guess=10, t0=t0)
    b = _finish(round_, "0900000002", "Phạm Thị Bích", 9, seconds=200, guess=999, t0=t0)   # faster wins
    c = _finish(round_, "0900000003", "Hồ Văn Cường", 9, seconds=300, guess=6, t0=t0)     # closer guess than A
    d = _finish(round_, "0900000004", "Đỗ Thị Dung", 9, seconds=300, guess=4,
                t0=t0 + timedelta(seconds=0))  # same distance as C (|4-5| = |6-5|), same time
    e = _finish(round_, "0900000005", "Vũ Văn Em", 10, seconds=600, guess=None, t0=t0)   # more right answers
    # D submitted at the same moment as C: the earlier attempt id decides; make C clearly earlier
    Attempt.objects.filter(pk=d.pk).update(submitted_at=d.submitted_at + timedelta(milliseconds=10))
    round_.prizes = [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}]
    round_.save()
    rows = actions.ranking(round_)  # actual answer: 5 valid entrants
    assert [r["id"] for r in rows] == [e.pk, b.pk, c.pk, d.pk, a.pk]
    assert [r["prize"] for r in rows] == ["Giải Nhất", "Giải Nhì", "Giải Nhì", "", ""]
    assert rows[2]["distance"] == 1 and rows[4]["distance"] == 5


def test_close_round_early_and_periodic_command(quiz: Any) -> None:
    _, round_ = quiz
    open_attempt = start(round_)
    qid = open_attempt.answers.first().question_id
    actions.save_answer(open_attempt.token, qid, correct_choices(qid))
    round_ = actions.do_close_round(round_, acting_user=None)
    open_attempt.refresh_from_db()
    assert open_attempt.status == AttemptStatus.EXPIRED and open_attempt.score == 1
    with pytest.raises(actions.ContestError):
        start(round_, phone="0911111111")
    round_.refresh_from_db()
    round_.closed_at = None
    round_.ends_at = clock.now() - timedelta(minutes=1)
    round_.save()
    call_command("contests-close", verbosity=0)
    round_.refresh_from_db()
    assert round_.closed_at is not None


def test_disqualify_with_reason(quiz: Any, coordinator: Any) -> None:
    _, round_ = quiz
    attempt = start(round_)
    actions.do_submit_attempt(attempt.token)
    with pytest.raises(actions.ContestError):
        actions.do_disqualify_attempt(attempt, reason="", acting_user=coordinator)
    actions.do_disqualify_attempt(attempt, reason="Dùng số điện thoại của người khác", acting_user=coordinator)
    assert actions.ranking(round_) == []


def test_public_pages_show_no_personal_data(quiz: Any, client: Any, coordinator: Any) -> None:
    contest, round_ = quiz
    t0 = clock.now() - timedelta(minutes=30)
    _finish(round_, "0905123456", "Nguyễn Thị Hồng Nhung", 10, seconds=100, guess=1, t0=t0)
    actions.do_close_round(round_, acting_user=coordinator)
    actions.do_publish_winners(round_, acting_user=coordinator)
    for url in [reverse("contests:list"), reverse("contests:detail", args=[contest.slug]),
                reverse("contests:winners", args=[round_.pk]), "/api/v1/contests/",
                f"/api/v1/contests/{contest.slug}/"]:
        body = client.get(url).content.decode()
        assert "0905123456" not in body and "905 123" not in body, url
        assert "Hồng Nhung" not in body, url
    winners = client.get(reverse("contests:winners", args=[round_.pk])).content.decode()
    assert "Nguyễn T. H. Nhung" in winners
    assert client.get(f"/api/v1/contests/rounds/{round_.pk}/ranking/").status_code in (401, 403)


def test_short_names() -> None:
    assert rules.short_name("Nguyễn Thị Hồng Nhung") == "Nguyễn T. H. Nhung"
    assert rules.short_name("Lê An") == "Lê An"
    assert rules.short_name("Hà") == "Hà"


def test_api_take_part(quiz: Any, client: Any) -> None:
    _, round_ = quiz
    started = client.post(f"/api/v1/contests/rounds/{round_.pk}/attempts/",
                          {"name": "Trần Văn Bình", "phone": "0987 654 321", "age_group": "18-30"},
                          content_type="application/json")
    assert started.status_code == 201, started.content
    data = started.json()
    token = data["token"]
    assert len(data["questions"]) == 10 and data["seconds_left"] > 800
    assert all("is_correct" not in str(c) for q in data["questions"] for c in q["choices"])
    for question in data["questions"][:4]:
        saved = client.post(f"/api/v1/contests/attempts/{token}/answers/",
                            {"question": question["id"], "choices": correct_choices(question["id"])},
                            content_type="application/json")
        assert saved.status_code == 204
    bad = client.post(f"/api/v1/contests/attempts/{token}/answers/", {"question": 0, "choices": []},
                      content_type="application/json")
    assert bad.status_code == 400 and "Câu hỏi" in bad.json()["detail"]
    submitted = client.post(f"/api/v1/contests/attempts/{token}/submit/", {"guess": 42},
                            content_type="application/json")
    assert submitted.status_code == 200 and submitted.json()["score"] == 4
    twice = client.post(f"/api/v1/contests/attempts/{token}/submit/", {"guess": 1}, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["accepted"] is False
    after = client.post(f"/api/v1/contests/attempts/{token}/answers/",
                        {"question": data["questions"][5]["id"], "choices": []}, content_type="application/json")
    assert after.status_code == 409


def test_attempt_page_works_without_javascript(quiz: Any, client: Any) -> None:
    _, round_ = quiz
    response = client.post(reverse("contests:start", args=[round_.pk]),
                           {"name": "Trần Văn Bình", "phone": "0987654321", "commune": "Phường Hoa Lư"})
    assert response.status_code == 302
    token = response["Location"].rstrip("/").split("/")[-1]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Nộp bài" in page.content.decode()
    attempt = Attempt.objects.get(token=token)
    qids = list(attempt.answers.order_by("position").values_list("question_id", flat=True))
    form = {f"q{qid}": correct_choices(qid) for qid in qids[:5]}
    client.post(response["Location"], {**form, "guess": "77", "action": "save"})
    assert Answer.objects.filter(attempt=attempt).exclude(choices="").count() == 5
    done = client.post(response["Location"], {**form, "guess": "77", "action": "submit"}, follow=True)
    assert "5/10" in done.content.decode()


def test_staff_pages_by_role(quiz: Any, coordinator_client: Any, leader_client: Any, alice_client: Any) -> None:
    contest, round_ = quiz
    assert coordinator_client.get(reverse("contests:round", args=[round_.pk])).status_code == 200
    assert leader_client.get(reverse("contests:round", args=[round_.pk])).status_code == 200
    assert leader_client.post(reverse("contests:round_close", args=[round_.pk])).status_code == 403
    assert alice_client.get(reverse("contests:round", args=[round_.pk])).status_code == 403
    assert alice_client.get(reverse("contests:manage_contest", args=[contest.pk])).status_code == 403
    assert alice_client.get(reverse("contests:manage")).status_code == 200
    attempt = start(round_)
    actions.do_submit_attempt(attempt.token)
    detail = coordinator_client.get(reverse("contests:attempt_manage", args=[attempt.pk]))
    assert detail.status_code == 200 and "Nguyễn Thị Hồng Nhung" in detail.content.decode()
    assert leader_client.post(reverse("contests:attempt_manage", args=[attempt.pk]),
                              {"reason": "Gian lận"}).status_code == 403
    coordinator_client.post(reverse("contests:attempt_manage", args=[attempt.pk]), {"reason": "Dùng hai số máy"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DISQUALIFIED and attempt.disqualified_reason == "Dùng hai số máy"
    export = coordinator_client.get(reverse("contests:round_export", args=[round_.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_import_questions_from_xlsx(quiz: Any, coordinator: Any, tmp_path: Any) -> None:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    contest, _ = quiz
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Câu hỏi", "Loại", "A", "B", "C", "D", "Đáp án đúng"])
    sheet.append(["Công văn 2031/UBND-NC ban hành ngày nào?", "một", "01/10/2020", "02/10/2020", "", "", "A"])
    sheet.append(["Chọn các kênh tuyên truyền", "nhiều", "Báo", "Đài", "Mạng xã hội", "", "A, B, C"])
    path = tmp_path / "cau-hoi.xlsx"
    book.save(path)
    upload = SimpleUploadedFile("cau-hoi.xlsx", path.read_bytes())
    before = contest.questions.count()
    assert actions.do_import_questions(contest, upload, acting_user=coordinator) == 2
    assert contest.questions.count() == before + 2
    sheet.append(["Câu lỗi", "một", "X", "Y", "", "", ""])
    book.save(path)
    with pytest.raises(Exception) as bad:
        actions.do_import_questions(contest, SimpleUploadedFile("cau-hoi.xlsx", path.read_bytes()),
                                    acting_user=coordinator)
    assert "Dòng 4" in str(bad.value)
    assert contest.questions.count() == before + 2


def test_organiser_builds_a_contest(coordinator_client: Any, province: Any) -> None:
    from cchc.contests.models import Contest

    page = coordinator_client.get(reverse("contests:contest_create"))
    assert page.status_code == 200
    coordinator_client.post(reverse("contests:contest_create"), {
        "title": "Tìm hiểu 75 năm lịch sử Đảng bộ tỉnh", "slug": "75-nam", "kind": "quiz", "is_published": "on",
        "spread_threshold": "20"})
    contest = Contest.objects.get(slug="75-nam")
    now = clock.now()
    coordinator_client.post(reverse("contests:round_create", args=[contest.pk]), {
        "number": 1, "title": "Tuần 1", "starts_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "question_count": 5,
        "time_limit_minutes": 10, "max_attempts": 1, "tie_break_question": "Dự đoán số người tham gia",
        "prizes_text": "Giải Nhất: 1\nGiải Nhì: 2"})
    assert contest.rounds.get().prizes == [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}]
    coordinator_client.post(reverse("contests:question_add", args=[contest.pk]), {
        "text": "Đảng bộ tỉnh Gia Lai thành lập năm nào?", "kind": "single", "choices": "*1945\n1954\n1975"})
    question = contest.questions.get()
    assert list(question.choices.values_list("text", "is_correct")) == [("1945", True), ("1954", False),
                                                                        ("1975", False)]
    manage = coordinator_client.get(reverse("contests:manage_contest", args=[contest.pk])).content.decode()
    assert "Tuần 1" in manage and "Đảng bộ tỉnh Gia Lai thành lập năm nào?" in manage


@pytest.mark.django_db(transaction=True)
def test_many_entrants_submit_and_save_at_once() -> None:
    """Different attempts never wait on (nor deadlock over) a shared row such as the round or the contest."""
    _, round_ = make_quiz()
    attempts = [start(round_, phone=f"09050001{i:02d}") for i in range(8)]
    barrier = threading.Barrier(16)
    errors: list[BaseException] = []

    def submit(attempt: Attempt) -> None:
        try:
            barrier.wait()
            _retrying(lambda: actions.do_submit_attempt(attempt.token, guess=3))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def save(attempt: Attempt) -> None:
        try:
            qid = Answer.objects.filter(attempt=attempt).values_list("question_id", flat=True).first()
            barrier.wait()
            try:
                _retrying(lambda: actions.save_answer(attempt.token, qid, correct_choices(qid)))
            except actions.ContestError as exc:  # the submission came first: refused, nothing stored
                assert exc.code == "finished"
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in attempts]
    threads += [threading.Thread(target=save, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Attempt.objects.filter(status=AttemptStatus.SUBMITTED).count() == 8
    for attempt in Attempt.objects.all():  # a score always matches the answers stored
        stored = sum(1 for a in Answer.objects.filter(attempt=attempt)
                     if a.choices and a.choice_ids() == correct_choices(a.question_id))
        assert attempt.score == stored
