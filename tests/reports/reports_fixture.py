"""A hand-counted set of tasks for the statistics tests (plain functions: see
tests/tasks/tasks_helpers.py for why not a conftest).

As of Monday 15/06/2026, period 01/01/2026-15/06/2026, the Chairman sees (top-level):

| # | lead      | field    | due        | state                 | category at 15/06 | ageing |
|---|-----------|----------|------------|-----------------------|-------------------|--------|
| 1 | SNV       | nội vụ   | 04/05      | done 30/04            | done on time      |        |
| 2 | P. CCVC   | nội vụ   | 04/05      | done 10/05            | done late         |        |
| 3 | STC       | tài chính| 12/06      | open                  | open overdue (3)  | 1-7    |
| 4 | STC       | tài chính| 04/05      | open                  | open overdue (42) | 31-90  |
| 5 | xã        | —        | 30/06      | open                  | open on time      |        |
| 6 | SNV       | nội vụ   | —, monthly | open                  | recurring         |        |
| 7 | SNV       | —        | —          | open                  | no deadline       |        |
| 8 | STC       | tài chính| 05/01      | open (assigned 02/01) | open overdue (161)| 90+    |
| 9 | SNV       | nội vụ   | 30/06      | cancelled 01/03       | not counted       |        |
|13 | P. CCVC   | nội vụ   | 25/05      | open                  | open overdue (21) | 8-30   |

Left out: #10 assigned 01/12/2025 (before the period), #11 assigned 20/06/2026 (after
the as-of day), #12 a breakdown of #1 (not a top-level task). Tasks 1-4 and 13 come
from one notice, assigned by the Chairman; the others have no document nor leader.
"""

from __future__ import annotations

import datetime as dt

from dondoc.documents.models import Document
from dondoc.tasks.choices import Recurrence, TaskState
from dondoc.tasks.models import Field, Task

D = dt.date
ON = D(2026, 6, 15)
START = D(2026, 1, 1)


def field(code: str) -> Field:
    names = {"noi-vu": "Nội vụ", "tai-chinh": "Tài chính, ngân sách"}
    return Field.objects.get_or_create(code=code, defaults={"name": names[code]})[0]


def build(cast, make_task) -> dict[int, Task]:
    noi_vu, tai_chinh = field("noi-vu"), field("tai-chinh")
    doc = Document.objects.create(
        original_name="tb.txt", sha256="f" * 64, size=1, content_type="text/plain",
        number="443", symbol="TB-UBND", issued_on=D(2026, 2, 5), subject="Kết luận của Chủ tịch",
    )  # fmt: skip
    chair = cast.leader.person
    specs = {
        1: dict(lead_unit=cast.snv, due=D(2026, 5, 4), field=noi_vu, done=D(2026, 4, 30)),
        2: dict(lead_unit=cast.snv_ccvc, due=D(2026, 5, 4), field=noi_vu, done=D(2026, 5, 10)),
        3: dict(lead_unit=cast.stc, due=D(2026, 6, 12), field=tai_chinh),
        4: dict(lead_unit=cast.stc, due=D(2026, 5, 4), field=tai_chinh),
        5: dict(lead_unit=cast.commune, due=D(2026, 6, 30)),
        6: dict(lead_unit=cast.snv, field=noi_vu, recurrence=Recurrence.MONTHLY),
        7: dict(lead_unit=cast.snv),
        8: dict(lead_unit=cast.stc, due=D(2026, 1, 5), field=tai_chinh, assigned_on=D(2026, 1, 2)),
        9: dict(lead_unit=cast.snv, due=D(2026, 6, 30), field=noi_vu, cancelled=D(2026, 3, 1)),
        10: dict(lead_unit=cast.stc, due=D(2026, 1, 5), field=tai_chinh, assigned_on=D(2025, 12, 1)),
        11: dict(lead_unit=cast.stc, due=D(2026, 7, 31), field=tai_chinh, assigned_on=D(2026, 6, 20)),
        13: dict(lead_unit=cast.snv_ccvc, due=D(2026, 5, 25), field=noi_vu),
    }
    tasks = {}
    for n, spec in specs.items():
        done = spec.pop("done", None)
        cancelled = spec.pop("cancelled", None)
        fld = spec.pop("field", None)
        spec.setdefault("assigned_on", D(2026, 4, 25) if n not in (10, 11) else spec["assigned_on"])
        if n in (1, 2, 3, 4, 13):
            spec.update(document=doc, assigned_by=chair)
        task = make_task(f"Nhiệm vụ số {n}", **spec)
        changes = {"field": fld}
        if done:
            changes.update(state=TaskState.DONE, completed_on=done, submitted_on=done, progress=100)
        if cancelled:
            changes.update(state=TaskState.CANCELLED, closed_on=cancelled)
        Task.objects.filter(pk=task.pk).update(**changes)
        task.refresh_from_db()
        tasks[n] = task
    tasks[12] = make_task("Phần việc của phòng", lead_unit=cast.snv_ccvc, parent=tasks[1], due=D(2026, 5, 1))
    return tasks
