"""Satisfaction surveys (SIPAS): a survey of sections and questions, public links per unit and service, anonymous
responses, and the satisfaction index (``cchc.surveys.results``)."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse

from cchc.core.querysets import RestrictedQuerySet

RATING_LABELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
SATISFIED_FROM = 4  # "Hài lòng" and "Rất hài lòng"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Chọn một"
    MULTIPLE = "multiple", "Chọn nhiều"
    RATING = "rating", "Mức độ hài lòng (1–5)"
    TEXT = "text", "Trả lời tự do"


def new_code() -> str:
    return secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")


class Survey(models.Model):
    """A survey: anonymous by default, answered through its public links."""

    title = models.CharField("tên khảo sát", max_length=255)
    slug = models.SlugField("đường dẫn", max_length=80, unique=True)
    description = models.TextField("giới thiệu", blank=True)
    is_open = models.BooleanField("đang nhận trả lời", default=True)
    is_anonymous = models.BooleanField("ẩn danh", default=True,
                                       help_text="Không hỏi tên, không lưu địa chỉ IP của người trả lời.")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "khảo sát"
        verbose_name_plural = "khảo sát"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:answer", args=[self.slug])


class Section(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="khảo sát", on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("tên phần", max_length=255)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["survey_id", "order", "id"]
        verbose_name = "phần"
        verbose_name_plural = "phần"

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question. ``show_if`` is the skip logic: ask it only when that choice of an earlier question is picked."""

    survey = models.ForeignKey(Survey, verbose_name="khảo sát", on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name="phần", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="questions")
    text = models.CharField("câu hỏi", max_length=500)
    kind = models.CharField("loại", max_length=20, choices=QuestionKind.choices, default=QuestionKind.RATING)
    required = models.BooleanField("bắt buộc", default=True)
    allow_other = models.BooleanField("có lựa chọn “Khác”", default=False)
    counts_for_index = models.BooleanField("tính vào chỉ số hài lòng", default=True)
    show_if = models.ForeignKey("Choice", verbose_name="chỉ hỏi khi đã chọn", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["survey_id", "order", "id"]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("lựa chọn", max_length=255)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["question_id", "order", "id"]
        verbose_name = "lựa chọn"
        verbose_name_plural = "lựa chọn"

    def __str__(self) -> str:
        return self.text


class SurveyLink(models.Model):
    """A public link (and QR code) of a survey for a unit and, optionally, one of its services."""

    unit_path = "unit"

    survey = models.ForeignKey(Survey, verbose_name="khảo sát", on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    service = models.CharField("dịch vụ, thủ tục", max_length=255, blank=True)
    code = models.CharField("mã liên kết", max_length=20, unique=True, default=new_code)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "unit__name", "service", "id"]
        verbose_name = "liên kết khảo sát"
        verbose_name_plural = "liên kết khảo sát"

    def __str__(self) -> str:
        parts = [str(self.unit.short_name or self.unit.name) if self.unit_id else "Chung"]
        if self.service:
            parts.append(self.service)
        return " — ".join(parts)

    def get_absolute_url(self) -> str:
        return reverse("surveys:link", args=[self.code])


class Response(models.Model):
    """One anonymous response (no name, no address kept)."""

    unit_path = "unit"

    survey = models.ForeignKey(Survey, verbose_name="khảo sát", on_delete=models.CASCADE, related_name="responses")
    link = models.ForeignKey(SurveyLink, verbose_name="liên kết", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="responses")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    service = models.CharField("dịch vụ, thủ tục", max_length=255, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "id"]
        verbose_name = "phiếu trả lời"
        verbose_name_plural = "phiếu trả lời"

    def __str__(self) -> str:
        return f"#{self.pk}"


class ResponseAnswer(models.Model):
    """One value of a response: a picked choice, an "other" text (choice empty, ``is_other``), a rating or text."""

    response = models.ForeignKey(Response, verbose_name="phiếu", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, verbose_name="lựa chọn", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="answers")
    rating = models.PositiveSmallIntegerField("mức đánh giá", null=True, blank=True)
    text = models.TextField("nội dung", blank=True)
    is_other = models.BooleanField("lựa chọn khác", default=False)

    class Meta:
        ordering = ["response_id", "question_id", "id"]
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"
        indexes = [models.Index(fields=["question", "rating"], name="surveys_answer_question_rating")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.rating or self.text[:40]}"
