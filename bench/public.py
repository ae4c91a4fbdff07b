"""Benchmark of the public column under concurrent load on loopback (issue 14).

Usage (from the repository root)::

    .venv/bin/python bench/public.py                         # fresh data dir: migrate + demo, then measure
    .venv/bin/python bench/public.py --data-dir /tmp/cchc-e  # reuse a data dir where the demo is loaded
    .venv/bin/python bench/public.py -c 16 -d 10             # 16 concurrent clients, 10 s per target

It starts gunicorn as ``cchc up`` does (``--workers 2``, sync workers, no access log) on a free port, and for each
target, after a warm-up, runs ``-c`` client threads for ``-d`` seconds in all, in one-second slices that take the
targets in turn round after round (so that the machine's busy moments weigh on every target alike), each thread
opening a connection per request (sync workers close it) and timing it. Targets, all anonymous GETs:

- ``static``: /static/cchc/cchc.css served by the same server (WhiteNoise): the ceiling of this server and client;
- ``home``: / (the column's home: latest, by topic, by unit, campaigns);
- ``item``: the page of the latest published item;
- ``search``: a search without diacritics;
- ``rss``: the column's RSS feed;
- ``home-cold``, ``item-cold``: the same pages with a query string that changes at every request, so that each one
  is rendered (a cache miss): the cost of the first visitor after a publication.

The table gives requests per second, p50 and p95 in milliseconds, errors, and each page's requests per second as
a share of the static file's (goal: at least 50 %). Child output goes to ``<data dir>/bench-public-*.log``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        subprocess.run(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=True)  # noqa: S603


def wait_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, clients: int, seconds: float, latencies: list[float] | None = None,
         errors: list[int] | None = None) -> tuple[float, list[float], list[int]]:
    """Run ``clients`` threads for ``seconds`` on ``path``; (elapsed, latencies, [errors]) accumulated."""
    latencies = [] if latencies is None else latencies
    errors = [0] if errors is None else errors
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                wanted = path.replace("{n}", f"{threading.get_ident()}-{started}") if "{n}" in path else path
                conn.request("GET", wanted, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    bad += 1
                    continue
            except OSError:
                bad += 1
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - began, latencies, errors


def summarise(elapsed: float, latencies: list[float], errors: list[int]) -> dict[str, float]:
    latencies = sorted(latencies)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")

    return {"rps": len(latencies) / elapsed if elapsed else 0.0, "p50": pct(0.50), "p95": pct(0.95),
            "n": len(latencies), "errors": errors[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="a data dir where the demo is loaded (default: a fresh one)")
    parser.add_argument("-c", "--clients", type=int, default=8)
    parser.add_argument("-d", "--duration", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slice", type=float, default=1.0, help="seconds per target per round")
    options = parser.parse_args()

    data_dir = Path(options.data_dir or tempfile.mkdtemp(prefix="cchc-bench-public-"))
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "CCHC_TODAY": "2020-11-20", "DEBUG": "0"}
    env.pop("DATABASE_URL", None) if not os.environ.get("DATABASE_URL") else None
    port = free_port()
    env["PORT"] = str(port)
    env["CCHC_SITE_URL"] = f"http://127.0.0.1:{port}"
    setup_log = data_dir / "bench-public-setup.log"
    if not options.data_dir:
        print(f"Preparing {data_dir} (migrate, demo)…", flush=True)
        run([PYTHON, "-m", "cchc", "migrate", "--noinput", "-v0"], env, setup_log)
        run([PYTHON, "-m", "cchc", "createcachetable"], env, setup_log)
        run([PYTHON, "-m", "cchc", "demo"], env, setup_log)
    run([PYTHON, "-m", "cchc", "collectstatic", "--noinput", "-v0"], env, setup_log)
    server_log = (data_dir / "bench-public-gunicorn.log").open("ab")
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "cchc.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(options.workers),
         "--no-control-socket"], env=env, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        wait_up(port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/tin-tuc/", timeout=30) as response:  # noqa: S310
            page = response.read().decode()
        match = re.search(r'href="(/tin-tuc/[a-z0-9-]+/)"', page.split('data-testid="item-card"', 1)[-1])
        item_path = match.group(1) if match else "/tin-tuc/"
        targets = [("static", "/static/cchc/cchc.css"), ("home", "/"), ("item", item_path),
                   ("search", "/tin-tuc/tim-kiem/?q=dich+vu+cong+truc+tuyen"), ("rss", "/tin-tuc/rss/"),
                   ("home-cold", "/?khong-cache={n}"), ("item-cold", item_path + "?khong-cache={n}")]
        for _name, path in targets:  # warm-up: imports, template and page caches
            load(port, path, 2, 1.0)
        # Interleaved slices (every target in turn, round after round) so that a busy moment of the machine
        # weighs on every target alike.
        rounds = max(1, round(options.duration / options.slice))
        runs = {name: [0.0, [], [0]] for name, _path in targets}
        for _round in range(rounds):
            for name, path in targets:
                elapsed, _lat, _err = load(port, path, options.clients, options.slice, runs[name][1], runs[name][2])
                runs[name][0] += elapsed
        results = {name: summarise(*runs[name]) for name, _path in targets}
        ceiling = results["static"]["rps"]
        print(f"\ngunicorn {options.workers} sync workers, {options.clients} clients, {options.duration:g} s per "
              f"target, SQLite, cache: {'Redis' if os.environ.get('REDIS_URL') else 'database'}, {os.cpu_count()} CPUs")
        print(f"{'target':<8} {'path':<46} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs static':>10}")
        for name, path in targets:
            row = results[name]
            share = row["rps"] / ceiling * 100 if ceiling else 0
            print(f"{name:<8} {path[:46]:<46} {row['rps']:>8.0f} {row['p50']:>8.1f} {row['p95']:>8.1f} "
                  f"{row['errors']:>7} {share:>9.0f}%")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
        server_log.close()


if __name__ == "__main__":
    main()
