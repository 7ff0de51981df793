"""Formal urging (đôn đốc) by the Office's follow-up staff: recorded, numbered within the
year, written to each task's history, notified and counted for the reports."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dondoc.lib.dates import local_today
from dondoc.org.choices import Role
from dondoc.tasks import events
from dondoc.tasks.choices import EventKind, TaskState
from dondoc.tasks.models import Task
from dondoc.tasks.status import top_level

from . import outbox
from .models import Channel, Dispatch, DispatchStatus, Message, MessageKind, Urging
from .reminders import account_of

logger = logging.getLogger(__name__)

URGED_STATES = (TaskState.NEW, TaskState.IN_PROGRESS)
MAX_TEXT = 4000


class UrgingError(Exception):
    """A refused urging; `str(exc)` is the Vietnamese message shown to the user."""


class UrgingDenied(UrgingError):
    pass


def can_urge(user) -> bool:
    """Office follow-up staff and administrators urge (Quy chế theo dõi, đôn đốc)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.has_role(Role.FOLLOWUP, Role.ADMIN))
    )


def all_overdue_tasks(today: dt.date):
    """The open tasks overdue on `today` that may be urged (submitted ones wait for the
    leader): the notices' tasks (`top_level`), a breakdown being its unit's internal
    affair, urged through its parent. The one definition behind the urging screens'
    lists and counts."""
    return top_level(Task.objects).filter(
        deleted_at__isnull=True,
        state__in=URGED_STATES,
        completed_on__isnull=True,
        effective_due_date__lt=today,
    )


def overdue_tasks(unit, today: dt.date):
    """The open tasks `unit` leads that are overdue on `today` (see `all_overdue_tasks`)."""
    return all_overdue_tasks(today).filter(lead_unit=unit).order_by("effective_due_date", "pk")


def _check(by, text: str) -> str:
    if not can_urge(by):
        raise UrgingDenied("Chỉ chuyên viên theo dõi, đôn đốc của Văn phòng hoặc quản trị viên được đôn đốc.")
    text = (text or "").strip()
    if not text:
        raise UrgingError("Nội dung đôn đốc không được để trống.")
    if len(text) > MAX_TEXT:
        raise UrgingError(f"Nội dung đôn đốc dài quá {MAX_TEXT} ký tự.")
    return text


def urge_task(task: Task, *, by, text: str, now: dt.datetime | None = None) -> Urging:
    """Urge the lead unit of one open task. Returns the saved, numbered urging."""
    text = _check(by, text)
    if task.deleted_at is not None or task.state not in URGED_STATES:
        raise UrgingError("Nhiệm vụ đã báo cáo kết quả hoặc đã kết thúc, không cần đôn đốc.")
    extra = [task.assignee] if task.assignee_id and task.assignee.active else []
    return _urge(task.lead_unit, [task], by=by, text=text, now=now or timezone.now(), extra=extra)


def urge_unit(unit, *, by, text: str, now: dt.datetime | None = None) -> Urging:
    """Urge `unit` about all the overdue tasks it leads. Returns the saved, numbered urging."""
    text = _check(by, text)
    now = now or timezone.now()
    tasks = list(overdue_tasks(unit, local_today(now)))
    if not tasks:
        raise UrgingError(f"{unit.name} không có nhiệm vụ quá hạn nào để đôn đốc.")
    return _urge(unit, tasks, by=by, text=text, now=now, extra=[])


def _urge(unit, tasks: list[Task], *, by, text: str, now: dt.datetime, extra: list) -> Urging:
    with transaction.atomic():
        urging = _numbered(unit=unit, by=by, text=text, at=now)
        urging.tasks.set(tasks)
        for task in tasks:
            events.record(task, EventKind.URGED, by, at=now, note=f"{urging.label}: {text}")
        key = _notify(urging, tasks, extra=extra, now=now)
        # The inbox entries belong to the urging's transaction: all or nothing.
        outbox.deliver_pending(keys=[key], channels=[Channel.INBOX], now=now)
        # E-mail leaves after the commit (never for a rolled-back urging); if the SMTP
        # server is down, the rows stay pending and the worker's outbox loop retries.
        transaction.on_commit(lambda: _send_email_quietly(key))
    return urging


def _send_email_quietly(key: str) -> None:
    try:
        outbox.deliver_pending(keys=[key], channels=[Channel.EMAIL])
    except Exception:  # noqa: BLE001 - the urging is saved; the worker retries the e-mail
        logger.exception("sending the e-mails of %s failed", key)


def _numbered(*, unit, by, text: str, at: dt.datetime) -> Urging:
    """Save the urging with the next number of its year.

    Two people urging at once may read the same maximum; the unique (year, number)
    constraint refuses the second insert, which retries with the next number.
    """
    year = local_today(at).year
    for _ in range(10):
        number = (Urging.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return Urging.objects.create(year=year, number=number, unit=unit, by=by, at=at, text=text)
        except IntegrityError:
            continue
    raise UrgingError("Không cấp được số đôn đốc, vui lòng thử lại.")


def _notify(urging: Urging, tasks: list[Task], *, extra: list, now: dt.datetime) -> str:
    people = list(urging.unit.head_people().select_related("user"))
    people += [p for p in extra if p.pk not in {q.pk for q in people}]
    key = urging_key(urging)
    by_name = urging.by.person.full_name if urging.by.person_id else urging.by.get_username()
    subject = f"[dondoc] {urging.label}: {urging.unit.name}, {len(tasks)} nhiệm vụ"
    url = reverse("task-detail", args=[tasks[0].pk]) if len(tasks) == 1 else reverse("urging-list")
    planned = []
    for person in people:
        context = {
            "person": person,
            "urging": urging,
            "tasks": tasks,
            "subject": subject,
            "by_name": by_name,
            "site_url": settings.SITE_URL,
        }
        planned.append(
            outbox.PlannedMessage(
                person=person,
                user=account_of(person),
                email=person.email,
                kind=MessageKind.URGING,
                key=key,
                day=local_today(now),
                subject=subject,
                body_text=render_to_string("notifications/email/urging.txt", context).strip() + "\n",
                body_html=render_to_string("notifications/email/urging.html", context),
                url=url,
                task_ids=[t.pk for t in tasks],
            )
        )
    outbox.store(planned, now=now)
    return key


def urging_key(urging: Urging) -> str:
    """The outbox key of an urging's messages."""
    return f"urging:{urging.pk}"


@dataclass
class EmailDelivery:
    """Where the e-mails of one urging stand, by recipient's name."""

    sent: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # not tried yet (the worker will)
    failed: list[str] = field(default_factory=list)  # tried and refused; retried until given up
    no_address: list[str] = field(default_factory=list)  # told in the inbox only
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sent) + len(self.waiting) + len(self.failed)


def email_delivery(urgings: list[Urging]) -> dict[int, EmailDelivery]:
    """{urging id: EmailDelivery} for `urgings`, in one query."""
    by_key = {urging_key(u): u.pk for u in urgings}
    result = {u.pk: EmailDelivery() for u in urgings}
    messages = (
        Message.objects.filter(key__in=list(by_key))
        .select_related("person")
        .prefetch_related("dispatches")
        .order_by("person__full_name", "pk")
    )
    for message in messages:
        delivery = result[by_key[message.key]]
        name = message.person.full_name
        dispatch = next((d for d in message.dispatches.all() if d.channel == Channel.EMAIL), None)
        if dispatch is None:
            delivery.no_address.append(name)
        elif dispatch.status == DispatchStatus.SENT:
            delivery.sent.append(name)
        elif dispatch.status == DispatchStatus.FAILED or dispatch.attempts:
            delivery.failed.append(name)
            if dispatch.last_error:
                delivery.errors.append(dispatch.last_error)
        else:
            delivery.waiting.append(name)
    return result


def resend_email(urging: Urging, *, by, now: dt.datetime | None = None) -> EmailDelivery:
    """Send again the e-mails of `urging` that did not leave (refused by the mail server,
    or given up after `SEND_MAX_ATTEMPTS`): the same frozen messages, each claimed once by
    the outbox as usual, so a press of the button by two people sends each mail once.
    Returns where they stand afterwards."""
    if not can_urge(by):
        raise UrgingDenied(
            "Chỉ chuyên viên theo dõi, đôn đốc của Văn phòng hoặc quản trị viên được gửi lại thư."
        )
    key = urging_key(urging)
    Dispatch.objects.filter(message__key=key, channel=Channel.EMAIL, status=DispatchStatus.FAILED).update(
        status=DispatchStatus.PENDING, attempts=0, claimed_at=None, claimed_by=""
    )
    outbox.deliver_pending(keys=[key], channels=[Channel.EMAIL], now=now)
    return email_delivery([urging])[urging.pk]


def urging_counts(unit_qs, start: dt.date, end: dt.date) -> dict[int, int]:
    """{unit id: number of urgings sent to it} for local dates start..end inclusive,
    0 for the units of `unit_qs` that had none (for the reports' "văn bản đôn đốc" column)."""
    counts = dict.fromkeys(unit_qs.values_list("pk", flat=True), 0)
    rows = (
        Urging.objects.filter(unit__in=unit_qs, at__date__gte=start, at__date__lte=end)
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["unit_id"]] = row["n"]
    return counts
