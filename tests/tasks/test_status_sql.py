"""The official status computed by the database for any day equals `status_as_of`.

A table test over generated histories: deadlines on working days, weekends and
holidays, none at all (recurring or not), extensions granted before and after the day
asked about (at 23:59 and 00:00 local time), refused and pending requests, results
completed before and after the day, recalls and cancellations before and after it,
breakdown parts (left out of the official counts), and days before a task existed.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test.utils import CaptureQueriesContext
from tasks_helpers import VN

from dondoc.lib.calendar import get_calendar
from dondoc.tasks.choices import ExtensionStatus, Recurrence, Status, TaskState
from dondoc.tasks.models import Extension, Task
from dondoc.tasks.status import (
    count_by_status,
    count_by_status_on,
    replay_memo,
    replays_after,
    status_as_of,
    status_case,
    status_q_on,
)

D = dt.date
START = D(2025, 12, 1)


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A local moment on `day`, often right at its edges."""
    hour, minute = rng.choice([(0, 0), (23, 59), (9, 30), (16, 0)])
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def _history(rng: random.Random, cast, count: int) -> list[Task]:
    calendar = get_calendar()
    tasks: list[Task] = []
    for i in range(count):
        assigned = START + dt.timedelta(days=rng.randrange(0, 120))
        due = None if rng.random() < 0.15 else assigned + dt.timedelta(days=rng.randrange(0, 60))
        recurrence = rng.choice(["", Recurrence.MONTHLY]) if due is None else ""
        completed = None if rng.random() < 0.4 else assigned + dt.timedelta(days=rng.randrange(0, 150))
        state = TaskState.DONE if completed else rng.choice([TaskState.NEW, TaskState.IN_PROGRESS])
        closed = None
        if rng.random() < 0.12:
            state = rng.choice([TaskState.RECALLED, TaskState.CANCELLED])
            completed = None
            closed = None if rng.random() < 0.2 else assigned + dt.timedelta(days=rng.randrange(0, 100))
        parent = tasks[rng.randrange(len(tasks))] if tasks and rng.random() < 0.15 else None
        task = Task.objects.create(
            content=f"Nhiệm vụ thử {i}",
            lead_unit=rng.choice([cast.snv, cast.stc, cast.snv_ccvc]),
            assigned_on=assigned,
            original_due_date=due,
            due_date=due,
            effective_due_date=calendar.effective_deadline(due),
            recurrence=recurrence,
            state=state,
            completed_on=completed,
            closed_on=closed,
            parent=parent,
        )
        current = due
        decided = _moment(rng, assigned)
        granted = 0
        for _ in range(rng.choice([0, 0, 1, 2, 3]) if due else 0):
            decided = _moment(rng, decided.date() + dt.timedelta(days=rng.randrange(1, 50)))
            status = rng.choice([ExtensionStatus.GRANTED] * 4 + [ExtensionStatus.REFUSED])
            # Often onto a weekend or a holiday, so the shift to a working day matters.
            proposed = current + dt.timedelta(days=rng.randrange(1, 40))
            Extension.objects.create(
                task=task,
                requested_by=cast.snv_director,
                requested_at=decided - dt.timedelta(days=1),
                reason="Cần thêm thời gian",
                current_due_date=current,
                proposed_date=proposed,
                status=status,
                decided_by=cast.leader,
                decided_at=decided,
                granted_date=proposed if status == ExtensionStatus.GRANTED else None,
            )
            if status == ExtensionStatus.GRANTED:
                current = proposed
                granted += 1
        if rng.random() < 0.2 and due:
            Extension.objects.create(
                task=task,
                requested_by=cast.snv_director,
                requested_at=decided,
                reason="Đang chờ",
                current_due_date=current,
                proposed_date=current + dt.timedelta(days=7),
            )
        Task.objects.filter(pk=task.pk).update(
            due_date=current, effective_due_date=calendar.effective_deadline(current), extension_count=granted
        )
        tasks.append(task)
    return tasks


def _days(rng: random.Random) -> list[dt.date]:
    days = [START - dt.timedelta(days=1), START + dt.timedelta(days=300)]
    days += [START + dt.timedelta(days=rng.randrange(0, 260)) for _ in range(22)]
    # Every day of a stretch with a weekend and the 30/04-01/05 holidays.
    days += [D(2026, 4, 28) + dt.timedelta(days=n) for n in range(8)]
    return days


@pytest.mark.parametrize("seed", [1, 2])
def test_the_database_gives_the_status_of_status_as_of_on_any_day(cast, seed):
    rng = random.Random(seed)
    _history(rng, cast, 160)
    tasks = Task.objects.prefetch_related("extensions")
    loaded = list(tasks)
    seen_categories = set()
    for day in _days(rng):
        expected = {}
        for task in loaded:
            status = status_as_of(task, day)
            expected[task.pk] = None if status is None else status.category.value
        computed = dict(Task.objects.annotate(s=status_case(day)).values_list("pk", "s"))
        assert computed == expected, day
        for category in Status:
            wanted = {pk for pk, value in expected.items() if value == category.value}
            assert (
                set(Task.objects.filter(status_q_on(category, day)).values_list("pk", flat=True)) == wanted
            ), (
                day,
                category,
            )
            if wanted:
                seen_categories.add(category)
        counts = {category: 0 for category in Status}
        for task in loaded:
            if task.parent_id is None and expected[task.pk] is not None:
                counts[Status(expected[task.pk])] += 1
        assert count_by_status_on(Task.objects.all(), day) == counts, day
        assert count_by_status(Task.objects.all(), day) == counts, day
    # The histories reach every category, so the comparison is not vacuous.
    assert seen_categories == set(Status)


def test_an_extension_counts_from_the_moment_it_was_granted(cast, make_task):
    # Due Friday 15/05/2026; extended at 00:00 on 17/05 to Saturday 30/05 (ends Monday 01/06).
    task = make_task(lead_unit=cast.snv, due=D(2026, 5, 15))
    Extension.objects.create(
        task=task,
        requested_by=cast.snv_director,
        requested_at=dt.datetime(2026, 5, 12, 9, tzinfo=VN),
        reason="Cần thêm thời gian",
        current_due_date=D(2026, 5, 15),
        proposed_date=D(2026, 5, 30),
        status=ExtensionStatus.GRANTED,
        decided_by=cast.leader,
        decided_at=dt.datetime(2026, 5, 17, 0, 0, tzinfo=VN),
        granted_date=D(2026, 5, 30),
    )
    Task.objects.filter(pk=task.pk).update(
        due_date=D(2026, 5, 30), effective_due_date=D(2026, 6, 1), extension_count=1
    )

    def on(day):
        return Task.objects.annotate(s=status_case(day)).values_list("s", flat=True).get(pk=task.pk)

    assert on(D(2026, 5, 15)) == Status.OPEN_ON_TIME
    assert on(D(2026, 5, 16)) == Status.OPEN_OVERDUE  # the grant came at midnight after
    assert on(D(2026, 5, 17)) == Status.OPEN_ON_TIME
    assert on(D(2026, 6, 1)) == Status.OPEN_ON_TIME
    assert on(D(2026, 6, 2)) == Status.OPEN_OVERDUE
    assert on(D(2026, 4, 1)) is None


def _granted(task, cast, at: dt.datetime, granted: dt.date) -> Extension:
    return Extension.objects.create(
        task=task,
        requested_by=cast.snv_director,
        requested_at=at - dt.timedelta(days=2),
        reason="Cần thêm thời gian",
        current_due_date=task.due_date,
        proposed_date=granted,
        status=ExtensionStatus.GRANTED,
        decided_by=cast.leader,
        decided_at=at,
        granted_date=granted,
    )


def test_the_replay_is_asked_for_only_when_an_extension_came_after_the_day(
    cast, make_task, django_assert_num_queries
):
    task = make_task(lead_unit=cast.snv, due=D(2026, 5, 15))
    assert not replays_after(D(2026, 5, 1))
    _granted(task, cast, dt.datetime(2026, 5, 17, 0, 0, tzinfo=VN), D(2026, 5, 30))
    assert replays_after(D(2026, 5, 16)) and not replays_after(D(2026, 5, 17))
    # Without the replay (a day after every grant) the SQL has no subquery at all.
    sql = str(Task.objects.filter(status_q_on(Status.OPEN_OVERDUE, D(2026, 5, 20))).query)
    assert "tasks_extension" not in sql
    sql = str(Task.objects.filter(status_q_on(Status.OPEN_OVERDUE, D(2026, 5, 16))).query)
    assert "tasks_extension" in sql
    with replay_memo():
        with django_assert_num_queries(1):
            for _ in range(3):
                assert not replays_after(D(2026, 6, 1))
        # A grant made meanwhile is seen: any saved extension forgets the answers.
        _granted(task, cast, dt.datetime(2026, 6, 3, 9, 0, tzinfo=VN), D(2026, 6, 30))
        assert replays_after(D(2026, 6, 1))


def test_counting_is_one_query_whatever_the_number_of_tasks(cast, django_assert_num_queries):
    rng = random.Random(7)
    _history(rng, cast, 30)
    with CaptureQueriesContext(__import__("django.db", fromlist=["connection"]).connection) as small:
        count_by_status_on(Task.objects.all(), D(2026, 3, 1))
    _history(rng, cast, 90)
    with django_assert_num_queries(len(small.captured_queries)):
        counts = count_by_status_on(Task.objects.all(), D(2026, 3, 1))
    # The count, and whether an extension was granted after the day (replays_after).
    assert len(small.captured_queries) == 2
    assert (
        sum(counts.values())
        == Task.objects.filter(parent__isnull=True, assigned_on__lte=D(2026, 3, 1)).count()
    )


def test_the_list_remembers_its_counts_until_a_task_changes(cast, make_task, settings):
    from dondoc.tasks.counts import remembered

    settings.DONDOC = {**settings.DONDOC, "COUNT_CACHE_SECONDS": 600}
    from django.core.cache import cache

    cache.clear()
    make_task("Một", due=D(2026, 5, 15))
    tasks = Task.objects.filter(parent__isnull=True)
    assert remembered(tasks, "n", tasks.count) == 1
    Task.objects.update(content="không ghi sự kiện")  # no event: still remembered
    make_task_without_event = Task.objects.create(
        content="Hai", lead_unit=cast.snv, assigned_on=D(2026, 5, 1)
    )
    assert remembered(tasks, "n", tasks.count) == 1
    make_task("Ba", due=D(2026, 5, 20))  # a change writes an event: counted afresh
    assert remembered(tasks, "n", tasks.count) == 3
    assert (
        remembered(tasks.filter(pk=make_task_without_event.pk), "n", tasks.count) == 3
    )  # another query, its own key
    settings.DONDOC = {**settings.DONDOC, "COUNT_CACHE_SECONDS": 0}
    assert (
        remembered(
            tasks.filter(pk=make_task_without_event.pk),
            "n",
            tasks.filter(pk=make_task_without_event.pk).count,
        )
        == 1
    )
