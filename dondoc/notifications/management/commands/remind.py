"""`dondoc remind`: the day's reminder run (idempotent: run it again, nothing is sent twice).

`--dry-run` prints the digests without storing or sending anything; `--loop` keeps
running the schedule (as `dondoc worker` does, without the document jobs).
"""

import datetime as dt
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from dondoc.notifications.reminders import plan_reminders, run_reminders, short_date
from dondoc.notifications.scheduler import Scheduler, install_stop_handlers


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (định dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Gửi bản tin nhắc việc trong ngày (mỗi người một thư, quá hạn trước)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=parse_date, help="Ngày nhắc (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in danh sách, không lưu, không gửi.")
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục theo lịch REMIND_HOUR.")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Giây giữa hai lần kiểm tra (--loop)."
        )

    def handle(self, *args, **options):
        if options["loop"]:
            return self.loop(options["interval"])
        from dondoc.lib.dates import local_today

        day = options["date"] or local_today()
        if options["dry_run"]:
            digests = plan_reminders(day)
            if not digests:
                self.stdout.write(f"{short_date(day)}: không có việc cần nhắc.")
            for digest in digests:
                person = digest.person
                where = ", ".join(
                    filter(None, [person.email or "", "hộp thông báo" if _has_account(person) else ""])
                )
                self.stdout.write(
                    f"{person.full_name} <{where or 'không có địa chỉ nhận'}>: {digest.subject}"
                )
                for item in digest.ordered():
                    self.stdout.write(f"  - [{item.group}] #{item.task.pk} hạn {item.due:%d/%m/%Y}")
            return
        result = run_reminders(day)
        self.stdout.write(result.summary())

    def loop(self, interval: float):
        stop = threading.Event()
        install_stop_handlers(stop)
        scheduler = Scheduler(stop=stop)
        while not stop.is_set():
            # A process that lives for months: drop connections the server closed.
            close_old_connections()
            scheduler.tick()
            stop.wait(interval)


def _has_account(person) -> bool:
    from dondoc.notifications.reminders import account_of

    return account_of(person) is not None
