"""Read the units' portals (RSS/Atom feeds, sitemaps) and record their CCHC articles as activities, once each.

Idempotent: run it as often as you like (the scheduler runs it every 30 minutes); conditional requests spare
the portals, an article already found is never recorded again, a failing site is reported and skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.harvest.engine import harvest_all


class Command(BaseCommand):
    help = "Harvest the units' portals into the communication log."

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = harvest_all()
        verbose = options.get("verbosity", 1) > 0
        for outcome in outcomes:
            if not verbose:
                continue
            if outcome.ok:
                self.stdout.write(f"{outcome.source.url}: {outcome.new} tin mới, {outcome.recorded} ghi nhận, "
                                  f"{outcome.pending} chờ xác nhận. {outcome.message}".strip())
            else:
                self.stderr.write(f"{outcome.source.url}: {outcome.message}")
