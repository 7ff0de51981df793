"""A task's official status as of a date — the one place every list, e-mail and report asks.

Rules (../shared/DOMAIN.md; report 1270/BC-TCTTTg): a deadline ends at 24:00 of its
effective day — the nominal date moved to the next working day when it falls on a
weekend or holiday (Bộ luật Dân sự 2015, Điều 148) — and an extension granted by the
date asked about replaces the deadline. A task is judged complete on the day its
accepted result was submitted (`completed_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from dondoc.lib.calendar import WorkingCalendar, get_calendar

from .choices import Status, TaskState
from .models import Task, due_as_of


@dataclass(frozen=True, slots=True)
class TaskStatus:
    category: Status
    due: dt.date | None  # nominal deadline in force
    effective_due: dt.date | None
    days_overdue: int  # 0 unless late

    @property
    def label(self) -> str:
        return self.category.label

    @property
    def is_overdue(self) -> bool:
        return self.category in (Status.OPEN_OVERDUE, Status.DONE_LATE)


def _end_of(day: dt.date) -> dt.datetime:
    tz = timezone.get_default_timezone()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max), tz)


def status_as_of(task: Task, on: dt.date, calendar: WorkingCalendar | None = None) -> TaskStatus:
    """The category of `task` at the end of local day `on`, with the days overdue.

    Extensions are read from `task.extensions` (prefetch them for lists). Recalled and
    cancelled tasks are not counted.
    """
    calendar = calendar or get_calendar()
    if task.state in (TaskState.RECALLED, TaskState.CANCELLED):
        return TaskStatus(Status.NOT_COUNTED, task.due_date, task.effective_due_date, 0)
    extensions = list(task.extensions.all()) if task.pk else []
    due = due_as_of(task.original_due_date or task.due_date, extensions, _end_of(on))
    effective = calendar.effective_deadline(due)
    done = task.completed_on is not None and task.completed_on <= on
    if effective is None:
        return TaskStatus(Status.NO_DEADLINE, None, None, 0)
    if done:
        late = (task.completed_on - effective).days
        if late > 0:
            return TaskStatus(Status.DONE_LATE, due, effective, late)
        return TaskStatus(Status.DONE_ON_TIME, due, effective, 0)
    late = (on - effective).days
    if late > 0:
        return TaskStatus(Status.OPEN_OVERDUE, due, effective, late)
    return TaskStatus(Status.OPEN_ON_TIME, due, effective, 0)


def status_q(category: str, today: dt.date):
    """A filter for the tasks in `category` today, consistent with `status_as_of(task, today)`.

    Today the stored `effective_due_date` already includes every extension granted, so
    the database can filter without reading the extension history.
    """
    from django.db.models import F, Q

    counted = ~Q(state__in=[TaskState.RECALLED, TaskState.CANCELLED])
    done = Q(completed_on__isnull=False, completed_on__lte=today)
    open_ = ~done
    dated = Q(effective_due_date__isnull=False)
    match category:
        case Status.NOT_COUNTED:
            return ~counted
        case Status.NO_DEADLINE:
            return counted & Q(effective_due_date__isnull=True)
        case Status.DONE_ON_TIME:
            return counted & dated & done & Q(completed_on__lte=F("effective_due_date"))
        case Status.DONE_LATE:
            return counted & dated & done & Q(completed_on__gt=F("effective_due_date"))
        case Status.OPEN_OVERDUE:
            return counted & dated & open_ & Q(effective_due_date__lt=today)
        case Status.OPEN_ON_TIME:
            return counted & dated & open_ & Q(effective_due_date__gte=today)
    raise ValueError(f"unknown status {category!r}")
