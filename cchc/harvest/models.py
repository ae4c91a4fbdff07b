"""Harvesting the units' portals: the feeds each unit registers, what was found in them, the topics' keywords."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet

from .choices import EntryStatus, SourceKind


class Source(models.Model):
    """A feed (RSS/Atom) or a sitemap of a unit's portal, read periodically with conditional requests."""

    unit_path = "unit"
    officer_actions = ("view", "add", "change", "delete")

    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="harvest_sources")
    url = models.CharField(_("address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices, default=SourceKind.FEED)
    is_active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__sort_name", "url"]
        verbose_name = _("harvested source")
        verbose_name_plural = _("harvested sources")
        constraints = [models.UniqueConstraint(fields=["unit", "url"], name="harvest_source_unique",
                                               violation_error_message=_("This address is already registered."))]

    def __str__(self) -> str:
        return self.url


class Entry(models.Model):
    """One article found on a unit's portal; recorded once as an activity when it is about CCHC."""

    unit_path = "unit"
    officer_actions = ("view", "change")

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="harvested_entries")
    link = models.CharField(_("link"), max_length=500)
    link_hash = models.CharField(max_length=64, editable=False)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, db_index=True)
    score = models.PositiveSmallIntegerField(_("keyword matches"), default=0)
    topics = models.ManyToManyField("reports.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    activity = models.OneToOneField("reports.Activity", verbose_name=_("activity"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="harvested_entry")
    decided_by = models.ForeignKey("accounts.User", verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("harvested entry")
        verbose_name_plural = _("harvested entries")
        constraints = [models.UniqueConstraint(fields=["unit", "link_hash"], name="harvest_entry_once",
                                               violation_error_message=_("This article has already been found."))]

    def __str__(self) -> str:
        return self.title


class TopicKeywords(models.Model):
    """The words that mark an article as being about a topic (folded: no diacritics, lower case), one per line."""

    topic = models.OneToOneField("reports.Topic", verbose_name=_("topic"), on_delete=models.CASCADE,
                                 related_name="harvest_keywords")
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("One per line; diacritics optional."))

    class Meta:
        ordering = ["topic__order"]
        verbose_name = _("topic keywords")
        verbose_name_plural = _("topic keywords")

    def __str__(self) -> str:
        return str(self.topic)
