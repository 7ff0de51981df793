"""`dondoc backup [--output FILE]`: the database and stored files in one archive."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dondoc.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã lưu vào một tệp, kèm mã kiểm tra SHA-256."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Tệp sao lưu (mặc định var/backups/dondoc-YYYYmmdd-HHMMSS.tar).",
        )

    def handle(self, *args, **options):
        output = options["output"] or (
            Path(settings.VAR_DIR) / "backups" / f"dondoc-{dt.datetime.now():%Y%m%d-%H%M%S}.tar"
        )
        try:
            manifest = backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = len(manifest["members"]) - 1
        size = Path(output).stat().st_size
        self.stdout.write(
            f"Đã sao lưu cơ sở dữ liệu ({manifest['database']['vendor']}) và {files} tệp vào {output} "
            f"({size / 1024 / 1024:.1f} MB)."
        )
