"""Choices of the contests app (labels in Vietnamese: the public pages show them as they are)."""

from django.db import models


class ContestKind(models.TextChoices):
    QUIZ = "quiz", "Thi trắc nghiệm trực tuyến"
    WRITING = "writing", "Thi viết"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Chọn một đáp án"
    MULTIPLE = "multiple", "Chọn nhiều đáp án"


class AgeGroup(models.TextChoices):
    UNDER_18 = "u18", "Dưới 18 tuổi"
    FROM_18 = "18-30", "Từ 18 đến 30 tuổi"
    FROM_31 = "31-45", "Từ 31 đến 45 tuổi"
    FROM_46 = "46-60", "Từ 46 đến 60 tuổi"
    OVER_60 = "60+", "Trên 60 tuổi"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang làm bài"
    SUBMITTED = "submitted", "Đã nộp"
    EXPIRED = "expired", "Hết giờ (tự động nộp)"
    DISQUALIFIED = "disqualified", "Bị loại"


class EntrySource(models.TextChoices):
    ONLINE = "online", "Nộp trực tuyến"
    PAPER = "paper", "Nộp bản giấy (ban tổ chức nhập)"


class ScoreStatus(models.TextChoices):
    """How the judges' totals of an entry combine (see ``cchc.contests.scoring``)."""

    PENDING = "pending", "Chưa đủ điểm"
    OK = "ok", "Trung bình các giám khảo"
    OUTLIER_DROPPED = "outlier_dropped", "Đã bỏ điểm lệch nhiều nhất"
    NEEDS_REVIEW = "needs_review", "Cần xem xét lại (chênh lệch lớn)"


DEFAULT_PRIZES = [
    {"name": "Giải Nhất", "count": 1},
    {"name": "Giải Nhì", "count": 2},
    {"name": "Giải Ba", "count": 3},
    {"name": "Giải Khuyến khích", "count": 5},
]
TIE_BREAK_QUESTION = "Dự đoán số người tham gia vòng thi này"
