"""Work queues: what waits for whom, and why.

One definition per reason (a `Q` over tasks), used three ways so that they can never
disagree: to select "Việc của tôi", to say on each row why the task is there
(annotations built from the same `Q`s), and to count and list the Office's queues.

Personal reasons (`WaitingReason`), for the user's open tasks in their scope:

- chờ tiếp nhận: a new task their unit leads (heads and leaders of that unit), or a new
  task assigned to them;
- được giao: assigned to them, not yet reported as done;
- kết quả bị trả lại: as "được giao", or led by their unit, and the result was returned;
- chờ phân công hoặc thực hiện: received by their unit (heads and leaders), nobody
  assigned and not broken down;
- các phần việc đã xong, chờ báo cáo kết quả: broken down by their unit, every part
  finished, the task itself not yet reported;
- chờ anh/chị đánh giá kết quả / quyết định gia hạn: they assigned the task (the leader
  of a notice, or the manager who broke a task down) and a result or an extension
  request waits for them.

The Office's queues (`OfficeQueue`) are the notices' (top-level) tasks waiting for a
decision of their assigning leader — results to judge, extension requests — or not yet
received by their lead unit, counted per assigning leader. Office follow-up staff act
on the leaders' behalf (`permissions.can_accept`), so they, administrators and the
province's leaders see them (`can_view_office_queues`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from dondoc.lib.calendar import get_calendar
from dondoc.org.choices import Role
from dondoc.org.models import Person

from .choices import OPEN_STATES, Acceptance, DueBand, ExtensionStatus, OfficeQueue, TaskState, WaitingReason
from .models import Extension, Task
from .permissions import is_admin, is_followup, is_province_leader
from .status import top_level
from .visibility import visible_tasks

NOTHING = Q(pk__in=[])
WORKABLE = (TaskState.NEW, TaskState.IN_PROGRESS)


def due_soon_working_days() -> int:
    """A deadline within this many working days is "sắp đến hạn" (a setting: no
    regulation fixes it; the reminders' first notice is the default)."""
    return settings.DONDOC.get("DUE_SOON_WORKING_DAYS", 5)


def _pending_extension(**task) -> Q:
    """Tasks with an extension request waiting for a decision. Pending requests are few
    (one per task at most, decided within days): the ids of their tasks, from the
    partial unique index on pending requests (one query), beat a correlated subquery per
    task."""
    pending = Extension.objects.filter(status=ExtensionStatus.PENDING)
    if task:
        pending = pending.filter(**{f"task__{name}": value for name, value in task.items()})
    # A list, not a subquery: inside an OR the planner can then use the primary key.
    return Q(pk__in=list(pending.values_list("task_id", flat=True)))


def _open_children() -> Exists:
    return Exists(Task.objects.filter(parent=OuterRef("pk"), deleted_at__isnull=True, state__in=OPEN_STATES))


def _any_children() -> Exists:
    return Exists(Task.objects.filter(parent=OuterRef("pk"), deleted_at__isnull=True))


def reason_filters(user) -> dict[str, Q]:
    """{reason: Q} for `user`; a reason that cannot apply to them is left out."""
    person = user.person_id
    unit = user.unit
    heads_unit = unit is not None and user.has_role(Role.HEAD, Role.LEADER)
    mine = Q(assignee_id=person) if person else NOTHING
    led = Q(lead_unit_id=unit.pk) if heads_unit else NOTHING
    reasons: dict[str, Q] = {}
    if person or heads_unit:
        reasons[WaitingReason.TO_RECEIVE] = Q(state=TaskState.NEW) & (mine | led)
    if person:
        reasons[WaitingReason.ASSIGNED] = mine & Q(state__in=WORKABLE)
    if person or heads_unit:
        reasons[WaitingReason.RETURNED] = Q(state=TaskState.IN_PROGRESS, acceptance=Acceptance.RETURNED) & (
            mine | led
        )
    if heads_unit:
        reasons[WaitingReason.TO_ASSIGN] = (
            led & Q(state=TaskState.IN_PROGRESS, assignee__isnull=True) & ~Q(_any_children())
        )
        reasons[WaitingReason.TO_SUBMIT] = (
            led & Q(state=TaskState.IN_PROGRESS) & Q(_any_children()) & ~Q(_open_children())
        )
    if person:
        reasons[WaitingReason.TO_JUDGE] = Q(assigned_by_id=person, state=TaskState.SUBMITTED)
        reasons[WaitingReason.TO_DECIDE] = _pending_extension(assigned_by_id=person, state__in=OPEN_STATES)
    return reasons


def _flag(reason: str) -> str:
    return f"waiting_{reason}"


def my_queue(user) -> QuerySet[Task]:
    """The open tasks waiting for `user`, each annotated with a boolean per reason,
    overdue first, then by deadline (soonest first), tasks without a deadline last."""
    reasons = reason_filters(user)
    waiting = NOTHING
    for q in reasons.values():
        waiting |= q
    tasks = visible_tasks(user).filter(waiting, state__in=OPEN_STATES)
    tasks = tasks.annotate(
        **{_flag(reason): ExpressionWrapper(q, output_field=BooleanField()) for reason, q in reasons.items()}
    )
    return tasks.order_by(F("effective_due_date").asc(nulls_last=True), "-urgent", "id")


def reasons_of(task: Task) -> list[WaitingReason]:
    """The reasons `my_queue` annotated on `task`, in the order of `WaitingReason`."""
    return [reason for reason in WaitingReason if getattr(task, _flag(reason), False)]


def due_band(task: Task, today: dt.date) -> DueBand:
    """Overdue, due within `due_soon_working_days()` working days, later, or no deadline,
    by the effective deadline (moved off holidays) stored on the task."""
    due = task.effective_due_date
    if due is None:
        return DueBand.NO_DEADLINE
    if due < today:
        return DueBand.OVERDUE
    if due <= get_calendar().add_working_days(today, due_soon_working_days()):
        return DueBand.DUE_SOON
    return DueBand.LATER


# --- The Office's queues ----------------------------------------------------------------


def can_view_office_queues(user) -> bool:
    """Office follow-up staff, administrators and the province's leaders."""
    return is_followup(user) or is_admin(user) or is_province_leader(user)


def office_queue_filters() -> dict[str, Q]:
    """{queue: Q} over open top-level tasks (a breakdown waits inside its unit)."""
    return {
        OfficeQueue.RESULTS: Q(state=TaskState.SUBMITTED),
        OfficeQueue.EXTENSIONS: _pending_extension(),
        OfficeQueue.NOT_RECEIVED: Q(state=TaskState.NEW),
    }


def office_queue_q(queue: str) -> Q:
    """The condition of one Office queue: open top-level tasks (`status.top_level`)
    waiting as `queue` says. The task list filters with it; `office_queues` counts with
    `office_queue_filters`, the same conditions."""
    return office_queue_filters()[queue] & Q(parent__isnull=True, state__in=OPEN_STATES)


def office_queue(user, queue: str) -> QuerySet[Task]:
    """The tasks of one Office queue that `user` may see."""
    return visible_tasks(user).filter(office_queue_q(queue))


def assigned_to_q(person) -> Q:
    """Tasks in which `person` is assigned: directly, or in the task's breakdown (a part
    given to them, or a part of a part: a division, then a person in it)."""
    parts = Task.objects.filter(assignee=person, deleted_at__isnull=True)
    return (
        Q(assignee=person)
        | Q(pk__in=parts.filter(parent__isnull=False).values("parent_id"))
        | Q(pk__in=parts.filter(parent__parent__isnull=False).values("parent__parent_id"))
    )


@dataclass
class LeaderQueues:
    leader: Person | None  # None: tasks registered without an assigning leader
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def office_queues(user) -> tuple[list[LeaderQueues], dict[str, int]]:
    """Per assigning leader, the number of tasks in each Office queue (leaders with
    nothing waiting left out), and the totals; one aggregate query and one for names."""
    filters = office_queue_filters()
    rows = (
        top_level(visible_tasks(user))
        .filter(state__in=OPEN_STATES)
        .values("assigned_by")
        .annotate(**{queue: Count("pk", filter=q) for queue, q in filters.items()})
        .order_by()
    )
    rows = [row for row in rows if any(row[queue] for queue in filters)]
    people = Person.objects.select_related("unit").in_bulk(
        [row["assigned_by"] for row in rows if row["assigned_by"]]
    )
    result = [
        LeaderQueues(people.get(row["assigned_by"]), {queue: row[queue] for queue in filters}) for row in rows
    ]
    result.sort(key=lambda r: (r.leader is None, r.leader.unit.order if r.leader else 0, str(r.leader or "")))
    totals = {queue: sum(r.counts[queue] for r in result) for queue in filters}
    return result, totals
