"""Demo data for evaluation: last month's work in Phòng Công chức, viên chức of Sở Nội vụ,
so that the demo's Sở Nội vụ accounts walk the flow in `make run`:

- `cv.snv` (Lý Văn Tú) opens "Đánh giá": last month's computed part (a plan on time, a
  report returned once and late, a submission on time, a draft decision overdue), and
  self-assesses;
- `tp.snv` (Nông Thị Hà, head of the division and Sở Nội vụ's evaluation manager)
  reviews in "Phòng, đơn vị", may change a score with a reason, edits criteria sets;
- `gd.snv` (Vi Văn Hùng, director) approves in "Cơ quan", where the xuất sắc cap shows.

Three colleagues without accounts fill the table (one already reviewed, one approved).
Idempotent: nothing is added once the specialist has tasks assigned.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from dondoc.lib.calendar import get_calendar
from dondoc.lib.dates import local_today
from dondoc.org.choices import Role, StaffGroup
from dondoc.org.models import JobPosition, Person, Unit, User, UserRole
from dondoc.tasks import services as tasks
from dondoc.tasks.models import Task

from . import services
from .choices import PeriodKind
from .defaults import ensure_defaults
from .models import Period, ProductCoefficient, ProductKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FULL = {
    "chinh-tri": "5",
    "dao-duc": "5",
    "ky-luat": "4,5",
    "van-hoa-cong-vu": "5",
    "phuc-vu-nhan-dan": "4,5",
    "doi-moi-sang-tao": "4",
}
COLLEAGUES = [
    ("Hoàng Minh Đức", "Phó Trưởng phòng Công chức, viên chức"),
    ("Lăng Thị Thu", "Chuyên viên Phòng Công chức, viên chức"),
    ("Đinh Văn Khánh", "Chuyên viên Phòng Công chức, viên chức"),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def _user(username: str) -> User | None:
    return User.objects.select_related("person__unit").filter(username=username).first()


def run(today: dt.date | None = None) -> Period | None:
    """Build last month's demo evaluation data (once); returns the month, or None when
    the demo accounts are missing or the data is already there."""
    ensure_defaults()
    today = today or local_today()
    director, head, specialist, chairman = (_user(n) for n in ("gd.snv", "tp.snv", "cv.snv", "lanhdao"))
    if not all((director, head, specialist, chairman)):
        return None
    if Task.objects.filter(assignee=specialist.person).exists():
        return None
    current = Period.containing(PeriodKind.MONTH, today, saved=False)
    month = Period.containing(PeriodKind.MONTH, current.start - dt.timedelta(days=1))
    calendar = get_calendar()

    def wd(n: int) -> dt.date:
        """The n-th working day of the month."""
        return calendar.add_working_days(month.start - dt.timedelta(days=1), n)

    with transaction.atomic():
        UserRole.objects.get_or_create(user=head, role=Role.HR)
        for user in (director, head):
            Person.objects.filter(pk=user.person_id).update(staff_group=StaffGroup.LEADER)
        position, _ = JobPosition.objects.get_or_create(
            code="cv-quan-ly-cong-chuc", defaults={"name": "Chuyên viên quản lý công chức, viên chức"}
        )
        Person.objects.filter(pk=specialist.person_id).update(job_position=position)
        ProductCoefficient.objects.get_or_create(
            job_position=position,
            kind=ProductKind.objects.get(code="KH"),
            defaults={"coefficient": Decimal(2)},
        )
        division = Unit.objects.get(code="snv-ccvc")
        colleagues = [
            Person.objects.get_or_create(
                full_name=name, unit=division, defaults={"title": title, "job_position": position}
            )[0]
            for name, title in COLLEAGUES
        ]
        colleagues[0].staff_group = StaffGroup.LEADER
        colleagues[0].save(update_fields=["staff_group"])
        for user in (director, head, specialist):
            user.refresh_from_db()
            user._role_cache = None

        def task(content, products, due, assignee, *, done=None, returned=None, resubmitted=None):
            """A task of Sở Nội vụ from the Chairman, broken down to `assignee`."""
            assigned = month.start - dt.timedelta(days=7)
            parent = tasks.create_task(
                content=content,
                lead_unit=director.person.unit,
                by=chairman,
                assigned_on=assigned,
                due_date=due,
                products=products,
                assigned_by=chairman.person,
                now=_at(assigned, 8),
            )
            child = tasks.assign(parent, by=director, assignee=assignee, due_date=due, now=_at(assigned, 10))
            submitter = specialist if assignee == specialist.person else head
            if returned:
                tasks.submit(child, by=submitter, text="Gửi dự thảo báo cáo.", now=_at(returned[0], 10))
                tasks.return_task(child, by=director, reason=returned[1], now=_at(returned[0], 16))
            if done:
                tasks.submit(child, by=submitter, text="Đã hoàn thành, gửi kèm sản phẩm.", now=_at(done, 10))
                tasks.accept(child, by=director, now=_at(done, 15))
                # The director reports the result to the Chairman, who accepts it.
                tasks.submit(
                    parent, by=director, text="Sở Nội vụ báo cáo kết quả thực hiện.", now=_at(done, 16)
                )
                tasks.accept(parent, by=chairman, now=_at(done, 17))
            return child

        me = specialist.person
        task("Xây dựng Kế hoạch tuyển dụng công chức năm 2027", ["Kế hoạch"], wd(8), me, done=wd(7))
        task(
            "Báo cáo kết quả đánh giá, xếp loại chất lượng cán bộ, công chức quý III",
            ["Báo cáo"],
            wd(10),
            me,
            returned=(wd(9), "Thiếu số liệu của các xã, phường; đề nghị bổ sung."),
            done=wd(12),
        )
        task("Tờ trình kiện toàn Hội đồng thi tuyển công chức", ["Tờ trình"], wd(15), me, done=wd(14))
        task(
            "Dự thảo Quyết định ban hành Quy chế đánh giá cán bộ, công chức theo kết quả, sản phẩm",
            ["dự thảo Quyết định"],
            wd(18),
            me,
        )
        task(
            "Báo cáo sơ kết công tác cán bộ 6 tháng cuối năm",
            ["Báo cáo"],
            month.end + dt.timedelta(days=20),
            me,
        )
        task(
            "Báo cáo tình hình biên chế công chức các sở, ngành",
            ["Báo cáo"],
            wd(12),
            head.person,
            done=wd(11),
        )
        for i, person in enumerate(colleagues):
            task(f"Rà soát hồ sơ công chức đợt {i + 1}", ["Báo cáo"], wd(6 + i), person, done=wd(5 + i))
            # The last colleague delivers the plan two working days late.
            delivered = wd(16 + i) if i < 2 else wd(18 + i)
            task(
                f"Kế hoạch bồi dưỡng công chức đợt {i + 1}", ["Kế hoạch"], wd(16 + i), person, done=delivered
            )

        # One colleague already reviewed, one approved: the tables show every state.
        now = _at(today, 8)
        reviewed = services.evaluation_for(colleagues[1], month)
        services.review(
            reviewed,
            by=head,
            scores={**FULL, "doi-moi-sang-tao": "5"},
            comment="Hoàn thành tốt nhiệm vụ.",
            now=now,
        )
        approved = services.evaluation_for(colleagues[2], month)
        services.review(approved, by=head, scores=FULL, comment="Hoàn thành nhiệm vụ được giao.", now=now)
        services.approve(approved, by=director, comment="Đồng ý.", now=now)
    return month
