"""Benchmark of the document parser: documents per second on one core, and the ``cchc parse`` command.

Run from the repository root::

    python bench/parse.py [--seconds 3] [--cli-files 500] [--per-file] [--skip-cli] [--skip-pathological]

It measures ``parse_document`` alone and ``read_text`` + ``parse_document`` on the sample documents
(cchc/lib/tests/data/samples and the founding dispatch), then ``python -m cchc parse --json`` on copies
of them (start-up included), then the pathological inputs (20 MB of text, a 1 MB line of one character…).

Rates use the CPU time of this single-threaded process (what "one core" delivers, little disturbed by
other work on the machine): the median run and the best run of the whole set are reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cchc.lib.vbhc import parse_document, read_text  # noqa: E402

SAMPLES = sorted((ROOT / "cchc" / "lib" / "tests" / "data" / "samples").glob("*.txt"))
SEED = ROOT / "cchc" / "demo" / "data" / "cong-van-2031-UBND-NC.txt"


def cpu_runs(fn: Callable[[], object], seconds: float, min_runs: int = 5) -> list[float]:
    """CPU seconds of each call of ``fn`` during about ``seconds`` (at least ``min_runs`` calls)."""
    fn()  # warm-up: regex compilation, imports, caches
    runs: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(runs) < min_runs:
        start = time.process_time()
        fn()
        runs.append(time.process_time() - start)
    return runs


def report(label: str, runs: list[float], n_docs: int) -> None:
    med, best = statistics.median(runs), min(runs)
    print(
        f"{label:13s}: median {n_docs / med:5.0f} docs/s ({med / n_docs * 1000:.2f} ms CPU/doc), "
        f"best {n_docs / best:5.0f} docs/s ({best / n_docs * 1000:.2f} ms); "
        f"whole set {med * 1000:.1f} ms median, {best * 1000:.1f} ms best, {len(runs)} runs"
    )


def cli_timing(paths: list[Path], n_files: int, runs: int) -> None:
    """Wall time of ``python -m cchc parse --json`` on ``n_files`` copies of the samples, start-up included."""
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        files = []
        for i in range(n_files):
            dest = Path(tmp) / f"{i:04d}-{paths[i % len(paths)].name}"
            shutil.copyfile(paths[i % len(paths)], dest)
            files.append(str(dest))
        cmd = [sys.executable, "-m", "cchc", "parse", "--json", *files]
        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(runs):
            before = os.times()
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - start)
            after = os.times()
            cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    print(
        f"cchc parse --json, {n_files} files: median {statistics.median(walls):.2f} s wall "
        f"({statistics.median(cpus):.2f} s CPU), best {min(walls):.2f} s; start-up included, {runs} runs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="time budget per in-process measurement")
    parser.add_argument("--cli-files", type=int, default=500, help="files given to `cchc parse --json`")
    parser.add_argument("--cli-runs", type=int, default=3, help="runs of `cchc parse --json`")
    parser.add_argument("--per-file", action="store_true", help="also time each sample document")
    parser.add_argument("--skip-cli", action="store_true", help="do not time `cchc parse --json`")
    parser.add_argument("--skip-pathological", action="store_true", help="do not time the pathological inputs")
    args = parser.parse_args(argv)

    paths = [*SAMPLES, SEED]
    texts = [read_text(p) for p in paths]
    sizes = [len(t.encode("utf-8")) for t in texts]
    print(
        f"{len(paths)} documents, {statistics.mean(sizes) / 1024:.1f} KB on average "
        f"({min(sizes) / 1024:.1f}–{max(sizes) / 1024:.1f} KB, {sum(sizes) / 1024:.0f} KB in all)"
    )

    def parse_only() -> None:
        for t in texts:
            parse_document(t)

    def read_and_parse() -> None:
        for p in paths:
            parse_document(read_text(p))

    report("parse only", cpu_runs(parse_only, args.seconds), len(texts))
    report("read + parse", cpu_runs(read_and_parse, args.seconds), len(texts))

    if args.per_file:
        for path, text in zip(paths, texts, strict=True):
            best = min(cpu_runs(lambda text=text: parse_document(text), 0.2))
            print(f"  {path.name:32s} {len(text.encode('utf-8')) / 1024:6.1f} KB  {best * 1000:6.2f} ms CPU (best)")

    if not args.skip_cli:
        cli_timing(paths, args.cli_files, args.cli_runs)

    if not args.skip_pathological:
        seed = SEED.read_text(encoding="utf-8")
        cases = {
            "20 MB of text": (seed * (20_000_000 // len(seed) + 1))[:20_000_000],
            "1 MB 'a'": "a" * 1_000_000,
            "1 MB '-'": "-" * 1_000_000,
            "1 MB '1/'": "1/" * 500_000,
            "1 MB 'trước ngày 1/1/2020 '": ("trước ngày 1/1/2020 " * 50_000)[:1_000_000],
            "1 MB '| 1 | a | b |'": ("| 1 | a | b |" * 80_000)[:1_000_000],
            "500k lines '- Sở Nội vụ;'": "\n".join(["- Sở Nội vụ;"] * 500_000),
        }
        timings = []
        for name, text in cases.items():
            start = time.perf_counter()
            parse_document(text)
            timings.append(f"{name} {time.perf_counter() - start:.2f}")
        print("pathological inputs, s each: " + "; ".join(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
