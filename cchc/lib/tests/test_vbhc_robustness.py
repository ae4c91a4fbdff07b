"""The parser never raises and stays fast: property-based tests and pathological inputs."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.lib.vbhc import parse_document
from cchc.lib.vbhc.parser import MAX_CHARS

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "cong-van-2031-UBND-NC.txt"
SAMPLES = Path(__file__).parent / "data" / "samples"

DOC_LINES = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH GIA LAI",
    "**TH****Ủ",
    "TƯỚNG CHÍNH PHỦ điện:**",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập — Tự do — Hạnh phúc",
    "Số: 2031 /UBND-NC",
    "số: 4222 /TCT -PC Hà Nội. ngày 09 tháng 11 năm 2023",
    "Số: /TB-UBND",
    "Số 02-NQ/TU",
    "Hà Nội, ngày tháng năm",
    "*Hà",
    "Nội, ngày 21 tháng 11 năm 2025*",
    "V/v đẩy mạnh thông tin",
    "Kính gửi:",
    "- Sở Nội vụ;",
    "- UBND các huyện.",
    "QUYẾT ĐỊNH",
    "Về việc ban hành quy chế",
    "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ;",
    "1. Các sở, ban, ngành tỉnh; UBND các huyện đăng tải",
    "II. TỔ CHỨC THỰC HIỆN",
    "Điều 1. Giao Sở Nội vụ chủ trì",
    "- Trước ngày 25/11/2020",
    "trong quý I năm 2026",
    "ngày 15 tháng 12 hằng năm",
    "03 ngày làm việc kể từ ngày ký",
    "từ ngày 10/5/2026 đến hết ngày 14/5/2026",
    "|",
    "| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm |",
    "| 1 | Việc | Sở | Ban | 30/11/2025 | |",
    "**Cơ quan chủ trì**",
    "--------",
    "Nơi nhận:",
    "- Lưu: VT, NC.",
    "TM. ỦY BAN NHÂN",
    "DÂN **",
    "KT GIÁM ĐỐC",
    "T/M ỦY BAN NHÂN DÂN",
    "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn",
    "PHÓ CHỦ TỊCH",
    "Đỗ Tiến Đông",
    "",
    "   ",
    "./.",
    "*",
    "**",
    "ngày",
    "Số:",
    "V/v",
    "1.",
    "I.",
    "-",
]

lines_strategy = st.lists(st.one_of(st.sampled_from(DOC_LINES), st.text(max_size=60)), max_size=80)


def _ok(text: str) -> None:
    start = time.perf_counter()
    doc = parse_document(text)
    json.dumps(doc.to_dict(), ensure_ascii=False)
    assert time.perf_counter() - start < 5


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text: str) -> None:
    _ok(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_strategy)
def test_document_like_line_mixtures_never_raise(lines: list[str]) -> None:
    _ok("\n".join(lines))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=8000), st.integers(min_value=0, max_value=8000), st.text(max_size=200))
def test_damaged_real_documents_never_raise(cut: int, pos: int, noise: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    text = text[:pos] + noise + text[pos + cut // 10 :]
    _ok(text)


def test_control_and_odd_characters() -> None:
    for text in ("\x00\x01\x02", "\ufeff\u200b\u00a0", "\r\n\r\n", "\u2028\u2029\x0c", "𝔘𝔅𝔑𝔇 " * 100, "\ud7ff" * 10):
        _ok(text)


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse_document(text)
    return time.perf_counter() - start


def test_a_20_mb_input_is_parsed_quickly() -> None:
    seed = SEED.read_text(encoding="utf-8")
    text = (seed * (20_000_000 // len(seed) + 1))[:20_000_000]
    elapsed = _timed(text)
    assert elapsed < 10, elapsed
    doc = parse_document(text)
    assert doc.number == "2031/UBND-NC"
    assert any("quá dài" in w for w in doc.warnings)


@pytest.mark.parametrize("char", ["a", " ", "-", "|", "*", "1", "/", ".", "Đ", "ngày ", "Số: 1/", "1/A-", "V/v "])
def test_a_one_megabyte_line_of_one_character_is_fast(char: str) -> None:
    line = (char * (1_000_000 // len(char) + 1))[:1_000_000]
    assert _timed(line) < 10
    assert _timed("Số: 1/UBND\n" + line + "\nNơi nhận:\n" + line) < 10


def test_many_short_lines_are_fast() -> None:
    text = "\n".join(["- Sở Nội vụ;", "|", "1.", "**A**", "Kính gửi:"] * 200_000)
    assert len(text) > MAX_CHARS // 2
    assert _timed(text) < 10


def test_samples_parse_fast() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    start = time.perf_counter()
    for _ in range(5):
        for t in texts:
            parse_document(t)
    per_doc = (time.perf_counter() - start) / (5 * len(texts))
    assert per_doc < 0.05, per_doc
