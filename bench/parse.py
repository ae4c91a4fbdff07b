"""Benchmark of the document parser: documents per second on one core.

Run from the repository root::

    python bench/parse.py [--seconds 3]

It measures ``parse_document`` alone and ``read_text`` + ``parse_document`` on the sample documents
(cchc/lib/tests/data/samples and the founding dispatch), then the pathological inputs (20 MB of text,
a 1 MB line of one character).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cchc.lib.vbhc import parse_document, read_text  # noqa: E402

SAMPLES = sorted((ROOT / "cchc" / "lib" / "tests" / "data" / "samples").glob("*.txt"))
SEED = ROOT / "cchc" / "demo" / "data" / "cong-van-2031-UBND-NC.txt"


def rate(fn: Callable[[], None], n_docs: int, seconds: float) -> tuple[float, float, float, int]:
    """Documents per second of ``fn`` (which handles ``n_docs`` documents) over repeated runs.

    Returns (docs/s of CPU time, best run; same, median run; docs/s of wall time, median run; runs).
    CPU time of this single-threaded process is what "one core" delivers; wall time also counts
    whatever else the machine is doing.
    """
    fn()  # warm-up: regex compilation, imports, caches
    cpu: list[float] = []
    wall: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(cpu) < 3:
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return (
        n_docs / max(min(cpu), 1e-9),
        n_docs / max(statistics.median(cpu), 1e-9),
        n_docs / statistics.median(wall),
        len(cpu),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="time budget per measurement")
    args = parser.parse_args(argv)

    paths = [*SAMPLES, SEED]
    texts = [read_text(p) for p in paths]
    sizes = [len(t.encode("utf-8")) for t in texts]
    print(
        f"{len(paths)} documents, {statistics.mean(sizes) / 1024:.1f} KB on average "
        f"({min(sizes) / 1024:.1f}–{max(sizes) / 1024:.1f} KB)"
    )

    def parse_only() -> None:
        for t in texts:
            parse_document(t)

    def read_and_parse() -> None:
        for p in paths:
            parse_document(read_text(p))

    for label, fn in (("parse only", parse_only), ("read + parse", read_and_parse)):
        best, median, wall, runs = rate(fn, len(texts), args.seconds)
        print(
            f"{label:14s}: {median:6.0f} docs/s on one core, median of {runs} runs "
            f"({1000 / median:.2f} ms CPU/doc; best run {best:.0f} docs/s; wall clock {wall:.0f} docs/s)"
        )

    for path, text in zip(paths, texts, strict=True):
        start = time.perf_counter()
        for _ in range(20):
            parse_document(text)
        ms = (time.perf_counter() - start) / 20 * 1000
        print(f"  {path.name:32s} {len(text.encode('utf-8')) / 1024:6.1f} KB  {ms:6.2f} ms")

    print("pathological inputs (one parse each):")
    seed = SEED.read_text(encoding="utf-8")
    cases = {
        "20 MB of text": (seed * (20_000_000 // len(seed) + 1))[:20_000_000],
        "1 MB line of 'a'": "a" * 1_000_000,
        "1 MB line of '-'": "-" * 1_000_000,
        "1 MB line of '1/'": "1/" * 500_000,
        "1 MB of 'trước ngày 1/1/2020 '": ("trước ngày 1/1/2020 " * 50_000)[:1_000_000],
        "1 MB of '| 1 | a | b |'": ("| 1 | a | b |" * 80_000)[:1_000_000],
        "500k lines '- Sở Nội vụ;'": "\n".join(["- Sở Nội vụ;"] * 500_000),
    }
    for name, text in cases.items():
        start = time.perf_counter()
        parse_document(text)
        print(f"  {name:34s} {time.perf_counter() - start:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
