"""The rush at the opening of a quiz round (issue 17): N entrants start, answer and submit within about a minute.

Usage (from the repository root)::

    .venv/bin/python bench/contest_rush.py                       # SQLite, 2,000 entrants, gunicorn with 4 workers
    .venv/bin/python bench/contest_rush.py --postgres postgres://postgres@127.0.0.1:55432/cchc_h_bench
    .venv/bin/python bench/contest_rush.py --users 500 --spawn-seconds 20 --workers 3

Steps, each in its own process:

1. prepare: a fresh database (SQLite file in a temporary data dir, or the PostgreSQL database named, dropped and
   created again), migrations, a contest with 40 questions and a round open now (10 questions, 15 minutes);
2. gunicorn (sync workers, loopback, no access log) serves the site;
3. locust (this same file, headless, FastHttpUser) spawns the entrants evenly over ``--spawn-seconds``; each one
   starts an attempt through the API, saves its 10 answers one request at a time (0.5–1.5 s apart, one changed
   answer among them), then sends its submission TWICE AT ONCE (two concurrent requests: exactly one must be
   accepted, the other answered 409) and stops; what each entrant sent and got back is written to a JSON file;
4. verify, against the database: every started attempt is stored once and submitted once; every acknowledged answer
   is stored as last sent (none lost); the stored score equals a score recomputed in SQL from the stored answers and
   the choices marked correct (not through the application's code); the application's ranking equals a ranking
   computed here from the stored rows; and the answer-save rate (from the stored save times) and the latency
   percentiles (from locust) are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable


# ---------------------------------------------------------------------------------------------------------------
# 3. The entrants (only when locust imports this file)
# ---------------------------------------------------------------------------------------------------------------

if os.environ.get("CONTEST_RUSH_ROLE") == "locust":
    import itertools

    import gevent
    from locust import FastHttpUser, constant, events, task
    from locust.exception import StopUser

    ROUND_ID = int(os.environ["CONTEST_RUSH_ROUND"])
    TARGET = int(os.environ["CONTEST_RUSH_USERS"])
    RECORDS: list[dict] = []  # every entrant's record, appended when it starts (dumped even if unfinished)
    FINISHED: list[int] = []
    NUMBERS = itertools.count(1)
    ENV: dict = {}

    @events.init.add_listener
    def _remember(environment, **_kwargs):  # type: ignore[no-untyped-def]
        ENV["env"] = environment

    @events.test_stopping.add_listener
    def _dump(**_kwargs):  # type: ignore[no-untyped-def]
        Path(os.environ["CONTEST_RUSH_RECORDS"]).write_text(json.dumps(RECORDS))

    class Entrant(FastHttpUser):
        wait_time = constant(0)

        def _done(self, record: dict) -> None:
            record["finished"] = True
            FINISHED.append(record["n"])
            if len(FINISHED) >= TARGET:
                gevent.spawn_later(0.5, ENV["env"].runner.quit)
            raise StopUser()

        @task
        def take_part(self) -> None:
            n = next(NUMBERS)
            if n > TARGET:  # locust replaces a stopped user: the replacements only wait for the end
                gevent.sleep(10**6)
                return
            rng = random.Random(n)  # noqa: S311 - load generation
            record: dict = {"n": n, "phone": f"09{n:08d}", "sent": {}, "errors": []}
            RECORDS.append(record)
            with self.client.post(f"/api/v1/contests/rounds/{ROUND_ID}/attempts/", name="start", catch_response=True,
                                  json={"name": f"Người dự thi {n}", "phone": record["phone"],
                                        "age_group": rng.choice(["18-30", "31-45", "46-60"]),
                                        "commune": rng.choice(["Phường Hoa Lư", "Xã Biển Hồ", "Xã Ia Kring"])}
                                  ) as response:
                record["start"] = response.status_code
                if response.status_code != 201:
                    response.failure(f"start {response.status_code}")
                    self._done(record)
                data = response.json()
            record["token"] = token = data["token"]
            questions = data["questions"]
            plan = [(q, rng.sample([c["id"] for c in q["choices"]], 2 if q["kind"] == "multiple" else 1))
                    for q in questions]
            plan.append((questions[0], [rng.choice(questions[0]["choices"])["id"]]))  # a changed mind
            for question, choices in plan:
                gevent.sleep(rng.uniform(0.5, 1.5))
                with self.client.post(f"/api/v1/contests/attempts/{token}/answers/", name="answer",
                                      json={"question": question["id"], "choices": choices},
                                      catch_response=True) as response:
                    if response.status_code == 204:
                        record["sent"][str(question["id"])] = sorted(choices)
                    else:
                        record["errors"].append(response.status_code)
                        response.failure(f"answer {response.status_code}")
            record["guess"] = guess = rng.randint(1000, 3000)

            def submit() -> int:
                with self.client.post(f"/api/v1/contests/attempts/{token}/submit/", name="submit",
                                      json={"guess": guess}, catch_response=True) as response:
                    if response.status_code in (200, 409):
                        response.success()
                    return response.status_code

            pair = [gevent.spawn(submit), gevent.spawn(submit)]
            gevent.joinall(pair)
            record["submits"] = sorted(g.value for g in pair)
            self._done(record)


if os.environ.get("CONTEST_RUSH_ROLE") == "saves":
    import itertools

    from locust import FastHttpUser, constant_throughput, task

    ATTEMPTS = json.loads(Path(os.environ["CONTEST_RUSH_ATTEMPTS"]).read_text())
    PICK = itertools.count()

    class Saver(FastHttpUser):
        """Capacity of the answer save alone: each user saves one answer per second on its own attempt."""

        wait_time = constant_throughput(1)

        def on_start(self) -> None:
            self.attempt = ATTEMPTS[next(PICK) % len(ATTEMPTS)]
            self.rng = random.Random(self.attempt["token"])  # noqa: S311

        @task
        def save(self) -> None:
            question = self.rng.choice(self.attempt["questions"])
            self.client.post(f"/api/v1/contests/attempts/{self.attempt['token']}/answers/", name="answer",
                             json={"question": question["id"], "choices": [self.rng.choice(question["choices"])]})


# ---------------------------------------------------------------------------------------------------------------
# 1. and 4. Django side (run in subprocesses with the bench's environment)
# ---------------------------------------------------------------------------------------------------------------

def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()


def prepare() -> None:
    _django()
    from datetime import timedelta

    from cchc.contests import actions
    from cchc.contests.models import Contest, Round
    from cchc.core import clock

    rng = random.Random(17)  # noqa: S311
    contest = Contest.objects.create(title="Cuộc thi đo tải", slug="do-tai")
    for i in range(40):
        multiple = i % 4 == 3
        correct = set(rng.sample(range(4), 2 if multiple else 1))
        actions.do_add_question(contest, text=f"Câu hỏi đo tải {i + 1}", kind="multiple" if multiple else "single",
                                choices=[(f"Đáp án {j + 1}", j in correct) for j in range(4)], acting_user=None)
    now = clock.now()
    round_ = Round.objects.create(contest=contest, number=1, starts_at=now - timedelta(minutes=1),
                                  ends_at=now + timedelta(hours=2), question_count=10, time_limit_minutes=15)
    attempts = []
    for n in range(int(os.environ.get("CONTEST_RUSH_PRESTART", "0"))):
        attempt = actions.do_start_attempt(round_, name=f"Người đo tải {n}", phone=f"08{n:08d}")
        questions = [{"id": qid, "choices": sorted(actions.question_info([qid])[qid].choice_ids)}
                     for qid in attempt.drawn]
        attempts.append({"token": attempt.token, "questions": questions})
    if attempts:
        Path(os.environ["CONTEST_RUSH_ATTEMPTS"]).write_text(json.dumps(attempts))
    print(json.dumps({"round": round_.id}))


def verify(records_path: str, users: int) -> None:
    _django()
    from django.db import connection

    from cchc.contests import actions
    from cchc.contests.models import Answer, Attempt, Round

    records = json.loads(Path(records_path).read_text())
    round_ = Round.objects.get()
    started = [r for r in records if r.get("start") == 201]
    tokens = {r["token"]: r for r in started}
    attempts = {a.token: a for a in Attempt.objects.filter(round=round_)}
    report: dict = {"entrants": len(records), "started (201)": len(started),
                    "start refused": sum(1 for r in records if r.get("start") != 201),
                    "attempts stored": len(attempts)}
    report["started but not stored"] = len(set(tokens) - set(attempts))
    report["stored but not started by the client"] = len(set(attempts) - set(tokens))
    report["clients unfinished when the run ended"] = sum(1 for r in records if not r.get("finished"))
    report["submitted (stored)"] = sum(1 for a in attempts.values() if a.status == "submitted")
    report["double submissions: one 200 + one 409"] = sum(1 for r in started if r.get("submits") == [200, 409])
    report["double submissions otherwise"] = [r.get("submits") for r in started
                                              if r.get("submits") and r.get("submits") != [200, 409]][:5]
    report["submissions accepted twice"] = sum(1 for r in started if r.get("submits") == [200, 200])
    report["accepted submissions not stored as submitted"] = sum(
        1 for r in started
        if 200 in (r.get("submits") or []) and getattr(attempts.get(r["token"]), "status", "") != "submitted")
    stored: dict[int, dict[int, list[int]]] = {}
    for attempt_id, question_id, choices in Answer.objects.filter(attempt__round=round_).values_list(
            "attempt_id", "question_id", "choices"):
        stored.setdefault(attempt_id, {})[question_id] = sorted(int(c) for c in choices.split(",") if c)
    lost = changed = acknowledged = 0
    for token, record in tokens.items():
        attempt = attempts.get(token)
        for qid, choices in record["sent"].items():
            acknowledged += 1
            got = stored.get(attempt.id, {}).get(int(qid)) if attempt else None
            if not got:
                lost += 1
            elif got != choices:
                changed += 1
    report["answers acknowledged (204)"] = acknowledged
    report["acknowledged answers lost"] = lost
    report["acknowledged answers stored differently"] = changed
    report["answer errors seen by clients"] = sum(len(r["errors"]) for r in started)
    # Scores recomputed in SQL from the stored answers and the choices marked correct.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.choices, a.attempt_id, "
            "(SELECT COUNT(*) FROM contests_choice c WHERE c.question_id = a.question_id AND c.is_correct) "
            "FROM contests_answer a JOIN contests_attempt t ON t.id = a.attempt_id WHERE t.round_id = %s",
            [round_.id])
        answer_rows = cursor.fetchall()
        cursor.execute("SELECT c.id FROM contests_choice c JOIN contests_question q ON q.id = c.question_id "
                       "WHERE c.is_correct")
        correct_ids = {row[0] for row in cursor.fetchall()}
    recomputed: dict[int, int] = {}
    for _aid, choices, attempt_id, n_correct in answer_rows:
        picked = {int(c) for c in choices.split(",") if c}
        ok = bool(picked) and picked <= correct_ids and len(picked) == n_correct
        recomputed[attempt_id] = recomputed.get(attempt_id, 0) + ok
    report["scores differing from the SQL recomputation"] = sum(
        1 for a in attempts.values() if a.status == "submitted" and a.score != recomputed.get(a.id, 0))
    actual = len({a.entrant_id for a in attempts.values() if a.status in ("submitted", "expired")})
    independent = sorted((a for a in attempts.values() if a.status in ("submitted", "expired")),
                         key=lambda a: (-recomputed.get(a.id, 0), a.duration_seconds,
                                        abs(a.tie_break_guess - actual) if a.tie_break_guess is not None
                                        else float("inf"), a.submitted_at, a.id))
    app = [row["id"] for row in actions.ranking(round_)]
    report["ranking identical to the independent one"] = app == [a.id for a in independent]
    times = sorted(t for t in Answer.objects.filter(attempt__round=round_, answered_at__isnull=False)
                   .values_list("answered_at", flat=True))
    if times:
        span = (times[-1] - times[0]).total_seconds() or 1
        report["answer saves stored"] = len(times)
        report["answer saves per second (first to last save)"] = round(len(times) / span, 1)
        best, j = 0, 0
        for i, t in enumerate(times):
            while (t - times[j]).total_seconds() > 10:
                j += 1
            best = max(best, i - j + 1)
        report["answer saves per second (busiest 10 s)"] = round(best / 10, 1)
    print(json.dumps(report, ensure_ascii=False, default=str))


# ---------------------------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def reset_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--spawn-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", default="", help="DATABASE_URL of a PostgreSQL database (dropped, created)")
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--saves-only", type=int, default=0, metavar="USERS",
                        help="capacity of the answer save alone: USERS clients each saving one answer per second "
                             "on pre-started attempts, for --spawn-seconds (no rush, no checks)")
    parser.add_argument("--max-seconds", type=int, default=900, help="stop the load even if entrants are not done")
    parser.add_argument("--redis", action="store_true", help="a private redis-server as the shared cache")
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="contest-rush-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "CCHC_TODAY": "", "DEBUG": "false", "LOG_LEVEL": "WARNING",
           "CCHC_CONTEST_IP_LIMIT": "1000000", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    if args.postgres:
        reset_postgres(args.postgres)
        env["DATABASE_URL"] = args.postgres
    else:
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)
    log = (data_dir / "bench-contest-rush.log").open("ab")
    redis = None
    if args.redis:
        redis_port = free_port()
        redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],  # noqa: S603, S607
                                 stdout=log, stderr=log)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    subprocess.run([str(BIN / "cchc"), "migrate", "--noinput", "-v0"], env=env, check=True, stdout=log, stderr=log)  # noqa: S603
    subprocess.run([str(BIN / "cchc"), "createcachetable"], env=env, check=True, stdout=log, stderr=log)  # noqa: S603
    attempts_file = data_dir / "attempts.json"
    env["CONTEST_RUSH_ATTEMPTS"] = str(attempts_file)
    env["CONTEST_RUSH_PRESTART"] = str(args.saves_only)
    meta = json.loads(subprocess.run([PYTHON, __file__, "--role", "prepare"], env=env, check=True,  # noqa: S603
                                     capture_output=True, text=True).stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "cchc.wsgi", "--bind", f"127.0.0.1:{port}",  # noqa: S603
                               "--workers", str(args.workers), "--backlog", "4096", "--timeout", "120"],
                              env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        wait_up(port)
        records = data_dir / "records.json"
        csv = data_dir / "locust"
        locust_env = {**env, "CONTEST_RUSH_ROLE": "locust", "CONTEST_RUSH_ROUND": str(meta["round"]),
                      "CONTEST_RUSH_USERS": str(args.users), "CONTEST_RUSH_RECORDS": str(records)}
        rate = max(1.0, args.users / args.spawn_seconds)
        began = time.monotonic()
        if args.saves_only:
            subprocess.run([str(BIN / "locust"), "-f", __file__, "--headless", "-u", str(args.saves_only),  # noqa: S603
                            "-r", str(max(1, args.saves_only // 5)), "--run-time", f"{int(args.spawn_seconds)}s",
                            "--host", f"http://127.0.0.1:{port}", "--csv", str(csv), "--only-summary",
                            "--loglevel", "WARNING"], env={**env, "CONTEST_RUSH_ROLE": "saves"}, cwd=ROOT,
                           stdout=log, stderr=log, check=False)
            print_stats(data_dir, f"answer saves only: {args.saves_only} clients × 1 save/s for "
                                  f"{args.spawn_seconds:.0f} s (5 s ramp)", args)
            return
        subprocess.run([str(BIN / "locust"), "-f", __file__, "--headless", "-u", str(args.users),  # noqa: S603
                        "-r", f"{rate:.2f}", "--run-time", f"{args.max_seconds}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(csv), "--only-summary",
                        "--loglevel", "WARNING", "--stop-timeout", "30"],
                       env=locust_env, cwd=ROOT, stdout=log, stderr=log, check=False)
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(30)
        if redis is not None:
            redis.terminate()
    result = json.loads(subprocess.run([PYTHON, __file__, "--role", "verify", str(records), str(args.users)],  # noqa: S603
                                       env=env, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
    print_stats(data_dir, f"{args.users} entrants spawned over {args.spawn_seconds:.0f} s · load run {elapsed:.0f} s",
                args, result)


def print_stats(data_dir: Path, what: str, args: argparse.Namespace, result: dict | None = None) -> None:
    import csv as csv_module

    database = ("PostgreSQL" if args.postgres else "SQLite") + (" + Redis cache" if args.redis else "")
    print(f"Database: {database} · gunicorn {args.workers} sync workers · {what} · "
          f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for key, value in (result or {}).items():
        print(f"  {key}: {value}")
    with (data_dir / "locust_stats.csv").open() as handle:
        rows = list(csv_module.DictReader(handle))
    print(f"  {'request':<10} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7} (ms)")
    for row in rows:
        print(f"  {row['Name']:<10} {row['Request Count']:>7} {row['Failure Count']:>5} "
              f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
              f"{float(row['Max Response Time']):>7.0f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--role":
        if sys.argv[2] == "prepare":
            prepare()
        elif sys.argv[2] == "verify":
            verify(sys.argv[3], int(sys.argv[4]))
    else:
        main()
