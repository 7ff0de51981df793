"""The one statistics core: the overview pages, the task list's figures and the official
reports all count with it, so a figure and the list behind it cannot disagree.

Rules (../shared/DOMAIN.md; report 1270/BC-TCTTTg; `dondoc.tasks.status`):

- **What is counted**: the notice's tasks, `status.top_level` (a breakdown to divisions
  and people is part of its parent), that the user may see (`visibility.visible_tasks`),
  soft-deleted ones left out. `scope_tasks(user)` is that queryset.
- **Period** (`Criteria.start`, `Criteria.end`, both optional, inclusive): the tasks
  *assigned* (ngày giao, `Task.assigned_on`) in the period. The overview's default
  period is the year of the as-of day up to that day (`default_criteria`).
- **As-of day** (`Criteria.on`): each task's official category at the end of that day
  (`Status`: hoàn thành đúng hạn / quá hạn; chưa hoàn thành trong hạn / quá hạn;
  thường xuyên, định kỳ; không có thời hạn; không tính — thu hồi, hủy), computed by the
  database with `status_filter(category, on)`. Tasks assigned after the as-of day have
  no category and are counted nowhere.
- **Total** (`Summary.total`): every category but "không tính". **Due** (`Summary.due`,
  đến hạn): the tasks with a dated deadline that are complete or past their deadline
  (done on time + done late + open overdue). **Completion rate on time**
  (`Summary.rate_on_time`, %): done on time ÷ due; None when nothing is due.
- **Overdue ageing** (`AGEING`): the open overdue tasks by calendar days past their
  effective deadline at the as-of day: 1-7, 8-30, 31-90, over 90.
- **Per unit** (`per_unit`): the lead unit (đơn vị chủ trì), the units below a unit
  rolled up into it: the rows are the direct children of the chosen unit (or the top
  units the user sees), each with its whole subtree, plus the chosen unit's own tasks;
  ranked by open overdue (most first), then by completion rate on time (lowest first).
- **Per field** (`per_field`, `Task.field`, lĩnh vực), **per assigning leader**
  (`per_leader`, `Task.assigned_by`) and **per source document** (`per_document`):
  one row per value, tasks without one in a row of their own (`NONE`).
- **Trend** (`trend`): for each of the 12 months up to the as-of day's month, the tasks
  assigned in that month, by category at the as-of day.
- **Action lists** (`actions`, today only): open overdue tasks, open tasks due this week
  (today to Sunday), results waiting for the assigning leader's decision and extension
  requests waiting for one (the Office's queues, `tasks.queues`).

Every figure carries the task list's query string that lists its tasks
(`Criteria.query()`, the list's parameters); the list narrows with `narrow`, the function
every figure is counted with. Each function runs a fixed number of queries whatever the
number of tasks (one aggregate, plus one for the names of the rows); no task is loaded
into Python.

API (stable; used by dondoc.reports views and the official reports)::

    criteria = Criteria(on=day, start=d1, end=d2, unit=unit, field=3, leader=NONE)
    tasks = scope_tasks(user)                 # top-level visible tasks
    narrow(tasks, criteria)                   # the tasks behind a figure (list uses it)
    summary(tasks, criteria) -> Summary       # counts, total, due, rate, ageing
    per_unit(tasks, criteria, user) -> [Row]  # Row.label, Row.summary, Row.criteria
    per_field / per_leader / per_document(tasks, criteria[, limit]) -> [Row]
    trend(tasks, criteria, months=12) -> [Row]
    actions(tasks, today) -> Actions
    overview(user, criteria) -> Overview      # all of the above
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from dondoc.org.models import Person, Unit
from dondoc.tasks import status as task_status
from dondoc.tasks.choices import OfficeQueue, Status
from dondoc.tasks.counts import remembered
from dondoc.tasks.models import Field, Task
from dondoc.tasks.queues import assigned_to_q, office_queue_q
from dondoc.tasks.visibility import visible_tasks, visible_units

# The value of `Criteria.field` / `.leader` / `.document` for tasks without one (the
# task list's parameter value too).
NONE = "none"

# Overdue ageing buckets: (code, label, first day, last day or None).
AGEING = [
    ("1-7", "1-7 ngày", 1, 7),
    ("8-30", "8-30 ngày", 8, 30),
    ("31-90", "31-90 ngày", 31, 90),
    ("90+", "Trên 90 ngày", 91, None),
]
AGEING_CODES = [code for code, *_ in AGEING]
AGEING_LABELS = {code: label for code, label, *_ in AGEING}

# The categories counted in the total (every one but "không tính": recalled, cancelled).
COUNTED = [category for category in Status if category != Status.NOT_COUNTED]
DUE = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.OPEN_OVERDUE]
DONE = [Status.DONE_ON_TIME, Status.DONE_LATE]
# Groups of categories behind the totals, usable wherever a category is (`status`).
STATUS_GROUPS = {
    "counted": ("Tất cả (trừ đã thu hồi, hủy)", COUNTED),
    "due": ("Đến hạn (đã hoàn thành hoặc quá hạn)", DUE),
    "done": ("Đã hoàn thành", DONE),
}
STATUS_CHOICES = [*Status.choices, *((key, label) for key, (label, _c) in STATUS_GROUPS.items())]


def status_filter(category: str, on: dt.date) -> Q:
    """A filter for the tasks in `category` (a `Status` value or a `STATUS_GROUPS` key)
    at the end of `on`: `status.status_q_on` when present (status for any day in SQL),
    else `status.status_q` (exact for today)."""
    if category in STATUS_GROUPS:
        q = Q(pk__in=[])
        for member in STATUS_GROUPS[category][1]:
            q |= status_filter(member, on)
        return q
    status_q_on = getattr(task_status, "status_q_on", None)
    if status_q_on is not None:
        return status_q_on(category, on)
    return task_status.status_q(category, on)


def ageing_filter(code: str, on: dt.date) -> Q:
    """Open overdue tasks at the end of `on` whose effective deadline in force then
    (`status.effective_due_on` when present, else the stored one) was `first`..`last`
    calendar days before `on`."""
    effective_due_on = getattr(task_status, "effective_due_on", None)
    due = effective_due_on(on) if effective_due_on is not None else F("effective_due_date")
    for bucket, _label, first, last in AGEING:
        if bucket == code:
            q = status_filter(Status.OPEN_OVERDUE, on) & Q(
                LessThanOrEqual(due, on - dt.timedelta(days=first))
            )
            if last is not None:
                q &= Q(GreaterThanOrEqual(due, on - dt.timedelta(days=last)))
            return q
    raise ValueError(f"unknown ageing bucket {code!r}")


@dataclass(frozen=True)
class Criteria:
    """What a figure counts: the as-of day, the period and the narrowing filters. Its
    `query()` is the task list's query string for the same tasks."""

    on: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    unit: Unit | None = None  # lead unit, the units below it included
    direct: bool = False  # only the tasks `unit` itself leads, not those of the units below
    field: int | str | None = None  # Field id, or NONE
    leader: int | str | None = None  # Person id of the assigning leader, or NONE
    document: int | str | None = None  # Document id, or NONE
    assignee: int | None = None  # Person id: tasks in which they are assigned (queues.assigned_to_q)
    status: str = ""  # a Status value
    ageing: str = ""  # an AGEING code (open overdue tasks of that age)

    def but(self, **changes) -> Criteria:
        return replace(self, **changes)

    def query(self) -> dict[str, str]:
        """The task list's GET parameters (dd/mm/yyyy dates)."""
        params = {"as_of": f"{self.on:%d/%m/%Y}"}
        if self.start:
            params["assigned_from"] = f"{self.start:%d/%m/%Y}"
        if self.end:
            params["assigned_to"] = f"{self.end:%d/%m/%Y}"
        if self.unit is not None:
            params["unit"] = str(self.unit.pk)
            if self.direct:
                params["direct"] = "1"
        for name in ("field", "leader", "document", "assignee"):
            value = getattr(self, name)
            if value is not None and value != "":
                params[name] = str(value)
        if self.status:
            params["status"] = str(self.status)
        if self.ageing:
            params["ageing"] = self.ageing
        return params


def default_criteria(on: dt.date) -> Criteria:
    """The overview's default: the year of `on` up to `on`, as of `on`."""
    return Criteria(on=on, start=dt.date(on.year, 1, 1), end=on)


def scope_tasks(user) -> QuerySet[Task]:
    """The tasks the official figures count for `user`: the top-level tasks they may see."""
    return task_status.top_level(visible_tasks(user))


def _by_value(name: str, value) -> Q:
    if value == NONE:
        return Q(**{f"{name}__isnull": True})
    return Q(**{f"{name}_id": int(value)})


def narrow(tasks: QuerySet[Task], criteria: Criteria) -> QuerySet[Task]:
    """`tasks` narrowed to those behind a figure: period, unit (and below), field,
    assigning leader, document, then category and ageing at `criteria.on`. Without a
    category, tasks assigned after `criteria.on` are left out (they have no status)."""
    c = criteria
    q = Q(assigned_on__lte=c.on)
    if c.start:
        q &= Q(assigned_on__gte=c.start)
    if c.end:
        q &= Q(assigned_on__lte=c.end)
    if c.unit is not None:
        q &= Q(lead_unit=c.unit) if c.direct else Q(lead_unit__path__startswith=c.unit.path)
    for name in ("field", "leader", "document"):
        value = getattr(c, name)
        if value is not None and value != "":
            q &= _by_value("assigned_by" if name == "leader" else name, value)
    if c.assignee:
        q &= assigned_to_q(c.assignee)
    if c.status:
        q &= status_filter(c.status, c.on)
    if c.ageing:
        q &= ageing_filter(c.ageing, c.on)
    return tasks.filter(q)


@dataclass
class Summary:
    """The counts of one group of tasks at the as-of day."""

    counts: dict  # {Status: number}
    ageing: dict  # {AGEING code: number of open overdue tasks}

    @property
    def total(self) -> int:
        return sum(self.counts[c] for c in COUNTED)

    @property
    def due(self) -> int:
        return (
            self.counts[Status.DONE_ON_TIME]
            + self.counts[Status.DONE_LATE]
            + self.counts[Status.OPEN_OVERDUE]
        )

    @property
    def done(self) -> int:
        return self.counts[Status.DONE_ON_TIME] + self.counts[Status.DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[Status.OPEN_OVERDUE]

    @property
    def rate_on_time(self) -> float | None:
        """Done on time ÷ due, in %, one decimal; None when nothing is due."""
        if not self.due:
            return None
        return round(100 * self.counts[Status.DONE_ON_TIME] / self.due, 1)


def _age_case(on: dt.date):
    """An expression: the `AGEING` code of a task whose effective deadline in force at
    `on` lies that many days before `on` ("" otherwise). It is the ageing of the open
    overdue tasks; `_counted` reads it for those only (as `ageing_filter` does)."""
    effective_due_on = getattr(task_status, "effective_due_on", None)
    due = effective_due_on(on) if effective_due_on is not None else F("effective_due_date")
    whens = []
    for code, _label, first, last in AGEING:
        q = Q(LessThanOrEqual(due, on - dt.timedelta(days=first)))
        if last is not None:
            q &= Q(GreaterThanOrEqual(due, on - dt.timedelta(days=last)))
        whens.append(When(q, then=Value(code)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _counted(tasks: QuerySet[Task], on: dt.date, *columns: str) -> dict:
    """{value of `columns` (one: the value; none: ()): Summary} of `tasks` at `on`, in one
    query: each task's category (`status.status_case`, the same rule as `status_filter`)
    and ageing computed once per row and grouped, rather than one conditional count per
    category (which evaluates the deadline rule dozens of times per task)."""
    rows = (
        tasks.order_by()
        .annotate(_s=task_status.status_case(on), _a=_age_case(on))
        .values(*columns, "_s", "_a")
        .annotate(_n=Count("*"))
        .order_by()
    )
    out: dict = {}
    for row in remembered(rows, "stats.counted", lambda: list(rows)):
        if row["_s"] is None:  # assigned after `on`: no category
            continue
        key = () if not columns else row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)
        found = out.setdefault(key, _empty())
        category = Status(row["_s"])
        found.counts[category] += row["_n"]
        if category == Status.OPEN_OVERDUE and row["_a"]:
            found.ageing[row["_a"]] += row["_n"]
    return out


def summary(tasks: QuerySet[Task], criteria: Criteria) -> Summary:
    """The counts of `narrow(tasks, criteria)` (its category and ageing ignored): one query."""
    base = narrow(tasks, criteria.but(status="", ageing=""))
    return _counted(base, criteria.on).get((), _empty())


@dataclass
class Row:
    """One line of a breakdown: its label, its counts, and the criteria of its tasks."""

    key: object
    label: str
    summary: Summary
    criteria: Criteria
    note: str = ""


def _grouped(tasks: QuerySet[Task], criteria: Criteria, column: str) -> dict:
    return _counted(narrow(tasks, criteria.but(status="", ageing="")), criteria.on, column)


def _rank(rows: list[Row]) -> list[Row]:
    return sorted(
        rows,
        key=lambda r: (
            -r.summary.overdue,
            r.summary.rate_on_time if r.summary.rate_on_time is not None else 101,
            -r.summary.total,
            r.label,
        ),
    )


def unit_level(user, criteria: Criteria) -> tuple[Unit | None, list[Unit]]:
    """The unit whose breakdown is shown (`criteria.unit`, else the user's top visible
    unit when there is one) and the units of the rows: its active direct children (or
    the top visible units)."""
    units = visible_units(user)
    parent = criteria.unit
    if parent is None:
        tops = [u for u in units.filter(parent__isnull=True)] if user.sees_everything() else []
        if not user.sees_everything() and user.unit is not None:
            parent = user.unit
        elif len(tops) == 1:
            parent = tops[0]
        else:
            return None, sorted(tops, key=lambda u: (u.order, u.name))
    children = list(units.filter(parent=parent).order_by("order", "name"))
    return parent, children


def per_unit(tasks: QuerySet[Task], criteria: Criteria, user, level=None) -> list[Row]:
    """Per lead unit at the level below `criteria.unit` (see `unit_level`; `level`: its
    result, when already known), the units below rolled up; ranked. A fixed number of
    queries: the units, and one aggregate by lead unit."""
    parent, children = level or unit_level(user, criteria)
    by_lead = _grouped(tasks, criteria, "lead_unit")
    paths = dict(Unit.objects.filter(pk__in=[k for k in by_lead if k]).values_list("pk", "path"))
    groups: dict[int, Summary] = {}
    own = _empty()
    for unit_id, s in by_lead.items():
        path = paths.get(unit_id, "")
        target = next((c for c in children if path.startswith(c.path)), None)
        if target is None:
            if parent is not None and unit_id == parent.pk:
                _add(own, s)
            continue
        _add(groups.setdefault(target.pk, _empty()), s)
    rows = [
        Row(c.pk, c.short_name or c.name, groups[c.pk], criteria.but(unit=c))
        for c in children
        if c.pk in groups
    ]
    rows = _rank(rows)
    if parent is not None and own.total + own.counts[Status.NOT_COUNTED]:
        # The chosen unit's own tasks (led by it, not by a unit below).
        label = f"{parent.short_name or parent.name} (trực tiếp chủ trì)"
        rows.append(Row(parent.pk, label, own, criteria.but(unit=parent, direct=True), "own"))
    return rows


def _empty() -> Summary:
    return Summary({c: 0 for c in Status}, {code: 0 for code in AGEING_CODES})


def _add(into: Summary, s: Summary) -> None:
    for c in Status:
        into.counts[c] += s.counts[c]
    for code in AGEING_CODES:
        into.ageing[code] += s.ageing[code]


def per_field(tasks: QuerySet[Task], criteria: Criteria) -> list[Row]:
    """Per field (lĩnh vực), in the fields' order; tasks without one last."""
    groups = _grouped(tasks, criteria, "field")
    fields = Field.objects.in_bulk([k for k in groups if k])
    rows = [Row(k, fields[k].name, s, criteria.but(field=k)) for k, s in groups.items() if k and k in fields]
    rows.sort(key=lambda r: (fields[r.key].order, r.label))
    if None in groups:
        rows.append(Row(None, "Chưa xác định lĩnh vực", groups[None], criteria.but(field=NONE)))
    return rows


def per_leader(tasks: QuerySet[Task], criteria: Criteria) -> list[Row]:
    """Per assigning leader (lãnh đạo giao), most tasks first; tasks without one last."""
    groups = _grouped(tasks, criteria, "assigned_by")
    people = Person.objects.in_bulk([k for k in groups if k])
    rows = [
        Row(k, people[k].full_name, s, criteria.but(leader=k), people[k].title)
        for k, s in groups.items()
        if k and k in people
    ]
    rows.sort(key=lambda r: (-r.summary.total, r.label))
    if None in groups:
        rows.append(Row(None, "Chưa có lãnh đạo giao", groups[None], criteria.but(leader=NONE)))
    return rows


def per_document(tasks: QuerySet[Task], criteria: Criteria, limit: int = 10) -> list[Row]:
    """The source documents with the most open overdue tasks (then the most tasks), at
    most `limit`: one aggregate ordered and cut by the database, one query for names."""
    from dondoc.documents.models import Document

    base = narrow(tasks, criteria.but(status="", ageing="")).filter(document__isnull=False).order_by()
    # The documents to show (one light aggregate, ordered and cut by the database), then
    # their figures (the same count as every other figure, on those documents only).
    ranked = (
        base.values("document")
        .annotate(_o=Count("pk", filter=status_filter(Status.OPEN_OVERDUE, criteria.on)), _n=Count("pk"))
        .order_by("-_o", "-_n", "document")
        .values_list("document", flat=True)[:limit]
    )
    top = remembered(ranked, "stats.documents", lambda: list(ranked))
    groups = _counted(base.filter(document__in=top), criteria.on, "document") if top else {}
    documents = Document.objects.only(*DOCUMENT_COLUMNS).in_bulk(top)
    out = []
    for pk in top:
        doc = documents.get(pk)
        if doc is None:
            continue
        out.append(
            Row(
                doc.pk,
                document_label(doc),
                groups.get(pk, _empty()),
                criteria.but(document=doc.pk),
                doc.subject,
            )
        )
    return out


DOCUMENT_COLUMNS = ("pk", "number", "symbol", "issued_on", "subject", "original_name")


def document_label(doc) -> str:
    """A document as the reports name it: "Số 443/TB-UBND ngày 05/02/2026"."""
    parts = [
        f"Số {doc.reference}" if doc.reference else "",
        f"ngày {doc.issued_on:%d/%m/%Y}" if doc.issued_on else "",
    ]
    return " ".join(p for p in parts if p) or doc.original_name or f"Văn bản #{doc.pk}"


def months_back(on: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """The `months` calendar months up to the one of `on`, oldest first: (first, last day)."""
    out = []
    year, month = on.year, on.month
    for _ in range(months):
        last = dt.date(year, month, _calendar.monthrange(year, month)[1])
        out.append((dt.date(year, month, 1), last))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def trend(tasks: QuerySet[Task], criteria: Criteria, months: int = 12) -> list[Row]:
    """For each of the `months` months up to `criteria.on`'s, the tasks assigned in it (the
    period ignored), by category at `criteria.on`: one aggregate query."""
    spans = months_back(criteria.on, months)
    base = narrow(tasks, criteria.but(start=spans[0][0], end=None, status="", ageing=""))
    by_day = _counted(base, criteria.on, "assigned_on")
    out = []
    for first, last in spans:
        month = _empty()
        for day, s in by_day.items():
            if first <= day <= last:
                _add(month, s)
        end = min(last, criteria.on)
        out.append(Row(first, f"{first:%m/%Y}", month, criteria.but(start=first, end=end)))
    return out


@dataclass
class Action:
    key: str
    label: str
    count: int
    query: dict
    tasks: list = field(default_factory=list)  # the first few, soonest deadline first


@dataclass
class Actions:
    items: list[Action]


def week_end(today: dt.date) -> dt.date:
    """The Sunday of `today`'s week."""
    return today + dt.timedelta(days=6 - today.weekday())


def actions(tasks: QuerySet[Task], today: dt.date, unit: Unit | None = None, first: int = 5) -> Actions:
    """What needs action now, whatever the period: open overdue tasks, open tasks due by
    Sunday, results and extension requests waiting for a decision. One aggregate query,
    and one per list for its first `first` tasks."""
    base = tasks.order_by()
    if unit is not None:
        base = base.filter(lead_unit__path__startswith=unit.path)
    now = Criteria(on=today, unit=unit)
    week = {"due_from": f"{today:%d/%m/%Y}", "due_to": f"{week_end(today):%d/%m/%Y}"}
    lists = [
        ("overdue", "Quá hạn, chưa hoàn thành", status_filter(Status.OPEN_OVERDUE, today), now.but(status=Status.OPEN_OVERDUE).query()),
        (
            "week",
            "Đến hạn trong tuần này",
            status_filter(Status.OPEN_ON_TIME, today) & Q(effective_due_date__lte=week_end(today)),
            {**now.but(status=Status.OPEN_ON_TIME).query(), **week},
        ),
        ("results", "Kết quả chờ đánh giá", office_queue_q(OfficeQueue.RESULTS), {**now.query(), "queue": OfficeQueue.RESULTS.value}),
        (
            "extensions",
            "Đề nghị gia hạn chờ quyết định",
            office_queue_q(OfficeQueue.EXTENSIONS),
            {**now.query(), "queue": OfficeQueue.EXTENSIONS.value},
        ),
    ]  # fmt: skip
    aggregates = {key: Count("pk", filter=q) for key, _label, q, _query in lists}
    label = f"stats.actions {today.isoformat()} {sorted(aggregates)}"  # the filters depend on the day
    counts = remembered(base, label, lambda: base.aggregate(**aggregates))
    items = []
    for key, label, q, query in lists:
        shown = []
        if counts[key]:
            listed = base.filter(q).select_related("lead_unit").order_by("effective_due_date", "id")[:first]
            shown = remembered(listed, f"stats.actions.first {today.isoformat()}", lambda qs=listed: list(qs))
        items.append(Action(key, label, counts[key], query, shown))
    return Actions(items)


@dataclass
class Overview:
    criteria: Criteria
    summary: Summary
    units: list[Row]
    unit: Unit | None  # the unit whose breakdown `units` is
    fields: list[Row]
    leaders: list[Row]
    documents: list[Row]
    trend: list[Row]
    actions: Actions | None


def overview(
    user, criteria: Criteria, *, today: dt.date | None = None, with_actions: bool = True
) -> Overview:
    """Every figure of the overview of `user`'s scope (narrowed by `criteria.unit`),
    remembered as a whole until a task changes (`counts.remembered`: the key is the SQL
    of the user's tasks in the criteria, so two users with the same scope share it)."""
    with task_status.replay_memo():
        scope = narrow(scope_tasks(user), criteria.but(status="", ageing=""))
        unit = user.unit if not user.sees_everything() else None
        label = (
            f"stats.overview {_criteria_key(criteria)} today={today} actions={with_actions} "
            f"all={user.sees_everything()} unit={getattr(unit, 'pk', None)}"
        )
        return remembered(
            scope, label, lambda: _overview(user, criteria, today=today, with_actions=with_actions)
        )


def _criteria_key(c: Criteria) -> str:
    return " ".join(f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(vars(c).items()))


def _overview(user, criteria: Criteria, *, today: dt.date | None, with_actions: bool) -> Overview:
    tasks = scope_tasks(user)
    level = unit_level(user, criteria)
    return Overview(
        criteria=criteria,
        summary=summary(tasks, criteria),
        units=per_unit(tasks, criteria, user, level),
        unit=level[0],
        fields=per_field(tasks, criteria),
        leaders=per_leader(tasks, criteria),
        documents=per_document(tasks, criteria),
        trend=trend(tasks, criteria),
        actions=actions(tasks, today or criteria.on, criteria.unit) if with_actions else None,
    )
