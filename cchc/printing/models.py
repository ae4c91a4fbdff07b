"""Printed material: the tri-fold leaflet and the back of the receipt, composed from messages and column items,
with QR codes to the addresses the coordinator sets; print runs recorded as activities of their unit."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from cchc.core.querysets import RestrictedQuerySet


class PublicationKind(models.TextChoices):
    LEAFLET = "leaflet", "Tờ gấp ba (A4 ngang, hai mặt)"
    RECEIPT_A4 = "receipt-a4", "Mặt sau giấy tiếp nhận hồ sơ (A4)"
    RECEIPT_A5 = "receipt-a5", "Mặt sau giấy tiếp nhận hồ sơ (A5)"


# The reports channel of each kind (cchc/reports/catalogue.py: "Tờ gấp, tờ rơi"; "In mặt sau giấy tiếp nhận …").
CHANNEL_OF_KIND = {PublicationKind.LEAFLET: "leaflet", PublicationKind.RECEIPT_A4: "receipt",
                   PublicationKind.RECEIPT_A5: "receipt"}


class QrAddresses(models.Model):
    """Where the QR codes point (one row). Empty fields fall back to the defaults (see :func:`addresses`)."""

    portal_url = models.URLField("Cổng dịch vụ công trực tuyến", max_length=500, blank=True)
    feedback_url = models.URLField("Trang phản ánh, kiến nghị", max_length=500, blank=True)
    column_url = models.URLField("Chuyên mục CCHC", max_length=500, blank=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        verbose_name = "địa chỉ mã QR"
        verbose_name_plural = "địa chỉ mã QR"

    def __str__(self) -> str:
        return "Địa chỉ mã QR"


class Message(models.Model):
    """A short CCHC message to print (a slogan, a how-to, the help line)."""

    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    order = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "thông điệp"
        verbose_name_plural = "thông điệp"

    def __str__(self) -> str:
        return self.title


class Publication(models.Model):
    """A leaflet or a receipt back: its title, chosen messages and column items, which QR codes it carries."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "export")

    kind = models.CharField("loại ấn phẩm", max_length=20, choices=PublicationKind.choices,
                            default=PublicationKind.LEAFLET)
    title = models.CharField("tiêu đề", max_length=200)
    subtitle = models.CharField("tiêu đề phụ", max_length=300, blank=True)
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị phát hành", on_delete=models.PROTECT,
                             related_name="publications")
    messages = models.ManyToManyField(Message, verbose_name="thông điệp", blank=True, related_name="publications")
    items = models.ManyToManyField("column.Item", verbose_name="tin, bài chuyên mục", blank=True, related_name="+")
    hotline = models.CharField("đường dây hỗ trợ", max_length=200, blank=True)
    contact = models.TextField("địa chỉ liên hệ", blank=True)
    qr_portal = models.BooleanField("mã QR Cổng dịch vụ công", default=True)
    qr_feedback = models.BooleanField("mã QR phản ánh, kiến nghị", default=True)
    qr_column = models.BooleanField("mã QR chuyên mục CCHC", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tạo", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "ấn phẩm"
        verbose_name_plural = "ấn phẩm"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("printing:publication", args=[self.pk])

    @property
    def is_leaflet(self) -> bool:
        return self.kind == PublicationKind.LEAFLET

    @property
    def page_size(self) -> str:
        return {PublicationKind.LEAFLET: "A4 landscape", PublicationKind.RECEIPT_A4: "A4",
                PublicationKind.RECEIPT_A5: "A5"}[PublicationKind(self.kind)]


class PrintRun(models.Model):
    """Copies printed and where they were handed out; recorded as an activity of its unit."""

    unit_path = "unit"
    officer_actions = ("view", "add", "export")

    publication = models.ForeignKey(Publication, verbose_name="ấn phẩm", on_delete=models.PROTECT,
                                    related_name="runs")
    unit = models.ForeignKey("units.OrgUnit", verbose_name="đơn vị", on_delete=models.PROTECT,
                             related_name="print_runs")
    date = models.DateField("ngày in, phát hành")
    copies = models.PositiveIntegerField("số bản", validators=[MinValueValidator(1), MaxValueValidator(10_000_000)])
    distribution = models.TextField("nơi phát hành", help_text="Ví dụ: bộ phận một cửa các xã, phường; bưu cục.")
    activity = models.OneToOneField("reports.Activity", verbose_name="hoạt động", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="print_run")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người ghi", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "đợt in"
        verbose_name_plural = "đợt in"

    def __str__(self) -> str:
        return f"{self.publication} · {self.copies} bản · {self.date:%d/%m/%Y}"
