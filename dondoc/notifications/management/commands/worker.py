"""`dondoc worker`: the long-running background process of the embedded mode.

One loop, in the main thread (so that signals reach it): run every ready django-tasks
job (document reading and extraction) with django-tasks-db's worker in batch mode, then
the notifications schedule (the daily reminder run at REMIND_HOUR, outbox retries),
then wait `--interval`. Several workers may run at once: django-tasks-db claims each job
row with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, and the reminders claim each
outbox row with a conditional UPDATE. SIGTERM or Ctrl+C: the job or e-mail in hand is
finished, then the process exits.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from dondoc.notifications import outbox
from dondoc.notifications.scheduler import Scheduler, install_stop_handlers


class Command(BaseCommand):
    help = "Chạy tiến trình nền: đọc, trích xuất văn bản tải lên, nhắc việc hằng ngày và gửi thông báo."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Giây chờ khi hàng đợi trống.")
        parser.add_argument(
            "--outbox-every", type=float, default=60.0, help="Giây giữa hai lần gửi lại thư còn chờ."
        )
        parser.add_argument("--once", action="store_true", help="Chạy một vòng rồi dừng (kiểm thử, cron).")

    def handle(self, *args, **options):
        # The db worker logs "no more tasks" at INFO after every batch: once a second.
        logging.getLogger("django_tasks_db").setLevel(
            logging.INFO if options["verbosity"] > 1 else logging.WARNING
        )
        stop = threading.Event()
        worker_id = outbox.new_worker_id()
        jobs = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

        def on_stop():
            jobs.running = False  # the db worker returns after the job in hand

        if not options["once"]:
            install_stop_handlers(stop, on_stop)
        scheduler = Scheduler(stop=stop, worker_id=worker_id, outbox_every=options["outbox_every"])
        self.stdout.write(f"dondoc worker {worker_id}: bắt đầu.")
        while not stop.is_set():
            jobs.running = True
            jobs.run()
            if stop.is_set():
                break
            scheduler.tick()
            if options["once"]:
                break
            stop.wait(options["interval"])
        self.stdout.write(f"dondoc worker {worker_id}: đã dừng.")
