from django.core.management.base import BaseCommand

from dondoc.lib.calendar import reset_calendar_cache
from dondoc.lib.calendar_data import load_bundled
from dondoc.lib.models import CalendarDay


class Command(BaseCommand):
    help = "Nạp lịch ngày nghỉ lễ, ngày làm bù 2025-2027 kèm theo (không ghi đè ngày đã sửa)."

    def handle(self, *args, **options):
        created = load_bundled(CalendarDay)
        reset_calendar_cache()
        self.stdout.write(f"Đã thêm {created} ngày vào lịch làm việc.")
