from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS or Atom feed")
    SITEMAP = "sitemap", _("sitemap")


class EntryStatus(models.TextChoices):
    RECORDED = "recorded", _("recorded as an activity")
    PENDING = "pending", _("to confirm")
    IGNORED = "ignored", _("not about administrative reform")
    REJECTED = "rejected", _("rejected")


STATUS_LABELS = {
    EntryStatus.RECORDED: "Đã ghi vào nhật ký", EntryStatus.PENDING: "Chờ xác nhận",
    EntryStatus.IGNORED: "Không phải tin CCHC", EntryStatus.REJECTED: "Đã loại",
}
KIND_LABELS = {SourceKind.FEED: "RSS/Atom", SourceKind.SITEMAP: "Sitemap"}
