"""Two people pressing the same button at once: exactly one wins, the other is refused.

Threads with their own database connections, started together. The real contention is
on PostgreSQL (the row lock makes the second wait, then see the first one's state and
get a clear TaskError); SQLite serialises writers, and may refuse the loser with
"database is locked" instead, which is still no double write."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection, connections
from tasks_helpers import at, notice_task

from dondoc.tasks import services
from dondoc.tasks.choices import EventKind, ExtensionStatus, TaskState
from dondoc.tasks.models import Extension, Task, TaskEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def refused(result) -> bool:
    if isinstance(result, services.TaskError):
        return True
    return connection.vendor == "sqlite" and isinstance(result, OperationalError)


def race(*calls):
    """Run the calls in threads started together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_it_accepts_a_result_once_when_two_judges_click_together(cast, make_task):
    task = notice_task(cast, make_task)
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 15))
    results = race(
        lambda: services.accept(Task.objects.get(pk=task.pk), by=cast.leader),
        lambda: services.return_task(Task.objects.get(pk=task.pk), by=cast.followup, reason="Thiếu số liệu"),
    )
    assert sorted(refused(r) for r in results) == [False, True], results
    kinds = set(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert len(kinds & {EventKind.ACCEPTED, EventKind.RETURNED}) == 1
    assert Task.objects.get(pk=task.pk).state in (TaskState.DONE, TaskState.IN_PROGRESS)


def test_it_keeps_one_pending_extension_when_two_heads_ask_together(cast, make_task):
    task = notice_task(cast, make_task)

    def ask(date):
        return lambda: services.request_extension(
            Task.objects.get(pk=task.pk),
            by=cast.snv_director,
            proposed_date=date,
            reason="Chờ số liệu",
            now=at(2026, 5, 4),
        )

    results = race(ask(dt.date(2026, 6, 10)), ask(dt.date(2026, 6, 20)))
    assert sorted(refused(r) for r in results) == [False, True], results
    assert Extension.objects.filter(task=task, status=ExtensionStatus.PENDING).count() == 1
