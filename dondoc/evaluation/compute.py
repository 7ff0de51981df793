"""The task-results facts of people and units for a period, aggregated in the database.

One SQL statement (`_sql`) does the work for any number of people and units: it selects
the tasks that count in the period, finds who each counts for, expands each task's
products (the JSON list on the task) and weighs them by the product catalogue, applies
the deductions and the objective causes, and either sums the products per person and
per unit (`aggregate`) or lists them for one person or unit (`product_lines`, the
explanation). Both read the same common table expressions, so the numbers on the
screen and the list behind them cannot disagree.

Which tasks count in period [s, e] (decided here, documented in the README):

- not soft-deleted, assigned by e, not recalled or cancelled by e;
- completed (accepted) within [s, e], or not completed by e and due by e: a task due in
  the period, or still overdue from an earlier one, counts until it is done; a task
  completed early counts in the period it was completed; a task with no time limit
  (thường xuyên) counts when completed.
- The deadline is the one in force at the end of e: an extension granted later does not
  reach back (as in `dondoc.tasks.status`).

Who a task counts for:

- a person: the tasks assigned to them (breakdowns — child tasks — included), and, for
  the head or leader of a unit (account role), the tasks their unit leads that are not a
  breakdown inside that same unit (a breakdown is part of its parent, which the head
  already answers for);
- a unit: the same "unit's tasks": led by it, not a breakdown inside it. For an agency
  these are its top-level tasks (the official count), plus what another unit handed it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from dondoc.lib.calendar import get_calendar
from dondoc.org.choices import Role
from dondoc.org.models import Person
from dondoc.tasks.choices import EventKind, ExtensionStatus, TaskState
from dondoc.tasks.status import end_of

from .formula import Facts, dec
from .models import ProductKind

PERSON = "p"
UNIT = "u"
# How far around the period the weekend/holiday shift table reaches, for deadlines moved
# by an extension granted after the period (rare; years before and after the period).
SHIFT_YEARS_BEFORE = 3
SHIFT_YEARS_AFTER = 1


@dataclass(frozen=True)
class Params:
    """The parts of a criteria set the SQL needs (the rest is applied in `formula`)."""

    quality_deduction: Decimal  # fraction lost per return, e.g. 0.25
    timeliness_deduction: Decimal  # fraction lost per delay
    delay_unit_days: int  # 0: one delay per late product

    @classmethod
    def of(cls, rules) -> Params:
        return cls(
            Decimal(rules.quality_deduction_percent) / 100,
            Decimal(rules.timeliness_deduction_percent) / 100,
            int(rules.delay_unit_days),
        )


@dataclass(frozen=True)
class ProductLine:
    """One product of one task, as it counts for one person or unit."""

    task_id: int
    product: str
    kind_id: int
    coefficient: Decimal
    done: bool
    due: dt.date | None
    completed_on: dt.date | None
    returns_raw: int
    returns: int
    days_late: int
    delays: int
    late: bool  # not completed by its deadline, after any objective cause
    late_raw: bool  # not completed by its deadline, before objective causes
    exempt_quality: bool
    exempt_timeliness: bool
    quality_factor: Decimal
    timeliness_factor: Decimal

    @property
    def exempted(self) -> bool:
        """An objective cause lifted a deduction or a lateness of this product."""
        return (self.exempt_quality and self.done and self.returns_raw > 0) or (
            self.exempt_timeliness and self.late_raw
        )


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _date_literal(day: dt.date) -> str:
    # Generated from the calendar, never from user input.
    return f"DATE '{day.isoformat()}'" if connection.vendor == "postgresql" else f"'{day.isoformat()}'"


def _shift_values(end: dt.date) -> str:
    """A VALUES list mapping each non-working day to the day a deadline on it really ends
    (Bộ luật Dân sự 2015, Điều 148), for the years around the period."""
    calendar = get_calendar()
    rows = []
    day = dt.date(end.year - SHIFT_YEARS_BEFORE, 1, 1)
    last = dt.date(end.year + SHIFT_YEARS_AFTER, 12, 31)
    while day <= last:
        if not calendar.is_working_day(day):
            rows.append(f"({_date_literal(day)}, {_date_literal(calendar.next_working_day(day))})")
        day += dt.timedelta(days=1)
    return ", ".join(rows) or f"({_date_literal(end)}, {_date_literal(end)})"


def _ids(values) -> str:
    return ", ".join(str(int(v)) for v in values) or "NULL"


def _sql(
    start: dt.date,
    end: dt.date,
    params: Params,
    *,
    persons: list[int] | None,
    units: list[int] | None,
    detail: tuple[str, int] | None = None,
) -> tuple[str, dict]:
    """The statement and its parameters. `persons` / `units`: None for everyone, a list
    to restrict (an empty list: none of them). `detail`: (PERSON or UNIT, id) to list
    that owner's product lines instead of summing everyone's."""
    pg = connection.vendor == "postgresql"
    fallback = ProductKind.objects.filter(is_fallback=True).values_list("pk", flat=True).first()
    if fallback is None:
        raise ProductKind.DoesNotExist("No fallback product kind: run the evaluation migrations.")
    if detail is not None:
        kind, owner = detail
        persons, units = ([owner], []) if kind == PERSON else ([], [owner])

    # Restrict the task scan to the tasks that can count for the owners asked about,
    # so that recomputing a few people reads a few tasks (indexes on assignee, lead unit).
    person_filter = "" if persons is None else f" AND pe.id IN ({_ids(persons)})"
    if persons is None or units is None:
        task_scope = ""
    else:
        # Two plain lists, so that the database combines its indexes on the assignee and
        # on the lead unit (a bitmap OR) instead of scanning every task.
        person_units = set(Person.objects.filter(pk__in=persons).values_list("unit_id", flat=True))
        task_scope = f" AND (t.assignee_id IN ({_ids(persons)}) OR t.lead_unit_id IN ({_ids(set(units) | person_units)}))"
    assignee_scope = "" if persons is None else f" AND rel.assignee_id IN ({_ids(persons)})"
    unit_scope = "" if units is None else f" AND rel.lead_unit_id IN ({_ids(units)})"

    if pg:
        products = "LEFT JOIN LATERAL jsonb_array_elements_text(rel.products) AS pr(name) ON TRUE"
        product_name = "pr.name"
        days_late = "(rel.completed_on - rel.due)"
    else:
        products = "LEFT JOIN json_each(rel.products) AS pr"
        product_name = "pr.value"
        days_late = "CAST(julianday(rel.completed_on) - julianday(rel.due) AS INTEGER)"
    delays = (
        "1"
        if params.delay_unit_days <= 0
        else f"(({days_late} + {params.delay_unit_days - 1}) / {params.delay_unit_days})"
    )

    statement = f"""
WITH shift(day, eff) AS (VALUES {_shift_values(end)}),
late AS (
    SELECT DISTINCT x.task_id FROM tasks_extension x
    WHERE x.status = %(granted)s AND x.decided_at > %(end_at)s
),
last_grant AS (
    SELECT g.task_id, g.granted_date FROM (
        SELECT x.task_id, x.granted_date,
               ROW_NUMBER() OVER (PARTITION BY x.task_id ORDER BY x.decided_at DESC, x.id DESC) AS rn
        FROM tasks_extension x
        WHERE x.status = %(granted)s AND x.decided_at <= %(end_at)s AND x.task_id IN (SELECT task_id FROM late)
    ) g WHERE g.rn = 1
),
late_due AS (
    SELECT d.task_id, COALESCE(sh.eff, d.due) AS due FROM (
        SELECT l.task_id, COALESCE(lg.granted_date, t.original_due_date, t.due_date) AS due
        FROM late l JOIN tasks_task t ON t.id = l.task_id
        LEFT JOIN last_grant lg ON lg.task_id = l.task_id
    ) d LEFT JOIN shift sh ON sh.day = d.due
),
tk AS (
    SELECT t.id, t.assignee_id, t.lead_unit_id, t.parent_id, t.completed_on, t.products,
           CASE WHEN ld.task_id IS NULL THEN t.effective_due_date ELSE ld.due END AS due
    FROM tasks_task t LEFT JOIN late_due ld ON ld.task_id = t.id
    WHERE t.deleted_at IS NULL AND t.assigned_on <= %(end)s
      AND (t.state NOT IN (%(recalled)s, %(cancelled)s) OR t.closed_on > %(end)s){task_scope}
),
rel AS (
    SELECT tk.*, CASE WHEN tk.completed_on IS NOT NULL AND tk.completed_on <= %(end)s THEN 1 ELSE 0 END AS done,
           -- A unit's task: led by it and not a breakdown inside that same unit (the
           -- parent's lead unit, read through the primary key, differs).
           CASE WHEN tk.parent_id IS NULL
                  OR tk.lead_unit_id <> (SELECT par.lead_unit_id FROM tasks_task par WHERE par.id = tk.parent_id)
                THEN 1 ELSE 0 END AS unit_task
    FROM tk
    WHERE (tk.completed_on >= %(start)s AND tk.completed_on <= %(end)s)
       OR ((tk.completed_on IS NULL OR tk.completed_on > %(end)s) AND tk.due IS NOT NULL AND tk.due <= %(end)s)
),
heads AS (
    SELECT DISTINCT pe.id AS person_id, pe.unit_id, pe.job_position_id
    FROM org_person pe JOIN org_user u ON u.person_id = pe.id JOIN org_userrole r ON r.user_id = u.id
    WHERE pe.active AND r.role IN (%(head)s, %(leader)s){person_filter}
),
own AS (
    SELECT 'p' AS okind, rel.assignee_id AS owner_id, rel.id AS task_id, pe.job_position_id AS jp
    FROM rel JOIN org_person pe ON pe.id = rel.assignee_id
    WHERE rel.assignee_id IS NOT NULL{assignee_scope}
    UNION ALL
    -- The heads of the lead unit, unless the task is assigned to them (counted above).
    SELECT 'p', h.person_id, rel.id, h.job_position_id
    FROM rel JOIN heads h ON h.unit_id = rel.lead_unit_id
    WHERE rel.unit_task = 1 AND (rel.assignee_id IS NULL OR rel.assignee_id <> h.person_id)
    UNION ALL
    SELECT 'u', rel.lead_unit_id, rel.id, NULL
    FROM rel WHERE rel.unit_task = 1{unit_scope}
),
causes AS (
    SELECT c.task_id, c.product,
           MAX(CASE WHEN c.covers_quality THEN 1 ELSE 0 END) AS q,
           MAX(CASE WHEN c.covers_timeliness THEN 1 ELSE 0 END) AS t
    FROM evaluation_objectivecause c WHERE c.revoked_at IS NULL GROUP BY c.task_id, c.product
),
rets AS (
    SELECT ev.task_id, COUNT(*) AS n FROM tasks_taskevent ev
    WHERE ev.kind = %(returned)s AND ev.at <= %(end_at)s AND ev.task_id IN (SELECT id FROM rel WHERE done = 1)
    GROUP BY ev.task_id
),
prod AS (
    SELECT o.okind, o.owner_id, rel.id AS task_id, COALESCE({product_name}, '') AS product, k.id AS kind_id,
           COALESCE(pc.coefficient, k.default_coefficient) AS coef,
           rel.done, rel.due, rel.completed_on,
           COALESCE(rt.n, 0) AS returns_raw,
           CASE WHEN COALESCE(ca.q, 0) = 1 OR COALESCE(cp.q, 0) = 1 THEN 1 ELSE 0 END AS exempt_q,
           CASE WHEN COALESCE(ca.t, 0) = 1 OR COALESCE(cp.t, 0) = 1 THEN 1 ELSE 0 END AS exempt_t,
           CASE WHEN rel.done = 1 AND rel.due IS NOT NULL AND rel.completed_on > rel.due THEN {days_late} ELSE 0 END AS days_late,
           CASE WHEN rel.done = 1 AND rel.due IS NOT NULL AND rel.completed_on > rel.due THEN {delays} ELSE 0 END AS delays_raw,
           CASE WHEN rel.done = 1 AND (rel.due IS NULL OR rel.completed_on <= rel.due) THEN 0 ELSE 1 END AS late_raw
    FROM own o JOIN rel ON rel.id = o.task_id
    {products}
    LEFT JOIN evaluation_productalias pa ON pa.name = {product_name}
    JOIN evaluation_productkind k ON k.id = COALESCE(pa.kind_id, %(fallback)s)
    LEFT JOIN evaluation_productcoefficient pc ON pc.kind_id = k.id AND pc.job_position_id = o.jp
    LEFT JOIN rets rt ON rt.task_id = rel.id
    LEFT JOIN causes ca ON ca.task_id = rel.id AND ca.product = ''
    LEFT JOIN causes cp ON cp.task_id = rel.id AND cp.product = {product_name}
),
scored AS (
    SELECT prod.*,
           CASE WHEN exempt_q = 1 OR done = 0 THEN 0 ELSE returns_raw END AS returns,
           CASE WHEN exempt_t = 1 THEN 0 ELSE delays_raw END AS delays,
           CASE WHEN exempt_t = 1 THEN 0 ELSE late_raw END AS late,
           CASE WHEN (exempt_q = 1 AND done = 1 AND returns_raw > 0) OR (exempt_t = 1 AND late_raw = 1) THEN 1 ELSE 0 END
               AS exempted
    FROM prod
),
factors AS (
    SELECT scored.*,
           CASE WHEN 1 - %(rq)s * returns < 0 THEN 0 ELSE 1 - %(rq)s * returns END AS qf,
           CASE WHEN 1 - %(rt)s * delays < 0 THEN 0 ELSE 1 - %(rt)s * delays END AS tf
    FROM scored
)
"""
    if detail is None:
        statement += """
SELECT okind, owner_id,
       COUNT(DISTINCT task_id), COUNT(DISTINCT CASE WHEN done = 1 THEN task_id END), COUNT(*),
       SUM(coef), SUM(CASE WHEN done = 1 THEN coef ELSE 0 END),
       SUM(CASE WHEN done = 1 THEN coef * qf ELSE 0 END), SUM(CASE WHEN done = 1 THEN coef * tf ELSE 0 END),
       SUM(late), SUM(returns), SUM(delays), SUM(exempted)
FROM factors GROUP BY okind, owner_id
"""
    else:
        statement += """
SELECT task_id, product, kind_id, coef, done, due, completed_on, returns_raw, returns, days_late, delays, late,
       late_raw, exempt_q, exempt_t, qf, tf
FROM factors WHERE okind = %(okind)s AND owner_id = %(owner)s
ORDER BY task_id, product
"""
    values = {
        "start": start,
        "end": end,
        "end_at": end_of(end),
        "granted": ExtensionStatus.GRANTED.value,
        "recalled": TaskState.RECALLED.value,
        "cancelled": TaskState.CANCELLED.value,
        "returned": EventKind.RETURNED.value,
        "head": Role.HEAD.value,
        "leader": Role.LEADER.value,
        "fallback": fallback,
        "rq": params.quality_deduction if pg else float(params.quality_deduction),
        "rt": params.timeliness_deduction if pg else float(params.timeliness_deduction),
    }
    if detail is not None:
        values["okind"], values["owner"] = detail
    return statement, values


# PostgreSQL settings for the one big statement, inside its transaction only: compiling
# it with JIT costs more than running it (14 s of 30 s measured on a million tasks), and
# its sorts and hashes over a quarter's products fit in memory instead of spilling.
PG_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '128MB'")


def _run(statement: str, values: dict) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in PG_SETTINGS:
                cursor.execute(setting)
        cursor.execute(statement, values)
        return cursor.fetchall()


def aggregate(
    start: dt.date,
    end: dt.date,
    params: Params,
    *,
    persons: list[int] | None = None,
    units: list[int] | None = None,
) -> dict[tuple[str, int], Facts]:
    """{(PERSON or UNIT, id): Facts} for the owners with at least one counting task.
    One statement, whatever the number of people, tasks and products."""
    statement, values = _sql(start, end, params, persons=persons, units=units)
    result: dict[tuple[str, int], Facts] = {}
    for row in _run(statement, values):
        (
            okind,
            owner,
            tasks,
            done,
            products,
            assigned,
            completed,
            quality,
            timeliness,
            late,
            rets,
            delays,
            ex,
        ) = row
        result[(okind, owner)] = Facts(
            tasks=int(tasks),
            done_tasks=int(done),
            products=int(products),
            assigned_units=dec(assigned),
            completed_units=dec(completed),
            quality_units=dec(quality),
            timeliness_units=dec(timeliness),
            late_products=int(late or 0),
            returns=int(rets or 0),
            delays=int(delays or 0),
            exempted=int(ex or 0),
        )
    return result


def product_lines(
    start: dt.date, end: dt.date, params: Params, owner_kind: str, owner_id: int
) -> list[ProductLine]:
    """The products behind one person's or unit's facts, one line each (the same SQL as
    `aggregate`: summing these lines gives exactly that owner's facts)."""
    statement, values = _sql(start, end, params, persons=None, units=None, detail=(owner_kind, owner_id))
    lines = []
    for row in _run(statement, values):
        (
            task_id,
            product,
            kind_id,
            coef,
            done,
            due,
            completed,
            rraw,
            rets,
            days_late,
            delays,
            late,
            lraw,
            eq,
            et,
            qf,
            tf,
        ) = row
        lines.append(
            ProductLine(
                task_id=task_id,
                product=product or "",
                kind_id=kind_id,
                coefficient=dec(coef),
                done=bool(done),
                due=_date(due),
                completed_on=_date(completed),
                returns_raw=int(rraw or 0),
                returns=int(rets or 0),
                days_late=int(days_late or 0),
                delays=int(delays or 0),
                late=bool(late),
                late_raw=bool(lraw),
                exempt_quality=bool(eq),
                exempt_timeliness=bool(et),
                quality_factor=dec(qf),
                timeliness_factor=dec(tf),
            )
        )
    return lines


def facts_of_lines(lines: list[ProductLine]) -> Facts | None:
    """The facts `aggregate` would give for these lines (used by tests and the
    explanation to show that the list adds up)."""
    if not lines:
        return None
    done = [line for line in lines if line.done]
    return Facts(
        tasks=len({line.task_id for line in lines}),
        done_tasks=len({line.task_id for line in done}),
        products=len(lines),
        assigned_units=sum((line.coefficient for line in lines), Decimal(0)),
        completed_units=sum((line.coefficient for line in done), Decimal(0)),
        quality_units=sum((line.coefficient * line.quality_factor for line in done), Decimal(0)).quantize(
            Decimal("0.000001")
        ),
        timeliness_units=sum(
            (line.coefficient * line.timeliness_factor for line in done), Decimal(0)
        ).quantize(Decimal("0.000001")),
        late_products=sum(1 for line in lines if line.late),
        returns=sum(line.returns for line in lines),
        delays=sum(line.delays for line in lines),
        exempted=sum(1 for line in lines if line.exempted),
    )


def group_by_params(items) -> dict[Params, list]:
    """Group (rules, item) pairs by the SQL parameters of their rules."""
    grouped: dict[Params, list] = defaultdict(list)
    for rules, item in items:
        grouped[Params.of(rules)].append(item)
    return grouped
