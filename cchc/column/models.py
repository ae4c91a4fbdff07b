"""The public CCHC column: items (articles, clips, infographics, documents) and their attached files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet
from cchc.lib import vn

from .choices import ItemKind, ItemStatus


class ItemQuerySet(RestrictedQuerySet):
    def published(self) -> ItemQuerySet:
        """What the public sees: published items, newest first."""
        return self.filter(status=ItemStatus.PUBLISHED)

    def search(self, text: str) -> ItemQuerySet:
        """Every word of ``text``, ignoring case and diacritics, in the title, summary or body."""
        qs = self
        for word in vn.fold(text).split()[:10]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def due(self, moment) -> ItemQuerySet:  # type: ignore[no-untyped-def]
        """Scheduled items whose moment has come."""
        return self.filter(status=ItemStatus.SCHEDULED, publish_at__lte=moment)


def cover_upload_to(instance: Item, filename: str) -> str:
    return f"column/covers/{timezone.now():%Y/%m}/{filename}"


def video_upload_to(instance: Item, filename: str) -> str:
    return f"column/videos/{timezone.now():%Y/%m}/{filename}"


def file_upload_to(instance: ItemFile, filename: str) -> str:
    return f"column/files/{timezone.now():%Y/%m}/{filename}"


class Item(models.Model):
    """One item of the column: an article, a video clip, an infographic or a document, written by a unit."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "export")

    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.ARTICLE)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    cover = models.ImageField(_("cover image"), upload_to=cover_upload_to, blank=True, max_length=300)
    cover_alt = models.CharField(_("cover image description"), max_length=300, blank=True,
                                 help_text=_("What the picture shows, for readers who cannot see it."))
    video_file = models.FileField(_("video file"), upload_to=video_upload_to, blank=True, max_length=300)
    video_url = models.URLField(_("video link"), blank=True, max_length=500)
    topics = models.ManyToManyField("reports.Topic", verbose_name=_("topics"), blank=True, related_name="items")
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="items")
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    directive = models.ForeignKey("directives.Directive", verbose_name=_("directive"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="column_items")
    activity = models.OneToOneField("reports.Activity", verbose_name=_("activity"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="column_item")
    source = models.CharField(_("source"), max_length=60, blank=True,
                              help_text=_("Empty when typed in; the integration's name when pushed by a system."))
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="column_items")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("column item")
        verbose_name_plural = _("column items")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="column_item_slug_unique",
                                    violation_error_message=_("Another item already has this address.")),
            models.UniqueConstraint(fields=["unit", "source", "external_id"], condition=~Q(external_id=""),
                                    name="column_item_external_unique",
                                    violation_error_message=_("This item has already been submitted.")),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="column_item_public")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("column:item", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.PUBLISHED

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.title = vn.clean(self.title)
        self.search_text = " ".join(vn.fold(part) for part in (self.title, self.summary, _strip_tags(self.body))
                                    if part)
        super().save(*args, **kwargs)


def _strip_tags(html: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html or "")


class ItemFile(models.Model):
    """A file attached to an item (a directive's text, an annex, an infographic in full size)."""

    unit_path = "item__unit"
    officer_actions = ("view", "add", "delete", "export")

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.original_name
