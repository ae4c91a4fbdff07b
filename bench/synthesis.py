"""Benchmark of the synthesis report: ``build_synthesis`` (DOCX + XLSX, no PDF) for a province of 1,000 units.

Run from the repository root::

    python bench/synthesis.py [--units 1000] [--runs 3] [--data-dir DIR]

It migrates a throw-away data directory, generates the province with ``cchc gen-demo --units N --years 1`` (or, when
that command is missing, 1,000 units, one form and their submissions with bulk_create), then times the report of the
form and period with the most reports. Goal: well under 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CCHC = [sys.executable, "-m", "cchc"]
GOAL = 10.0


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([*CCHC, *args], env=env, check=True, cwd=ROOT)  # noqa: S603 - fixed arguments


def _fallback(units: int) -> None:
    """1,000 units, one yearly form with three indicators, reports from 90% of the units (bulk_create)."""
    import random
    from datetime import date, datetime
    from decimal import Decimal

    from cchc.core import clock
    from cchc.lib import vn
    from cchc.reports.choices import PeriodType, SubmissionStatus
    from cchc.reports.models import FormIndicator, Indicator, IndicatorValue, Period, ReportForm, Submission
    from cchc.test import ensure_kinds
    from cchc.units.models import OrgUnit, UnitKind

    ensure_kinds()
    kind = UnitKind.objects.order_by("order").last()
    OrgUnit.objects.bulk_create([OrgUnit(code=f"bench-{i}", kind=kind, name=f"Ủy ban nhân dân xã Bến Đồng {i}",
                                         sort_name=vn.sort_key(f"Ủy ban nhân dân xã Bến Đồng {i}"))
                                 for i in range(units)])
    form = ReportForm.objects.create(name="Báo cáo thử", code="bench", period_type=PeriodType.YEAR,
                                     sections=["Mô hình, sáng kiến", "Khó khăn, hạn chế", "Đề xuất, kiến nghị"])
    form.expected_kinds.set([kind])
    period = Period.objects.create(form=form, key="2020", label="Năm 2020", start=date(2020, 1, 1),
                                   end=date(2020, 12, 14), deadline=date(2020, 12, 16))
    indicators = [Indicator.objects.create(code=f"bench-{i}", name=f"Chỉ tiêu {i}", group="Chỉ tiêu thử")
                  for i in range(3)]
    for order, indicator in enumerate(indicators):
        FormIndicator.objects.create(form=form, indicator=indicator, order=order)
    rng = random.Random(7)  # noqa: S311
    at = datetime(2020, 12, 15, 9, tzinfo=clock.VIETNAM)
    subs = Submission.objects.bulk_create([
        Submission(form=form, period=period, unit=unit, status=SubmissionStatus.SUBMITTED, submitted_at=at,
                   narrative={"Mô hình, sáng kiến": f"Sáng kiến {unit.code}", "Khó khăn, hạn chế": "Thiếu kinh phí"})
        for unit in OrgUnit.objects.filter(code__startswith="bench-") if rng.random() < 0.9])
    IndicatorValue.objects.bulk_create([IndicatorValue(submission=s, indicator=i, number=Decimal(rng.randint(0, 50)))
                                        for s in subs for i in indicators if rng.random() < 0.8])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", help="reuse a data directory (generated already)")
    options = parser.parse_args()

    data_dir = Path(options.data_dir or tempfile.mkdtemp(prefix="cchc-bench-synth-"))
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cchc.settings"}
    os.environ.update({"CCHC_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cchc.settings"})
    gen_demo = (ROOT / "cchc/monitoring/management/commands/gen-demo.py").is_file()
    if not options.data_dir:
        started = time.perf_counter()
        _run(["migrate", "-v0"], env)
        if gen_demo:
            _run(["gen-demo", "--units", str(options.units), "--years", "1", "--no-progress"], env)
        print(f"data generated in {time.perf_counter() - started:.1f} s ({data_dir})")

    import django

    django.setup()
    from django.db.models import Count

    from cchc.reports.models import Period, ReportForm, Submission
    from cchc.synthesis.build import build_synthesis

    if not options.data_dir and not gen_demo:
        _fallback(options.units)
    best = (Submission.objects.values("form", "period").annotate(n=Count("id")).order_by("-n").first())
    form, period = ReportForm.objects.get(pk=best["form"]), Period.objects.get(pk=best["period"])
    timings = []
    for _ in range(options.runs):
        started = time.perf_counter()
        result = build_synthesis(form, period, with_pdf=False)
        timings.append(time.perf_counter() - started)
    numbers = result.figures["numbers"]
    print(f"form {form.code!r}, period {period.label!r}: {numbers['expected']} units expected, "
          f"{numbers['submitted']} reports, {len(result.figures['indicators'])} indicators, "
          f"{result.figures['activities']['count']} activities")
    print(f"DOCX {len(result.docx) / 1024:.0f} KB, XLSX {len(result.xlsx) / 1024:.0f} KB")
    print(f"build_synthesis: median {statistics.median(timings):.2f} s, best {min(timings):.2f} s "
          f"over {len(timings)} runs (goal < {GOAL:g} s)")
    return 0 if statistics.median(timings) < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
