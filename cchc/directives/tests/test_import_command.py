"""cchc import-directive FILE [--yes] [--json]."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import cchc.demo
from cchc.demo.loader import load_units
from cchc.directives.models import Assignment, Directive, ReportRequest, Task

SEED = Path(cchc.demo.__file__).parent / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.fixture
def units(db):
    return load_units()


def run(*args: str) -> str:
    out = StringIO()
    call_command("import-directive", *args, stdout=out)
    return out.getvalue()


def test_without_yes_it_prints_what_it_would_create_and_creates_nothing(units):
    output = run(str(SEED))
    assert "Công văn số 2031/UBND-NC, ngày 2020-10-01" in output
    assert "Nhiệm vụ: 3" in output
    assert "39 đơn vị:" in output and "6 đơn vị: " in output and "3 đơn vị: baogialai, dai-ptth, cong-ttdt" in output
    assert "Yêu cầu báo cáo: hạn 2020-11-25 qua Sở Nội vụ, 48 đơn vị" in output
    assert "Mọi nơi nhận đều đã đối chiếu được với đơn vị." in output
    assert "--yes" in output
    assert not Directive.objects.exists()


def test_with_yes_it_creates_the_directive_as_the_system(units):
    output = run(str(SEED), "--yes")
    directive = Directive.objects.get()
    assert f"Đã tạo văn bản (mã {directive.pk}) với 3 nhiệm vụ, 48 phân công." in output
    assert directive.created_by is None and directive.original_file
    assert Task.objects.count() == 3 and Assignment.objects.count() == 48
    assert ReportRequest.objects.get().units.count() == 48


def test_json_prints_one_object(units):
    preview = json.loads(run(str(SEED), "--json"))
    assert preview["created"] is False and preview["directive"] is None and preview["unresolved"] == []
    assert [len(task["units"]) for task in preview["tasks"]] == [39, 6, 3]
    created = json.loads(run(str(SEED), "--json", "--yes"))
    directive = Directive.objects.get()
    assert created["created"] is True and created["directive"] == directive.pk
    assert created["task_ids"] == list(directive.tasks.values_list("pk", flat=True))
    assert created["report_request_ids"] == [directive.report_requests.get().pk]
    assert created["assignments"] == 48


def test_unresolved_phrases_are_listed(units, tmp_path):
    path = tmp_path / "cv.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("Báo Gia Lai; Đài", "Báo Văn nghệ Gia Lai; Đài"),
                    encoding="utf-8")
    output = run(str(path))
    assert "chưa nhận ra: “Báo Văn nghệ Gia Lai”" in output
    assert json.loads(run(str(path), "--json"))["unresolved"] == ["Báo Văn nghệ Gia Lai"]


def test_a_duplicate_exits_non_zero_and_creates_nothing_more(units):
    run(str(SEED), "--yes")
    with pytest.raises(CommandError, match="đã được nhập"):
        run(str(SEED), "--yes")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import-directive", str(SEED), "--json", "--yes", stdout=out)
    assert json.loads(out.getvalue())["duplicate_of"] == Directive.objects.get().pk
    assert Directive.objects.count() == 1 and Task.objects.count() == 3


def test_an_unreadable_file_exits_non_zero(units, tmp_path):
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(CommandError, match="PDF"):
        run(str(bad), "--yes")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "missing.txt"))
    assert not Directive.objects.exists()
