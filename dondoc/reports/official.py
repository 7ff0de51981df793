"""The official follow-up report (báo cáo kết quả thực hiện nhiệm vụ do Chủ tịch, các
Phó Chủ tịch UBND tỉnh giao) for a period and a scope: its figures, and their freezing
when the Office closes the period.

**Figures** come from the one statistics core, `dondoc.reports.stats` (the overview's):
the notices' tasks (`stats.scope_tasks`) assigned in the period, led by the scope's unit
and the units below it, each in its official category at the end of the period's last
day (or today, for a period still running); the total, the due, the completion rate on
time, the overdue ageing, the rows per unit (`stats.per_unit`, the units below rolled
up) and the list of open overdue tasks (`stats.narrow`). Nothing is counted here.

**Reproducible once closed: a snapshot.** The status rule replays the history, but a
report rerun a year later would still move: a result submitted in the period and
accepted afterwards counts as done on its submission day, a corrected deadline
("Sửa thông tin") rewrites the original date, a task deleted or restored later leaves
or rejoins the past. So "Khóa kỳ báo cáo" (Office follow-up staff and administrators)
freezes the report's data — every figure, row and overdue task, as JSON — for the whole
province and for each unit at the level below it (departments, communes and wards),
in one transaction, with who closed it and when (`ReportClosure`, never deleted, shown
on the report). Afterwards those scopes' reports for that period are read from the
snapshot, whatever changes; any other scope (a division) is computed again and says so.

Everything the documents show is in the data dict (`build`), so the screen, the .xlsx,
the .docx and the PDF of a report cannot disagree, and a snapshot renders as its live
report did.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from dondoc.notifications.models import Urging
from dondoc.org.choices import Role
from dondoc.org.models import Unit
from dondoc.tasks import status as task_status
from dondoc.tasks.choices import Status
from dondoc.tasks.counts import remembered
from dondoc.tasks.models import Report
from dondoc.tasks.visibility import visible_units

from . import stats
from .models import ReportClosure, ReportSnapshot

# Bump when the data dict's shape changes (a snapshot keeps the version it was made with).
FORMAT = 1
ROMAN = ["I", "II", "III", "IV"]
KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")
KINDS = {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "year": "Năm"}
NO_REASON = "Chưa báo cáo tiến độ, nguyên nhân"


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period (Nghị định 09/2019/NĐ-CP: month, quarter, 6 months, year)."""

    kind: str
    year: int
    number: int = 1

    @property
    def start(self) -> dt.date:
        first_month = {"month": self.number, "quarter": 3 * self.number - 2, "half": 6 * self.number - 5}
        return dt.date(self.year, first_month.get(self.kind, 1), 1)

    @property
    def end(self) -> dt.date:
        last_month = {"month": self.number, "quarter": 3 * self.number, "half": 6 * self.number}
        month = last_month.get(self.kind, 12)
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def key(self) -> str:
        suffix = {"month": f"-{self.number:02d}", "quarter": f"-Q{self.number}", "half": f"-H{self.number}"}
        return f"{self.year}{suffix.get(self.kind, '')}"

    @property
    def label(self) -> str:
        """As a report's title says it: "quý II năm 2026", "6 tháng đầu năm 2026"."""
        if self.kind == "month":
            return f"tháng {self.number} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @classmethod
    def from_key(cls, key: str) -> ReportPeriod | None:
        """ "2026-05", "2026-Q2", "2026-H1", "2026"; None when malformed."""
        match = KEY.match((key or "").strip())
        if not match or not 2000 <= int(match["year"]) <= 2100:
            return None
        year = int(match["year"])
        if match["month"]:
            month = int(match["month"])
            return cls("month", year, month) if 1 <= month <= 12 else None
        if match["quarter"]:
            return cls("quarter", year, int(match["quarter"]))
        if match["half"]:
            return cls("half", year, int(match["half"]))
        return cls("year", year)

    @classmethod
    def recent(cls, today: dt.date, years: int = 3) -> list[ReportPeriod]:
        """Periods that have started, newest first: months, quarters, halves and years of
        the last `years` years."""
        out = []
        for year in range(today.year, today.year - years, -1):
            candidates = [cls("year", year)]
            candidates += [cls("half", year, n) for n in (2, 1)]
            candidates += [cls("quarter", year, n) for n in (4, 3, 2, 1)]
            candidates += [cls("month", year, n) for n in range(12, 0, -1)]
            out += [p for p in candidates if p.start <= today]
        return out

    def as_of(self, today: dt.date) -> dt.date:
        """The day the categories are computed for: the last day, or today while it runs."""
        return min(self.end, today)


def can_close(user) -> bool:
    """Office follow-up staff and administrators close a reporting period."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.FOLLOWUP, Role.ADMIN)))


def scope_units(user):
    """The units whose report `user` may ask for (their visible units, active)."""
    return visible_units(user).filter(active=True)


def _summary(summary: stats.Summary) -> dict:
    return {
        "counts": {category.value: summary.counts[category] for category in Status},
        "total": summary.total,
        "due": summary.due,
        "done": summary.done,
        "overdue": summary.overdue,
        "rate_on_time": summary.rate_on_time,
        "ageing": dict(summary.ageing),
    }


def _urgings(rows: list[stats.Row], unit: Unit | None, start: dt.date, end: dt.date) -> tuple[dict, int]:
    """The urgings sent in the period, per row (its subtree) and in all: one query,
    grouped by the urged unit."""
    urgings = Urging.objects.filter(at__date__gte=start, at__date__lte=end)
    if unit is not None:
        urgings = urgings.filter(unit__path__startswith=unit.path)
    by_path = dict(urgings.order_by().values_list("unit__path").annotate(n=Count("pk")))
    per_row = {}
    for row in rows:
        target = row.criteria.unit
        if target is None:
            continue
        if row.criteria.direct:
            per_row[id(row)] = by_path.get(target.path, 0)
        else:
            per_row[id(row)] = sum(n for path, n in by_path.items() if path.startswith(target.path))
    return per_row, sum(by_path.values())


def _overdue(tasks, criteria: stats.Criteria) -> list[dict]:
    """The open overdue tasks at `criteria.on` behind the figure, most late first, with
    the latest word from the lead unit by then (its last progress or result report) as
    the reason: one query."""
    on = criteria.on
    latest = (
        Report.objects.filter(task=OuterRef("pk"), at__lte=task_status.end_of(on))
        .order_by("-at", "-pk")
        .values("text")[:1]
    )
    query = (
        stats.narrow(tasks, criteria.but(status=Status.OPEN_OVERDUE, ageing=""))
        .annotate(
            _due=task_status.effective_due_on(on),
            _reason=Subquery(latest),
        )
        .order_by("_due", "pk")
        .values(
            "pk",
            "content",
            "_due",
            "_reason",
            "lead_unit__name",
            "assigned_by__full_name",
            "document__number",
            "document__symbol",
            "document__issued_on",
        )
    )
    rows = []
    for row in query:
        symbol = row["document__symbol"]
        document = ""
        if symbol:
            document = f"{row['document__number'] or '...'}/{symbol}"
            if row["document__issued_on"]:
                document += f" ngày {row['document__issued_on']:%d/%m/%Y}"
        rows.append(
            {
                "id": row["pk"],
                "content": row["content"],
                "unit": row["lead_unit__name"],
                "leader": row["assigned_by__full_name"] or "",
                "document": document,
                "due": row["_due"].isoformat(),
                "days_late": (on - row["_due"]).days,
                "reason": (row["_reason"] or "").strip() or NO_REASON,
            }
        )
    return rows


def build(user, period: ReportPeriod, unit: Unit | None, *, today: dt.date) -> dict:
    """The report's data for `period` and `unit` (None: everything `user` sees), as JSON
    values: what every format renders."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # JIT compiling the status expressions costs more than the queries themselves.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return _build(user, period, unit, today=today)


def _build(user, period: ReportPeriod, unit: Unit | None, *, today: dt.date) -> dict:
    on = period.as_of(today)
    criteria = stats.Criteria(on=on, start=period.start, end=min(period.end, on), unit=unit)
    tasks = stats.scope_tasks(user)
    summary = stats.summary(tasks, criteria)
    level = stats.unit_level(user, criteria)
    rows = stats.per_unit(tasks, criteria, user, level)
    urgings, urgings_total = _urgings(rows, unit, period.start, on)
    parent = level[0]
    scope_name = unit.name if unit is not None else (parent.name if parent is not None else "Toàn tỉnh")
    return {
        "format": FORMAT,
        "period": {"key": period.key, "label": period.label, "start": period.start.isoformat()},
        "end": criteria.end.isoformat(),
        "on": on.isoformat(),
        "complete": on == period.end,
        "scope": {"unit": unit.pk if unit is not None else None, "name": scope_name},
        "summary": _summary(summary),
        "query": criteria.query(),
        "units": [
            {
                "label": row.label,
                "own": row.note == "own",
                "query": row.criteria.query(),
                "urgings": urgings.get(id(row), 0),
                **_summary(row.summary),
            }
            for row in rows
        ],
        "urgings": urgings_total,
        "overdue": _overdue(tasks, criteria),
        "generated_at": timezone.now().isoformat(),
    }


@dataclass
class Result:
    """A report's data and where it comes from."""

    data: dict
    snapshot: ReportSnapshot | None  # frozen when the period was closed
    closure: ReportClosure | None  # the period is closed (this scope frozen or not)


def report(user, period: ReportPeriod, unit: Unit | None, *, today: dt.date) -> Result:
    """The report for `period` and `unit`: the snapshot when the period is closed and
    this scope was frozen, else computed now."""
    closure = ReportClosure.objects.filter(period=period.key).select_related("closed_by__person").first()
    if closure is not None:
        snapshot = closure.snapshots.filter(unit=unit).first()
        if snapshot is not None:
            return Result(snapshot.data, snapshot, closure)
    # Remembered until a task changes, like the overview (`counts.remembered`; the key is
    # the SQL of the user's tasks, the period, the scope and the day).
    mine = user.unit if not user.sees_everything() else None
    label = (
        f"official.build {period.key} unit={getattr(unit, 'pk', None)} today={today} "
        f"all={user.sees_everything()} mine={getattr(mine, 'pk', None)}"
    )
    data = remembered(stats.scope_tasks(user), label, lambda: build(user, period, unit, today=today))
    return Result(data, None, closure)


class CloseError(Exception):
    """A refused closing; `str(exc)` is the Vietnamese message."""


def frozen_units(user, today: dt.date) -> list[Unit]:
    """The units whose reports a closing freezes besides the whole province: those at the
    level below the top (the rows of the province's report)."""
    _parent, children = stats.unit_level(user, stats.Criteria(on=today))
    return children


def close(period: ReportPeriod, *, by, today: dt.date, note: str = "") -> ReportClosure:
    """Khóa kỳ báo cáo: freeze the reports of `period` for the whole province and for each
    unit of the level below, in one transaction. Refused for a period not yet ended, one
    already closed, or a user who may not close."""
    if not can_close(by):
        raise CloseError("Chỉ chuyên viên theo dõi của Văn phòng hoặc quản trị viên được khóa kỳ báo cáo.")
    if period.end >= today:
        raise CloseError(
            f"Kỳ {period.label} chưa kết thúc (đến hết ngày {period.end:%d/%m/%Y}): chỉ khóa được kỳ đã qua."
        )
    with transaction.atomic():
        if ReportClosure.objects.select_for_update().filter(period=period.key).exists():
            raise CloseError(f"Kỳ {period.label} đã được khóa trước đó.")
        closure = ReportClosure.objects.create(
            period=period.key, closed_by=by, closed_at=timezone.now(), note=note.strip()
        )
        snapshots = [ReportSnapshot(closure=closure, unit=None, data=build(by, period, None, today=today))]
        for unit in frozen_units(by, today):
            snapshots.append(
                ReportSnapshot(closure=closure, unit=unit, data=build(by, period, unit, today=today))
            )
        ReportSnapshot.objects.bulk_create(snapshots)
    return closure
