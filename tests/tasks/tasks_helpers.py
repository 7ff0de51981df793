"""Helpers for the task tests: local times, a notice's task, and a check that a refused
action left nothing behind.

Plain functions rather than a conftest.py here: a second `conftest` module would
replace the root one under the name other tests import it by.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime at local (Vietnam) time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def notice_task(cast, make_task):
    """A notice's task for Sở Nội vụ, Sở Tài chính coordinating, due Friday 29/05/2026,
    assigned by the Chairman, registered by the Office's clerk."""
    return make_task(
        "Xây dựng kế hoạch bồi dưỡng cán bộ năm 2026",
        lead_unit=cast.snv,
        due=dt.date(2026, 5, 29),
        assigned_by=cast.leader.person,
        coordinating_units=[cast.stc],
        products=["Kế hoạch"],
    )


@contextmanager
def unchanged(task):
    """`with unchanged(task): ...` asserts the block wrote no event and left the task's
    row, the tasks, reports and extensions as they were."""
    from django.forms.models import model_to_dict

    from dondoc.tasks.models import Extension, Report, Task, TaskEvent

    def snapshot():
        return (
            model_to_dict(Task.objects.get(pk=task.pk)),
            TaskEvent.objects.count(),
            Report.objects.count(),
            Task.objects.count(),
            list(Extension.objects.order_by("pk").values()),
        )

    before = snapshot()
    yield
    assert snapshot() == before
