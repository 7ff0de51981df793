"""Fixtures for the notifications tests: e-mail captured in memory unless a test asks for
a real SMTP server, time frozen on a working Tuesday, and a helper to create tasks."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading

import pytest
import time_machine

VN = dt.timezone(dt.timedelta(hours=7))
# Tuesday 12 May 2026, 08:00 in Hà Nội: a working day after the 30/4 – 1/5 holidays.
TODAY = dt.date(2026, 5, 12)


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    # No test of this directory reaches a real server unless it uses `smtp_server`.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://dondoc.langson.gov.vn"


@pytest.fixture
def frozen():
    """Freeze time on `TODAY` 08:00 local; returns the traveller to move it."""
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def task_for(cast, make_task):
    """`task_for(due, lead_unit=..., assignee=...)`: a task registered on 1/4/2026."""

    def make(due, content=None, **kwargs):
        kwargs.setdefault("assigned_on", dt.date(2026, 4, 1))
        kwargs.setdefault("lead_unit", cast.snv_ccvc)
        default = f"Nhiệm vụ hạn {due:%d/%m/%Y}" if due else "Nhiệm vụ thường xuyên"
        return make_task(content or default, due=due, **kwargs)

    return make


class SmtpSink:
    """Keeps every message the local SMTP server receives."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            found = list(self.envelopes)
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in found]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r for e in self.envelopes for r in e.rcpt_tos)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, with Django's SMTP
    backend pointed at it."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()
