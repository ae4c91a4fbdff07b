"""Demo: two units' portals (Sở TT&TT's RSS, Pleiku's Atom) harvested from feed files bundled with the demo
(``demo://`` addresses read by the engine's local loader: no network)."""

from __future__ import annotations

from collections.abc import Callable

from cchc.units.models import OrgUnit

from .engine import harvest_all
from .models import Source

DEMO_SOURCES = [("stttt", "demo://stttt-rss.xml", "feed"), ("ubnd-pleiku", "demo://pleiku-atom.xml", "feed")]


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    created = []
    for code, url, kind in DEMO_SOURCES:
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            continue
        source, was_created = Source.objects.get_or_create(unit=unit, url=url, defaults={"kind": kind})
        if was_created:
            created.append(source)
    if not created:
        log("Thu thập: nguồn tin minh họa đã có.")
        return
    outcomes = harvest_all(Source.objects.filter(pk__in=[source.pk for source in created]))
    found = sum(outcome.new for outcome in outcomes)
    recorded = sum(outcome.recorded for outcome in outcomes)
    log(f"Thu thập: {len(created)} cổng đơn vị, {found} tin, bài, {recorded} ghi vào nhật ký.")
