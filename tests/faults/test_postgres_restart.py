"""PostgreSQL restarted in the middle of a reminder run and of a registration: nothing
lost, nothing half-written, nothing sent twice."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import subprocess
import sys
import threading
import time

import pytest
from fault_env import dondoc, dondoc_env, free_port, python

pytestmark = pytest.mark.faults

REMIND_DAY = "2026-05-12"  # a working Tuesday
PEOPLE = 40

REMINDER_SETUP = r"""
import datetime as dt, django
django.setup()
from dondoc.lib.calendar_data import load_bundled
from dondoc.lib.models import CalendarDay
from dondoc.org.models import Person
from dondoc.tasks.services import create_task
from dondoc.web import demo

load_bundled(CalendarDay)
units = demo.build_organisation()
users = {u.username: u for u in demo.build_accounts(units)}
day = dt.date.fromisoformat("%(day)s")
for n in range(%(people)d):
    person = Person.objects.create(full_name=f"Chuyên viên {n:02d}", unit=units["snv-ccvc"], email=f"cv{n:02d}@langson.example")
    create_task(content=f"Báo cáo số {n}", lead_unit=units["snv-ccvc"], by=users["vanthu"], assignee=person,
                assigned_on=day - dt.timedelta(days=30), due_date=day, assigned_by=users["lanhdao"].person)
print("ok")
"""

PROBE = r"""
import json, django
django.setup()
from dondoc.notifications.models import Dispatch
print(json.dumps({s: Dispatch.objects.filter(status=s).count() for s in ("pending", "sending", "sent", "failed")}))
"""


class SlowSink:
    """An SMTP server that takes its time over each message, so that a run lasts long
    enough to be interrupted."""

    def __init__(self, delay: float):
        self.delay = delay
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    sink = SlowSink(0.15)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    try:
        yield sink
    finally:
        controller.stop()


def test_postgres_restarted_during_a_reminder_run(tmp_path, private_postgres, slow_smtp):
    env = dondoc_env(
        tmp_path,
        DATABASE_URL=private_postgres.create_database("dondoc_fault_remind"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=slow_smtp.port,
        SITE_URL="https://dondoc.langson.gov.vn",
        DONDOC_CLAIM_TIMEOUT_SECONDS=2,
    )
    dondoc(env, "migrate", "-v", "0")
    python(env, REMINDER_SETUP % {"day": REMIND_DAY, "people": PEOPLE})

    run = subprocess.Popen(
        [sys.executable, "-m", "dondoc.cli", "remind", "--date", REMIND_DAY],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while len(slow_smtp.messages) < 8:
        assert time.monotonic() < deadline and run.poll() is None, "the run ended before the restart"
        time.sleep(0.05)
    at_restart = len(slow_smtp.messages)
    private_postgres.restart()
    assert at_restart < PEOPLE and run.poll() is None, "the restart came in the middle of the run"
    # The run either survives the restart (the e-mail in hand is recorded once the server
    # is back, the next rows are claimed on a new connection) or stops with an error.
    run.communicate(timeout=300)

    time.sleep(3)  # past DONDOC_CLAIM_TIMEOUT_SECONDS: a row left claimed is taken over
    again = dondoc(env, "remind", "--date", REMIND_DAY)
    assert again.returncode == 0

    recipients = sorted(m["To"] for m in slow_smtp.messages)
    assert recipients == sorted(f"cv{n:02d}@langson.example" for n in range(PEOPLE)), (
        "each one e-mail, none twice"
    )
    ids = [m["Message-ID"] for m in slow_smtp.messages]
    assert len(set(ids)) == len(ids)
    states = json.loads(python(env, PROBE).stdout)
    assert states == {"pending": 0, "sending": 0, "sent": PEOPLE, "failed": 0}

    # A third run has nothing left to send.
    dondoc(env, "remind", "--date", REMIND_DAY)
    assert len(slow_smtp.messages) == PEOPLE


REGISTRATION_SETUP = r"""
import django
django.setup()
from pathlib import Path
import dondoc.web
from dondoc.documents.services import ingest, process
from dondoc.web import demo

units = demo.build_organisation()
users = {u.username: u for u in demo.build_accounts(units)}
sample = Path(dondoc.web.__file__).parent / "data" / "langson-tb-vp-2026-04-sonoivu.txt"
document, _ = ingest(sample.read_bytes(), sample.name, by=users["vanthu"])
process(document)
print(document.pk, document.status)
"""

REGISTER = r"""
import sys, time, django
django.setup()
from django.db import transaction
from dondoc.documents.models import Document
from dondoc.documents.services import proposals
from dondoc.org.models import Unit, User
from dondoc.tasks.registration import register_document

document = Document.objects.get(pk=%(pk)d)
leader = User.objects.get(username="lanhdao")
items = proposals(document)
for item in items:
    item["lead_unit"] = item["lead_unit"] or Unit.objects.get(code="nhom-lq")
with transaction.atomic():
    tasks = register_document(document, items, by=User.objects.get(username="vanthu"), assigned_by=leader.person)
    print("registered", len(tasks), flush=True)
    time.sleep(%(hold)s)  # the commit has not happened yet
print("committed", flush=True)
"""

STATE = r"""
import json, django
django.setup()
from dondoc.documents.models import Document
from dondoc.tasks.models import Task, TaskEvent
d = Document.objects.get(pk=%(pk)d)
print(json.dumps({"status": d.status, "tasks": Task.objects.filter(document=d).count(),
                  "events": TaskEvent.objects.count(), "proposed": d.proposed_count}))
"""


def test_postgres_restarted_during_a_registration(tmp_path, private_postgres):
    env = dondoc_env(tmp_path, DATABASE_URL=private_postgres.create_database("dondoc_fault_register"))
    dondoc(env, "migrate", "-v", "0")
    pk, status = python(env, REGISTRATION_SETUP).stdout.split()
    assert status == "ready"
    pk = int(pk)

    process = subprocess.Popen(
        [sys.executable, "-c", REGISTER % {"pk": pk, "hold": 30}],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    assert line.startswith("registered"), line + process.stderr.read()
    registered = int(line.split()[1])
    assert registered > 0
    private_postgres.restart()
    out, err = process.communicate(timeout=120)
    assert process.returncode != 0 and "committed" not in out

    # Nothing half-written: no task, no event, the document still waiting for registration.
    before = json.loads(python(env, STATE % {"pk": pk}).stdout)
    assert before["status"] == "ready" and before["tasks"] == 0 and before["events"] == 0

    # Registered again once the server is back: every task, once.
    done = python(env, REGISTER % {"pk": pk, "hold": 0})
    assert "committed" in done.stdout
    after = json.loads(python(env, STATE % {"pk": pk}).stdout)
    assert after["status"] == "registered" and after["tasks"] == registered
    assert after["events"] >= registered
