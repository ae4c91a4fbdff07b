"""Classes 2 (through the API), 6, 8, 9 and 13: what a client sees when things go wrong. Every API error is JSON in
Vietnamese; page errors are the site's own pages; a full disk gives a clear message and leaves no file; /healthz
notices a read-only database; bodies above the cap are refused before being read; the CSP header is sent."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from cchc.core.storage import SafeFileSystemStorage, StorageFull
from cchc.reports.models import Activity, Evidence
from cchc.reports.tests.test_activities import make_activity, make_taxonomy
from cchc.reports.tests.test_evidence import PDF

from . import bombs


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def activity(province):  # type: ignore[no-untyped-def]
    web, _led, _dvc, _kq = make_taxonomy()
    return make_activity(province.stttt, web)


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(user)
    return api


# --- Bombs through the API: refused, nothing stored ------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data"), [
    ("bom.docx", bombs.ratio_bomb("docx", 2048)), ("bom.xlsx", bombs.lying_bomb("xlsx", 2048)),
    ("bom.odt", bombs.ratio_bomb("odt", 2048)), ("anh.png", bombs.pixel_bomb_png()),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)])
def test_a_hostile_evidence_file_is_refused_in_vietnamese_and_not_stored(alice, activity, settings, name, data):
    response = api_for(alice).post(f"/api/v1/activities/{activity.pk}/evidence/",
                                   {"file": SimpleUploadedFile(name, data)}, format="multipart")
    assert response.status_code == 400
    text = str(response.json())
    assert name in text and any(word in text for word in ("giải nén", "điểm ảnh", "macro")), text
    assert not Evidence.objects.exists()
    assert not files_under(Path(settings.MEDIA_ROOT))


# --- Disk full -------------------------------------------------------------------------------------------------

class FullDisk:
    """os.fdopen replaced: the file accepts ``room`` bytes, then the disk is full."""

    def __init__(self, real, room: int = 10) -> None:  # type: ignore[no-untyped-def]
        self.real, self.room = real, room

    def __call__(self, fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = self.real(fd, mode, *args, **kwargs)
        room = self.room

        class Writer:
            def write(self, data):  # type: ignore[no-untyped-def]
                nonlocal room
                if len(data) > room:
                    handle.write(data[:room])
                    handle.flush()
                    raise OSError(errno.ENOSPC, "No space left on device")
                room -= len(data)
                return handle.write(data)

            def close(self) -> None:
                handle.close()

        return Writer()


def test_the_storage_removes_a_truncated_file(tmp_path, monkeypatch):
    storage = SafeFileSystemStorage(location=tmp_path)
    monkeypatch.setattr(os, "fdopen", FullDisk(os.fdopen))
    with pytest.raises(StorageFull):
        storage.save("minh-chung.pdf", SimpleUploadedFile("x.pdf", PDF * 100))
    assert files_under(tmp_path) == []


@pytest.mark.django_db
def test_disk_full_during_an_upload_says_so_and_leaves_nothing(alice, activity, settings, monkeypatch):
    monkeypatch.setattr(os, "fdopen", FullDisk(os.fdopen))
    response = api_for(alice).post(f"/api/v1/activities/{activity.pk}/evidence/",
                                   {"file": SimpleUploadedFile("van-ban.pdf", PDF * 50)}, format="multipart")
    assert response.status_code == 507
    assert "hết dung lượng" in response.json()["detail"]
    assert not Evidence.objects.exists()
    assert not files_under(Path(settings.MEDIA_ROOT))
    # A page: the site's own page with the same message.
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.post(reverse("reports:activity_edit", args=[activity.pk]), {
        "date": "15/03/2020", "channel": activity.channel_id, "title": activity.title, "quantity": 1,
        "files": SimpleUploadedFile("van-ban.pdf", PDF * 50)})
    assert response.status_code == 507, response.status_code
    assert "hết dung lượng" in response.content.decode()
    assert not files_under(Path(settings.MEDIA_ROOT))


# --- healthz ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_healthz_says_503_when_the_database_is_read_only(client):
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
            cursor.execute("SET transaction_read_only = on")
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] is True and response.json()["writable"] is False
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")


# --- API errors: JSON, Vietnamese; pages: the site's own -------------------------------------------------------

@pytest.mark.django_db
def test_api_errors_are_json_in_vietnamese(alice, client):
    anonymous = APIClient()
    response = anonymous.get("/api/v1/units/")
    assert response.status_code in (401, 403) and response["Content-Type"] == "application/json"
    assert "xác thực" in response.json()["detail"]
    api = api_for(alice)
    for url in ("/api/v1/khong-co/", "/api/v1/units/999999/"):
        response = api.get(url)
        assert response.status_code == 404 and response.json()["detail"] == "Không tìm thấy."
    response = api.post("/api/v1/activities/", "{không phải json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["detail"]
    response = api.post("/api/v1/activities/", [1, 2], format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/activities/", {"date": "không phải ngày", "quantity": "nhiều"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "bắt buộc" in str(body) or "định dạng" in str(body)
    response = api.delete("/api/v1/indicators/")
    assert response.status_code == 405 and "không được" in response.json()["detail"]


@pytest.mark.django_db
def test_an_unhandled_api_error_is_json(alice, monkeypatch):
    from cchc.units.api import views as unit_views

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    viewset = next(getattr(unit_views, name) for name in dir(unit_views) if name.endswith("ViewSet"))
    monkeypatch.setattr(viewset, "list", boom)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.get("/api/v1/units/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Máy chủ gặp lỗi."}


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "10000", "-5", "99999999999999999999", "abc"])
def test_the_holiday_page_survives_any_year(alice_client, year):
    response = alice_client.get(reverse("reminders:holidays"), {"year": year})
    assert response.status_code == 200


@pytest.mark.django_db
def test_page_errors_are_the_sites_own(alice_client):
    response = alice_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "404" in response.content.decode()
    csrf = Client(enforce_csrf_checks=True)
    response = csrf.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()


# --- Request size, CSP -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_body_above_the_cap_is_refused_before_it_is_read(alice, settings):
    settings.CCHC_MAX_REQUEST_MB = 1
    api = api_for(alice)
    response = api.post("/api/v1/activities/", {"title": "x" * (2 * 1024 * 1024)}, format="json")
    assert response.status_code == 413 and "MB" in response.json()["detail"]
    client = Client()
    client.force_login(alice)
    response = client.post(reverse("reports:activity_create"), {"title": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413 and "lớn hơn 1 MB" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(alice_client):
    response = alice_client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                      "img-src 'self' data: blob:", "form-action 'self'", "base-uri 'self'"):
        assert directive in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


# --- Control characters at the boundary ------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_api_and_forms_drop_control_characters(alice, activity):
    response = api_for(alice).patch(f"/api/v1/activities/{activity.pk}/",
                                    {"title": "Tin\x1b[31m đỏ\x07", "description": "Dòng 1\r\nDòng 2\tcột\x00"},
                                    format="json")
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert activity.title == "Tin[31m đỏ"
    assert activity.description == "Dòng 1\nDòng 2\tcột"
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()
        email = forms.EmailField(required=False)

    form = Form({"name": "Nguye\u0302\u0303n\x1b", "email": "a@b.vn\x00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Nguyễn", "email": "a@b.vn"}
    assert Activity.objects.filter(title__contains="\x1b").count() == 0


@pytest.mark.django_db
def test_a_nul_character_in_an_address_is_refused_not_a_server_error(alice, alice_client):
    response = api_for(alice).get("/api/v1/activities/?q=%00x")
    assert response.status_code == 400 and "ký tự không được phép" in response.json()["detail"]
    response = alice_client.get("/reports/activities/?q=a%00b")
    assert response.status_code == 400 and "ký tự không được phép" in response.content.decode()
    assert alice_client.get("/units/%00/").status_code == 400
