"""Class 7: a worker killed mid-job. The web keeps serving, the worker is started again, and the job is retried or
failed with a message after a bounded time (``cchc reap-jobs``): no page polls forever."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.core.jobs import reap_jobs, worker_is_gone
from cchc.core.models import Job, JobStatus

ROOT = Path(__file__).resolve().parents[3]


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_vanished_process_is_recognised():
    assert worker_is_gone(f"{socket.gethostname()}:{dead_pid()}")
    assert not worker_is_gone(f"{socket.gethostname()}:{os.getpid()}")
    assert not worker_is_gone(f"another-host:{dead_pid()}")  # cannot tell: left to the heartbeat timeout
    assert not worker_is_gone("")


@pytest.mark.django_db
def test_a_job_whose_worker_vanished_is_failed_with_a_message_in_vietnamese():
    job = Job.objects.create(kind="test", title="Tổng hợp", status=JobStatus.RUNNING, progress=40,
                             started_at=timezone.now(), heartbeat_at=timezone.now(),
                             worker=f"{socket.gethostname()}:{dead_pid()}", attempts=1)
    reaped = reap_jobs()
    job.refresh_from_db()
    assert reaped.failed == [job.pk]
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "tiến trình xử lý nền" in job.message.lower()


@pytest.mark.django_db
def test_a_job_silent_for_too_long_is_failed_even_on_another_host():
    old = timezone.now() - timedelta(hours=1)
    job = Job.objects.create(kind="test", title="x", status=JobStatus.RUNNING, started_at=old, heartbeat_at=old,
                             worker="another-host:123", attempts=1)
    alive = Job.objects.create(kind="test", title="y", status=JobStatus.RUNNING, started_at=old,
                               heartbeat_at=timezone.now(), worker="another-host:124", attempts=1)
    call_command("reap-jobs", verbosity=0)
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert alive.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_a_job_with_its_task_known_is_queued_again_once_then_failed():
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.create(status=TaskResultStatus.RUNNING, args_kwargs={"args": [1], "kwargs": {}},
                                       task_path="cchc.core.tasks.probe_job", backend_name="default",
                                       run_after=timezone.now(), started_at=timezone.now(), worker_ids=["w1"])
    job = Job.objects.create(kind="test", title="x", status=JobStatus.RUNNING, started_at=timezone.now(),
                             heartbeat_at=timezone.now(), worker=f"{socket.gethostname()}:{dead_pid()}",
                             task_id=str(task.pk), attempts=1)
    assert reap_jobs(max_attempts=2).retried == [job.pk]
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "thử lại" not in job.message.lower() or job.message
    assert task.status == TaskResultStatus.READY
    # The second attempt dies too: now it fails for good.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=2,
                                         worker=f"{socket.gethostname()}:{dead_pid()}")
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING)
    assert reap_jobs(max_attempts=2).failed == [job.pk]
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert task.status == TaskResultStatus.FAILED


@pytest.mark.django_db
def test_a_queued_job_no_worker_takes_is_failed_after_the_timeout(settings):
    settings.CCHC_JOB_QUEUED_TIMEOUT = 60
    job = Job.objects.create(kind="test", title="x", created_at=timezone.now() - timedelta(minutes=5))
    reap_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message


# --- End to end: `cchc up`, a real worker killed with SIGKILL in the middle of a job ---------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CCHC_ENV", "DEBUG"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({"CCHC_DATA_DIR": str(data_dir), **extra})
    return env


def wait_for(condition, timeout: float, step: float = 0.3):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def healthz(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:  # noqa: S310
            return response.status
    except Exception:  # noqa: BLE001
        return 0


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs `cchc up` on its own SQLite file")
def test_a_worker_killed_mid_job_is_restarted_and_the_job_retried(tmp_path):
    env = environment(tmp_path)
    subprocess.run([sys.executable, "-m", "cchc", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True,
                   timeout=180)
    database = tmp_path / "db.sqlite3"
    enqueue = ("from cchc.core.models import Job; from cchc.core.tasks import probe_job; "
               "job = Job.objects.create(kind='probe', title='Thử'); probe_job.enqueue(job.pk, 600); print(job.pk)")
    output = subprocess.run([sys.executable, "-m", "cchc", "shell", "-c", enqueue], cwd=ROOT, env=env, check=True,
                            timeout=120, capture_output=True, text=True).stdout
    job_id = int(output.strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "up.log").open("w")
    up = subprocess.Popen([sys.executable, "-m", "cchc", "up", "--port", str(port), "--web-workers", "1"], cwd=ROOT,
                          env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def job_row():  # type: ignore[no-untyped-def]
        with sqlite3.connect(database, timeout=20) as connection:
            return connection.execute("SELECT status, worker, attempts, progress, message FROM core_job WHERE id = ?",
                                      (job_id,)).fetchone()

    try:
        running = wait_for(lambda: (row := job_row()) and row[0] == "running" and row[3] == 40 and row, 90)
        assert running, f"the job never started: {job_row()}\n{(tmp_path / 'up.log').read_text()[-3000:]}"
        assert wait_for(lambda: healthz(port) == 200, 60)
        worker_pid = int(running[1].rsplit(":", 1)[1])
        os.kill(worker_pid, signal.SIGKILL)
        # The web keeps answering while the worker is down and started again.
        assert all(healthz(port) == 200 for _ in range(3))
        assert wait_for(lambda: "khởi động lại tiến trình worker" in (tmp_path / "up.log").read_text(), 30)
        assert job_row()[0] == "running"  # what the page showed, until the reaper looks
        subprocess.run([sys.executable, "-m", "cchc", "reap-jobs"], cwd=ROOT, env=env, check=True, timeout=120)
        done = wait_for(lambda: (row := job_row()) and row[0] == "done" and row, 60)
        assert done, job_row()
        assert done[2] == 2  # the second attempt finished it
        assert healthz(port) == 200
    finally:
        os.killpg(up.pid, signal.SIGTERM)
        try:
            up.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
        log.close()
