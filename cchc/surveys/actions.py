"""Every change of a survey goes through a ``do_<verb>_<noun>`` function here (atomic, attributed)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.lib.text import clean_text
from cchc.lib.vn import fold

from .models import Choice, Question, QuestionKind, Response, ResponseAnswer, Section, Survey, SurveyLink

MAX_TEXT = 2000


class SurveyError(Exception):
    def __init__(self, errors: dict[int | str, str] | str) -> None:
        self.errors = errors if isinstance(errors, dict) else {"__all__": errors}
        super().__init__("; ".join(self.errors.values()))


def unique_slug(title: str) -> str:
    base = slugify(fold(title))[:60] or "khao-sat"
    slug, n = base, 1
    while Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def do_create_survey(*, title: str, description: str = "", is_anonymous: bool = True, acting_user: Any) -> Survey:
    title = " ".join(clean_text(title or "").split())
    if not title:
        raise SurveyError("Xin nhập tên khảo sát.")
    with acting_as(acting_user), transaction.atomic():
        return Survey.objects.create(title=title[:255], slug=unique_slug(title),
                                     description=clean_text(description or "").strip(), is_anonymous=is_anonymous)


def do_set_survey_open(survey: Survey, is_open: bool, *, acting_user: Any) -> Survey:
    with acting_as(acting_user), transaction.atomic():
        survey.is_open = is_open
        survey.save(update_fields=["is_open"])
    return survey


def do_add_section(survey: Survey, *, title: str, acting_user: Any) -> Section:
    title = " ".join(clean_text(title or "").split())
    if not title:
        raise SurveyError("Xin nhập tên phần.")
    with acting_as(acting_user), transaction.atomic():
        return Section.objects.create(survey=survey, title=title[:255], order=survey.sections.count() + 1)


def do_add_question(survey: Survey, *, text: str, kind: str, section: Section | None = None, required: bool = True,
                    allow_other: bool = False, choices: list[str] | None = None, show_if: Choice | None = None,
                    counts_for_index: bool = True, acting_user: Any) -> Question:
    text = " ".join(clean_text(text or "").split())
    choices = [" ".join(clean_text(c).split()) for c in (choices or []) if clean_text(c or "").strip()]
    if not text:
        raise SurveyError("Xin nhập câu hỏi.")
    if kind not in QuestionKind.values:
        raise SurveyError("Loại câu hỏi không hợp lệ.")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) + allow_other < 2:
        raise SurveyError("Câu hỏi lựa chọn cần ít nhất hai lựa chọn.")
    if show_if is not None and show_if.question.survey_id != survey.id:
        raise SurveyError("Điều kiện hiển thị phải là một lựa chọn của khảo sát này.")
    if section is not None and section.survey_id != survey.id:
        raise SurveyError("Phần không thuộc khảo sát này.")
    with acting_as(acting_user), transaction.atomic():
        question = Question.objects.create(
            survey=survey, section=section, text=text[:500], kind=kind, required=required,
            allow_other=allow_other and kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE),
            counts_for_index=counts_for_index and kind == QuestionKind.RATING, show_if=show_if,
            order=survey.questions.count() + 1)
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            Choice.objects.bulk_create([Choice(question=question, text=c[:255], order=i)
                                        for i, c in enumerate(choices, start=1)])
    return question


def do_delete_question(question: Question, *, acting_user: Any) -> None:
    if question.answers.exists():
        raise SurveyError("Câu hỏi đã có người trả lời: không xóa được.")
    with acting_as(acting_user), transaction.atomic():
        question.delete()


def do_add_link(survey: Survey, *, unit: Any = None, service: str = "", acting_user: Any) -> SurveyLink:
    service = " ".join(clean_text(service or "").split())[:255]
    with acting_as(acting_user), transaction.atomic():
        link, _ = SurveyLink.objects.get_or_create(survey=survey, unit=unit, service=service)
    return link


def visible_questions(questions: list[Question], picked_choice_ids: set[int]) -> list[Question]:
    """The questions asked given the choices picked (skip logic: ``show_if`` must be picked)."""
    return [q for q in questions if q.show_if_id is None or q.show_if_id in picked_choice_ids]


def do_submit_response(survey: Survey, data: dict[int, dict[str, Any]], *, link: SurveyLink | None = None,
                       now: Any = None) -> Response:
    """Validate and store one response. ``data`` maps a question id to {"choices": [ids], "other": str,
    "rating": int, "text": str}. Errors are reported per question; nothing is stored unless all is well."""
    if not survey.is_open:
        raise SurveyError("Khảo sát đã đóng.")
    questions = list(survey.questions.prefetch_related("choices").order_by("order", "id"))
    picked: set[int] = set()
    for question in questions:
        for cid in (data.get(question.id) or {}).get("choices") or []:
            picked.add(cid)
    rows: list[ResponseAnswer] = []
    errors: dict[int | str, str] = {}
    for question in visible_questions(questions, picked):
        value = data.get(question.id) or {}
        answered = False
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            valid = {c.id for c in question.choices.all()}
            chosen = [c for c in value.get("choices") or [] if c in valid]
            if len(chosen) != len(value.get("choices") or []):
                errors[question.id] = "Lựa chọn không hợp lệ."
                continue
            other = " ".join(clean_text(value.get("other") or "").split())[:MAX_TEXT] if question.allow_other else ""
            if question.kind == QuestionKind.SINGLE and len(chosen) + bool(other) > 1:
                errors[question.id] = "Chỉ chọn một lựa chọn."
                continue
            rows.extend(ResponseAnswer(question=question, choice_id=c) for c in chosen)
            if other:
                rows.append(ResponseAnswer(question=question, text=other, is_other=True))
            answered = bool(chosen or other)
        elif question.kind == QuestionKind.RATING:
            rating = value.get("rating")
            if rating not in (None, ""):
                try:
                    rating = int(rating)
                except (TypeError, ValueError):
                    rating = 0
                if not 1 <= rating <= 5:
                    errors[question.id] = "Mức đánh giá phải từ 1 đến 5."
                    continue
                rows.append(ResponseAnswer(question=question, rating=rating))
                answered = True
        else:
            text = clean_text(value.get("text") or "").strip()[:MAX_TEXT]
            if text:
                rows.append(ResponseAnswer(question=question, text=text))
                answered = True
        if question.required and not answered:
            errors[question.id] = "Câu hỏi này bắt buộc."
    if errors:
        raise SurveyError(errors)
    with transaction.atomic():
        response = Response.objects.create(survey=survey, link=link, unit=link.unit if link else None,
                                           service=link.service if link else "", submitted_at=now or clock.now())
        for row in rows:
            row.response = response
        ResponseAnswer.objects.bulk_create(rows)
    return response
