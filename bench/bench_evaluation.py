"""The evaluation of a quarter at province scale: everyone's task-results part and every
unit's score (full), then one task accepted and only what it feeds recomputed
(incremental). Issue 9 asks ≤ 60 s for a quarter of 30,000 people over 1,000,000 tasks on
PostgreSQL.

    .venv/bin/python bench/bench_evaluation.py [--database URL] [--period 2026-Q3] [--out FILE]

`--database`: a PostgreSQL URL (default $BENCH_PG_URL, else the local `dondoc_bench`,
filled by `dondoc gen-data`) or `sqlite:///path`. Every agency is evaluated by the
quarter for the run (DONDOC_EVAL_PERIOD=quarter). Everything the run writes is rolled
back: the database is left as it was. Writes bench/results/evaluation-<vendor>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/dondoc_bench"
TARGET_S = 60.0


def configure(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DONDOC_EVAL_PERIOD"] = "quarter"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


class Rollback(Exception):
    pass


def last_quarter_with_work():
    """The latest quarter that has ended and has tasks due in it."""
    from dondoc.evaluation.choices import PeriodKind
    from dondoc.evaluation.models import Period
    from dondoc.lib.dates import local_today
    from dondoc.tasks.models import Task

    latest = (
        Task.objects.filter(deleted_at__isnull=True)
        .order_by("-effective_due_date")
        .values_list("effective_due_date", flat=True)
        .first()
    )
    day = min(local_today(), latest or local_today())
    current = Period.containing(PeriodKind.QUARTER, day, saved=False)
    return Period.containing(PeriodKind.QUARTER, current.start - dt.timedelta(days=1))


def one_change(period):
    """Accept a breakdown due in the period through the services (submit by its assignee,
    accept by a manager of its parent's lead unit); None if the data has no such task."""
    from dondoc.org.choices import Role
    from dondoc.org.models import User
    from dondoc.tasks import services
    from dondoc.tasks.choices import TaskState
    from dondoc.tasks.models import Task

    candidates = (
        Task.objects.filter(
            parent__isnull=False,
            deleted_at__isnull=True,
            state=TaskState.IN_PROGRESS,
            effective_due_date__range=(period.start, period.end),
            assignee__user__is_active=True,
        )
        .select_related("parent__lead_unit", "assignee__user")
        .order_by("id")[:200]
    )
    for task in candidates:
        judge = (
            User.objects.filter(person__unit=task.parent.lead_unit, roles__role__in=[Role.HEAD, Role.LEADER])
            .order_by("id")
            .first()
        )
        if judge is None:
            continue
        now = dt.datetime.combine(period.end, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=7)))
        services.submit(task, by=task.assignee.user, text="Hoàn thành.", now=now)
        services.accept(task, by=judge, now=now + dt.timedelta(hours=2))
        return task
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_PG_URL") or DEFAULT_PG)
    parser.add_argument("--period", help="2026-Q3 …; default: the last quarter with work that has ended")
    parser.add_argument("--out")
    args = parser.parse_args()
    configure(args.database)

    from django.db import connection, transaction

    from dondoc.evaluation.models import Evaluation, Period
    from dondoc.evaluation.products import ensure_aliases
    from dondoc.evaluation.refresh import refresh, refresh_units
    from dondoc.org.models import Person
    from dondoc.tasks.models import Task

    period = Period.from_key(args.period) if args.period else last_quarter_with_work()
    result: dict = {
        "database": connection.vendor,
        "period": period.key,
        "people": Person.objects.filter(active=True).count(),
        "tasks": Task.objects.count(),
        "target_s": TARGET_S,
        "python": platform.python_version(),
        "when": dt.datetime.now().isoformat(timespec="seconds"),
    }
    try:
        with transaction.atomic():
            started = time.perf_counter()
            ensure_aliases()
            full = refresh(period)
            units = refresh_units(period)
            result["full_s"] = round(time.perf_counter() - started, 2)
            result["evaluations"] = full.computed
            result["units"] = units
            result["people_with_tasks"] = Evaluation.objects.filter(period=period).exclude(facts={}).count()

            started = time.perf_counter()
            again = refresh(period)
            refresh_units(period)
            result["full_again_s"] = round(time.perf_counter() - started, 2)
            assert again.computed == full.computed

            started = time.perf_counter()
            task = one_change(period)
            changed = time.perf_counter()
            stale = Evaluation.objects.filter(period=period, stale=True).count()
            incremental = refresh(period, only_stale=True)
            refresh_units(period, only_stale=True)
            done = time.perf_counter()
            result["incremental"] = {
                "task": task.pk if task else None,
                "change_s": round(changed - started, 3),
                "marked_stale": stale,
                "recomputed": incremental.computed,
                "recompute_s": round(done - changed, 3),
            }
            raise Rollback
    except Rollback:
        pass
    result["meets_target"] = result["full_s"] <= TARGET_S
    out = Path(args.out) if args.out else RESULTS / f"evaluation-{result['database']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    inc = result["incremental"]
    print(
        f"Đánh giá {period.label} – {result['people']} cán bộ, {result['tasks']} nhiệm vụ ({result['database']}):\n"
        f"  toàn bộ: {result['full_s']} s ({result['evaluations']} phiếu, {result['units']} đơn vị; "
        f"chạy lại {result['full_again_s']} s) – mục tiêu ≤ {TARGET_S:.0f} s: "
        f"{'đạt' if result['meets_target'] else 'CHƯA ĐẠT'}\n"
        f"  một nhiệm vụ thay đổi (#{inc['task']}): ghi {inc['change_s']} s, tính lại {inc['recomputed']} phiếu "
        f"trong {inc['recompute_s']} s\n  → {out}"
    )
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
