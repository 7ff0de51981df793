"""Run the load test against a production-like dondoc and record the figures.

    .venv/bin/python bench/load/run.py postgresql   # waitress ×2 processes ×8 threads + PostgreSQL, 200 users
    .venv/bin/python bench/load/run.py sqlite       # the embedded mode: 1 process, SQLite, 20 writing users

Starts everything itself (database, servers), runs Locust headless for LOAD_DURATION
(5m), stops the servers, and writes bench/results/load-<mode>.json: requests, failures
(any non-2xx/302 answer or connection error), "database is locked" lines in the server
logs, and p50/p95/p99 per request type and overall.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise SystemExit(f"server {url} did not start")


def main(mode: str) -> None:
    users = int(os.environ.get("LOAD_USERS", 200 if mode == "postgresql" else 20))
    duration = os.environ.get("LOAD_DURATION", "5m")
    processes = int(os.environ.get("LOAD_PROCESSES", 2 if mode == "postgresql" else 1))
    threads = int(os.environ.get("LOAD_THREADS", 8))
    work = Path(tempfile.mkdtemp(prefix=f"dondoc-load-{mode}-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(
        {
            "DONDOC_VAR_DIR": str(work),
            "MEDIA_ROOT": str(work / "media"),
            "DEBUG": "0",
            "SECRET_KEY": "load-test-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOAD_ACCOUNTS": str(max(users, 20)),
            # The load comes from one address: the per-address lockout must not trip.
            "DONDOC_LOGIN_FAILURES_PER_ADDRESS": "100000",
            "LOG_LEVEL": "WARNING",
        }
    )
    if mode == "postgresql":
        url = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/dondoc_load")
        env["DATABASE_URL"] = url
        env["DATABASE_CONN_MAX_AGE"] = "60"
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([BIN / "dondoc", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([BIN / "python", ROOT / "bench/load/setup.py"], env=env, check=True)
    subprocess.run([BIN / "dondoc", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)

    ports = [free_port() for _ in range(processes)]
    logs = [open(work / f"server-{port}.log", "wb") for port in ports]  # noqa: SIM115
    servers = [
        subprocess.Popen(
            [BIN / "dondoc", "serve", "--port", str(port), "--threads", str(threads)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for host in hosts:
            wait_up(host + "/dang-nhap/")
        prefix = work / "locust"
        locust_env = {**env, "LOAD_HOSTS": ",".join(hosts)}
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                ROOT / "bench/load/locustfile.py",
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 30)),
                "--run-time",
                duration,
                "--stop-timeout",
                "30",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
            check=False,
        )
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()

    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")))  # noqa: SIM115
    locked = sum(
        (work / f"server-{port}.log").read_text(errors="replace").count("database is locked")
        for port in ports
    )
    server_errors = sum(
        (work / f"server-{port}.log").read_text(errors="replace").count("Traceback") for port in ports
    )

    def figures(row):
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }

    result = {
        "mode": mode,
        "setup": {
            "database": "PostgreSQL" if mode == "postgresql" else "SQLite (WAL, IMMEDIATE, busy timeout)",
            "server": f"waitress: {processes} process(es) × {threads} threads",
            "users": users,
            "duration": duration,
            "think_time_s": "2-5",
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
            "python": platform.python_version(),
        },
        "total": figures(next(r for r in rows if r["Name"] == "Aggregated")),
        "by_request": {f"{r['Type']} {r['Name']}": figures(r) for r in rows if r["Name"] != "Aggregated"},
        "failures": [
            {"request": f"{f['Method']} {f['Name']}", "error": f["Error"], "count": int(f["Occurrences"])}
            for f in failures
        ],
        "database_is_locked": locked,
        "server_tracebacks": server_errors,
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out = ROOT / "bench" / "results" / f"load-{mode}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = result["total"]
    print(
        f"{mode}: {total['requests']} requests, {total['failures']} failures, p50 {total['p50_ms']:.0f} ms, "
        f"p95 {total['p95_ms']:.0f} ms, 'database is locked' {locked}, tracebacks {server_errors} → {out}"
    )
    if mode == "postgresql":
        import psycopg

        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if total["failures"] or locked or server_errors:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "postgresql")
