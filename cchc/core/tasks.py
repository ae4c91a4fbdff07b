"""Background tasks of the core app."""

from __future__ import annotations

import time

from django_tasks import task


@task()
def probe_job(job_id: int, seconds: float = 0.0) -> str:
    """A diagnostic job: starts, reports 40 %, waits ``seconds`` on its first attempt, finishes. Used to check the
    worker pipeline end to end (a worker killed mid-job is retried by ``cchc reap-jobs``)."""
    from .models import Job

    job = Job.objects.get(pk=job_id)
    job.start()
    job.set_progress(40, "Đang chạy thử")
    if job.attempts <= 1:
        time.sleep(seconds)
    job.finish({"attempts": job.attempts})
    return "done"
