"""State changes of tasks. Each function checks permission and input, saves, and writes
its TaskEvent in one transaction; views only call them.

Errors are `TaskError` with a Vietnamese message for the user; nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from dondoc.lib.calendar import get_calendar
from dondoc.lib.dates import local_today

from . import events
from .choices import EventKind, TaskState
from .models import Task


class TaskError(Exception):
    """A refused change; `str(exc)` is the Vietnamese message shown to the user."""


class PermissionDenied(TaskError):
    pass


def create_task(
    *,
    content: str,
    lead_unit,
    by=None,
    assigned_on: dt.date | None = None,
    due_date: dt.date | None = None,
    deadline_text: str = "",
    coordinating_units: Iterable = (),
    products: Iterable[str] = (),
    document=None,
    source_start: int | None = None,
    source_end: int | None = None,
    section: Iterable[str] = (),
    number: int | None = None,
    urgent: bool = False,
    recurrence: str = "",
    assigned_by=None,
    parent: Task | None = None,
    assignee=None,
    lead_text: str = "",
    coordinators_text: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Task:
    """Register a task and its `created` event. Returns the saved task."""
    content = (content or "").strip()
    if not content:
        raise TaskError("Nội dung nhiệm vụ không được để trống.")
    if lead_unit is None:
        raise TaskError("Chưa chọn đơn vị chủ trì.")
    now = now or timezone.now()
    assigned_on = assigned_on or local_today(now)
    if due_date is not None and due_date < assigned_on and document is None:
        raise TaskError("Thời hạn không được trước ngày giao.")
    if parent is not None and parent.due_date and due_date and due_date > parent.due_date:
        raise TaskError(
            f"Thời hạn nội bộ không được muộn hơn thời hạn của nhiệm vụ cấp trên ({parent.due_date:%d/%m/%Y})."
        )
    coordinating_units = [u for u in coordinating_units if u is not None and u != lead_unit]
    with transaction.atomic():
        task = Task.objects.create(
            content=content,
            lead_unit=lead_unit,
            lead_text=lead_text,
            assigned_on=assigned_on,
            original_due_date=due_date,
            due_date=due_date,
            effective_due_date=get_calendar().effective_deadline(due_date),
            deadline_text=deadline_text or "",
            products=list(dict.fromkeys(p for p in products if p)),
            document=document,
            source_start=source_start,
            source_end=source_end,
            section=list(section),
            number=number,
            urgent=urgent,
            recurrence=recurrence or "",
            assigned_by=assigned_by,
            parent=parent,
            assignee=assignee,
            coordinators_text=list(coordinators_text),
            state=TaskState.NEW,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        if coordinating_units:
            task.coordinating_units.set(coordinating_units)
        events.record(
            task,
            EventKind.CREATED,
            by,
            at=now,
            changes={
                "lead_unit": [None, lead_unit.pk],
                "due_date": [None, due_date],
                "coordinating_units": [[], sorted(u.pk for u in coordinating_units)],
            },
        )
    return task
