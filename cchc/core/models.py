"""Core models shared by every app: in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import RestrictedQuerySet


class NotificationQuerySet(RestrictedQuerySet):
    def for_user(self, user) -> NotificationQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's notification centre (the bell): reminders, returned reports, …"""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def notify(users, title: str, body: str = "", url: str = "", category: str = "") -> list[Notification]:  # type: ignore[no-untyped-def]
    """Put a notification in each user's centre (one bulk insert)."""
    now = timezone.now()
    return Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:255], body=body, url=url, category=category, created_at=now)
         for user in users]
    )
