"""Rate limits per address (shared cache), the honeypot, bad files: what is refused is not stored, and the sender
is told why."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.feedback.models import Attachment, Feedback


def _form(categories: Any, **extra: Any) -> dict[str, Any]:
    return {"category": categories["khac"].pk, "title": "Đề nghị", "content": "Nội dung đề nghị.", "consent": "on",
            **extra}


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_address(client: Any, settings: Any, categories: Any) -> None:
    settings.CCHC_FEEDBACK_RATE_LIMITS = [("h", 2, 3600)]
    for _ in range(2):
        assert client.post(reverse("feedback:submit"), _form(categories)).status_code == 302
    refused = client.post(reverse("feedback:submit"), _form(categories, title="Lần thứ ba"))
    assert refused.status_code == 429
    assert "quá nhiều phản ánh" in refused.content.decode() and "chưa được lưu" in refused.content.decode()
    assert Feedback.objects.count() == 2 and not Feedback.objects.filter(title="Lần thứ ba").exists()
    # Another address is not affected.
    assert client.post(reverse("feedback:submit"), _form(categories), REMOTE_ADDR="10.0.0.9").status_code == 302
    # The API shares the same counters.
    response = client.post("/api/v1/feedback/", {"category": "khac", "title": "API", "content": "x",
                                                 "consent": True}, content_type="application/json")
    assert response.status_code == 429 and "quá nhiều" in response.json()["detail"]
    assert Feedback.objects.count() == 3


@pytest.mark.django_db
def test_the_honeypot_refuses_and_stores_nothing(client: Any, categories: Any) -> None:
    response = client.post(reverse("feedback:submit"), _form(categories, website="http://spam.example"))
    assert response.status_code == 400 and "tự động" in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_bad_files_and_missing_consent_store_nothing(client: Any, categories: Any) -> None:
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(reverse("feedback:submit"), _form(categories, files=fake))
    assert response.status_code == 400 and "anh.jpg" in response.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    assert client.post(reverse("feedback:submit"), _form(categories, files=exe)).status_code == 400
    no_consent = _form(categories)
    del no_consent["consent"]
    response = client.post(reverse("feedback:submit"), no_consent)
    assert response.status_code == 400 and "đồng ý" in response.content.decode()
    assert Feedback.objects.count() == 0 and Attachment.objects.count() == 0


@pytest.mark.django_db
def test_lookup_by_code_and_its_limit(client: Any, item: Any, monkeypatch: Any) -> None:
    response = client.get(reverse("feedback:lookup"), {"ma": item.tracking_code.lower()})
    assert response.status_code == 302 and response["Location"].endswith(f"/{item.tracking_code}/")
    missing = client.get(reverse("feedback:lookup"), {"ma": "PA-2020-AAAAAAAA"})
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()
    monkeypatch.setattr("cchc.feedback.views_public.LOOKUP_LIMIT", 2)
    assert client.get(reverse("feedback:lookup"), {"ma": "PA-2020-BBBBBBBB"}).status_code == 429
