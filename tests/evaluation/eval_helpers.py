"""Helpers for the evaluation tests: May 2026 in Phòng Công chức, viên chức of Sở Nội vụ.

The cast (tests/conftest.py) gives the department's director (leader and head), the
division's head and a specialist. `work` builds the tasks of a month through the task
services, at the times they happen, so that the events are the ones the application
writes: the Chairman assigns a task to Sở Nội vụ, the director breaks it down to the
specialist, who submits; the director accepts or returns.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


class Work:
    """Builds tasks for the cast, through the services, at given local days."""

    def __init__(self, cast):
        self.cast = cast

    def parent(
        self,
        content="Nhiệm vụ của Sở Nội vụ",
        *,
        due=dt.date(2026, 6, 30),
        products=("Kế hoạch",),
        on=dt.date(2026, 4, 20),
    ):
        from dondoc.tasks.services import create_task

        return create_task(
            content=content,
            lead_unit=self.cast.snv,
            by=self.cast.clerk,
            assigned_on=on,
            due_date=due,
            products=list(products),
            assigned_by=self.cast.leader.person,
            now=at(on),
        )

    def child(
        self, content, *, due, products=("Báo cáo",), assignee=None, on=dt.date(2026, 4, 28), parent=None
    ):
        """A breakdown of a new Sở Nội vụ task to a person (the specialist by default)."""
        from dondoc.tasks.services import assign

        parent = parent or self.parent(content, products=products, on=on)
        return assign(
            parent,
            by=self.cast.snv_director,
            assignee=(assignee or self.cast.specialist).person,
            due_date=due,
            now=at(on),
        )

    def submit(self, task, day, by=None):
        from dondoc.tasks.services import submit

        submit(task, by=by or self.cast.specialist, text="Đã hoàn thành, gửi kèm sản phẩm.", now=at(day, 10))
        task.refresh_from_db()
        return task

    def accept(self, task, day):
        from dondoc.tasks.services import accept

        accept(task, by=self.cast.snv_director, now=at(day, 15))
        task.refresh_from_db()
        return task

    def return_(self, task, day, reason="Nội dung chưa đạt yêu cầu, cần bổ sung số liệu."):
        from dondoc.tasks.services import return_task

        return_task(task, by=self.cast.snv_director, reason=reason, now=at(day, 15))
        task.refresh_from_db()
        return task

    def done(self, task, submitted, accepted=None):
        self.submit(task, submitted)
        return self.accept(task, accepted or submitted)


def new_person(cast, name="Hoàng Văn Mới", unit=None, group="civil_servant"):
    """A person without an account in the division (or `unit`)."""
    from dondoc.org.models import Person

    return Person.objects.create(
        full_name=name, title="Chuyên viên", unit=unit or cast.snv_ccvc, staff_group=group
    )


def grant(user, role):
    from dondoc.org.models import UserRole

    UserRole.objects.get_or_create(user=user, role=role)
    user._role_cache = None
    return user
