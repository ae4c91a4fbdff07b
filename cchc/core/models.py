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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """Long work a user waits for (generating a report, a big import): its status, progress and result.

    The work itself runs as a django-tasks task in a worker; the task updates this row, the page polls it.
    ``start`` records which worker process runs it (and the django-tasks result id); ``start``, ``set_progress``
    and ``heartbeat`` stamp ``heartbeat_at``. ``cchc reap-jobs`` (scheduled) retries or fails a running job whose
    worker vanished or whose heartbeat is older than ``CCHC_JOB_STALE_SECONDS``, so no page polls forever.
    """

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True, help_text=_("What is happening, or why it failed."))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True, help_text=_("host:process id"))
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return self.title

    def start(self) -> None:
        from .jobs import current_task_id, worker_name

        now = timezone.now()
        self.status, self.started_at, self.heartbeat_at, self.progress = JobStatus.RUNNING, now, now, 0
        self.worker = worker_name()
        self.task_id = current_task_id() or self.task_id
        self.attempts = (self.attempts or 0) + 1
        self.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "worker", "task_id", "attempts"])

    def set_progress(self, percent: int, message: str = "") -> None:
        self.progress = max(0, min(100, int(percent)))
        self.message = message or self.message
        self.heartbeat_at = timezone.now()
        Job.objects.filter(pk=self.pk).update(progress=self.progress, message=self.message,
                                              heartbeat_at=self.heartbeat_at)

    def heartbeat(self) -> None:
        """A sign of life during a long step that reports no progress."""
        self.heartbeat_at = timezone.now()
        Job.objects.filter(pk=self.pk).update(heartbeat_at=self.heartbeat_at)

    def finish(self, result: dict | None = None) -> None:
        self.status, self.progress, self.finished_at = JobStatus.DONE, 100, timezone.now()
        self.result = result or self.result
        self.save(update_fields=["status", "progress", "finished_at", "result"])

    def fail(self, message: str) -> None:
        self.status, self.finished_at, self.message = JobStatus.FAILED, timezone.now(), message
        self.save(update_fields=["status", "finished_at", "message"])
