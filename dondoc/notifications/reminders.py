"""The daily reminder run (nhắc việc): one digest per person, overdue first, nothing when
there is nothing (../shared/DOMAIN.md, "Reminders"; no regulation fixes the schedule, so
every number below is a setting of `settings.DONDOC`).

Which open task is listed on working day `today` (effective deadline `due`: the nominal
deadline moved to a working day, Bộ luật Dân sự 2015, Điều 148):

- **due soon**: `working_days_between(today, due)` is one of REMIND_BEFORE_WORKING_DAYS
  ([5, 2]): "due in 5 working days" counts the working days after today up to and
  including the deadline, so holidays and weekends are skipped and each offset falls on
  exactly one working day;
- **due today**: `due == today`;
- **overdue**: on the first working day after `due`, then every REMIND_OVERDUE_EVERY_DAYS
  (7) calendar days after that first reminder; when such a day is not a working day
  the reminder moves to the next working day.

The run does nothing on a non-working day. Open means state "new" or "in_progress",
not deleted, not completed: a submitted task waits for the leader's acceptance, not for
the unit, so it is not reminded.

Who is told: the assignee (if active), else the heads of the lead unit
(`Unit.head_people()`). Escalation, once the task is overdue by at least
ESCALATE_AFTER_DAYS_OVERDUE (7) calendar days, on the overdue reminder days: the
responsible unit is the assignee's unit (or the lead unit when nobody is assigned);
if the people told are not that unit's heads (a specialist), its heads are told too;
if they are its heads, the heads of its parent are told when the parent is a department
(a division's task goes up to the Sở's leaders; a department's task goes no higher:
the Office's formal urging covers that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dondoc.lib.calendar import WorkingCalendar, get_calendar
from dondoc.lib.dates import local_today
from dondoc.org.choices import UnitKind
from dondoc.org.models import Person, Unit
from dondoc.tasks.choices import TaskState
from dondoc.tasks.models import Task

from . import outbox
from .models import Message, MessageKind, ReminderRun

OVERDUE, TODAY, SOON = "overdue", "today", "soon"
REMINDED_STATES = (TaskState.NEW, TaskState.IN_PROGRESS)


def short_date(day: dt.date) -> str:
    """05/5/2026: the day with two digits, the month without (the style of our subjects)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def reminder_group(due: dt.date, today: dt.date, calendar: WorkingCalendar) -> tuple[str, int] | None:
    """(group, n) if a task due on `due` is reminded on working day `today`, else None.

    n is the working days left for SOON, the calendar days overdue for OVERDUE.
    """
    before = outbox.setting("REMIND_BEFORE_WORKING_DAYS", [5, 2])
    every = max(1, outbox.setting("REMIND_OVERDUE_EVERY_DAYS", 7))
    if due == today:
        return TODAY, 0
    if due > today:
        left = calendar.working_days_between(today, due)
        return (SOON, left) if left in before else None
    first = calendar.add_working_days(due, 1)
    if today < first:
        return None
    if today == first:
        return OVERDUE, (today - due).days
    previous = calendar.add_working_days(today, -1)

    def slot(day: dt.date) -> int:
        return (day - first).days // every

    # A slot boundary crossed since the previous working day: on time, or moved off a holiday.
    if slot(today) > slot(previous):
        return OVERDUE, (today - due).days
    return None


@dataclass(frozen=True)
class DigestItem:
    task: Task
    group: str
    due: dt.date
    days: int  # working days left (soon) or calendar days overdue
    escalated: bool  # told as the assignee's superior, not as the one doing it

    @property
    def url(self) -> str:
        return outbox.absolute_url(reverse("task-detail", args=[self.task.pk]))


@dataclass
class Digest:
    person: Person
    day: dt.date
    items: list[DigestItem] = field(default_factory=list)

    def group(self, name: str) -> list[DigestItem]:
        return [i for i in self.items if i.group == name]

    @property
    def overdue(self) -> list[DigestItem]:
        return sorted(self.group(OVERDUE), key=lambda i: (-i.days, i.task.pk))

    @property
    def due_today(self) -> list[DigestItem]:
        return sorted(self.group(TODAY), key=lambda i: i.task.pk)

    @property
    def due_soon(self) -> list[DigestItem]:
        return sorted(self.group(SOON), key=lambda i: (i.due, i.task.pk))

    def ordered(self) -> list[DigestItem]:
        """Overdue first (most overdue first), then due today, then due soon."""
        return self.overdue + self.due_today + self.due_soon

    @property
    def subject(self) -> str:
        parts = []
        if n := len(self.overdue):
            parts.append(f"{n} nhiệm vụ quá hạn")
        if n := len(self.due_today):
            parts.append(f"{n} nhiệm vụ đến hạn hôm nay")
        if n := len(self.due_soon):
            parts.append(f"{n} nhiệm vụ sắp đến hạn")
        return f"[dondoc] Nhắc việc ngày {short_date(self.day)}: {', '.join(parts)}"

    def planned(self, *, render: bool = True) -> outbox.PlannedMessage:
        """The message; without its bodies when `render` is false (it is stored already:
        a re-run does not rewrite it)."""
        user = account_of(self.person)
        context = {
            "digest": self,
            "person": self.person,
            "day": self.day,
            "overdue": self.overdue,
            "due_today": self.due_today,
            "due_soon": self.due_soon,
            "subject": self.subject,
            "site_url": settings.SITE_URL,
            "list_url": outbox.absolute_url(reverse("task-list")),
        }
        ordered = self.ordered()
        url = reverse("task-detail", args=[ordered[0].task.pk]) if len(ordered) == 1 else reverse("task-list")
        return outbox.PlannedMessage(
            person=self.person,
            user=user,
            email=self.person.email,
            kind=MessageKind.REMINDER,
            key=f"reminder:{self.day.isoformat()}",
            day=self.day,
            subject=self.subject,
            body_text=render_to_string("notifications/email/reminder.txt", context).strip() + "\n"
            if render
            else "",
            body_html=render_to_string("notifications/email/reminder.html", context) if render else "",
            url=url,
            task_ids=[i.task.pk for i in ordered],
        )


def account_of(person: Person):
    try:
        return person.user
    except Person.user.RelatedObjectDoesNotExist:
        return None


class _Heads:
    """Heads of units, one query per unit per run."""

    def __init__(self):
        self.cache: dict[int, list[Person]] = {}

    def __call__(self, unit: Unit | None) -> list[Person]:
        if unit is None:
            return []
        if unit.pk not in self.cache:
            self.cache[unit.pk] = list(unit.head_people().select_related("user", "unit").order_by("pk"))
        return self.cache[unit.pk]


def recipients(task: Task, days_overdue: int, heads: _Heads) -> tuple[list[Person], list[Person]]:
    """(the people told, the people told by escalation) for one task (rule in module doc)."""
    assignee = task.assignee if task.assignee_id and task.assignee.active else None
    told = [assignee] if assignee else heads(task.lead_unit)
    escalated: list[Person] = []
    if days_overdue >= outbox.setting("ESCALATE_AFTER_DAYS_OVERDUE", 7):
        unit = assignee.unit if assignee else task.lead_unit
        unit_heads = heads(unit)
        if assignee and assignee not in unit_heads:
            escalated = unit_heads
        elif unit.parent_id and unit.parent.kind == UnitKind.DEPARTMENT:
            escalated = heads(unit.parent)
    told_ids = {p.pk for p in told}
    return told, [p for p in escalated if p.pk not in told_ids]


def plan_reminders(today: dt.date) -> list[Digest]:
    """The digests of `today`, one per person with something to be told, by person id."""
    calendar = get_calendar()
    if not calendar.is_working_day(today):
        return []
    open_tasks = Task.objects.filter(
        deleted_at__isnull=True,
        state__in=REMINDED_STATES,
        completed_on__isnull=True,
        effective_due_date__isnull=False,
    )
    heads = _Heads()
    digests: dict[int, Digest] = {}
    listed: dict[int, set[int]] = {}
    # Only the deadlines reminded today are read (most open tasks are not reminded on a
    # given day): the days are found in Python from the calendar, a few hundred at most,
    # then the tasks due on them, in batches.
    for days in _batches(reminded_days(today, calendar, open_tasks), DAY_BATCH):
        tasks = (
            open_tasks.filter(effective_due_date__in=days)
            .select_related("lead_unit__parent", "assignee__user", "assignee__unit__parent")
            .defer(*UNREAD_FIELDS)
            .order_by("effective_due_date", "pk")
        )
        for task in tasks.iterator(chunk_size=2000):
            group, days_n = reminder_group(task.effective_due_date, today, calendar)
            told, escalated = recipients(task, days_n if group == OVERDUE else 0, heads)
            for person, is_escalation in [(p, False) for p in told] + [(p, True) for p in escalated]:
                digest = digests.setdefault(person.pk, Digest(person=person, day=today))
                seen = listed.setdefault(person.pk, set())
                if task.pk in seen:
                    continue
                seen.add(task.pk)
                digest.items.append(DigestItem(task, group, task.effective_due_date, days_n, is_escalation))
    return [digests[pk] for pk in sorted(digests)]


DAY_BATCH = 400
# Columns a digest never reads.
UNREAD_FIELDS = ("content_folded", "products", "section", "coordinators_text", "lead_text", "deadline_text")


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def reminded_days(today: dt.date, calendar: WorkingCalendar, open_tasks) -> list[dt.date]:
    """The effective deadlines `reminder_group` reminds on `today`: from the earliest
    open one to the horizon of the first "due soon" reminder."""
    before = outbox.setting("REMIND_BEFORE_WORKING_DAYS", [5, 2])
    horizon = calendar.add_working_days(today, max(before, default=0))
    first = open_tasks.order_by("effective_due_date").values_list("effective_due_date", flat=True).first()
    if first is None:
        return []
    found = []
    day = first
    while day <= horizon:
        if reminder_group(day, today, calendar) is not None:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


@dataclass
class RunResult:
    day: dt.date
    working_day: bool = True
    digests: int = 0  # people with something to be told today
    unreachable: int = 0  # of whom neither an e-mail address nor an account
    created: int = 0  # messages new since the run began (0 when a previous run stored them)
    sent: int = 0  # dispatches (e-mail or inbox) this run delivered
    failed: int = 0
    busy: int = 0  # dispatches another worker held
    stopped: bool = False

    def summary(self) -> str:
        if not self.working_day:
            return f"{short_date(self.day)}: ngày nghỉ, không nhắc việc."
        return (
            f"{short_date(self.day)}: {self.digests} người cần nhắc ({self.unreachable} không có địa chỉ nhận), "
            f"{self.created} bản tin mới; đã gửi {self.sent}, lỗi {self.failed}, worker khác đang gửi {self.busy}."
        )


def run_reminders(
    today: dt.date | None = None,
    *,
    now: dt.datetime | None = None,
    worker_id: str | None = None,
    should_stop=None,
) -> RunResult:
    """Plan `today`'s digests (idempotently) and deliver those not yet delivered.

    Safe to run again after a crash (nothing is sent twice, nobody is skipped) and from
    several workers at once: see `outbox`.
    """
    now = now or timezone.now()
    today = today or local_today(now)
    result = RunResult(day=today)
    with outbox.db_section():
        run, _ = ReminderRun.objects.get_or_create(day=today, defaults={"started_at": now})
        digests = plan_reminders(today)
        result.working_day = get_calendar().is_working_day(today)
        # A run again the same day renders only the digests not stored yet.
        stored = set(
            Message.objects.filter(key=f"reminder:{today.isoformat()}").values_list("person_id", flat=True)
        )
        planned = [d.planned(render=d.person.pk not in stored) for d in digests]
        result.digests = len(planned)
        result.unreachable = sum(1 for p in planned if not p.channels())
        result.created = outbox.store(planned, now=now)
        ReminderRun.objects.filter(pk=run.pk).update(planned_at=now, messages=len(planned))
    delivered = outbox.deliver_pending(
        keys=[f"reminder:{today.isoformat()}"], now=now, worker_id=worker_id, should_stop=should_stop
    )
    result.sent, result.failed, result.busy, result.stopped = (
        delivered.sent,
        delivered.failed,
        delivered.busy,
        delivered.stopped,
    )
    return result
