"""Contests: online quizzes in rounds (question bank, random draws, server-side timer, exactly-once submission,
ranking with the tie-break question) and writing contests (entries, jury with hidden names, rubric, combined scores).

Entrants have no account: one normalised phone number is one person of a contest (``Entrant``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from cchc.core.querysets import RestrictedQuerySet

from .choices import (
    DEFAULT_PRIZES,
    TIE_BREAK_QUESTION,
    AgeGroup,
    AttemptStatus,
    ContestKind,
    EntrySource,
    QuestionKind,
)


def _prizes() -> list[dict]:
    return [dict(p) for p in DEFAULT_PRIZES]


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Contest(models.Model):
    """A contest: a quiz in rounds or a writing contest."""

    title = models.CharField("tên cuộc thi", max_length=255)
    slug = models.SlugField("đường dẫn", max_length=80, unique=True)
    kind = models.CharField("hình thức", max_length=20, choices=ContestKind.choices, default=ContestKind.QUIZ)
    description = models.TextField("thể lệ, giới thiệu", blank=True)
    organiser = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị tổ chức", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    is_published = models.BooleanField("công khai trên cổng", default=True)
    # Writing contests
    entries_open_until = models.DateTimeField("hạn nộp bài dự thi", null=True, blank=True)
    spread_threshold = models.DecimalField(
        "ngưỡng chênh lệch giữa giám khảo (% tổng điểm tối đa)", max_digits=5, decimal_places=2,
        default=Decimal("20"))
    results_published_at = models.DateTimeField("công bố kết quả lúc", null=True, blank=True)
    prizes = models.JSONField("cơ cấu giải", default=_prizes, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", args=[self.slug])

    @property
    def is_quiz(self) -> bool:
        return self.kind == ContestKind.QUIZ

    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), Decimal("0"))


class Round(models.Model):
    """A round of a quiz: its window, its draw and its prizes."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("vòng số", default=1)
    title = models.CharField("tên vòng", max_length=255, blank=True)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    question_count = models.PositiveSmallIntegerField("số câu hỏi mỗi lượt", default=10)
    time_limit_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)", default=15)
    max_attempts = models.PositiveSmallIntegerField("số lượt thi mỗi người", default=1)
    tie_break_question = models.CharField("câu hỏi phụ", max_length=255, default=TIE_BREAK_QUESTION)
    tie_break_answer = models.PositiveIntegerField(
        "đáp án câu hỏi phụ", null=True, blank=True,
        help_text="Để trống: số người tham gia hợp lệ của vòng, tính khi đóng vòng.")
    prizes = models.JSONField("cơ cấu giải", default=_prizes, blank=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người đóng", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    winners_published_at = models.DateTimeField("công bố giải lúc", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["contest_id", "number"]
        verbose_name = "vòng thi"
        verbose_name_plural = "vòng thi"
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contests_round_unique_number",
                                    violation_error_message="Cuộc thi đã có vòng số này."),
        ]

    def __str__(self) -> str:
        return self.title or f"Vòng {self.number}"

    def is_open(self, at) -> bool:  # type: ignore[no-untyped-def]
        return self.closed_at is None and self.starts_at <= at < self.ends_at

    def time_limit(self) -> timedelta:
        return timedelta(minutes=self.time_limit_minutes)


class Question(models.Model):
    """A question of a quiz's bank."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE,
                                related_name="questions")
    text = models.TextField("câu hỏi")
    kind = models.CharField("loại", max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    order = models.PositiveIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["contest_id", "order", "id"]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    """An answer offered for a question; ``is_correct`` marks the right ones."""

    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.CASCADE,
                                 related_name="choices")
    text = models.CharField("đáp án", max_length=500)
    is_correct = models.BooleanField("đúng", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["question_id", "order", "id"]
        verbose_name = "đáp án"
        verbose_name_plural = "đáp án"

    def __str__(self) -> str:
        return self.text


class Entrant(models.Model):
    """A person taking part in a contest, known by a normalised phone number (no account)."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE,
                                related_name="entrants")
    phone = models.CharField("số điện thoại", max_length=20)
    name = models.CharField("họ và tên", max_length=120)
    unit = models.ForeignKey("units.OrgUnit", verbose_name="cơ quan, đơn vị", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    commune = models.CharField("xã, phường, thị trấn", max_length=120, blank=True)
    age_group = models.CharField("độ tuổi", max_length=10, choices=AgeGroup.choices, blank=True)
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)

    class Meta:
        ordering = ["contest_id", "id"]
        verbose_name = "người dự thi"
        verbose_name_plural = "người dự thi"
        constraints = [
            models.UniqueConstraint(fields=["contest", "phone"], name="contests_entrant_unique_phone",
                                    violation_error_message="Số điện thoại này đã đăng ký dự thi."),
        ]

    def __str__(self) -> str:
        return self.name


class Attempt(models.Model):
    """One entrant's go at a round: the questions drawn, the deadline the server enforces, the result."""

    round = models.ForeignKey(Round, verbose_name="vòng thi", on_delete=models.CASCADE, related_name="attempts")
    entrant = models.ForeignKey(Entrant, verbose_name="người dự thi", on_delete=models.CASCADE,
                                related_name="attempts")
    number = models.PositiveSmallIntegerField("lượt thi", default=1)
    token = models.CharField("mã bài thi", max_length=40, unique=True, default=new_token)
    status = models.CharField("trạng thái", max_length=20, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField("bắt đầu lúc")
    deadline = models.DateTimeField("hạn nộp")
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    duration_seconds = models.PositiveIntegerField("thời gian làm bài (giây)", null=True, blank=True)
    score = models.PositiveSmallIntegerField("số câu đúng", null=True, blank=True)
    tie_break_guess = models.PositiveIntegerField("dự đoán", null=True, blank=True)
    disqualified_reason = models.CharField("lý do loại", max_length=500, blank=True)
    disqualified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người loại", null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = "bài thi"
        verbose_name_plural = "bài thi"
        constraints = [
            models.UniqueConstraint(fields=["round", "entrant", "number"], name="contests_attempt_unique_number",
                                    violation_error_message="Người dự thi đã có lượt thi này."),
        ]
        indexes = [models.Index(fields=["round", "status"], name="contests_attempt_round_status")]

    def __str__(self) -> str:
        return f"{self.entrant} — {self.round}"

    @property
    def is_finished(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS

    @property
    def counts(self) -> bool:
        return self.status in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)


class Answer(models.Model):
    """The entrant's answer to one drawn question, created empty at the start and saved as the entrant goes."""

    attempt = models.ForeignKey(Attempt, verbose_name="bài thi", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    choices = models.CharField("đáp án chọn", max_length=200, blank=True, default="",
                               help_text="Mã các đáp án, cách nhau bằng dấu phẩy, tăng dần.")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    is_correct = models.BooleanField("đúng", null=True, blank=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="contests_answer_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"

    def choice_ids(self) -> list[int]:
        return [int(part) for part in self.choices.split(",") if part]


# --- Writing contests ---

class Criterion(models.Model):
    """A line of a writing contest's rubric, with its maximum points."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE,
                                related_name="criteria")
    name = models.CharField("tiêu chí", max_length=255)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["contest_id", "order", "id"]
        verbose_name = "tiêu chí chấm"
        verbose_name_plural = "tiêu chí chấm"

    def __str__(self) -> str:
        return self.name


def entry_upload_to(instance: Entry, filename: str) -> str:
    return f"contests/entries/{instance.contest_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class Entry(models.Model):
    """An entry of a writing contest. Judges see only its code, title, text and file."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE, related_name="entries")
    entrant = models.ForeignKey(Entrant, verbose_name="tác giả", on_delete=models.PROTECT, related_name="entries")
    code = models.CharField("số phách", max_length=20)
    title = models.CharField("tên bài", max_length=255)
    text = models.TextField("nội dung", blank=True)
    file = models.FileField("tệp bài dự thi", upload_to=entry_upload_to, blank=True, max_length=255)
    file_type = models.CharField(max_length=120, blank=True, editable=False)
    source = models.CharField("hình thức nộp", max_length=20, choices=EntrySource.choices,
                              default=EntrySource.ONLINE)
    submitted_at = models.DateTimeField("nộp lúc")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["contest_id", "code"]
        verbose_name = "bài dự thi"
        verbose_name_plural = "bài dự thi"
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="contests_entry_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class JuryAssignment(models.Model):
    """An entry given to a judge. ``conflict`` flags a judge of the entrant's own unit."""

    entry = models.ForeignKey(Entry, verbose_name="bài dự thi", on_delete=models.CASCADE,
                              related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="giám khảo", on_delete=models.CASCADE,
                              related_name="jury_assignments")
    conflict = models.BooleanField("xung đột lợi ích", default=False)
    assigned_at = models.DateTimeField("giao lúc", auto_now_add=True)
    scored_at = models.DateTimeField("chấm xong lúc", null=True, blank=True)
    comment = models.TextField("nhận xét", blank=True)

    class Meta:
        ordering = ["entry_id", "judge_id"]
        verbose_name = "phân công chấm"
        verbose_name_plural = "phân công chấm"
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="contests_assignment_unique_judge",
                                    violation_error_message="Giám khảo đã được giao bài này."),
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.judge}"


class Score(models.Model):
    """A judge's points on one criterion of one entry."""

    assignment = models.ForeignKey(JuryAssignment, verbose_name="phân công", on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="tiêu chí", on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField("điểm", max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["assignment_id", "criterion_id"]
        verbose_name = "điểm"
        verbose_name_plural = "điểm"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="contests_score_unique_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
