"""Time every registered measurement (bench/registry.py) on a generated database.

    .venv/bin/python bench/run.py [--database URL] [--runs 20] [--only NAME ...] [--out FILE]
                                  [--no-remind]

`--database` is a PostgreSQL URL (default: $BENCH_PG_URL, else the local
`dondoc_bench`) or `sqlite:///path`; the database must have been filled by
`dondoc gen-data` (see bench/README.md). Pages are requested in process through
Django's test client as a logged-in user, `--runs` times each after two warm-up
requests; the p50 and p95 of wall time are reported with the number of SQL queries of
one request. The reminder run (`dondoc remind` over the whole database) is measured in
a child process: a first run and a run with nothing new, each with its time and the
process's peak memory during it; everything it writes is rolled back, so the database
is left as it was.

Writes bench/results/pages-<vendor>.json (or --out) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/dondoc_bench"


def configure(database: str) -> None:
    """Django settings for a measurement process: production-like (DEBUG off: no query
    log kept in memory), the given database, e-mail discarded (the SMTP exchange is not what is measured)."""
    os.environ["DATABASE_URL"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def load_measures() -> None:
    import bench.measures

    for info in pkgutil.iter_modules(bench.measures.__path__):
        importlib.import_module(f"bench.measures.{info.name}")


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def time_page(measurement, ctx, runs: int) -> dict:
    fn = lambda: measurement.run(ctx)  # noqa: E731
    fn()
    queries = count_queries(fn)  # also the second warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    p95 = percentile(samples, 95)
    return {
        "title": measurement.title,
        "p50_ms": round(percentile(samples, 50), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "mean_ms": round(statistics.mean(samples), 1),
        "runs": runs,
        "queries": queries,
        "target_ms": measurement.target_ms,
        "ok": p95 <= measurement.target_ms,
    }


def data_size() -> dict:
    from django.db import connection

    from dondoc.org.models import Person, Unit
    from dondoc.tasks.models import Task, TaskEvent

    def estimate(model) -> int:
        # PostgreSQL's planner estimate: counting ten million rows takes seconds.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table]
                )
                row = cursor.fetchone()
                if row and row[0] > 0:
                    return int(row[0])
        return model.objects.count()

    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "tasks": Task.objects.count(),
        "events": estimate(TaskEvent),
    }


def remind_in_child(database: str) -> dict:
    """The reminder run measured in a fresh process (its own peak memory)."""
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("remind_run.py")), "--database", database],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stderr or completed.stdout).strip().splitlines()[-1:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def markdown(results: dict) -> str:
    lines = ["| measurement | p50 ms | p95 ms | queries | target p95 | ok |", "|---|---:|---:|---:|---:|---|"]
    for name, r in results["pages"].items():
        if "error" in r:
            lines.append(f"| {name} | — | — | — | {r.get('target_ms', '')} | ERROR: {r['error']} |")
            continue
        ok = "yes" if r["ok"] else "**no**"
        lines.append(
            f"| {name} ({r['title']}) | {r['p50_ms']:,} | {r['p95_ms']:,} | {r['queries']} | {r['target_ms']:,.0f} | {ok} |"
        )
    remind = results.get("remind")
    if remind and "error" not in remind:
        for key in ("first_run", "nothing_new"):
            r = remind[key]
            lines.append(
                f"| remind: {key.replace('_', ' ')} | {r['seconds'] * 1000:,.0f} | — | — | "
                f"{r['target_s'] * 1000:,.0f} | {'yes' if r['ok'] else '**no**'} (peak +{r['peak_mb']} MB) |"
            )
    elif remind:
        lines.append(f"| remind | — | — | — | — | ERROR: {remind['error']} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database", default=os.environ.get("BENCH_PG_URL") or DEFAULT_PG)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--only", nargs="*", help="measurement names (default: all)")
    ap.add_argument("--out", help="result file (default: bench/results/pages-<vendor>.json)")
    ap.add_argument("--no-remind", action="store_true", help="skip the reminder run")
    args = ap.parse_args()
    if args.runs < 20:
        print("--runs: at least 20 (p95 of fewer runs is the maximum)", file=sys.stderr)
        return 2
    configure(args.database)
    from django.db import connection

    from bench.registry import FIXTURES, REGISTRY, BenchError, Context
    from dondoc.lib.dates import local_today

    try:
        connection.ensure_connection()
        size = data_size()
    except Exception as exc:  # noqa: BLE001 - say what to do instead of a traceback
        print(
            f"Cannot use {args.database}: {exc}\nBuild it first: see bench/README.md (make bench-data).",
            file=sys.stderr,
        )
        return 2
    if not size["tasks"]:
        print(
            f"{args.database} holds no tasks: fill it with `dondoc gen-data` (bench/README.md).",
            file=sys.stderr,
        )
        return 2
    load_measures()
    names = args.only or list(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        print(f"unknown measurement(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}", file=sys.stderr)
        return 2
    ctx = Context(today=local_today(), fixtures=FIXTURES)
    results = {
        "database": connection.vendor,
        "size": size,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": list(os.getloadavg()),
        "past_day": ctx.past_day.isoformat(),
        "pages": {},
    }
    print(f"{connection.vendor}: {size}", flush=True)
    for name in names:
        measurement = REGISTRY[name]
        try:
            results["pages"][name] = r = time_page(measurement, ctx, args.runs)
            print(
                f"{name:28} p50 {r['p50_ms']:9.1f} ms  p95 {r['p95_ms']:9.1f} ms  {r['queries']:3} queries  {'ok' if r['ok'] else 'OVER ' + str(r['target_ms'])}",
                flush=True,
            )
        except BenchError as exc:
            results["pages"][name] = {
                "title": measurement.title,
                "target_ms": measurement.target_ms,
                "error": str(exc),
            }
            print(f"{name:28} ERROR {exc}", flush=True)
    if not args.no_remind and not args.only:
        print("remind…", flush=True)
        results["remind"] = remind_in_child(args.database)
        print(json.dumps(results["remind"], ensure_ascii=False), flush=True)
    results["load_average_after"] = list(os.getloadavg())
    out = Path(args.out) if args.out else RESULTS / f"pages-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(markdown(results))
    print(f"\nwritten {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    failed = [n for n, r in results["pages"].items() if "error" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
