"""Benchmark of the monitoring numbers at province scale (issue 6): page, summary endpoint, 10-year trend, SQL floor.

Usage (from the repository root)::

    .venv/bin/python bench/dashboard.py                       # SQLite, fresh data dir, gen-demo 1000 × 10
    .venv/bin/python bench/dashboard.py --database both       # SQLite, then a throw-away PostgreSQL cluster
    .venv/bin/python bench/dashboard.py --data-dir /tmp/gd    # reuse a data dir (SQLite) already generated
    .venv/bin/python bench/dashboard.py --database postgres --database-url postgres://postgres@127.0.0.1:5433/cchc
    .venv/bin/python bench/dashboard.py --units 200 --years 3 -n 20   # a quick run

For each database it: makes (or reuses) a data dir, migrates, runs ``cchc gen-demo --units U --years Y`` (skipped
when gen-demo data is there already), starts gunicorn (2 workers) and ``cchc db_worker``, logs in through the login
form as a coordinator it creates (``gd-bench``), then times, after a warm-up, ``-n`` sequential calls of:

- ``page``: GET /monitoring/?form=&period= for the monthly form's latest period (over HTTP);
- ``endpoint``: GET /api/v1/monitoring/summary/?form=&period= (over HTTP); when it answers 404 the benchmark times
  ``cchc.monitoring.numbers.summary()`` in-process instead and marks the row "(in-process fallback)";
- ``summary()``: ``cchc.monitoring.numbers.summary()`` in-process (what the endpoint computes, without HTTP);
- ``trend``: ``cchc.monitoring.trends.trend(form)`` (all periods, 10 years of months), or else a loop of
  ``snapshot()`` over every period (``--trend-n`` calls: it is slower);
- ``SQL floor``: one hand-written SQL query computing expected/submitted/on_time/late/overdue for the same form and
  period, on the DB cursor (no ORM, no roll-up of merged units' reports to their successors).

PostgreSQL: a fresh cluster on a free port in a fresh folder (``initdb`` as the ``postgres`` user when run as root),
fsync off like scripts/test.sh, stopped and removed at the end. The table gives p50 / p95 / max in milliseconds.
Child processes' output goes to ``<data dir>/bench-*.log``.
"""

from __future__ import annotations

import argparse
import glob
import html
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
USERNAME = "gd-bench"
PASSWORD = "bench-Mật-khẩu-2026"  # noqa: S105 - a throw-away benchmark account


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "p50": math.nan, "p95": math.nan, "max": math.nan}
    middle = len(ordered) // 2
    p50 = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {"n": len(ordered), "p50": p50 * 1000, "p95": p95 * 1000, "max": ordered[-1] * 1000}


# -- PostgreSQL ------------------------------------------------------------------------------------------------------
class Postgres:
    """A throw-away cluster, as scripts/test.sh starts one."""

    def __init__(self) -> None:
        initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not initdb:
            raise SystemExit("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb).")
        self.bin = Path(initdb[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="cchc-bench-pg."))
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)

    def run(self, command: str) -> None:
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", command] if self.root else ["sh", "-c", command]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> str:
        self.run(f"{self.bin}/initdb -D {self.dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
        self.run(f"{self.bin}/pg_ctl -D {self.dir}/data -o '-p {self.port} -k {self.dir} "
                 "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' "
                 f"-l {self.dir}/log -w start")
        self.run(f"{self.bin}/createdb -h 127.0.0.1 -p {self.port} -U postgres cchc")
        return f"postgres://postgres@127.0.0.1:{self.port}/cchc"

    def stop(self) -> None:
        try:
            self.run(f"{self.bin}/pg_ctl -D {self.dir}/data -m fast stop")
        except subprocess.CalledProcessError:
            pass
        subprocess.run(["rm", "-rf", str(self.dir)], check=False)


# -- the outer run: one database -------------------------------------------------------------------------------------
def cchc(args: list[str], env: dict[str, str], log: Path) -> subprocess.CompletedProcess[str]:
    with log.open("a") as out:
        out.write(f"$ cchc {' '.join(args)}\n")
        out.flush()
        return subprocess.run([PYTHON, "-m", "cchc", *args], env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                              stderr=out, check=False)


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"The web server did not answer at {url}.")


def bench_database(label: str, args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix=f"cchc-bench-{label}."))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "DEBUG": "", "CCHC_ENV": "development",
           "AXES_ENABLED": "false"}
    env.pop("DATABASE_URL", None)
    pg: Postgres | None = None
    children: list[subprocess.Popen[bytes]] = []
    log = data_dir / f"bench-{label}.log"
    result: dict[str, Any] = {"database": label, "data_dir": str(data_dir)}
    try:
        if label == "postgres":
            if args.database_url:
                env["DATABASE_URL"] = args.database_url
            else:
                pg = Postgres()
                env["DATABASE_URL"] = pg.start()
        print(f"[{label}] data dir {data_dir}; migrating …", file=sys.stderr)
        if cchc(["migrate", "-v0", "--skip-checks"], env, log).returncode:
            raise SystemExit(f"migrate failed: see {log}")
        print(f"[{label}] gen-demo --units {args.units} --years {args.years} …", file=sys.stderr)
        started = time.monotonic()
        done = cchc(["gen-demo", "--units", str(args.units), "--years", str(args.years), "--skip-checks",
                     "--no-progress"], env, log)
        if done.returncode == 0:
            result["gen_demo_s"] = time.monotonic() - started
            result["gen_demo_summary"] = done.stdout.strip()
        elif "--reset" in log.read_text(errors="replace").splitlines()[-1]:
            result["gen_demo_s"] = None
            result["gen_demo_summary"] = "reused the data already generated"
        else:
            raise SystemExit(f"gen-demo failed: see {log}")
        port = free_port()
        with (data_dir / f"bench-{label}-web.log").open("ab") as web_log:
            children.append(subprocess.Popen(  # noqa: S603 - our own executables
                [str(BIN / "gunicorn"), "cchc.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                 "--graceful-timeout", "5", "--timeout", "120", "--no-control-socket"],
                env=env, cwd=ROOT, stdout=web_log, stderr=subprocess.STDOUT))
            children.append(subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "cchc", "db_worker", "--interval", "1"], env=env, cwd=ROOT, stdout=web_log,
                stderr=subprocess.STDOUT))
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/healthz")
        print(f"[{label}] timing (n={args.n}) …", file=sys.stderr)
        inner = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--inner", "--base-url", base, "-n", str(args.n),
             "--trend-n", str(args.trend_n), "--warmup", str(args.warmup)],
            env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE, check=False)
        if inner.returncode:
            raise SystemExit(f"[{label}] timing failed (exit {inner.returncode})")
        result.update(json.loads(inner.stdout.strip().splitlines()[-1]))
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if pg:
            pg.stop()
    return result


# -- the inner run: inside Django, against the server ----------------------------------------------------------------
class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self, username: str, password: str) -> bool:
        status, body = self.get("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if not match:
            return False
        data = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": html.unescape(match.group(1).decode())}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data,  # noqa: S310
                                         headers={"Referer": self.base + "/accounts/login/"})
        try:
            with self.opener.open(request, timeout=60) as response:
                final = response.geturl()
        except urllib.error.HTTPError:
            return False
        return "/accounts/login/" not in final and any(cookie.name == "sessionid" for cookie in self.jar)


def timed(call: Any, n: int, warmup: int) -> tuple[dict[str, float], Any]:
    last = None
    for _ in range(warmup):
        last = call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        last = call()
        samples.append(time.perf_counter() - started)
    return stats(samples), last


FLOOR_SQL = """
SELECT COUNT(*),
       COALESCE(SUM(CASE WHEN s.status IN ('submitted', 'approved') THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN s.status IN ('submitted', 'approved') AND s.submitted_at < %(cutoff)s
                         THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN s.status IN ('submitted', 'approved') AND (s.submitted_at IS NULL
                         OR s.submitted_at >= %(cutoff)s) THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN (s.id IS NULL OR s.status NOT IN ('submitted', 'approved')) AND %(overdue)s
                         THEN 1 ELSE 0 END), 0)
FROM units_orgunit u
JOIN reports_period p ON p.id = %(period)s
LEFT JOIN reports_submission s ON s.unit_id = u.id AND s.period_id = p.id AND s.form_id = p.form_id
WHERE (u.valid_from IS NULL OR u.valid_from <= p."end") AND (u.valid_to IS NULL OR u.valid_to >= p.start)
  AND (u.kind_id IN (SELECT unitkind_id FROM reports_reportform_expected_kinds WHERE reportform_id = p.form_id)
       OR u.id IN (SELECT orgunit_id FROM reports_reportform_expected_units WHERE reportform_id = p.form_id))
"""


def inner(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    django.setup()
    from datetime import UTC, timedelta

    from django.db import connection

    from cchc.accounts.models import User
    from cchc.core import clock
    from cchc.core.choices import Role
    from cchc.monitoring import numbers
    from cchc.reports.models import ReportForm
    from cchc.units.models import OrgUnit

    user, _created = User.objects.get_or_create(username=USERNAME, defaults={"role": Role.COORDINATOR,
                                                                              "full_name": "Benchmark"})
    user.role, user.is_active, user.must_change_password = Role.COORDINATOR, True, False
    user.set_password(PASSWORD)
    user.save()
    user.units.set(OrgUnit.objects.filter(code="gd-so-1"))
    form = ReportForm.objects.get(code="gd-thang")
    period = numbers.latest_period(form)
    assert period is not None
    n, warmup = args.n, args.warmup
    out: dict[str, Any] = {"form": form.pk, "period": period.pk, "period_label": period.label, "rows": {}}
    rows = out["rows"]

    browser = Browser(args.base_url)
    out["login"] = browser.login(USERNAME, PASSWORD)
    query = f"?form={form.pk}&period={period.pk}"
    page, (status, body) = timed(lambda: browser.get(f"/monitoring/{query}"), n, warmup)
    rows["page"] = {**page, "note": f"HTTP {status}, {len(body) // 1024} KiB" + ("" if out["login"] else
                                                                                    ", NOT logged in")}
    endpoint, (status, body) = timed(lambda: browser.get(f"/api/v1/monitoring/summary/{query}"), n, warmup)
    if status == 404:
        endpoint, _ = timed(lambda: numbers.summary(form, period), n, warmup)
        rows["endpoint"] = {**endpoint, "note": "HTTP 404: numbers.summary() in-process fallback"}
    else:
        rows["endpoint"] = {**endpoint, "note": f"HTTP {status}, {len(body)} B"}
        if status == 200:
            out["endpoint_answer"] = json.loads(body)
    in_process, answer = timed(lambda: numbers.summary(form, period), n, warmup)
    rows["summary()"] = {**in_process, "note": "in-process, no HTTP"}
    out["summary"] = {key: answer[key] for key in ("expected", "submitted", "on_time", "late", "overdue")}

    try:
        from cchc.monitoring.trends import trend
    except ImportError:
        trend = None
    if trend is not None:
        result, points = timed(lambda: trend(form, limit=1000), args.trend_n, 1)
        rows["trend"] = {**result, "note": f"trends.trend(), {len(points)} periods"}
    else:
        periods = list(form.periods.all())
        result, _ = timed(lambda: [numbers.snapshot(form, p) for p in periods], args.trend_n, 1)
        rows["trend"] = {**result, "note": f"snapshot() loop, {len(periods)} periods"}

    today = clock.today()
    params = {"period": period.pk, "cutoff": clock.start_of(period.deadline + timedelta(days=1)),
              "overdue": today > period.deadline}
    if connection.vendor == "sqlite":  # SQLite stores datetimes as UTC text; compare like Django does
        params["cutoff"] = params["cutoff"].astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")

    def floor() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, params)
            return tuple(cursor.fetchone())

    result, row = timed(floor, n, warmup)
    rows["SQL floor"] = {**result, "note": "one query on the tables"}
    out["floor"] = dict(zip(("expected", "submitted", "on_time", "late", "overdue"), map(int, row), strict=True))
    closed = form.periods.filter(deadline__lt=today).order_by("-start").first()
    if closed is not None:  # a check of the floor on a period with reports: the same numbers as summary()
        params.update(period=closed.pk, overdue=True, cutoff=clock.start_of(closed.deadline + timedelta(days=1)))
        if connection.vendor == "sqlite":
            params["cutoff"] = params["cutoff"].astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        answer = numbers.summary(form, closed)
        out["check"] = {"period": closed.label,
                        "summary": {key: answer[key] for key in ("expected", "submitted", "on_time", "late",
                                                                 "overdue")},
                        "floor": dict(zip(("expected", "submitted", "on_time", "late", "overdue"), map(int, floor()),
                                          strict=True))}
    print(json.dumps(out, default=str))


# -- output ----------------------------------------------------------------------------------------------------------
def table(results: list[dict[str, Any]]) -> str:
    lines = []
    for result in results:
        lines.append(f"\n== {result['database']} ({result['data_dir']}) — form {result['form']}, "
                     f"period {result['period_label']}")
        if result.get("gen_demo_s") is not None:
            lines.append(f"gen-demo: {result['gen_demo_s']:.1f} s wall")
        lines.extend("  " + line for line in result.get("gen_demo_summary", "").splitlines())
        lines.append(f"login through the form: {'ok' if result['login'] else 'FAILED'}")
        lines.append(f"{'what':<11} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  note")
        for name, row in result["rows"].items():
            lines.append(f"{name:<11} {row['n']:>4} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['max']:>9.1f}  "
                         f"{row['note']}")
        lines.append(f"numbers(): {result['summary']}")
        lines.append(f"SQL floor: {result['floor']}"
                     + ("" if result["floor"] == result["summary"] else "  (differs: merged units' roll-up)"))
        check = result.get("check")
        if check:
            lines.append(f"check on {check['period']}: numbers() {check['summary']}")
            lines.append(f"{'':>{len('check on ' + check['period'])}}  SQL floor {check['floor']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--data-dir", help="reuse this data dir (SQLite: an already generated db.sqlite3)")
    parser.add_argument("--database-url", help="PostgreSQL: reuse this database instead of a throw-away cluster")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("-n", type=int, default=50, help="timed calls of each (default 50)")
    parser.add_argument("--trend-n", type=int, default=10, help="timed calls of the trend (default 10)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args)
        return
    labels = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if args.data_dir and len(labels) > 1:
        parser.error("--data-dir goes with one database")
    results = [bench_database(label, args) for label in labels]
    print(table(results))
    if args.json:
        print(json.dumps(results, default=str, indent=1))


if __name__ == "__main__":
    main()
