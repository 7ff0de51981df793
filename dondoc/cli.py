"""The `dondoc` console script.

`dondoc extract FILE` runs the extractor without touching Django (it must work on a
machine with no database); every other sub-command is a Django management command run
with dondoc's settings (`dondoc migrate`, `dondoc runserver`, `dondoc demo`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "extract":
        from dondoc.extraction.cli import main as extract_main

        return extract_main(argv[1:])
    if argv and not argv[0].startswith("-"):
        # `dondoc gen-data` runs the `gen_data` command: Django's command names cannot
        # hold a hyphen, the command line reads better with one.
        argv[0] = argv[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dondoc", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
