"""Fixtures for the notifications tests: e-mail captured in memory unless a test asks for
a real SMTP server, time frozen on a working Tuesday, and a helper to create tasks."""

from __future__ import annotations

import datetime as dt

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
