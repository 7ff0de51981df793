"""`dondoc restore FILE`: bring a backup back on an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dondoc.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu vào một cài đặt trống (kiểm tra toàn bộ trước khi thay đổi)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp sao lưu do `dondoc backup` tạo.")

    def handle(self, *args, **options):
        try:
            manifest = restore(Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = len(manifest["members"]) - 1
        self.stdout.write(
            f"Đã khôi phục cơ sở dữ liệu ({manifest['database']['vendor']}) và {files} tệp "
            f"từ bản sao lưu lúc {manifest['created_at']}."
        )
