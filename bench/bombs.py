"""Peak memory of a web process while it refuses hostile files (decompression, pixel and spreadsheet bombs).

Run from the repository root::

    python bench/bombs.py [--data-dir DIR] [--port 8199]

It migrates a throw-away data directory, creates a small province (an officer, a coordinator, an activity, an API
token), starts gunicorn with ONE sync worker, then sends each bomb where a user would: evidence through the API
(``POST /api/v1/activities/{id}/evidence/``), the activity, unit and account imports and the synthesis template
upload (signed-in pages). Before each bomb the worker's peak RSS is reset (``echo 5 > /proc/PID/clear_refs``);
after it, ``VmHWM`` in ``/proc/PID/status`` is the peak reached while refusing that bomb. Each answer must be a
refusal (4xx or a page that says why) and nothing may be stored.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cchc.core.tests import bombs  # noqa: E402 - after the path is set

CCHC = [sys.executable, "-m", "cchc"]
SETUP = """
from cchc import test as personas
from cchc.core.choices import Role
from cchc.reports.activities import do_issue_token
from cchc.reports.tests.test_activities import make_activity, make_taxonomy
from rest_framework.authtoken.models import Token
province = personas.make_province()
coordinator = personas.make_user("sonoivu", Role.COORDINATOR, [province.snv])
officer = personas.make_user("alice", Role.OFFICER, [province.stttt])
admin = personas.make_user("quantri", Role.ADMIN)
web, *_ = make_taxonomy()
activity = make_activity(province.stttt, web)
print(activity.pk, Token.objects.create(user=officer).key)
"""


def status_of(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmHWM", "VmRSS")):
            key, value = line.split(":", 1)
            values[key] = int(value.split()[0]) // 1024  # MB
    return values


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(f"{base}/accounts/login/", data={"username": username, "password": "Mat-khau-thu-2020",
                                                  "csrfmiddlewaretoken": token}, headers={"Referer": base})
    return session


def post_form(session: requests.Session, url: str, filename: str, data: bytes, **fields: str) -> requests.Response:
    page = session.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(url, data={"csrfmiddlewaretoken": token, **fields}, files={"file": (filename, data)},
                        headers={"Referer": url})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--port", type=int, default=8199)
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="cchc-bombs-"))
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "CCHC_ENV", "DEBUG"}}
    env.update({"CCHC_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cchc.settings"})
    subprocess.run([*CCHC, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*CCHC, "createcachetable"], env=env, check=True, cwd=ROOT)  # noqa: S603
    out = subprocess.run([*CCHC, "shell", "-c", SETUP], env=env, check=True, cwd=ROOT,  # noqa: S603
                         capture_output=True, text=True).stdout.split()
    activity_id, key = int(out[-2]), out[-1]
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "cchc.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", "1",  # noqa: S603
                               "--timeout", "120", "--no-control-socket"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        pid = worker_pid(server.pid)
        api = requests.Session()
        api.headers["Authorization"] = f"Token {key}"
        officer, coordinator, admin = login(base, "alice"), login(base, "sonoivu"), login(base, "quantri")
        # Warm up every path once with a sane file, so the baseline includes the code that is loaded.
        api.post(f"{base}/api/v1/activities/{activity_id}/evidence/",
                 files={"file": ("bao-cao.docx", bombs.real_office("docx"))})
        post_form(officer, f"{base}/reports/activities/import/", "hoat-dong.xlsx", bombs.xlsx_many_rows(3))
        baseline = status_of(pid)["VmRSS"]
        cases = [
            ("evidence API", "DOCX ratio bomb 2 GB", "bom.docx", bombs.ratio_bomb("docx", 2048)),
            ("evidence API", "DOCX lying header 2 GB", "bom.docx", bombs.lying_bomb("docx", 2048)),
            ("evidence API", "DOCX declaring 4 GB", "bom.docx", bombs.declared_size_bomb("docx")),
            ("evidence API", "DOCX 20 000 entries", "bom.docx", bombs.many_entries_bomb("docx", 20_000)),
            ("evidence API", "DOCX [Content_Types] 1 GB", "bom.docx", bombs.content_types_bomb("docx", 1024)),
            ("evidence API", "XLSX ratio bomb 2 GB", "bom.xlsx", bombs.ratio_bomb("xlsx", 2048)),
            ("evidence API", "PPTX lying header 2 GB", "bom.pptx", bombs.lying_bomb("pptx", 2048)),
            ("evidence API", "ODT ratio bomb 2 GB", "bom.odt", bombs.ratio_bomb("odt", 2048)),
            ("evidence API", "PNG 60 000 × 60 000", "anh.png", bombs.pixel_bomb_png()),
            ("activity import", "XLSX full sheet declared", "hoat-dong.xlsx", bombs.xlsx_dimension_bomb()),
            ("activity import", "XLSX 200 000 rows", "hoat-dong.xlsx", bombs.xlsx_many_rows(200_000)),
            ("activity import", "XLSX zip bomb 1 GB", "hoat-dong.xlsx", bombs.ratio_bomb("xlsx", 1024)),
            ("unit import", "XLSX full sheet declared", "don-vi.xlsx", bombs.xlsx_dimension_bomb()),
            ("account import", "XLSX full sheet declared", "tai-khoan.xlsx", bombs.xlsx_dimension_bomb()),
            ("template upload", "DOCX ratio bomb 1 GB", "mau.docx", bombs.ratio_bomb("docx", 1024)),
        ]
        print(f"web worker pid {pid}, RSS after warm-up {baseline} MB\n")
        print(f"{'where':17} {'bomb':28} {'size':>8} {'answer':>6} {'time':>6} {'peak RSS':>9}")
        for where, label, name, data in cases:
            reset_peak(pid)
            started = time.monotonic()
            if where == "evidence API":
                response = api.post(f"{base}/api/v1/activities/{activity_id}/evidence/", files={"file": (name, data)})
                refused = response.status_code == 400
            elif where == "activity import":
                response = post_form(officer, f"{base}/reports/activities/import/", name, data)
                refused = response.status_code in (200, 400) and ("dòng" in response.text or "giải nén" in
                                                                  response.text)
            elif where == "unit import":
                response = post_form(coordinator, f"{base}/units/import/", name, data)
                refused = "dòng" in response.text or "cột" in response.text
            elif where == "account import":
                response = post_form(coordinator, f"{base}/accounts/users/import/", name, data)
                refused = "dòng" in response.text or "cột" in response.text
            else:
                response = post_form(admin, f"{base}/synthesis/templates/", name, data, name="Mẫu thử")
                refused = "giải nén" in response.text
            elapsed = time.monotonic() - started
            peak = status_of(pid)["VmHWM"]
            print(f"{where:17} {label:28} {len(data) / 1024:>6.0f}KB {response.status_code:>6} {elapsed:>5.1f}s "
                  f"{peak:>6} MB{'' if refused else '  NOT REFUSED?'}")
        stored = [path for path in (data_dir / "media").rglob("*") if path.is_file()] if (data_dir / "media").exists() \
            else []
        print(f"\nfiles stored under media/: {len(stored)} (1 expected: the sane DOCX of the warm-up)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
