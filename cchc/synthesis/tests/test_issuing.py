"""Issuing a generated report: the signed scan (checked by its content), the register of outgoing documents, the
directive's report request answered, numbers unique per year, permissions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.directives.models import Directive, ReportRequest
from cchc.synthesis import actions
from cchc.synthesis.models import IssuedDocument, ReportStatus

from .test_generation import Data, FakeBuild, fake_figures, generate, install_fake_build, make_data


@pytest.fixture
def data(province: Any, alice: Any) -> Data:
    return make_data(province, alice)


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    return install_fake_build(monkeypatch)


MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_scan(name: str = "bao-cao-da-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def report(data: Data, coordinator: Any, fake_build: FakeBuild, django_capture_on_commit_callbacks: Any) -> Any:
    fake_build.figures = fake_figures(data)
    return generate(data, coordinator, django_capture_on_commit_callbacks)


def test_it_issues_a_report_with_its_signed_scan(report: Any, coordinator: Any, leader_client: Any) -> None:
    document = actions.do_issue_report(report, number="123/BC-SNV", date=date(2020, 4, 10), signed_scan=pdf_scan(),
                                       acting_user=coordinator, recipients="UBND tỉnh")
    report.refresh_from_db()
    assert report.status == ReportStatus.ISSUED
    assert (document.number, document.year, document.doc_type) == ("123/BC-SNV", 2020, "Báo cáo")
    assert document.issued_by == coordinator and document.scan_content_type == "application/pdf"
    assert report.form.name in document.subject
    html = leader_client.get(reverse("synthesis:register")).content.decode()
    assert "123/BC-SNV" in html
    scan = leader_client.get(reverse("synthesis:scan", args=[document.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"
    assert scan["Content-Disposition"].startswith("attachment")
    assert b"".join(scan.streaming_content) == MINIMAL_PDF
    assert "/media/" not in html


def test_issuing_answers_the_report_request(report: Any, coordinator: Any, coordinator_client: Any) -> None:
    directive = Directive.objects.create(number="2031/UBND-NC", year=2020, subject="Tuyên truyền CCHC")
    request = ReportRequest.objects.create(directive=directive, text="Báo cáo kết quả", deadline=date(2020, 11, 25))
    report.form.report_request = request
    report.form.save()
    document = actions.do_issue_report(report, number="7/BC-SNV", date=date(2020, 11, 20), signed_scan=pdf_scan(),
                                       acting_user=coordinator)
    assert document.report_request == request
    html = coordinator_client.get(report.get_absolute_url()).content.decode()
    assert "Đã trả lời yêu cầu báo cáo" in html
    assert "Đã trả lời yêu cầu báo cáo" in coordinator_client.get(reverse("synthesis:register")).content.decode()


def test_issue_through_the_page(report: Any, coordinator_client: Any) -> None:
    response = coordinator_client.post(reverse("synthesis:issue", args=[report.pk]), {
        "number": "45/BC-SNV", "date": "2020-04-12", "signed_scan": SimpleUploadedFile("scan.png", PNG)})
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert document.scan_content_type == "image/png" and document.scan_name.endswith(".png")


def test_a_fake_scan_is_refused(report: Any, coordinator: Any, coordinator_client: Any) -> None:
    fake = SimpleUploadedFile("bao-cao.pdf", b"just some text, not a PDF", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, JPEG hoặc PNG"):
        actions.do_issue_report(report, number="1/BC-SNV", date=date(2020, 4, 1), signed_scan=fake,
                                acting_user=coordinator)
    fake.seek(0)
    response = coordinator_client.post(reverse("synthesis:issue", args=[report.pk]),
                                       {"number": "1/BC-SNV", "date": "2020-04-01", "signed_scan": fake})
    assert response.status_code == 400
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not IssuedDocument.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.READY


def test_a_too_large_scan_is_refused(report: Any, coordinator: Any) -> None:
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="20 MB"):
        actions.do_issue_report(report, number="2/BC-SNV", date=date(2020, 4, 1), signed_scan=big,
                                acting_user=coordinator)


def test_a_number_is_unique_within_a_year(data: Data, report: Any, coordinator: Any, fake_build: FakeBuild,
                                          django_capture_on_commit_callbacks: Any) -> None:
    actions.do_issue_report(report, number="123/BC-SNV", date=date(2020, 4, 10), signed_scan=pdf_scan(),
                            acting_user=coordinator)
    second = generate(data, coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="đã được dùng trong năm 2020"):
        actions.do_issue_report(second, number="123/BC-SNV", date=date(2020, 12, 1), signed_scan=pdf_scan(),
                                acting_user=coordinator)
    actions.do_issue_report(second, number="123/BC-SNV", date=date(2021, 1, 5), signed_scan=pdf_scan(),
                            acting_user=coordinator)
    assert IssuedDocument.objects.count() == 2


def test_only_a_ready_report_is_issued(report: Any, coordinator: Any) -> None:
    actions.do_issue_report(report, number="9/BC-SNV", date=date(2020, 4, 10), signed_scan=pdf_scan(),
                            acting_user=coordinator)
    with pytest.raises(ValidationError):
        actions.do_issue_report(report, number="10/BC-SNV", date=date(2020, 4, 10), signed_scan=pdf_scan(),
                                acting_user=coordinator)


def test_the_register_filters_by_year(data: Data, report: Any, coordinator: Any, leader_client: Any,
                                      fake_build: FakeBuild, django_capture_on_commit_callbacks: Any) -> None:
    actions.do_issue_report(report, number="11/BC-SNV", date=date(2020, 4, 10), signed_scan=pdf_scan(),
                            acting_user=coordinator)
    second = generate(data, coordinator, django_capture_on_commit_callbacks)
    actions.do_issue_report(second, number="12/BC-SNV", date=date(2021, 1, 10), signed_scan=pdf_scan(),
                            acting_user=coordinator)
    html = leader_client.get(reverse("synthesis:register"), {"year": "2021"}).content.decode()
    assert "12/BC-SNV" in html and "11/BC-SNV" not in html
    assert html.count('data-testid="register-row"') == 1


def test_leaders_and_officers_cannot_issue(report: Any, leader: Any, alice: Any, alice_client: Any,
                                           coordinator: Any) -> None:
    for user in (leader, alice):
        with pytest.raises(PermissionDenied):
            actions.do_issue_report(report, number="3/BC-SNV", date=date(2020, 4, 1), signed_scan=pdf_scan(),
                                    acting_user=user)
    document = actions.do_issue_report(report, number="3/BC-SNV", date=date(2020, 4, 1), signed_scan=pdf_scan(),
                                       acting_user=coordinator)
    assert alice_client.get(reverse("synthesis:scan", args=[document.pk])).status_code == 403
