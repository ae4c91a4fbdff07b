"""``manage.py parse FILE... [--json]``: a thin wrapper around :func:`cchc.lib.vbhc.cli.main`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cchc.lib.vbhc.cli import main


class Command(BaseCommand):
    help = "Đọc văn bản hành chính (.txt, .md, .docx, .pdf) và in các thành phần thể thức (--json: JSON Lines)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="tệp văn bản cần đọc")
        parser.add_argument("--json", action="store_true", help="in JSON Lines: mỗi tệp một dòng")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [*options["files"]]
        if options["json"]:
            argv.append("--json")
        code = main(argv)
        sys.exit(code)
