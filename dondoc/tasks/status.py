"""A task's official status as of a date — the one place every list, e-mail and report asks.

Rules (../shared/DOMAIN.md; report 1270/BC-TCTTTg): a deadline ends at 24:00 of its
effective day — the nominal date moved to the next working day when it falls on a
weekend or holiday (Bộ luật Dân sự 2015, Điều 147-148; the working-day calendar is
data, `dondoc.lib.calendar`) — and an extension granted by the end of the date asked
about replaces the deadline from then on (a grant after the task went overdue makes it
on time again). A task is complete on the day its accepted result was submitted
(`completed_on`).

Reproducible from history: the answer for a past date depends only on what had happened
by the end of that date, so a report for 31 March is the same whenever it is run:

- a task assigned after the date (`assigned_on` later) has no status: `None`, and it is
  left out of `count_by_status`;
- a task completed after the date was open on that date (on time or overdue);
- a task recalled or cancelled after the date (`closed_on` later) was open before it;
- an extension counts only from the moment it was granted.

The same rule runs in the database for any day (`status_case`, `status_q_on`,
`count_by_status_on`): a task whose extensions were all granted by the end of the day
(most tasks: none was ever granted) has its stored `due_date`/`effective_due_date` in
force; for the others the deadline is the last extension granted by then (else the
original), moved off non-working days through `DeadlineShift`. A table test checks it
against `status_as_of` over generated histories.

One deliberate exception: a result submitted by the date but accepted after it counts
as completed on its submission date, since acceptance confirms the submission (and a
returned result clears `submitted_on`, so it never counts).

A task without a dated deadline is "thường xuyên, định kỳ" (`Status.RECURRING`) when it
recurs or never stops (`Task.recurrence`), else "không có thời hạn" (`NO_DEADLINE`).

Official counts count the notice's tasks: `top_level` (parent IS NULL) is the one rule,
applied by `count_by_status` and `count_by_status_today` themselves. A breakdown to
divisions and people (a child task, "Phân công") is part of its parent, never a task
of its own in the statistics.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThan, LessThanOrEqual
from django.utils import timezone

from dondoc.lib.calendar import WorkingCalendar, get_calendar
from dondoc.lib.models import DeadlineShift

from .choices import ExtensionStatus, Status, TaskState
from .models import Extension, Task, due_as_of

NOT_COUNTED_STATES = (TaskState.RECALLED, TaskState.CANCELLED)


@dataclass(frozen=True, slots=True)
class TaskStatus:
    category: Status
    due: dt.date | None  # nominal deadline in force
    effective_due: dt.date | None
    days_overdue: int  # 0 unless late; calendar days after the effective deadline

    @property
    def label(self) -> str:
        return self.category.label

    @property
    def is_overdue(self) -> bool:
        return self.category in (Status.OPEN_OVERDUE, Status.DONE_LATE)


def end_of(day: dt.date) -> dt.datetime:
    """24:00 local time of `day` (Bộ luật Dân sự 2015, Điều 147: a period ends then)."""
    tz = timezone.get_default_timezone()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max), tz)


def top_level(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Official counts count top-level tasks only: a breakdown to divisions and people
    (a child task) is part of its parent, not a task of its own."""
    return tasks.filter(parent__isnull=True)


def without_deadline(recurrence: str) -> Status:
    """The category of a task with no dated deadline: recurring/continuous, or none."""
    return Status.RECURRING if recurrence else Status.NO_DEADLINE


def _categorize(
    *,
    state: str,
    assigned_on: dt.date,
    due: dt.date | None,
    completed_on: dt.date | None,
    closed_on: dt.date | None,
    on: dt.date,
    calendar: WorkingCalendar,
    recurrence: str = "",
) -> TaskStatus | None:
    """The one rule, shared by `status_as_of` and `count_by_status` so they cannot disagree.
    `due` is the nominal deadline in force at the end of `on`."""
    if assigned_on is not None and assigned_on > on:
        return None
    effective = calendar.effective_deadline(due)
    if state in NOT_COUNTED_STATES and (closed_on is None or closed_on <= on):
        return TaskStatus(Status.NOT_COUNTED, due, effective, 0)
    done = completed_on is not None and completed_on <= on
    if effective is None:
        return TaskStatus(without_deadline(recurrence), None, None, 0)
    if done:
        late = (completed_on - effective).days
        if late > 0:
            return TaskStatus(Status.DONE_LATE, due, effective, late)
        return TaskStatus(Status.DONE_ON_TIME, due, effective, 0)
    late = (on - effective).days
    if late > 0:
        return TaskStatus(Status.OPEN_OVERDUE, due, effective, late)
    return TaskStatus(Status.OPEN_ON_TIME, due, effective, 0)


def status_as_of(task: Task, on: dt.date, calendar: WorkingCalendar | None = None) -> TaskStatus | None:
    """The category of `task` at the end of local day `on`, with the days overdue; None
    when the task had not been assigned yet on that day.

    Extensions are read from `task.extensions` (prefetch them for lists).
    """
    calendar = calendar or get_calendar()
    extensions = list(task.extensions.all()) if task.pk else []
    due = due_as_of(task.original_due_date or task.due_date, extensions, end_of(on))
    return _categorize(
        state=task.state,
        assigned_on=task.assigned_on,
        due=due,
        completed_on=task.completed_on,
        closed_on=task.closed_on,
        on=on,
        calendar=calendar,
        recurrence=task.recurrence,
    )


def categories_as_of(
    tasks: QuerySet[Task], on: dt.date, calendar: WorkingCalendar | None = None
) -> dict[int, Status]:
    """{task id: Status} for `tasks` (an unsliced queryset, children included if it has
    them) as of the end of `on`. Tasks not yet assigned on `on` are left out.

    Two queries whatever the number of tasks (plus one to load the calendar if it is not
    cached): the tasks' few columns, and the extensions granted by then. The categories
    are those of `status_as_of`, computed by the same function.
    """
    calendar = calendar or get_calendar()
    tasks = tasks.order_by()
    rows = list(
        tasks.values_list(
            "pk",
            "state",
            "assigned_on",
            "original_due_date",
            "due_date",
            "completed_on",
            "closed_on",
            "recurrence",
        )
    )
    as_of = end_of(on)
    granted: dict[int, dt.date] = {}
    extensions = (
        Extension.objects.filter(
            task__in=tasks.values("pk"), status=ExtensionStatus.GRANTED, decided_at__lte=as_of
        )
        .order_by("task_id", "decided_at", "pk")
        .values_list("task_id", "granted_date")
    )
    for task_id, granted_date in extensions:
        granted[task_id] = granted_date  # the last grant by then wins, as in `due_as_of`
    categories: dict[int, Status] = {}
    for pk, state, assigned_on, original_due, due, completed_on, closed_on, recurrence in rows:
        status = _categorize(
            state=state,
            assigned_on=assigned_on,
            due=granted.get(pk, original_due or due),
            completed_on=completed_on,
            closed_on=closed_on,
            on=on,
            calendar=calendar,
            recurrence=recurrence,
        )
        if status is not None:
            categories[pk] = status.category
    return categories


def count_by_status(tasks: QuerySet[Task], on: dt.date, calendar: WorkingCalendar | None = None) -> dict:
    """{Status: number of tasks} for the top-level tasks of `tasks` (`top_level`: a
    breakdown is part of its parent) as of the end of `on`, every category present (zero
    when empty). One aggregate query in the database (`count_by_status_on`), whatever
    the number of tasks; `calendar` is accepted for compatibility (the database reads
    the calendar from `DeadlineShift`). Soft-deleted tasks count if `tasks` has them."""
    return count_by_status_on(tasks, on)


def status_q(category: str, today: dt.date):
    """A filter for the tasks in `category` today, consistent with `status_as_of(task, today)`.

    Today only: the stored `effective_due_date` already includes every extension
    granted, so the database can filter without reading the extension history. For a
    past date use `status_as_of` / `count_by_status`.
    """
    assigned = Q(assigned_on__lte=today)
    counted = ~Q(state__in=NOT_COUNTED_STATES)
    done = Q(completed_on__isnull=False, completed_on__lte=today)
    open_ = ~done
    dated = Q(effective_due_date__isnull=False)
    match category:
        case Status.NOT_COUNTED:
            return assigned & ~counted
        case Status.RECURRING:
            return assigned & counted & Q(effective_due_date__isnull=True) & ~Q(recurrence="")
        case Status.NO_DEADLINE:
            return assigned & counted & Q(effective_due_date__isnull=True, recurrence="")
        case Status.DONE_ON_TIME:
            return assigned & counted & dated & done & Q(completed_on__lte=F("effective_due_date"))
        case Status.DONE_LATE:
            return assigned & counted & dated & done & Q(completed_on__gt=F("effective_due_date"))
        case Status.OPEN_OVERDUE:
            return assigned & counted & dated & open_ & Q(effective_due_date__lt=today)
        case Status.OPEN_ON_TIME:
            return assigned & counted & dated & open_ & Q(effective_due_date__gte=today)
    raise ValueError(f"unknown status {category!r}")


def count_by_status_today(tasks: QuerySet[Task], today: dt.date, *, with_total: bool = False):
    """`count_by_status(tasks, today)` computed by the database in one aggregate query
    (top-level tasks only, like it): today the stored effective deadlines already include
    every extension granted, so no history needs replaying (see `status_q`). With
    `with_total`, also the number of rows of `tasks` (top-level), in the same query:
    `(counts, total)`. PostgreSQL answers from the index `task_top_status`
    alone."""
    aggregates = {category.value: Count("pk", filter=status_q(category, today)) for category in Status}
    if with_total:
        aggregates["_total"] = Count("pk")
    row = top_level(tasks).order_by().aggregate(**aggregates)
    counts = {category: row[category.value] for category in Status}
    return (counts, row["_total"]) if with_total else counts


# The same rule in SQL, for any day ----------------------------------------------------------


class NextWorkingDay(Expression):
    """SQL for `WorkingCalendar.effective_deadline(due)`: the day itself unless
    `DeadlineShift` moves it (a non-working day) to the next working day."""

    output_field = DateField()

    def __init__(self, due):
        super().__init__()
        self.due = due

    def get_source_expressions(self):
        return [self.due]

    def set_source_expressions(self, exprs):
        (self.due,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.due)
        table = connection.ops.quote_name(DeadlineShift._meta.db_table)
        shift = f"(SELECT s.effective FROM {table} s WHERE s.day = {sql})"
        return f"COALESCE({shift}, {sql})", (*params, *params)


def _granted():
    return Extension.objects.filter(task=OuterRef("pk"), status=ExtensionStatus.GRANTED)


# Within a request (`ReplayMemo` middleware), `replays_after` asks the database once per
# day; any change to an extension forgets the answers (tasks.apps). Outside a request
# (commands, the worker) it asks every time.
_REPLAY_MEMO: ContextVar[dict | None] = ContextVar("dondoc_replay_memo", default=None)


def replays_after(day: dt.date) -> bool:
    """Whether an extension was granted after the end of `day` (one probe of the index
    `extension_granted_decided`). When none was — always so for today — every task's
    deadline in force on `day` is its stored one, and the status rule needs no replay:
    its SQL is then plain column comparisons, which PostgreSQL plans and runs ~20 times
    faster at full scale than the expression with the replay's subqueries."""
    memo = _REPLAY_MEMO.get()
    if memo is not None and day in memo:
        return memo[day]
    found = Extension.objects.filter(status=ExtensionStatus.GRANTED, decided_at__gt=end_of(day)).exists()
    if memo is not None:
        memo[day] = found
    return found


def forget_replays() -> None:
    """Forget `replays_after`'s answers of this request (an extension changed)."""
    memo = _REPLAY_MEMO.get()
    if memo is not None:
        memo.clear()


@contextmanager
def replay_memo():
    """Within this block `replays_after` answers each day once (an enclosing block's
    answers are kept). For a request (`ReplayMemo`) and a computation of many figures."""
    if _REPLAY_MEMO.get() is not None:
        yield
        return
    token = _REPLAY_MEMO.set({})
    try:
        yield
    finally:
        _REPLAY_MEMO.reset(token)


class ReplayMemo:
    """Middleware: `replays_after` answers each day once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with replay_memo():
            return self.get_response(request)


def _replayed(day: dt.date) -> Q:
    """Tasks whose deadline on `day` is not the stored one: an extension was granted after
    the end of `day` (the counter first, so tasks never extended skip the subquery)."""
    later = Extension.objects.filter(status=ExtensionStatus.GRANTED, decided_at__gt=end_of(day))
    # Not correlated: PostgreSQL hashes the few task ids once per query.
    return Q(extension_count__gt=0) & Q(pk__in=later.values("task_id"))


def _replayed_due(day: dt.date):
    """The effective deadline in force at the end of `day` for `_replayed` tasks: the last
    extension granted by then, else the original, moved off non-working days."""
    last = _granted().filter(decided_at__lte=end_of(day)).order_by("-decided_at", "-pk")
    nominal = Coalesce(Subquery(last.values("granted_date")[:1]), F("original_due_date"), F("due_date"))
    return NextWorkingDay(nominal)


def effective_due_on(day: dt.date):
    """An expression: the effective deadline in force at the end of `day` (as in
    `status_as_of`); the stored one for every task not extended after `day`."""
    if not replays_after(day):
        return F("effective_due_date")
    return Case(
        When(_replayed(day), then=_replayed_due(day)),
        default=F("effective_due_date"),
        output_field=DateField(),
    )


_COMPARE = {"lt": LessThan, "lte": LessThanOrEqual, "gt": GreaterThan, "exact": Exact}


def _due_q(lookup: str, rhs, day: dt.date) -> Q:
    """The deadline in force on `day` `lookup` `rhs` ("lt", "lte", "gt", "isnull"…), as a
    filter the database can serve from the stored column's index for most tasks."""
    stored = Q(**{f"effective_due_date__{lookup}": rhs})
    if not replays_after(day):
        return stored
    if lookup == "isnull":
        replayed = IsNull(_replayed_due(day), rhs)
    else:
        replayed = _COMPARE[lookup](_replayed_due(day), rhs)
    return (~_replayed(day) & stored) | (_replayed(day) & Q(replayed))


def status_q_on(category: str, day: dt.date) -> Q:
    """A filter for the tasks in `category` at the end of `day` (any day, past or today):
    `status_as_of(task, day).category == category`, computed by the database."""
    assigned = Q(assigned_on__lte=day)
    counted = ~Q(state__in=NOT_COUNTED_STATES) | Q(closed_on__gt=day)
    done = Q(completed_on__lte=day)
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=day)
    dated = _due_q("isnull", False, day)
    match category:
        case Status.NOT_COUNTED:
            return assigned & ~counted
        case Status.RECURRING:
            return assigned & counted & _due_q("isnull", True, day) & ~Q(recurrence="")
        case Status.NO_DEADLINE:
            return assigned & counted & _due_q("isnull", True, day) & Q(recurrence="")
        case Status.DONE_ON_TIME:
            return assigned & counted & dated & done & ~_due_q("lt", F("completed_on"), day)
        case Status.DONE_LATE:
            return assigned & counted & dated & done & _due_q("lt", F("completed_on"), day)
        case Status.OPEN_OVERDUE:
            return assigned & counted & dated & open_ & _due_q("lt", day, day)
        case Status.OPEN_ON_TIME:
            return assigned & counted & dated & open_ & ~_due_q("lt", day, day)
    raise ValueError(f"unknown status {category!r}")


def status_case(day: dt.date):
    """An expression giving each task's `Status` value at the end of `day` (NULL when it
    was not assigned yet): `status_as_of(task, day).category`, for `.annotate()`,
    `.values()` and aggregation."""
    due = effective_due_on(day)
    counted = ~Q(state__in=NOT_COUNTED_STATES) | Q(closed_on__gt=day)
    return Case(
        When(assigned_on__gt=day, then=Value(None)),
        When(~counted, then=Value(Status.NOT_COUNTED.value)),
        When(
            IsNull(due, True),
            then=Case(
                When(recurrence="", then=Value(Status.NO_DEADLINE.value)),
                default=Value(Status.RECURRING.value),
            ),
        ),
        When(
            Q(completed_on__lte=day) & Q(LessThan(due, F("completed_on"))), then=Value(Status.DONE_LATE.value)
        ),
        When(completed_on__lte=day, then=Value(Status.DONE_ON_TIME.value)),
        When(LessThan(due, day), then=Value(Status.OPEN_OVERDUE.value)),
        default=Value(Status.OPEN_ON_TIME.value),
        output_field=CharField(),
    )


def count_by_status_on(tasks: QuerySet[Task], day: dt.date) -> dict:
    """`count_by_status(tasks, day)` in one aggregate query (top-level tasks only, tasks
    not assigned by `day` left out), whatever the day and the number of tasks."""
    counts: dict = {category: 0 for category in Status}
    rows = (
        top_level(tasks)
        .filter(assigned_on__lte=day)
        .order_by()
        .annotate(_status=status_case(day))
        .values_list("_status")
        .annotate(n=Count("*"))
    )
    for value, n in rows:
        counts[Status(value)] += n
    return counts
