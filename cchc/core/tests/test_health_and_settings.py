import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_answers_200_with_the_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "writable": True, "version": "0.1.0"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def run_cchc(*args: str, **env: str) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "CCHC_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


GOOD_KEY = "k" * 20 + "-production-secret-key-0123456789-abcdefghij"


def test_production_refuses_debug():
    result = run_cchc("check", CCHC_ENV="production", DEBUG="1", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="cchc.example")
    assert result.returncode != 0
    assert "không được bật DEBUG" in result.stderr


def test_production_refuses_a_missing_secret_key():
    result = run_cchc("check", CCHC_ENV="production", ALLOWED_HOSTS="cchc.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_passes_the_deployment_checks(tmp_path):
    result = run_cchc("check", "--deploy", "--fail-level", "WARNING", CCHC_ENV="production", SECRET_KEY=GOOD_KEY,
                      ALLOWED_HOSTS="cchc.example", CCHC_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_never_creates_demo_accounts(tmp_path):
    env = {"CCHC_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "cchc.example",
           "CCHC_DATA_DIR": str(tmp_path)}
    assert run_cchc("migrate", "-v0", **env).returncode == 0
    result = run_cchc("demo", **env)
    assert result.returncode != 0
    assert "không nạp dữ liệu" in result.stderr
    assert "0" in run_cchc("shell", "-c", "from cchc.accounts.models import User; print(User.objects.count())",
                           **env).stdout
