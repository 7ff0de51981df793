"""The scale-out mode, exercised: TASKS_BACKEND=redis puts document jobs on a Redis
queue (django-tasks-rq); two `dondoc rqworker` processes take them from the one queue
while two `dondoc remind` runs of the same day go on beside them. Every job runs once,
on one worker, each document is extracted once, and the reminder goes out once.

Needs a Redis server: DONDOC_TEST_REDIS_URL (CI: redis://127.0.0.1:6379/5, a database
of its own — the test empties it). Deselected when the variable is unset.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.redis

DOCUMENTS = 10
REMIND_DAY = "2026-05-12"
SETUP = r"""
import datetime as dt, django
django.setup()
from django.db import transaction
from dondoc.documents import jobs
from dondoc.org.models import Unit, User
from dondoc.tasks.services import create_task
from dondoc.web import demo
from dondoc.lib.calendar_data import load_bundled
from dondoc.lib.models import CalendarDay

load_bundled(CalendarDay)
units = demo.build_organisation()
users = {u.username: u for u in demo.build_accounts(units)}
today = dt.date(2026, 5, 12)  # REMIND_DAY, a working Tuesday
create_task(content="Báo cáo sơ kết công tác cán bộ quý II", lead_unit=units["snv-ccvc"], by=users["vanthu"],
            assigned_on=today - dt.timedelta(days=30), due_date=today, assigned_by=users["lanhdao"].person)
for n in range(%(count)d):
    text = (f"UBND TỈNH LẠNG SƠN\nTHÔNG BÁO số {n + 1}/TB-UBND\n"
            f"1. Sở Nội vụ chủ trì xây dựng kế hoạch số {n + 1}, hoàn thành trước ngày 30/6/2026.\n"
            f"2. Sở Tài chính bố trí kinh phí cho kế hoạch số {n + 1}.\n")
    with transaction.atomic():
        jobs.upload(text.encode(), f"tb-{n + 1}.txt", by=users["vanthu"])
print("queued")
"""


@pytest.fixture
def redis_url():
    url = os.environ.get("DONDOC_TEST_REDIS_URL")
    if not url:
        pytest.fail("DONDOC_TEST_REDIS_URL is not set (the marker should have deselected this test)")
    import redis

    connection = redis.Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()


def test_two_redis_workers_share_one_queue_and_run_each_job_once(tmp_path, redis_url, smtp_server):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TASKS_IMMEDIATE", "DEBUG")}
    env.update(
        {
            "DONDOC_VAR_DIR": str(tmp_path),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "TASKS_BACKEND": "redis",
            "REDIS_URL": redis_url,
            "DJANGO_SETTINGS_MODULE": "dondoc.settings",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server_port(smtp_server)),
            "SITE_URL": "https://dondoc.langson.gov.vn",
        }
    )
    dondoc = [sys.executable, "-m", "dondoc.cli"]
    subprocess.run([*dondoc, "migrate", "-v", "0"], env=env, check=True, timeout=300)

    import redis
    from rq import Queue, Worker

    connection = redis.Redis.from_url(redis_url)
    queue = Queue("default", connection=connection)
    logs = tmp_path / "logs"
    logs.mkdir()

    def start(name, *args):
        with open(logs / f"{name}.log", "wb") as log:
            return subprocess.Popen([*dondoc, *args], env=env, stdout=log, stderr=subprocess.STDOUT)

    processes = [
        start(
            f"worker-{n}",
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
            "--name",
            f"dondoc-test-{n}",
        )
        for n in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(Worker.all(queue=queue)) < 2:
            assert time.monotonic() < deadline, "the two workers did not start"
            assert all(p.poll() is None for p in processes), (logs / "worker-1.log").read_text()
            time.sleep(0.5)

        subprocess.run([sys.executable, "-c", SETUP % {"count": DOCUMENTS}], env=env, check=True, timeout=300)
        # The day's reminder run, twice at once, beside the workers (a fixed working day:
        # the real calendar's today may be a Sunday, when nobody is reminded).
        processes += [start(f"remind-{n}", "remind", "--date", REMIND_DAY) for n in (1, 2)]

        database = sqlite3.connect(tmp_path / "dondoc.sqlite3", timeout=30)
        deadline = time.monotonic() + 600
        while True:
            waiting = database.execute(
                "SELECT COUNT(*) FROM documents_document WHERE status IN ('pending', 'processing')"
            ).fetchone()[0]
            sent = database.execute(
                "SELECT COUNT(*) FROM notifications_dispatch WHERE status = 'sent'"
            ).fetchone()[0]
            if waiting == 0 and sent > 0 and queue.count == 0:
                break
            assert time.monotonic() < deadline, f"{waiting} documents still waiting"
            time.sleep(1)
        time.sleep(3)  # a job run twice, or a second reminder, would show by now
        statuses = database.execute(
            "SELECT status, COUNT(*) FROM documents_document GROUP BY status"
        ).fetchall()
        assert statuses == [("ready", DOCUMENTS)]
        proposed = database.execute("SELECT MIN(proposed_count) FROM documents_document").fetchone()[0]
        assert proposed >= 1
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()

    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    assert FailedJobRegistry(queue=queue).count == 0
    finished = FinishedJobRegistry(queue=queue).get_job_ids()
    assert len(finished) == DOCUMENTS, "every job finished, none lost"
    workers, returns = set(), []
    for job_id in finished:
        job = Job.fetch(job_id, connection=connection)
        results = job.results()
        assert len(results) == 1, f"job {job_id} ran {len(results)} times"
        returns.append(results[0].return_value)
        workers.add(job.worker_name)
    # "ready" from every job: each claimed its document and extracted it (a second run of
    # the same document would have returned "skipped").
    assert returns == ["ready"] * DOCUMENTS
    assert workers == {"dondoc-test-1", "dondoc-test-2"}, "both workers took jobs from the queue"
    # The reminder loop beside them sent the head of the division one digest.
    recipients = smtp_server.recipients()
    assert recipients == ["tp.snv@langson.example"]


def smtp_server_port(sink) -> int:
    from django.conf import settings

    return settings.EMAIL_PORT
