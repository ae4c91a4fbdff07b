"""Class 12: two identical idempotent pushes at the same moment both succeed with the same activity (the loser answers
as the winner did), and only one activity exists. Threads against the real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from cchc import test as personas
from cchc.core.choices import Role
from cchc.reports.activities import do_issue_token
from cchc.reports.models import Activity
from cchc.reports.tests.test_activities import make_taxonomy

URL = "/api/v1/activities/"
ROOT = Path(__file__).resolve().parents[3]
IN_MEMORY_SQLITE = connection.vendor == "sqlite"


def payload(external_id: str) -> dict:
    return {"date": "2020-03-15", "channel": "thu-cong", "topics": ["thu-dvc"], "title": "Tin trên cổng",
            "quantity": 1, "reach": 10, "external_id": external_id, "links": ["https://stttt.gialai.gov.vn/tin"]}


def setup() -> tuple:
    province = personas.make_province()
    coordinator = personas.make_user("sonoivu", Role.COORDINATOR, [province.snv])
    make_taxonomy()
    _token, key = do_issue_token(province.stttt, "Cổng của Sở", acting_user=coordinator)
    return province, key


def race(province, key: str, round_: int) -> None:  # type: ignore[no-untyped-def]
    """Two threads push the same article at once; asserts both answers and the single activity."""
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def push(index: int) -> None:
        try:
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
            barrier.wait(timeout=10)
            response = api.post(URL, payload(f"bai-{round_}"), format="json")
            answers[index] = (response.status_code, response.json())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            answers[index] = (0, repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=push, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(answer[0] for answer in answers)
    assert statuses in ([201, 201], [200, 201]), answers
    assert answers[0][1]["id"] == answers[1][1]["id"]
    assert Activity.objects.filter(unit=province.stttt, external_id=f"bai-{round_}").count() == 1


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason="the in-memory test database locks whole tables: see the file test")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_identical_pushes_at_once_answer_alike(round_):
    race(*setup(), round_)


@pytest.mark.skipif(not IN_MEMORY_SQLITE, reason="SQLite only")
def test_two_identical_pushes_at_once_on_a_sqlite_file(tmp_path):
    """On SQLite as deployed (a file in WAL mode, IMMEDIATE transactions), in a process of its own."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "CCHC_ENV", "DEBUG"}}
    env.update({"CCHC_DATA_DIR": str(tmp_path), "DJANGO_ALLOW_ASYNC_UNSAFE": "true"})
    subprocess.run([sys.executable, "-m", "cchc", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True,
                   timeout=180)
    script = ("from cchc.core.tests.test_security_push import race, setup\nprovince, key = setup()\n"
              "for round_ in range(5):\n    race(province, key, round_)\nprint('ok')\n")
    result = subprocess.run([sys.executable, "-m", "cchc", "shell", "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-3000:]
