"""Publish the column's scheduled items whose moment has come (idempotent; run every minute by the scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cchc.column.actions import publish_due


class Command(BaseCommand):
    help = "Publish the scheduled items of the CCHC column whose time has come."

    def handle(self, *args: Any, **options: Any) -> None:
        published = publish_due()
        if options.get("verbosity", 1) > 0 and published:
            self.stdout.write(f"{len(published)} tin, bài đã được đăng theo lịch.")
