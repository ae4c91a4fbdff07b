"""Choices of the feedback app (labels in Vietnamese: this is a public-facing app)."""

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    ACCEPTED = "accepted", "Đã tiếp nhận, chờ chuyển xử lý"
    ROUTED = "routed", "Đơn vị đang xử lý"
    DRAFTED = "drafted", "Đã có dự thảo trả lời, chờ duyệt"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã giải quyết xong"
    REJECTED = "rejected", "Không tiếp nhận"
    MERGED = "merged", "Gộp vào phản ánh khác"


OPEN_STATUSES = (Status.NEW, Status.ACCEPTED, Status.ROUTED, Status.DRAFTED)
ANSWERED_STATUSES = (Status.ANSWERED, Status.CLOSED)
# The statuses in which a unit works on it (time limit runs, reminders go to the unit).
AT_UNIT_STATUSES = (Status.ROUTED, Status.DRAFTED)


class Channel(models.TextChoices):
    WEB = "web", "Cổng thông tin (biểu mẫu)"
    API = "api", "API"
    ZALO = "zalo", "Zalo OA “Chính quyền điện tử tỉnh Gia Lai”"
    HOTLINE = "hotline", "Đường dây nóng"
    OTHER = "other", "Kênh khác"


class EventKind(models.TextChoices):
    RECEIVED = "received", "Tiếp nhận"
    ACCEPTED = "accepted", "Chấp nhận xử lý"
    ROUTED = "routed", "Chuyển đơn vị xử lý"
    TRANSFERRED = "transferred", "Chuyển sang đơn vị khác"
    NOTE = "note", "Ghi chú nội bộ"
    DRAFTED = "drafted", "Dự thảo trả lời"
    DRAFT_RETURNED = "draft_returned", "Trả lại dự thảo"
    PUBLISHED = "published", "Công bố trả lời"
    REJECTED = "rejected", "Không tiếp nhận"
    MERGED = "merged", "Gộp phản ánh trùng"
    RESOLVED = "resolved", "Người gửi xác nhận đã giải quyết"
    REOPENED = "reopened", "Người gửi báo chưa giải quyết — mở lại"
    OVERDUE = "overdue", "Quá hạn xử lý"
    NOTIFIED = "notified", "Thông báo cho người gửi"
    DELIVERY = "delivery", "Gửi trả lời về kênh tiếp nhận"
    PRIVACY = "privacy", "Đổi chế độ công khai"


# Events a citizen may see on the public status page (no internal notes, no names of staff).
PUBLIC_EVENTS = (EventKind.RECEIVED, EventKind.ACCEPTED, EventKind.ROUTED, EventKind.TRANSFERRED,
                 EventKind.PUBLISHED, EventKind.REJECTED, EventKind.MERGED, EventKind.RESOLVED, EventKind.REOPENED)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ gửi"
    DELIVERED = "delivered", "Đã gửi"
    FAILED = "failed", "Gửi không thành công (đã dừng thử lại)"
