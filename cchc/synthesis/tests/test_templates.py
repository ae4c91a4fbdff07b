"""The province's own DOCX templates: checked on upload by rendering them against demo data (refused with the reason
in Vietnamese, nothing stored), then used by the generation instead of the default layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.synthesis import actions
from cchc.synthesis.models import ReportStatus, ReportTemplate

from .test_generation import (
    Data,
    FakeBuild,
    docx_bytes,
    docx_text,
    fake_figures,
    generate,
    install_fake_build,
    make_data,
)


@pytest.fixture
def data(province: Any, alice: Any) -> Data:
    return make_data(province, alice)


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    return install_fake_build(monkeypatch)


VALID = ("BÁO CÁO tỉnh {{ province }}", "Số đơn vị phải báo cáo: {{ numbers.expected }}",
         "{% for item in indicators %}{{ item.name }}: {{ item.total }} {{ item.unit }}; {% endfor %}")


def upload(name: str, *paragraphs: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(*paragraphs))


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT) / "synthesis" / "templates"
    return list(root.rglob("*")) if root.exists() else []


def test_a_valid_template_is_accepted_and_used(data: Data, admin_user: Any, coordinator: Any,
                                               fake_build: FakeBuild, settings: Any,
                                               django_capture_on_commit_callbacks: Any) -> None:
    settings.CCHC_PROVINCE_NAME = "Gia Lai"
    template = actions.do_upload_template(name="Mẫu của tỉnh", file=upload("mau.docx", *VALID),
                                          acting_user=admin_user)
    assert template.is_active and template.uploaded_by == admin_user
    assert "dữ liệu mẫu" in template.check_message
    fake_build.figures = fake_figures(data)
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY
    assert report.template == template
    text = docx_text(report.docx.read())
    assert "BÁO CÁO tỉnh Gia Lai" in text
    assert "Số đơn vị phải báo cáo: 4" in text
    assert "Số tin bài: 5 tin bài" in text
    assert not report.pdf_docx and "mẫu riêng" in report.pdf_note


@pytest.mark.parametrize(("paragraphs", "reason"), [
    (("{{ nonexistent.variable }}",), "Mẫu dùng một tên mà báo cáo không có"),
    (("{% for %}",), "Mẫu có lỗi cú pháp"),
    (("{% for item in indicators %}{{ item.name }}",), "Mẫu có lỗi cú pháp"),
])
def test_a_broken_template_is_refused(admin_user: Any, paragraphs: tuple[str, ...], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        actions.do_upload_template(name="Hỏng", file=upload("hong.docx", *paragraphs), acting_user=admin_user)
    assert not ReportTemplate.objects.exists()
    assert stored_files() == []


def test_not_a_docx_is_refused(admin_user: Any) -> None:
    with pytest.raises(ValidationError, match="không phải văn bản Word"):
        actions.do_upload_template(name="x", file=SimpleUploadedFile("x.docx", b"plain text"), acting_user=admin_user)
    with pytest.raises(ValidationError, match="Không đọc được tệp|bị hỏng"):
        actions.do_upload_template(name="x", file=SimpleUploadedFile("x.docx", b"PK\x03\x04broken"),
                                   acting_user=admin_user)
    assert not ReportTemplate.objects.exists()


def test_upload_through_the_page(admin_client_: Any) -> None:
    response = admin_client_.post(reverse("synthesis:templates"),
                                  {"name": "Hỏng", "file": upload("hong.docx", "{{ nonexistent.variable }}"),
                                   "activate": "on"})
    assert response.status_code == 400
    assert "Mẫu dùng một tên mà báo cáo không có" in response.content.decode()
    assert not ReportTemplate.objects.exists()
    response = admin_client_.post(reverse("synthesis:templates"),
                                  {"name": "Mẫu tỉnh", "file": upload("mau.docx", *VALID), "activate": "on"})
    assert response.status_code == 302
    template = ReportTemplate.objects.get()
    html = admin_client_.get(reverse("synthesis:templates")).content.decode()
    assert "Mẫu tỉnh" in html and template.check_message in html
    admin_client_.post(reverse("synthesis:template_toggle", args=[template.pk]), {"active": "0"})
    template.refresh_from_db()
    assert not template.is_active
    download = admin_client_.get(reverse("synthesis:template_download", args=[template.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_only_one_template_is_active(admin_user: Any) -> None:
    first = actions.do_upload_template(name="Một", file=upload("1.docx", *VALID), acting_user=admin_user)
    second = actions.do_upload_template(name="Hai", file=upload("2.docx", *VALID), acting_user=admin_user)
    first.refresh_from_db()
    assert not first.is_active and second.is_active
    actions.do_set_template_active(first, True, acting_user=admin_user)
    assert list(ReportTemplate.objects.filter(is_active=True)) == [first]


def test_only_administrators_manage_templates(coordinator: Any, coordinator_client: Any, alice_client: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_upload_template(name="x", file=upload("x.docx", *VALID), acting_user=coordinator)
    response = coordinator_client.post(reverse("synthesis:templates"), {"name": "x", "file": upload("x.docx", *VALID)})
    assert response.status_code == 403
    assert coordinator_client.get(reverse("synthesis:templates")).status_code == 200
    assert alice_client.get(reverse("synthesis:templates")).status_code == 403
    assert not ReportTemplate.objects.exists()


def test_a_template_renders_the_real_figures(data: Data, admin_user: Any, coordinator: Any,
                                             monkeypatch: pytest.MonkeyPatch,
                                             django_capture_on_commit_callbacks: Any) -> None:
    build = pytest.importorskip("cchc.synthesis.build")
    real = build.build_synthesis
    monkeypatch.setattr(build, "build_synthesis", lambda *args, **kwargs: real(*args, **{**kwargs, "with_pdf": False}))
    actions.do_upload_template(name="Mẫu", file=upload("mau.docx", *VALID), acting_user=admin_user)
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY, report.failure
    assert report.template is not None, report.pdf_note
    text = docx_text(report.docx.read())
    assert "BÁO CÁO tỉnh" in text and "Số tin bài" in text
