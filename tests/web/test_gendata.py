"""`dondoc gen-data`: a small province's history, checked against the rules it imitates.

The history must be one the workflow could have written: the task rows are what their
events left, the deadline in force on any past day is the one the events recorded, and
the status replayed for a past day (`dondoc.tasks.status`) agrees with the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from dondoc.lib.text import fold

NOW = dt.datetime(2026, 6, 12, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
SIZES = {"units": 60, "people": 300, "tasks": 700, "years": 2}


def generate(**overrides):
    from dondoc.web.gendata import generate as run

    return run(**{**SIZES, "seed": 7, "now": NOW, "log": lambda line: None, **overrides})


@pytest.fixture
def history(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return generate()


def test_it_builds_the_unit_tree_in_its_real_shape(history):
    from dondoc.org.choices import UnitKind
    from dondoc.org.models import Unit

    units = {u.pk: u for u in Unit.objects.all()}
    assert len(units) == SIZES["units"] == history["units"]
    roots = [u for u in units.values() if u.parent_id is None]
    assert [r.kind for r in roots] == [UnitKind.COMMITTEE]
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.name_folded == fold(unit.name)
    kinds = defaultdict(int)
    for unit in units.values():
        kinds[unit.kind] += 1
    assert kinds[UnitKind.OFFICE] == 1
    assert kinds[UnitKind.DEPARTMENT] >= 3
    assert kinds[UnitKind.COMMUNE] + kinds[UnitKind.WARD] >= 2
    departments = [u for u in units.values() if u.kind == UnitKind.DEPARTMENT]
    assert all(any(c.parent_id == d.pk for c in units.values()) for d in departments)


def test_it_gives_everyone_an_account_and_the_demo_logins_work(history):
    from dondoc.org.choices import Role
    from dondoc.org.models import Person, User

    assert Person.objects.count() == SIZES["people"]
    assert User.objects.filter(person__isnull=False).count() == SIZES["people"]
    for username in ("lanhdao", "theodoi", "vanthu", "gd.snv", "tp.snv", "cv.snv", "quantri"):
        user = User.objects.get(username=username)
        assert user.check_password("dondoc-demo"), username
    assert User.objects.get(username="theodoi").has_role(Role.FOLLOWUP)
    assert User.objects.get(username="theodoi").sees_everything()
    head = User.objects.get(username="gd.snv")
    assert head.has_role(Role.HEAD) and not head.sees_everything()
    assert head.unit.code == "snv"
    assert User.objects.get(username="lanhdao").sees_everything()
    tokens = User.objects.values_list("calendar_token", flat=True)
    assert len(set(tokens)) == len(tokens)


def test_it_writes_about_the_number_of_tasks_asked_with_their_history(history):
    from dondoc.documents.models import Document
    from dondoc.tasks.models import Extension, Report, Task, TaskEvent

    tasks = Task.objects.count()
    assert tasks == history["tasks"]
    assert 0.8 * SIZES["tasks"] <= tasks <= 1.25 * SIZES["tasks"]
    assert Task.objects.filter(parent__isnull=False).count() == history["children"] > 0
    assert TaskEvent.objects.count() == history["events"] >= 6 * tasks
    assert Report.objects.exists() and Extension.objects.exists()
    sizes = [d.proposed_count for d in Document.objects.all()]
    assert max(sizes) <= 40 and min(sizes) >= 1
    first, last = Task.objects.order_by("assigned_on").values_list("assigned_on", flat=True)[:: tasks - 1]
    assert (last - first).days > 300


def test_every_notice_task_has_the_field_of_its_section(history):
    from dondoc.tasks.models import Task
    from dondoc.web.gendata import vocab

    tasks = Task.objects.filter(document__isnull=False).select_related("field")
    missing = list(tasks.filter(field__isnull=True).values_list("section", "parent_id")[:5])
    assert not missing, missing
    for task in tasks.filter(parent__isnull=True)[:200]:
        heading = task.section[0].split(". ", 1)[1]
        codes = {vocab.FIELD_CODES[h] for h, _c, _o in vocab.FIELDS if h.upper() == heading}
        assert task.field.code in codes
    # A breakdown keeps its task's field.
    child = Task.objects.filter(parent__isnull=False).select_related("parent").first()
    assert child.field_id == child.parent.field_id


def test_every_task_row_is_what_its_events_left(history):
    from dondoc.lib.calendar import get_calendar
    from dondoc.tasks.choices import EventKind, TaskState
    from dondoc.tasks.models import Task, TaskEvent

    calendar = get_calendar()
    events = defaultdict(list)
    for event in TaskEvent.objects.order_by("at", "id"):
        events[event.task_id].append(event)
    children = defaultdict(list)
    tasks = {t.pk: t for t in Task.objects.all()}
    for task in tasks.values():
        if task.parent_id:
            children[task.parent_id].append(task)
    for task in tasks.values():
        history_ = events[task.pk]
        assert history_[0].kind == EventKind.CREATED and history_[0].at == task.created_at, task.pk
        assert all(e.at <= NOW for e in history_)
        last = history_[-1]
        assert last.state == task.state, task.pk
        assert last.due_date == task.due_date, task.pk
        assert all(e.lead_unit_id == task.lead_unit_id for e in history_)
        granted = [e for e in history_ if e.kind == EventKind.EXTENSION_GRANTED]
        assert task.extension_count == len(granted)
        assert task.effective_due_date == calendar.effective_deadline(task.due_date)
        assert task.content_folded == fold(task.content)
        if task.state == TaskState.DONE:
            assert task.completed_on == task.submitted_on is not None
            assert history_[-1].kind == EventKind.ACCEPTED
        else:
            assert task.completed_on is None
        assert (task.closed_on is not None) == (task.state in (TaskState.RECALLED, TaskState.CANCELLED))
        if task.deleted_at is not None:
            assert last.kind == EventKind.DELETED
        if task.parent_id:
            parent = tasks[task.parent_id]
            assert task.lead_unit.path.startswith(parent.lead_unit.path)
            assert task.pk > parent.pk
            # A breakdown is part of its task: the notice's paragraph and the recurrence.
            assert (task.document_id, task.source_start, task.number) == (
                parent.document_id,
                parent.source_start,
                parent.number,
            )
            assert task.recurrence == parent.recurrence
            if task.due_date and parent.original_due_date:
                assert task.original_due_date <= parent.due_date
        for child in children[task.pk]:
            assigned = [e for e in history_ if e.kind == EventKind.ASSIGNED and e.changes.get("child")]
            assert child.pk in [e.changes["child"][1] for e in assigned]


def test_the_status_replayed_for_a_past_day_agrees_with_the_history(history):
    """The deadline in force on a past day (from the extensions) is the one the last event
    by then recorded; a task counted done had its accepted result submitted by then; a
    task counted recalled or cancelled had been closed by then."""
    from dondoc.tasks.choices import EventKind, Status
    from dondoc.tasks.models import Task, TaskEvent
    from dondoc.tasks.status import end_of, status_as_of

    events = defaultdict(list)
    for event in TaskEvent.objects.order_by("at", "id"):
        events[event.task_id].append(event)
    tasks = Task.objects.filter(deleted_at__isnull=True).prefetch_related("extensions")
    checked = 0
    for day in (dt.date(2025, 3, 31), dt.date(2025, 9, 30), dt.date(2026, 3, 31)):
        until = end_of(day)
        for task in tasks:
            status = status_as_of(task, day)
            before = [e for e in events[task.pk] if e.at <= until]
            if status is None:
                assert task.assigned_on > day
                continue
            checked += 1
            # Registered a few days after the notice's date (its assignment day), the task
            # had its first deadline until the first event.
            recorded = before[-1] if before else events[task.pk][0]
            assert recorded.due_date == status.due, (task.pk, day)
            kinds = {e.kind for e in before}
            if status.category in (Status.DONE_ON_TIME, Status.DONE_LATE):
                submitted = [e for e in events[task.pk] if e.kind == EventKind.SUBMITTED]
                assert task.completed_on <= day
                assert submitted[-1].changes["submitted_on"][1] == task.completed_on.isoformat()
            elif status.category == Status.NOT_COUNTED:
                assert kinds & {EventKind.RECALLED, EventKind.CANCELLED}
            else:
                assert not kinds & {EventKind.RECALLED, EventKind.CANCELLED}
    assert checked > SIZES["tasks"]


def fingerprint() -> str:
    from dondoc.tasks.models import Task, TaskEvent

    digest = hashlib.sha256()
    for row in Task.objects.order_by("pk").values_list(
        "pk", "content", "lead_unit__code", "state", "due_date"
    ):
        digest.update(repr(row).encode())
    for row in TaskEvent.objects.order_by("pk").values_list("pk", "task_id", "kind", "at"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def wipe() -> None:
    from dondoc.documents.models import Document
    from dondoc.notifications.models import Notification, Urging
    from dondoc.org.models import Person, Unit, User, UserRole
    from dondoc.tasks.models import Attachment, Extension, Report, Task, TaskEvent

    with connection.constraint_checks_disabled():
        for model in (Notification, Urging.tasks.through, Urging, TaskEvent, Extension, Attachment, Report,
                      Task.coordinating_units.through, Task, Document, UserRole, User, Person, Unit):  # fmt: skip
            model.objects.all()._raw_delete(connection.alias)
    connection.check_constraints()  # fire PostgreSQL's deferred checks now: the tables are empty


def test_the_same_seed_gives_the_same_history(history):
    first = fingerprint()
    wipe()
    generate()
    assert fingerprint() == first
    wipe()
    generate(seed=8)
    assert fingerprint() != first


def test_the_command_refuses_a_database_that_holds_data(history):
    with pytest.raises(CommandError, match="cơ sở dữ liệu trống"):
        call_command("gen_data", units=60, people=300, tasks=100)


@pytest.mark.django_db
def test_the_command_refuses_sizes_that_cannot_make_a_province():
    with pytest.raises(CommandError, match="--units"):
        call_command("gen_data", units=10, people=300, tasks=100)
    with pytest.raises(CommandError, match="--people"):
        call_command("gen_data", units=60, people=100, tasks=100)


def test_the_console_script_takes_the_hyphenated_name(monkeypatch):
    from dondoc import cli

    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda argv: seen.append(argv))
    cli.main(["gen-data", "--tasks", "10"])
    assert seen == [["dondoc", "gen_data", "--tasks", "10"]]


def test_its_working_days_are_the_calendars(db):
    from dondoc.lib.calendar import get_calendar
    from dondoc.web.gendata.history import WorkingDays

    calendar = get_calendar()
    start = dt.date(2025, 1, 1)
    days = WorkingDays(calendar, start, dt.date(2027, 12, 31))
    for offset in range(0, 700, 3):
        day = start + dt.timedelta(days=offset)
        assert days.next(day) == calendar.next_working_day(day)
        for count in (-10, -5, -2, -1, 1, 2, 5, 10):
            assert days.add(day + dt.timedelta(days=30), count) == calendar.add_working_days(
                day + dt.timedelta(days=30), count
            )


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_its_fast_fold_is_fold(text):
    from dondoc.web.gendata.history import FastFold

    assert FastFold()(text) == fold(text)


def test_its_fast_fold_is_fold_on_vietnamese():
    from dondoc.web.gendata.history import FastFold

    fast = FastFold()
    for text in (
        "Giao Sở Nội vụ chủ trì,  phối hợp\tvới UBND xã Đồng Đăng",
        "ĐỔI MỚI ủy hòa",
        "Nội vụ\u0301",
    ):
        assert fast(text) == fold(text)
