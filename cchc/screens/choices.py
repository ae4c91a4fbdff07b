"""Choices of screens."""

from django.db import models


class SlideKind(models.TextChoices):
    TEXT = "text", "Chữ"
    IMAGE = "image", "Hình ảnh"
    VIDEO = "video", "Video"
    ITEM = "item", "Tin, bài chuyên mục"


class ScreenStatus(models.TextChoices):
    ONLINE = "online", "Đang hoạt động"
    OFFLINE = "offline", "Mất kết nối"
    NEVER = "never", "Chưa kết nối"
    REVOKED = "revoked", "Khóa đã thu hồi"


WEEKDAYS = [(1, "Thứ Hai"), (2, "Thứ Ba"), (3, "Thứ Tư"), (4, "Thứ Năm"), (5, "Thứ Sáu"), (6, "Thứ Bảy"),
            (7, "Chủ nhật")]
WEEKDAY_SHORT = {1: "T2", 2: "T3", 3: "T4", 4: "T5", 5: "T6", 6: "T7", 7: "CN"}
