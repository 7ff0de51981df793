"""The `dondoc` console script.

`dondoc extract FILE` runs the extractor without touching Django (it must work on a
machine with no database); every other sub-command is a Django management command run
with dondoc's settings (`dondoc migrate`, `dondoc runserver`, `dondoc demo`, ...).
"""

from __future__ import annotations

import os
import sys


def local_serving_defaults(environ=os.environ) -> None:
    """`dondoc serve --local` (what `make run` runs): DEBUG off unless DEBUG is set, so
    Django's technical pages (the URL list of a 404, a 500's traceback and settings)
    never reach anyone; a secret key generated once and kept in var/secret_key; only
    local host names. Production sets SECRET_KEY itself and never uses --local."""
    from pathlib import Path

    var = Path(environ.get("DONDOC_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    environ.setdefault("DEBUG", "0")
    if not environ.get("SECRET_KEY"):
        key_file = var / "secret_key"
        if not key_file.exists():
            import secrets

            var.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
        environ["SECRET_KEY"] = key_file.read_text().strip()
    environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "extract":
        from dondoc.extraction.cli import main as extract_main

        return extract_main(argv[1:])
    if argv and argv[0] == "serve" and "--local" in argv:
        local_serving_defaults()
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
