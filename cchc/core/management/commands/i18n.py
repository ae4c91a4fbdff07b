"""Compile the translations (``locale/vi/LC_MESSAGES/django.po`` of the project and of each app) into ``.mo``.

Pure Python (polib): no gettext binary is needed on the machine. ``make install`` runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def po_files() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs() if config.name.startswith("cchc.")]
    return sorted({po for root in roots if root.is_dir() for po in root.glob("*/LC_MESSAGES/*.po")})


class Command(BaseCommand):
    help = "Biên dịch bản dịch tiếng Việt (.po → .mo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        compiled = 0
        for po_path in po_files():
            mo_path = po_path.with_suffix(".mo")
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if not quiet:
            self.stdout.write(f"Đã biên dịch {compiled} tệp bản dịch.")
