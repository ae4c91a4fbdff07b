from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cchc.contests import actions
from cchc.contests.models import Contest, Round
from cchc.core import clock


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    from django.core.cache import cache

    actions.forget_questions()
    cache.clear()


def make_quiz(questions: int = 15, *, count: int = 10, minutes: int = 15, attempts: int = 1) -> tuple[Contest, Round]:
    contest = Contest.objects.create(title="Tìm hiểu về công tác cải cách hành chính", slug="tim-hieu-cchc")
    for i in range(questions):
        multiple = i % 5 == 4
        actions.do_add_question(
            contest, text=f"Câu hỏi số {i + 1}?", kind="multiple" if multiple else "single",
            choices=[("Đáp án A", True), ("Đáp án B", multiple), ("Đáp án C", False), ("Đáp án D", False)],
            acting_user=None)
    now = clock.now()
    round_ = Round.objects.create(contest=contest, number=1, title="Tuần 1", starts_at=now - timedelta(hours=1),
                                  ends_at=now + timedelta(hours=1), question_count=count, time_limit_minutes=minutes,
                                  max_attempts=attempts)
    return contest, round_


def correct_choices(question_id: int) -> list[int]:
    return sorted(actions.question_info([question_id])[question_id].correct_ids)


def wrong_choice(question_id: int) -> list[int]:
    info = actions.question_info([question_id])[question_id]
    return [min(info.choice_ids - info.correct_ids)]


@pytest.fixture
def quiz(db: Any) -> tuple[Contest, Round]:
    return make_quiz()
