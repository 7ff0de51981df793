"""The outbox: store messages once, then claim and deliver each (message, channel) row once.

Delivery guarantees (STYLE.md §5):

- Planning is idempotent: `Message` is unique per (person, key) and `Dispatch` per
  (message, channel); rows are inserted with ON CONFLICT DO NOTHING, so a second run of
  the same day, or a second worker planning at the same moment, adds nothing.
- Sending is claimed: a sender moves a row from "pending" to "sending" with one
  conditional UPDATE and sends only if that UPDATE changed one row. Two workers racing
  for the same row cannot both win it (on PostgreSQL the loser's UPDATE waits for the
  winner's commit, re-reads the row, no longer matches and changes nothing).
- An exception while sending (SMTP refused, Ctrl+C) puts the row back to "pending";
  only a process killed between claiming and marking leaves a row in "sending", and
  that claim becomes reclaimable after `CLAIM_TIMEOUT_SECONDS`.
- The one window left: the SMTP server accepted the e-mail and the process died before
  the row was marked "sent" (a few milliseconds: the UPDATE runs right after the SMTP
  reply, with nothing in between). That e-mail is sent again after the timeout; it
  carries the same Message-ID (`<dondoc-dispatch-<pk>@host>`), so mail clients that
  de-duplicate show it once. An inbox entry has no window: it is created in the same
  transaction that marks its row "sent".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import Task, TaskEvent

from .models import Channel, Dispatch, DispatchStatus, Message, MessageKind, Notification

logger = logging.getLogger(__name__)


def setting(name: str, default):
    return settings.DONDOC.get(name, default)


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=setting("CLAIM_TIMEOUT_SECONDS", 15 * 60))


def max_attempts() -> int:
    return setting("SEND_MAX_ATTEMPTS", 5)


_sqlite_lock = threading.RLock()


def db_section():
    """On SQLite, serialise this process's database work between threads.

    SQLite has one writer at a time, and its shared-cache in-memory database (the
    tests') fails at once with "database table is locked" instead of waiting. The lock
    is held around database statements only, never while talking to the SMTP server,
    so two threads still race for the same rows and the claims still decide. PostgreSQL
    needs no lock: the conditional UPDATEs do the work.
    """
    if connection.vendor == "sqlite":
        return _sqlite_lock
    return contextlib.nullcontext()


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{get_random_string(12)}"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path if path.startswith("/") else path


@dataclass
class PlannedMessage:
    """A message before it is stored: who, about what, and the frozen content."""

    person: object
    user: object | None
    email: str
    kind: str
    key: str
    day: dt.date
    subject: str
    body_text: str
    body_html: str = ""
    url: str = ""
    task_ids: list[int] = field(default_factory=list)

    def channels(self) -> list[str]:
        """E-mail when the person has an address, the inbox when they have an account."""
        found = []
        if self.email:
            found.append(Channel.EMAIL)
        if self.user is not None and self.user.is_active:
            found.append(Channel.INBOX)
        return found


def store(planned: Iterable[PlannedMessage], *, now: dt.datetime) -> int:
    """Insert the messages and their dispatch rows that do not exist yet; returns how many
    messages were new. Safe to call again and from two workers at once (see module doc)."""
    planned = sorted((p for p in planned if p.channels()), key=lambda p: (p.key, p.person.pk))
    if not planned:
        return 0
    keys = {p.key for p in planned}
    with db_section():
        return _store(planned, keys, now)


def _store(planned: list[PlannedMessage], keys: set[str], now: dt.datetime) -> int:
    # Counted before the transaction, so that it starts with a write: on SQLite a
    # transaction that reads first and then writes cannot wait for another writer.
    before = Message.objects.filter(key__in=keys).count()
    with transaction.atomic():
        # Sorted inserts: two workers take the unique-index locks in the same order, so
        # they wait for each other instead of deadlocking.
        Message.objects.bulk_create(
            [
                Message(
                    person=p.person,
                    user=p.user if Channel.INBOX in p.channels() else None,
                    email=p.email,
                    kind=p.kind,
                    key=p.key,
                    day=p.day,
                    subject=p.subject,
                    body_text=p.body_text,
                    body_html=p.body_html,
                    url=p.url,
                    task_ids=p.task_ids,
                    created_at=now,
                )
                for p in planned
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        stored = {
            (m.key, m.person_id): m
            for m in Message.objects.filter(key__in=keys, person__in=[p.person.pk for p in planned])
        }
        created = Message.objects.filter(key__in=keys).count() - before
        rows = []
        for p in planned:
            message = stored[(p.key, p.person.pk)]
            # The channels are those of the stored message: a re-plan never adds or
            # changes a channel of a message already (possibly) sent.
            channels = []
            if message.email:
                channels.append(Channel.EMAIL)
            if message.user_id is not None:
                channels.append(Channel.INBOX)
            rows += [Dispatch(message=message, channel=c) for c in channels]
        Dispatch.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return max(created, 0)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0  # attempts that raised; the row is pending again (or failed for good)
    busy: int = 0  # rows another worker held
    stopped: bool = False

    def __iadd__(self, other: DeliveryResult) -> DeliveryResult:
        self.sent += other.sent
        self.failed += other.failed
        self.busy += other.busy
        self.stopped = self.stopped or other.stopped
        return self


def deliverable(now: dt.datetime) -> Q:
    """Rows a sender may claim: pending ones, and claims older than the timeout (their
    sender died between claiming and marking)."""
    return Q(status=DispatchStatus.PENDING) | Q(
        status=DispatchStatus.SENDING, claimed_at__lt=now - claim_timeout()
    )


def claim(pk: int, worker_id: str, now: dt.datetime | None = None) -> bool:
    """Take row `pk` for this worker. True only for the one worker whose UPDATE changed it:
    the conditional UPDATE is what stops two workers from sending the same row.

    `now` is the clock at the claim, not the start of the run: a long run must not
    write claims that another worker would already find stale.
    """
    now = now or timezone.now()
    return (
        Dispatch.objects.filter(deliverable(now), pk=pk).update(
            status=DispatchStatus.SENDING,
            claimed_by=worker_id,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
        == 1
    )


def deliver_pending(
    *,
    keys: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
    now: dt.datetime | None = None,
    worker_id: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> DeliveryResult:
    """Claim and send every deliverable dispatch (of messages with `keys`, or all).

    `now` dates the records (inbox entries, task events); claims and the sending time
    read the clock as they happen.
    """
    now = now or timezone.now()
    worker_id = worker_id or new_worker_id()
    result = DeliveryResult()
    rows = Dispatch.objects.filter(deliverable(timezone.now()))
    if keys is not None:
        rows = rows.filter(message__key__in=list(keys))
    else:
        # The periodic retry gives up on old rows: yesterday's digest arriving next
        # week would only confuse (an explicit run of that day still sends it).
        max_age = dt.timedelta(hours=setting("OUTBOX_MAX_AGE_HOURS", 24))
        rows = rows.filter(message__created_at__gte=now - max_age)
    if channels is not None:
        rows = rows.filter(channel__in=list(channels))
    with db_section():
        pks = list(rows.order_by("message__person_id", "id").values_list("pk", flat=True))
    sender = _EmailSender()
    try:
        for pk in pks:
            if should_stop is not None and should_stop():
                result.stopped = True
                break
            with db_section():
                claimed = claim(pk, worker_id)
                if claimed:
                    dispatch = Dispatch.objects.select_related("message", "message__person").get(pk=pk)
            if not claimed:
                result.busy += 1
                continue
            try:
                if dispatch.channel == Channel.EMAIL:
                    sender.send(dispatch)
                    # Marked at once: this UPDATE right after the SMTP reply is the
                    # whole of the window described in the module docstring. The SMTP
                    # server has the message now: if the database is away (restarted),
                    # keep trying to record that, rather than release the row and send
                    # it again later.
                    _mark_sent_surviving_the_database(dispatch, now)
                else:
                    with db_section(), transaction.atomic():
                        _create_notification(dispatch.message, now)
                        _mark_sent(dispatch, now)
            except BaseException as exc:
                # Not sent (the SMTP server refused, or Ctrl+C): release the claim now
                # rather than after the timeout, and stop on anything but an error.
                try:
                    with db_section():
                        _release(dispatch, exc, worker_id)
                except DatabaseError:
                    # The database is away: the claim stays and is taken over after
                    # CLAIM_TIMEOUT_SECONDS (nothing was sent for this row).
                    logger.warning("dispatch %s: could not release its claim (database unavailable)", pk)
                    raise exc from None
                sender.reset()
                if not isinstance(exc, Exception):
                    raise
                result.failed += 1
                logger.warning("dispatch %s to %s failed: %s", pk, dispatch.message.person, exc)
                continue
            result.sent += 1
    finally:
        sender.close()
    return result


def _mark_sent(dispatch: Dispatch, now: dt.datetime) -> None:
    with transaction.atomic():
        Dispatch.objects.filter(pk=dispatch.pk).update(
            status=DispatchStatus.SENT, sent_at=timezone.now(), last_error=""
        )
        _record_events_once(dispatch.message, now)


def _mark_sent_surviving_the_database(dispatch: Dispatch, now: dt.datetime) -> None:
    """`_mark_sent`, retried through a database restart (connection lost, server
    starting up) for up to DB_RETRY_SECONDS: the e-mail is already out, and a row left
    "sending" would be sent again once its claim times out."""
    deadline = time.monotonic() + setting("DB_RETRY_SECONDS", 120)
    delay = 0.2
    while True:
        try:
            with db_section():
                _mark_sent(dispatch, now)
            return
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() >= deadline:
                raise
            logger.warning("dispatch %s sent; database unavailable, retrying to record it", dispatch.pk)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _release(dispatch: Dispatch, exc: BaseException, worker_id: str) -> None:
    """Back to pending (or failed after SEND_MAX_ATTEMPTS), if the claim is still ours."""
    attempts = Dispatch.objects.filter(pk=dispatch.pk).values_list("attempts", flat=True).first() or 0
    status = DispatchStatus.FAILED if attempts >= max_attempts() else DispatchStatus.PENDING
    Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.SENDING, claimed_by=worker_id).update(
        status=status, claimed_at=None, claimed_by="", last_error=f"{type(exc).__name__}: {exc}"[:2000]
    )


EVENT_BATCH = 500


def _record_events_once(message: Message, now: dt.datetime) -> None:
    """Write the REMINDED events of a reminder when its first channel is delivered.

    The conditional UPDATE lets exactly one delivery (e-mail or inbox, this worker or
    another) write them, so the task history shows one "Nhắc việc" per person and day.
    """
    if message.kind != MessageKind.REMINDER or not message.task_ids:
        return
    if not Message.objects.filter(pk=message.pk, events_recorded=False).update(events_recorded=True):
        return
    # As `events.record` writes them (lead unit, state and deadline at that moment), in
    # batches: a head may be reminded of hundreds of tasks.
    note = f"Đã nhắc việc {message.person.full_name}."
    ids = list(message.task_ids)
    for start in range(0, len(ids), EVENT_BATCH):
        rows = Task.objects.filter(pk__in=ids[start : start + EVENT_BATCH]).values_list(
            "pk", "lead_unit_id", "state", "due_date"
        )
        TaskEvent.objects.bulk_create(
            [
                TaskEvent(
                    task_id=pk,
                    kind=EventKind.REMINDED,
                    at=now,
                    note=note,
                    lead_unit_id=unit,
                    state=state,
                    due_date=due,
                )
                for pk, unit, state, due in rows
            ]
        )


def _create_notification(message: Message, now: dt.datetime) -> Notification:
    return Notification.objects.create(
        recipient_id=message.user_id,
        kind=message.kind,
        title=message.subject.removeprefix("[dondoc] "),
        body=message.body_text,
        url=message.url,
        created_at=now,
    )


def message_id(dispatch: Dispatch) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "dondoc"
    return f"<dondoc-dispatch-{dispatch.pk}@{host}>"


class _EmailSender:
    """One SMTP connection for a whole run, reopened after an error."""

    def __init__(self):
        self.connection = None

    def send(self, dispatch: Dispatch) -> None:
        message = dispatch.message
        if self.connection is None:
            # Opened here and kept open: one SMTP session for the whole run.
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.email],
            connection=self.connection,
            headers={"Message-ID": message_id(dispatch)},
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        email.send()

    def reset(self) -> None:
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - closing a broken connection must not hide the real error
                pass
            self.connection = None
