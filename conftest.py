"""Test set-up shared by every app: fast hashing, mail in memory, tasks run at once, personas, a browser."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import Client

from cchc import test as personas
from cchc.core.choices import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes around it are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_TODAY = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A local-memory cache keeps its content across tests (it is keyed by its location): every test starts empty,
    # and the public column's pages kept in the process's memory are forgotten too.
    from django.core.cache import cache

    cache.clear()
    from cchc.column.actions import forget_public_version
    from cchc.column.public import forget_local_pages

    forget_public_version()
    forget_local_pages()


@pytest.fixture
def province(db: Any) -> personas.Province:
    return personas.make_province()


@pytest.fixture
def admin_user(province: personas.Province) -> Any:
    return personas.make_user("quantri", Role.ADMIN, full_name="Quản trị")


@pytest.fixture
def coordinator(province: personas.Province) -> Any:
    return personas.make_user("sonoivu", Role.COORDINATOR, [province.snv], full_name="Chuyên viên Sở Nội vụ")


@pytest.fixture
def leader(province: personas.Province) -> Any:
    return personas.make_user("lanhdao", Role.LEADER, full_name="Lãnh đạo tỉnh")


@pytest.fixture
def alice(province: personas.Province) -> Any:
    """Officer of Sở Thông tin và Truyền thông."""
    return personas.make_user("alice", Role.OFFICER, [province.stttt], full_name="Nguyễn Thị An")


@pytest.fixture
def bob(province: personas.Province) -> Any:
    """Officer of UBND thành phố Pleiku."""
    return personas.make_user("bob", Role.OFFICER, [province.pleiku], full_name="Trần Văn Bình")


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(admin_user: Any) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def coordinator_client(coordinator: Any) -> Client:
    return _client_for(coordinator)


@pytest.fixture
def leader_client(leader: Any) -> Client:
    return _client_for(leader)


@pytest.fixture
def alice_client(alice: Any) -> Client:
    return _client_for(alice)


@pytest.fixture
def bob_client(bob: Any) -> Client:
    return _client_for(bob)


# --- Browser tests (pytest-playwright driving Debian's Chromium; `playwright install` is never needed). ---

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh",
            "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Errors the page logs to the browser console (there must be none)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors

