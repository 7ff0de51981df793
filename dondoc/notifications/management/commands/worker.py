"""`dondoc worker`: the long-running background process of the embedded mode.

It runs django-tasks' database worker (document reading and extraction jobs). Several
workers may run at once: django-tasks-db claims each job row with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy tiến trình nền: đọc, trích xuất văn bản tải lên và các việc định kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Giây chờ khi hàng đợi trống.")

    def handle(self, *args, **options):
        call_command("db_worker", queue_name="*", interval=options["interval"], reload=False)
