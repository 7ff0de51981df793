"""The schedule of `dondoc worker` and `dondoc remind --loop`."""

import signal
import threading

import pytest
import time_machine
from conftest import TODAY, at
from django.core import mail
from django.core.management import call_command
from django_tasks import task

from dondoc.notifications.models import Dispatch, DispatchStatus, ReminderRun
from dondoc.notifications.scheduler import Scheduler, install_stop_handlers

pytestmark = pytest.mark.django_db


# The worker command closes stale connections between rounds, as a long-running process
# must; a test calling it therefore cannot sit inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_days_reminders_once_after_the_hour(cast, task_for, settings):
    settings.DONDOC = {**settings.DONDOC, "REMIND_HOUR": 7}
    task_for(TODAY, assignee=cast.specialist.person)
    with time_machine.travel(at(TODAY, 6, 59), tick=False):
        call_command("worker", "--once")
    assert mail.outbox == [] and not ReminderRun.objects.exists()
    with time_machine.travel(at(TODAY, 7, 0), tick=False):
        call_command("worker", "--once")
        call_command("worker", "--once")
    assert len(mail.outbox) == 1
    assert ReminderRun.objects.get().planned_at == at(TODAY, 7, 0)


def test_a_worker_started_late_catches_up(cast, task_for):
    task_for(TODAY, assignee=cast.specialist.person)
    with time_machine.travel(at(TODAY, 16, 30), tick=False):
        Scheduler(stop=threading.Event()).tick()
    assert len(mail.outbox) == 1


def test_the_outbox_loop_retries_what_failed(cast, task_for, frozen):
    from unittest import mock

    from dondoc.notifications import outbox

    task_for(TODAY, assignee=cast.specialist.person)
    with mock.patch.object(outbox._EmailSender, "send", side_effect=OSError("SMTP server down")):
        Scheduler(stop=threading.Event()).tick()
    assert Dispatch.objects.get(channel="email").status == DispatchStatus.PENDING
    Scheduler(stop=threading.Event()).tick()  # the day is planned: only the outbox retry
    assert len(mail.outbox) == 1
    assert ReminderRun.objects.count() == 1


def test_a_stop_signal_stops_after_the_work_in_hand_and_a_second_forces(cast):
    stop = threading.Event()
    stopped = []
    old_int, old_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        install_stop_handlers(stop, on_stop=lambda: stopped.append(True))
        handler = signal.getsignal(signal.SIGTERM)
        handler(signal.SIGTERM, None)
        assert stop.is_set() and stopped == [True]
        with pytest.raises(KeyboardInterrupt):
            handler(signal.SIGTERM, None)
    finally:
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)


def test_a_stopped_run_leaves_the_rest_for_the_next(cast, task_for, frozen):
    from dondoc.notifications.reminders import run_reminders

    task_for(TODAY, assignee=cast.specialist.person)
    result = run_reminders(TODAY, should_stop=lambda: True)
    assert result.stopped and result.sent == 0
    assert run_reminders(TODAY).sent == 2


def test_the_remind_command_rejects_a_bad_date(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("remind", "--date", "12/05/2026")


RAN = []


@task()
def remember(value):
    RAN.append(value)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_document_jobs_too(cast, frozen):
    """One `--once` round empties django-tasks' queue (db_worker in batch mode)."""
    result = remember.enqueue("đọc văn bản")
    call_command("worker", "--once")
    assert RAN == ["đọc văn bản"]
    result.refresh()
    assert result.status == "SUCCESSFUL"
