"""Speed of the task screens and statistics with many tasks, on SQLite or PostgreSQL.

    .venv/bin/python bench/bench_tasks.py [--tasks 20000] [--reps 15]

Builds a throw-away database (a temporary SQLite file, or — with DATABASE_URL set to a
PostgreSQL server — a fresh database named dondoc_bench_<pid> that is dropped at the
end), a province of 80 units and N tasks, then times the task list page for Office
follow-up staff (sees all) and for a department head (scoped), a filtered search, a
status filter, and `count_by_status` over every task. Writes bench/results/tasks.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "results" / "tasks.json"


def timed(fn, reps: int) -> dict:
    fn()  # warm caches (templates, the calendar)
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(samples), 2), "min_ms": round(min(samples), 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=20_000)
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="dondoc-bench-")
    os.environ["DONDOC_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if url.startswith("postgres"):
        pg_name = f"dondoc_bench_{os.getpid()}"
        base, _, _ = url.rpartition("/")
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {pg_name}")
        os.environ["DATABASE_URL"] = f"{base}/{pg_name}"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    try:
        call_command("migrate", verbosity=0)
        from dondoc.org.choices import Role, UnitKind
        from dondoc.org.models import Person, Unit, User, UserRole
        from dondoc.tasks.choices import Status, TaskState
        from dondoc.tasks.models import Task
        from dondoc.tasks.status import count_by_status
        from dondoc.tasks.visibility import visible_tasks

        rng = random.Random(7)
        province = Unit.objects.create(code="ubnd", name="UBND tỉnh", kind=UnitKind.COMMITTEE)
        office = Unit.objects.create(
            code="vp", name="Văn phòng UBND tỉnh", kind=UnitKind.OFFICE, parent=province
        )
        leads = []
        for d in range(15):
            dept = Unit.objects.create(
                code=f"so-{d}", name=f"Sở số {d}", kind=UnitKind.DEPARTMENT, parent=province
            )
            leads.append(dept)
            for k in range(4):
                leads.append(
                    Unit.objects.create(
                        code=f"so-{d}-p{k}", name=f"Phòng {k} Sở {d}", kind=UnitKind.DIVISION, parent=dept
                    )
                )
        for c in range(10):
            leads.append(
                Unit.objects.create(
                    code=f"xa-{c}", name=f"UBND xã {c}", kind=UnitKind.COMMUNE, parent=province
                )
            )

        def user(name, unit, role):
            person = Person.objects.create(full_name=name, unit=unit)
            account = User.objects.create_user(name, password="x", person=person)
            UserRole.objects.create(user=account, role=role)
            return account

        followup = user("theodoi", office, Role.FOLLOWUP)
        head = user("gd", leads[0], Role.HEAD)
        words = [
            "rà soát",
            "báo cáo",
            "kế hoạch",
            "nội vụ",
            "biên chế",
            "đầu tư",
            "cải cách hành chính",
            "y tế",
        ]
        today = dt.date(2026, 6, 15)
        batch = []
        for i in range(args.tasks):
            due = today + dt.timedelta(days=rng.randint(-120, 120)) if rng.random() < 0.85 else None
            done = due is not None and rng.random() < 0.4
            completed = due + dt.timedelta(days=rng.randint(-10, 10)) if done else None
            batch.append(
                Task(
                    content=f"Nhiệm vụ {i}: {rng.choice(words)} {rng.choice(words)} năm 2026",
                    content_folded="",
                    lead_unit=rng.choice(leads),
                    assigned_on=dt.date(2026, 1, 5),
                    original_due_date=due,
                    due_date=due,
                    effective_due_date=due,
                    state=TaskState.DONE if done else TaskState.IN_PROGRESS,
                    completed_on=completed,
                    submitted_on=completed,
                )
            )
        from dondoc.lib.text import fold

        for task in batch:
            task.content_folded = fold(task.content)
        Task.objects.bulk_create(batch, batch_size=2000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")

        staff, scoped = Client(), Client()
        staff.force_login(followup)
        scoped.force_login(head)

        def page(client, **params):
            def run():
                response = client.get("/nhiem-vu/", params)
                assert response.status_code == 200

            return run

        results = {
            "database": connection.vendor,
            "tasks": args.tasks,
            "python": platform.python_version(),
            "list_followup_all": timed(page(staff), args.reps),
            "list_department_head_scoped": timed(page(scoped), args.reps),
            "list_search_no_diacritics": timed(page(staff, q="noi vu"), args.reps),
            "list_status_overdue": timed(page(staff, status=Status.OPEN_OVERDUE), args.reps),
            "count_by_status_all": timed(lambda: count_by_status(visible_tasks(followup), today), args.reps),
        }
    finally:
        if pg_name:
            connection.close()
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {pg_name}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    out = OUT if not pg_name else OUT.with_name("tasks-postgresql.json")
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
