"""The world of the official report's tests (plain module: see tests/tasks/tasks_helpers.py
for why not a conftest): May 2026 of a small province, and the statistics core's figures."""

from __future__ import annotations

import datetime as dt

import time_machine

from dondoc.reports import official, stats
from dondoc.tasks.choices import Recurrence
from dondoc.tasks.services import accept, create_task, submit

VN = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.date(2026, 6, 15)  # a Monday; May 2026 has ended
MAY = official.ReportPeriod("month", 2026, 5)
END_OF_MAY = dt.date(2026, 5, 31)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def core(user):
    """The statistics core's figures for May as of its last day (what the report shows)."""
    criteria = stats.Criteria(on=END_OF_MAY, start=MAY.start, end=END_OF_MAY)
    return stats.summary(stats.scope_tasks(user), criteria)


def build_may(cast):
    """Five notice tasks assigned on Monday 4 May 2026 by the Chairman:

    | task | lead         | deadline | what happened in May                  | at 31/05         |
    |------|--------------|----------|---------------------------------------|------------------|
    | late | Sở Nội vụ    | 20/05    | result submitted 29/05, not judged    | open, overdue 11 |
    | stc  | Sở Tài chính | 25/05    | nothing                               | open, overdue 6  |
    | done | P. CCVC      | 15/05    | submitted 14/05, accepted 15/05       | done on time     |
    | xa   | UBND xã      | 30/06    | nothing                               | open, on time    |
    | tx   | Sở Nội vụ    | —        | monthly                               | recurring        |
    """
    chair = cast.leader.person

    def make(content, unit, due, **kwargs):
        return create_task(
            content=content,
            lead_unit=unit,
            due_date=due,
            assigned_on=dt.date(2026, 5, 4),
            assigned_by=chair,
            by=cast.clerk,
            **kwargs,
        )

    with time_machine.travel(at(dt.date(2026, 5, 4)), tick=False):
        tasks = {
            "late": make("Rà soát vị trí việc làm", cast.snv, dt.date(2026, 5, 20)),
            "stc": make("Lập dự toán bổ sung", cast.stc, dt.date(2026, 5, 25)),
            "done": make("Báo cáo biên chế", cast.snv_ccvc, dt.date(2026, 5, 15)),
            "xa": make("Giải phóng mặt bằng", cast.commune, dt.date(2026, 6, 30)),
            "tx": make("Theo dõi tình hình", cast.snv, None, recurrence=Recurrence.MONTHLY),
        }
    with time_machine.travel(at(dt.date(2026, 5, 14)), tick=False):
        submit(tasks["done"], by=cast.ccvc_head, text="Đã gửi báo cáo")
    with time_machine.travel(at(dt.date(2026, 5, 15)), tick=False):
        accept(tasks["done"], by=cast.leader)
    with time_machine.travel(at(dt.date(2026, 5, 29)), tick=False):
        submit(tasks["late"], by=cast.snv_director, text="Chậm do chờ ý kiến các sở")
    return tasks
