"""The ``cchc`` command: Django's management commands with CCHC Hub's settings, plus our own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "parse":
        # The document reader needs no database: skip Django's start-up so that parsing many files stays fast.
        from cchc.lib.vbhc.cli import main as parse_main

        sys.exit(parse_main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "cchc"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
