"""The SMTP server down during the reminder run: the inbox entries are delivered, the
e-mails wait in the outbox, and once the server is back the worker's retry sends each
one once; running the day again sends nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from fault_env import free_port

from dondoc.notifications import outbox
from dondoc.notifications.models import Dispatch, Notification
from dondoc.notifications.reminders import run_reminders

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


class Sink:
    def __init__(self):
        self.recipients_seen = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients_seen += envelope.rcpt_tos
        return "250 OK"

    def recipients(self):
        return sorted(self.recipients_seen)


VN = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 5, 12)


def test_smtp_down_during_reminders(cast, make_task, settings):
    from aiosmtpd.controller import Controller

    port = free_port()  # nothing listens there yet: connections are refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.SITE_URL = "https://dondoc.langson.gov.vn"
    for n in range(3):
        make_task(f"Nhiệm vụ {n}", lead_unit=cast.snv_ccvc, due=DAY, assignee=cast.specialist.person)
    make_task("Nhiệm vụ phòng Tổ chức", lead_unit=cast.snv_tcbc, due=DAY, assignee=cast.outsider.person)

    with time_machine.travel(dt.datetime(2026, 5, 12, 7, 0, tzinfo=VN), tick=False):
        result = run_reminders(DAY)
    emails = Dispatch.objects.filter(channel="email")
    assert emails.count() == 2
    assert set(emails.values_list("status", flat=True)) == {"pending"}
    assert all("Connection refused" in e.last_error or "Errno" in e.last_error for e in emails)
    assert Notification.objects.count() == 2, "the inbox does not depend on the mail server"
    assert result is not None

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with time_machine.travel(dt.datetime(2026, 5, 12, 7, 5, tzinfo=VN), tick=False):
            retried = outbox.deliver_pending()
            assert retried.sent == 2
            assert outbox.deliver_pending().sent == 0
            run_reminders(DAY)
    finally:
        controller.stop()
    assert sink.recipients() == sorted([cast.specialist.email, cast.outsider.email])
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.count() == 2
