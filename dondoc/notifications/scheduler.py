"""The daily schedule shared by `dondoc worker` and `dondoc remind --loop`.

Each tick: run today's reminders once the local hour reaches REMIND_HOUR, unless today's
run was already planned (by this process before a restart, or by another worker: the
`ReminderRun` row says so); then, every `outbox_every` seconds, retry the outbox rows
left pending (an SMTP server that was down, an urging's e-mail). A worker started after
REMIND_HOUR therefore catches up at once; one started before waits: nobody wants a
reminder at 3 a.m.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time

from django.utils import timezone

from dondoc.documents.jobs import requeue_stuck
from dondoc.lib.dates import local_today

from . import outbox
from .models import ReminderRun
from .reminders import run_reminders

logger = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, *, stop: threading.Event, worker_id: str | None = None, outbox_every: float = 60.0):
        self.stop = stop
        self.worker_id = worker_id or outbox.new_worker_id()
        self.outbox_every = outbox_every
        self._last_outbox = 0.0

    def reminders_due(self, now: dt.datetime) -> bool:
        hour = outbox.setting("REMIND_HOUR", 7)
        if timezone.localtime(now).hour < hour:
            return False
        return not ReminderRun.objects.filter(day=local_today(now), planned_at__isnull=False).exists()

    def tick(self, now: dt.datetime | None = None) -> None:
        """One round; errors are logged, not raised, so that the process keeps its schedule."""
        now = now or timezone.now()
        try:
            if self.reminders_due(now):
                result = run_reminders(
                    local_today(now), worker_id=self.worker_id, should_stop=self.stop.is_set
                )
                logger.info("reminders: %s", result.summary())
            if time.monotonic() - self._last_outbox >= self.outbox_every:
                self._last_outbox = time.monotonic()
                result = outbox.deliver_pending(worker_id=self.worker_id, should_stop=self.stop.is_set)
                if result.sent or result.failed:
                    logger.info("outbox: sent %d, failed %d", result.sent, result.failed)
                # Documents whose worker died mid-reading (killed, machine restarted)
                # are queued again once PROCESSING_STUCK_MINUTES have passed.
                requeued = requeue_stuck(now)
                if requeued:
                    logger.warning("documents stuck in processing queued again: %d", requeued)
        except Exception:
            logger.exception("scheduled notifications failed; retrying at the next tick")


def install_stop_handlers(stop: threading.Event, on_stop=None) -> None:
    """SIGINT/SIGTERM: finish the job or the e-mail in hand, then exit; a second signal
    exits at once (the e-mail in hand is then released, see `outbox`)."""

    def handle(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        logger.warning("%s: stopping after the current job (again to force)", signal.strsignal(signum))
        stop.set()
        if on_stop is not None:
            on_stop()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
