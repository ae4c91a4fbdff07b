"""Citizens' feedback (phản ánh, kiến nghị): categories, items, their history, attachments, reply templates, the
channels that hand items in through the webhook, and the outbound deliveries of answers back to those channels.

Personal data (name, phone, e-mail, attachments, channel's user reference) stays on ``Feedback`` and is never
rendered by a public page, feed, export or API answer: the public side goes through ``Feedback.public_dict()``.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cchc.core import clock
from cchc.core.choices import Action
from cchc.core.querysets import RestrictedQuerySet
from cchc.lib import vn

from .choices import ANSWERED_STATUSES, AT_UNIT_STATUSES, OPEN_STATUSES, Channel, DeliveryStatus, EventKind, Status

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone without slips


def new_tracking_code() -> str:
    """A random, unguessable code like ``PA-2020-7K3QX9HM`` (year of the clock)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"PA-{clock.today().year}-{body}"


class Category(models.Model):
    """A kind of feedback, with its time limit and the unit that usually handles it."""

    slug = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    group = models.CharField("nhóm", max_length=120, blank=True)
    days_limit = models.PositiveSmallIntegerField("thời hạn xử lý (ngày làm việc)", default=10)
    default_unit_code = models.CharField("mã đơn vị thường xử lý", max_length=40, blank=True)
    keywords = models.TextField("từ khóa gợi ý", blank=True, help_text="Mỗi dòng một từ khóa.")
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "lĩnh vực phản ánh"
        verbose_name_plural = "lĩnh vực phản ánh"

    def __str__(self) -> str:
        return self.name


class InboundChannel(models.Model):
    """A system that hands feedback in through the signed webhook (the Zalo OA relay, the hotline) and receives
    the answers back at ``answer_url``. Each has its own secret."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại kênh", max_length=20, choices=Channel.choices, default=Channel.ZALO)
    secret = models.CharField("khóa bí mật (HMAC-SHA256)", max_length=200)
    answer_url = models.URLField("địa chỉ nhận trả lời (webhook ra)", blank=True)
    is_active = models.BooleanField("đang dùng", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "kênh tích hợp"
        verbose_name_plural = "kênh tích hợp"

    def __str__(self) -> str:
        return self.name


class FeedbackQuerySet(RestrictedQuerySet):
    def published(self) -> FeedbackQuerySet:
        """What the public list shows: answered items whose sender did not ask to keep them unpublished."""
        return self.filter(status__in=ANSWERED_STATUSES, keep_private=False)

    def open(self) -> FeedbackQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue_on(self, day: date) -> FeedbackQuerySet:
        return self.filter(status__in=OPEN_STATUSES, due_date__lt=day)


class Feedback(models.Model):
    """One citizen's feedback, from its arrival to its public answer and the sender's verdict."""

    unit_path = "unit"
    officer_actions = (Action.VIEW, Action.EXPORT, Action.CHANGE)

    tracking_code = models.CharField("mã tra cứu", max_length=24, unique=True, default=new_tracking_code)
    category = models.ForeignKey(Category, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="items")
    unit_concerned = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị liên quan (người gửi nêu)", null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị xử lý", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="feedback_items")
    title = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    # Personal data: never public.
    sender_name = models.CharField("họ và tên", max_length=120, blank=True)
    sender_phone = models.CharField("số điện thoại", max_length=30, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    sender_ref = models.CharField("mã người dùng trên kênh", max_length=120, blank=True)
    consent_at = models.DateTimeField("đồng ý xử lý dữ liệu cá nhân lúc", null=True, blank=True)
    keep_private = models.BooleanField("không công khai", default=False,
                                       help_text="Người gửi đề nghị không công khai phản ánh và câu trả lời.")
    channel = models.CharField("kênh tiếp nhận", max_length=20, choices=Channel.choices, default=Channel.WEB)
    inbound = models.ForeignKey(InboundChannel, verbose_name="kênh tích hợp", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="items")
    external_ref = models.CharField("mã tham chiếu của kênh", max_length=120, blank=True)

    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    received_at = models.DateTimeField("ngày tiếp nhận", default=timezone.now, db_index=True)
    due_date = models.DateField("hạn xử lý", null=True, blank=True)
    accepted_at = models.DateTimeField("ngày chấp nhận", null=True, blank=True)
    routed_at = models.DateTimeField("ngày chuyển xử lý", null=True, blank=True)
    answered_at = models.DateTimeField("ngày trả lời", null=True, blank=True)
    answered_on_time = models.BooleanField("trả lời đúng hạn", null=True, blank=True)
    closed_at = models.DateTimeField("ngày kết thúc", null=True, blank=True)
    overdue_flagged_at = models.DateTimeField("đánh dấu quá hạn lúc", null=True, blank=True)
    draft_answer = models.TextField("dự thảo trả lời", blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người soạn dự thảo", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField("nội dung trả lời", blank=True)
    answer_unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị trả lời", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reject_reason = models.TextField("lý do không tiếp nhận", blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name="trùng với", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="duplicates")
    resolved = models.BooleanField("người gửi đánh giá đã giải quyết", null=True, blank=True)
    resolved_at = models.DateTimeField("ngày đánh giá", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("số lần mở lại", default=0)
    search_text = models.TextField(editable=False, default="")

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        constraints = [
            models.UniqueConstraint(fields=["inbound", "external_ref"], condition=~models.Q(external_ref=""),
                                    name="feedback_unique_external_ref",
                                    violation_error_message="Mã tham chiếu này đã được gửi trước đây."),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="feedback_status_due")]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        category = self.category.name if self.category_id else ""
        self.search_text = vn.fold(f"{self.tracking_code} {category} {self.title} {self.content} {self.answer}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("feedback:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("feedback:status", args=[self.tracking_code])

    @property
    def channel_short(self) -> str:
        return {"web": "Cổng", "api": "API", "zalo": "Zalo", "hotline": "Đường dây nóng"}.get(self.channel, "Khác")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    @property
    def at_unit(self) -> bool:
        return self.status in AT_UNIT_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or clock.today()
        return self.is_open and self.due_date is not None and today > self.due_date

    def overdue_days(self, today: date | None = None) -> int:
        today = today or clock.today()
        return (today - self.due_date).days if self.is_overdue(today) and self.due_date else 0

    @property
    def is_public(self) -> bool:
        return self.is_answered and not self.keep_private

    @property
    def received_on(self) -> date:
        return self.received_at.astimezone(clock.VIETNAM).date()

    @property
    def answered_on(self) -> date | None:
        return self.answered_at.astimezone(clock.VIETNAM).date() if self.answered_at else None


class Attachment(models.Model):
    """A file the sender attached (photo, PDF). Staff only: it may show the sender's personal data."""

    feedback = models.ForeignKey(Feedback, verbose_name="phản ánh", on_delete=models.CASCADE,
                                 related_name="attachments")
    file = models.FileField("tệp", upload_to="feedback/%Y/%m/")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại", max_length=120)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    created_at = models.DateTimeField("tải lên lúc", default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class FeedbackEvent(models.Model):
    """One step in an item's history: who did what, when, with the reason or the note."""

    feedback = models.ForeignKey(Feedback, verbose_name="phản ánh", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("loại", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    from_unit = models.ForeignKey("units.OrgUnit", verbose_name="từ đơn vị", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("nội dung", blank=True)
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.feedback.tracking_code}"


class ReplyTemplate(models.Model):
    """A reusable answer text, optionally for one category."""

    title = models.CharField("tên mẫu", max_length=200)
    body = models.TextField("nội dung")
    category = models.ForeignKey(Category, verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="templates")
    is_active = models.BooleanField("đang dùng", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "mẫu trả lời"
        verbose_name_plural = "mẫu trả lời"

    def __str__(self) -> str:
        return self.title


class OutboundDelivery(models.Model):
    """An answer to hand back to the channel an item came from, retried with backoff until accepted."""

    feedback = models.ForeignKey(Feedback, verbose_name="phản ánh", on_delete=models.CASCADE,
                                 related_name="deliveries")
    inbound = models.ForeignKey(InboundChannel, verbose_name="kênh", on_delete=models.CASCADE, related_name="+")
    url = models.URLField("địa chỉ")
    payload = models.JSONField("nội dung gửi", default=dict)
    status = models.CharField("trạng thái", max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_attempt_at = models.DateTimeField("lần thử tiếp theo", default=timezone.now, db_index=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    delivered_at = models.DateTimeField("gửi thành công lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "trả lời gửi về kênh"
        verbose_name_plural = "trả lời gửi về kênh"

    def __str__(self) -> str:
        return f"{self.feedback.tracking_code} → {self.url}"


class WebhookNonce(models.Model):
    """A nonce a channel used in a signed request: seen once, refused the second time (replays)."""

    inbound = models.ForeignKey(InboundChannel, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=120)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inbound", "nonce"], name="feedback_webhook_nonce_once")]

    def __str__(self) -> str:
        return self.nonce
