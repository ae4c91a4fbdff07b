"""Jobs whose worker died: found and retried or failed (``cchc reap-jobs``), so that no page polls forever.

A worker process records itself on the Job it runs (``host:pid``) and the django-tasks result it is running (caught
from django-tasks' ``task_started`` signal). A RUNNING job is dead when its worker process no longer exists on this
host, or when it has shown no sign of life (``heartbeat_at``) for ``CCHC_JOB_STALE_SECONDS``. A dead job is
retried — its task result put back in the queue — while it has had fewer than ``CCHC_JOB_MAX_ATTEMPTS`` attempts,
otherwise it is failed with a message in Vietnamese, its task result too, and ``job_failed`` is sent so that the
owner of the job (e.g. a synthesis version "being generated") can say so. A job still QUEUED after
``CCHC_JOB_QUEUED_TIMEOUT`` (no worker running at all) is failed the same way.
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal, receiver
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

job_failed = Signal()  # sender=Job, job=…, message=…
_current_task: contextvars.ContextVar[str | None] = contextvars.ContextVar("cchc_current_task", default=None)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def current_task_id() -> str | None:
    return _current_task.get()


try:
    from django_tasks.signals import task_finished, task_started

    @receiver(task_started, dispatch_uid="cchc-job-task-started")
    def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
        _current_task.set(str(getattr(task_result, "id", "") or "") or None)

    @receiver(task_finished, dispatch_uid="cchc-job-task-finished")
    def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        _current_task.set(None)
except ImportError:  # pragma: no cover
    pass


def worker_is_gone(worker: str) -> bool:
    """True when ``worker`` ("host:pid") ran on this host and that process no longer exists."""
    host, _sep, pid_text = (worker or "").rpartition(":")
    if not host or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # A zombie (killed, not yet reaped by its parent) is gone too.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return False


@dataclass
class Reaped:
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _task_result(task_id: str) -> Any:
    if not task_id or not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    try:
        return DBTaskResult.objects.filter(pk=task_id).first()
    except Exception:  # noqa: BLE001 - a malformed id
        return None


def _fail_owners(job: Any, message: str) -> None:
    """Rows that show a job's outcome and would otherwise stay "in progress"."""
    if apps.is_installed("cchc.synthesis"):
        from cchc.synthesis.models import GeneratedReport, ReportStatus

        GeneratedReport.objects.filter(job=job, status=ReportStatus.GENERATING).update(
            status=ReportStatus.FAILED, failure=message)


def lost_message() -> str:
    return _("The background worker stopped while doing this job (it was restarted or the server was short of "
             "memory). Nothing half-finished was kept: start it again.")


def reap_jobs(*, stale_after: int | None = None, queued_timeout: int | None = None,
              max_attempts: int | None = None) -> Reaped:
    from django_tasks import TaskResultStatus

    from .models import Job, JobStatus

    stale_after = int(stale_after if stale_after is not None else settings.CCHC_JOB_STALE_SECONDS)
    queued_timeout = int(queued_timeout if queued_timeout is not None else settings.CCHC_JOB_QUEUED_TIMEOUT)
    max_attempts = int(max_attempts if max_attempts is not None else settings.CCHC_JOB_MAX_ATTEMPTS)
    now = timezone.now()
    reaped = Reaped()
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        last = job.heartbeat_at or job.started_at or job.created_at
        if not (worker_is_gone(job.worker) or last < now - timedelta(seconds=stale_after)):
            continue
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING).first()
            if locked is None:
                continue
            task = _task_result(locked.task_id)
            if task is not None and locked.attempts < max_attempts:
                task.status = TaskResultStatus.READY
                task.run_after = now
                task.started_at = None
                task.save(update_fields=["status", "run_after", "started_at"])
                locked.status, locked.progress = JobStatus.QUEUED, 0
                locked.message = _("The background worker stopped; the job is queued again (attempt %(n)s).") % {
                    "n": locked.attempts + 1}
                locked.save(update_fields=["status", "progress", "message"])
                reaped.retried.append(locked.pk)
                logger.warning("Job %s: worker %s lost, queued again", locked.pk, locked.worker)
                continue
            message = lost_message()
            locked.fail(message)
            if task is not None and task.status == TaskResultStatus.RUNNING:
                task.status, task.finished_at = TaskResultStatus.FAILED, now
                task.exception_class_path, task.traceback = "cchc.core.jobs.WorkerLost", message
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            _fail_owners(locked, message)
            reaped.failed.append(locked.pk)
            logger.warning("Job %s: worker %s lost, failed", locked.pk, locked.worker)
        job_failed.send(sender=Job, job=locked, message=message)
    for job in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - timedelta(seconds=queued_timeout)):
        message = _("No background worker picked this job up in time: check that the worker runs, then start it "
                    "again.")
        job.fail(message)
        _fail_owners(job, message)
        reaped.failed.append(job.pk)
        job_failed.send(sender=Job, job=job, message=message)
    return reaped
