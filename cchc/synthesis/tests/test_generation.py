"""Generating a synthesis report in the background: a Job and a kept version per click, files in storage, who and
when, progress, failures with their reason (build_synthesis is faked here, and used for real once)."""

from __future__ import annotations

import importlib
import io
import sys
import types
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.models import JobStatus
from cchc.reports import submissions as report_actions
from cchc.reports.tests.test_submissions import ReportSetup, log, make_report_setup
from cchc.synthesis import actions
from cchc.synthesis.models import GeneratedReport, ReportStatus


@dataclass
class FakeResult:
    docx: bytes
    xlsx: bytes
    pdf_docx: bytes | None = None
    pdf_xlsx: bytes | None = None
    pdf_error: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    file_stem: str = "bao-cao-tong-hop"


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


class FakeBuild:
    """Stands in for cchc.synthesis.build.build_synthesis: records calls, reports progress, returns small files."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.figures: dict[str, Any] = {}
        self.error: Exception | None = None
        self.pdf = True
        self.progress_seen: list[int] = []

    def __call__(self, form: Any, period: Any, **kwargs: Any) -> FakeResult:
        from cchc.core.models import Job

        self.calls.append({"form": form, "period": period, **kwargs})
        progress = kwargs.get("progress")
        if progress is not None:
            progress(50, "Đang soạn báo cáo…")
            self.progress_seen.append(Job.objects.order_by("-id").first().progress)
        if self.error is not None:
            raise self.error
        return FakeResult(docx=docx_bytes("BÁO CÁO", f"Kết quả {period.label}"), xlsx=b"PK\x03\x04xlsx",
                          pdf_docx=b"%PDF-1.4 report" if self.pdf else None,
                          pdf_xlsx=b"%PDF-1.4 annex" if self.pdf else None,
                          pdf_error=None if self.pdf else "Cần cài LibreOffice để xuất PDF.",
                          figures=self.figures, file_stem="bao-cao-tong-hop-q1")


def install_fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    """Replace cchc.synthesis.build.build_synthesis with a FakeBuild for the test."""
    try:
        module = importlib.import_module("cchc.synthesis.build")
    except ImportError:  # while the generation itself is being written
        module = types.ModuleType("cchc.synthesis.build")
        monkeypatch.setitem(sys.modules, "cchc.synthesis.build", module)
    fake = FakeBuild()
    monkeypatch.setattr(module, "build_synthesis", fake, raising=False)
    return fake


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> FakeBuild:
    return install_fake_build(monkeypatch)


@dataclass
class Data:
    setup: ReportSetup
    submission: Any
    activity: Any


def make_data(province: Any, alice: Any) -> Data:
    """The 2020 quarterly form with one submitted report of Sở TT&TT (one activity attached)."""
    setup = make_report_setup()
    activity = log(province.stttt, date(2020, 2, 3), setup.web, title="Tin tuyên truyền CCHC")
    submission = report_actions.do_start_submission(form=setup.form, period=setup.period, unit=province.stttt,
                                                    acting_user=alice)
    submission = report_actions.do_save_submission(submission, acting_user=alice,
                                                   values={"articles": "5", "received": "10"},
                                                   activity_ids=[activity.pk])
    submission = report_actions.do_submit(submission, acting_user=alice)
    return Data(setup=setup, submission=submission, activity=activity)


def fake_figures(data: Data) -> dict[str, Any]:
    source = {"submission": data.submission.pk, "unit": data.submission.unit.name, "activities": [data.activity.pk]}
    return {
        "numbers": {"expected": 4, "submitted": 1, "on_time": 1, "late": 0, "overdue": 3, "sources": [source]},
        "indicators": [{"code": "articles", "name": "Số tin bài", "total": 5, "unit_of_measure": "tin bài",
                        "sources": [source]}],
        "channels": [{"id": data.setup.web.pk, "name": "Cổng thông tin", "count": 1, "sources": [source]}],
        "late_units": [], "missing_units": ["Sở Tư pháp tỉnh Gia Lai"],
    }


@pytest.fixture
def data(province: Any, alice: Any) -> Data:
    return make_data(province, alice)


def generate(data: Data, user: Any, capture: Any) -> GeneratedReport:
    with capture(execute=True):
        report = actions.do_request_generation(data.setup.form, data.setup.period, acting_user=user)
    report.refresh_from_db()
    return report


def test_it_generates_a_version_with_a_job(data: Data, coordinator: Any, fake_build: FakeBuild,
                                           django_capture_on_commit_callbacks: Any) -> None:
    fake_build.figures = fake_figures(data)
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY
    assert report.version == 1
    assert report.generated_by == coordinator
    assert report.data_as_of is not None and report.generated_at is not None
    assert report.job.status == JobStatus.DONE and report.job.progress == 100
    assert report.job.created_by == coordinator
    assert report.figures["indicators"][0]["total"] == 5
    assert "BÁO CÁO" in docx_text(report.docx.read())
    assert report.xlsx.name.endswith("-phu-luc.xlsx")
    assert report.pdf_docx.read().startswith(b"%PDF")
    assert report.pdf_xlsx
    call = fake_build.calls[0]
    assert call["with_pdf"] is True and call["form"] == data.setup.form and call["period"] == data.setup.period


def test_it_queues_on_commit_only(data: Data, coordinator: Any, fake_build: FakeBuild,
                                  django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = actions.do_request_generation(data.setup.form, data.setup.period, acting_user=coordinator)
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.GENERATING
    assert report.job.status == JobStatus.QUEUED
    assert fake_build.calls == []


def test_versions_increment_and_are_kept(data: Data, coordinator: Any, admin_user: Any, fake_build: FakeBuild,
                                         django_capture_on_commit_callbacks: Any) -> None:
    first = generate(data, coordinator, django_capture_on_commit_callbacks)
    second = generate(data, admin_user, django_capture_on_commit_callbacks)
    assert (first.version, second.version) == (1, 2)
    assert second.generated_by == admin_user
    assert first.docx.name != second.docx.name
    assert GeneratedReport.objects.of(data.setup.form, data.setup.period).count() == 2
    other = generate_for(data, data.setup.periods[1], coordinator, django_capture_on_commit_callbacks)
    assert other.version == 1


def generate_for(data: Data, period: Any, user: Any, capture: Any) -> GeneratedReport:
    with capture(execute=True):
        report = actions.do_request_generation(data.setup.form, period, acting_user=user)
    report.refresh_from_db()
    return report


def test_a_failure_marks_job_and_report_failed(data: Data, coordinator: Any, fake_build: FakeBuild,
                                               django_capture_on_commit_callbacks: Any) -> None:
    fake_build.error = RuntimeError("ổ đĩa đầy")
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.FAILED
    assert report.job.status == JobStatus.FAILED
    assert "ổ đĩa đầy" in report.job.message
    assert report.job.message.startswith("Không tạo được báo cáo")
    assert report.failure == report.job.message
    assert not report.docx


def test_progress_is_recorded_on_the_job(data: Data, coordinator: Any, fake_build: FakeBuild,
                                         django_capture_on_commit_callbacks: Any) -> None:
    generate(data, coordinator, django_capture_on_commit_callbacks)
    assert fake_build.progress_seen == [50]


def test_no_pdf_keeps_the_reason(data: Data, coordinator: Any, fake_build: FakeBuild,
                                 django_capture_on_commit_callbacks: Any) -> None:
    fake_build.pdf = False
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY
    assert not report.pdf_docx
    assert "LibreOffice" in report.pdf_note


def test_only_coordinators_and_admins_generate(data: Data, leader: Any, alice: Any, fake_build: FakeBuild) -> None:
    for user in (leader, alice):
        with pytest.raises(PermissionDenied):
            actions.do_request_generation(data.setup.form, data.setup.period, acting_user=user)
    assert not GeneratedReport.objects.exists()


def test_it_works_with_the_real_generation(data: Data, coordinator: Any, monkeypatch: pytest.MonkeyPatch,
                                           django_capture_on_commit_callbacks: Any) -> None:
    build = pytest.importorskip("cchc.synthesis.build")
    real = build.build_synthesis
    # The real build, without the slow LibreOffice step (its PDF export is the other module's concern).
    monkeypatch.setattr(build, "build_synthesis", lambda *args, **kwargs: real(*args, **{**kwargs, "with_pdf": False}))
    report = generate(data, coordinator, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.READY, report.failure
    assert "BÁO CÁO" in docx_text(report.docx.read()).upper()
    assert report.figures
    assert report.pdf_note
