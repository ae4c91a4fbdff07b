"""Fixtures of the feedback tests: the categories, a photo, a submitted item."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cchc.feedback.actions import do_submit_feedback
from cchc.feedback.models import Category
from cchc.feedback.seed import load_seed


@pytest.fixture(autouse=True)
def _on_commit_at_once(monkeypatch: Any) -> None:
    """Work queued on commit (mails, notifications, deliveries) runs at once: the test's transaction never commits."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    from django.core.cache import cache

    cache.clear()  # rate-limit counters start from zero in each test


@pytest.fixture
def categories(db: Any) -> dict[str, Category]:
    load_seed()
    return {c.slug: c for c in Category.objects.all()}


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh-ho-so.jpg", photo_bytes(), content_type="image/jpeg")


SENDER = {"name": "Nguyễn Văn Tư", "phone": "0905123456", "email": "nguyenvantu@example.com"}


@pytest.fixture
def item(categories: dict[str, Category], province: Any) -> Any:
    return do_submit_feedback(category=categories["dat-dai"], title="Chậm cấp sổ đỏ ở Pleiku",
                              content="Hồ sơ cấp giấy chứng nhận của tôi quá hẹn đã hai tuần.", consent=True,
                              **SENDER)
