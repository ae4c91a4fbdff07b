"""cchc parse FILE... [--json]."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cchc.lib.vbhc.cli import main
from cchc.lib.vbhc.model import FIELD_NAMES

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "cong-van-2031-UBND-NC.txt"
SAMPLES = Path(__file__).parent / "data" / "samples"


def test_json_lines_one_object_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(SEED), str(SAMPLES / "030.txt")]
    assert main(["--json", *files]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    for line, path in zip(lines, files, strict=True):
        assert ": " not in line.split('"subject"')[0] or True  # compact separators
        obj = json.loads(line)
        assert list(obj) == ["file", *FIELD_NAMES]
        assert obj["file"] == path
    seed = json.loads(lines[0])
    assert seed["number"] == "2031/UBND-NC"
    assert seed["date"] == "2020-10-01"
    assert seed["deadlines"] == [{"date": "2020-11-25", "text": "Trước ngày 25/11/2020", "kind": "absolute"}]
    assert seed["signature"] == {
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "position": "PHÓ CHỦ TỊCH",
        "signer": "Đỗ Tiến Đông",
    }
    assert "ỦY BAN" in lines[0]  # ensure_ascii=False
    assert '","' in lines[0] and '": "' not in lines[0]  # compact separators
    blank = json.loads(lines[1])
    assert blank["number"] is None and blank["date"] is None and blank["symbol"] == "TB-UBND"


def test_json_bad_files_give_error_objects_and_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    missing = tmp_path / "missing.txt"
    files = [str(empty), str(SEED), str(binary), str(doc), str(missing)]
    assert main([*files, "--json"]) == 1
    captured = capsys.readouterr()
    objs = [json.loads(line) for line in captured.out.splitlines()]
    assert [o["file"] for o in objs] == files
    assert [("error" in o) for o in objs] == [True, False, True, True, True]
    assert objs[3]["error"].startswith("Tệp .doc (Word 97-2003) không đọc được")
    assert set(objs[0]) == {"file", "error"}
    assert objs[1]["issuer"] == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert "Traceback" not in captured.out + captured.err


def test_readable_summary_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED)]) == 0
    out = capsys.readouterr().out
    for label in (
        "Cơ quan ban hành: ỦY BAN NHÂN DÂN TỈNH GIA LAI",
        "Số, ký hiệu: 2031/UBND-NC",
        "Loại văn bản: Công văn",
        "Ngày ban hành: 01/10/2020",
        "Địa danh: Gia Lai",
        "Trích yếu: đẩy mạnh thông tin",
        "Người ký: Đỗ Tiến Đông",
        "25/11/2020",
    ):
        assert label in out


def test_summary_reports_unreadable_files_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert main([str(SEED), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Lỗi:" in out and "Traceback" not in out


def test_many_files_and_plan_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for i in range(5):
        target = tmp_path / f"014-{i}.txt"
        shutil.copy(SAMPLES / "014.txt", target)
        files.append(str(target))
    assert main(["--json", *files]) == 0
    objs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(objs) == 5 and all(o["table_tasks"] for o in objs)
    assert main(files[:1]) == 0
    assert "Nhiệm vụ trong bảng:" in capsys.readouterr().out


def test_usage_errors_return_a_status_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "cchc parse" in err
    assert main(["--help"]) == 0
