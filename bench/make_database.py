"""Create, migrate and fill a benchmark database with `dondoc gen-data`.

    .venv/bin/python bench/make_database.py --database URL [gen-data options…]

For PostgreSQL the database is created if it does not exist (through the server's
`postgres` database); for SQLite (`sqlite:////absolute/path.sqlite3`) the file is
written next to its final name and moved there when complete. A database that already
holds data is refused (gen-data fills empty databases only): drop it first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DONDOC = [sys.executable, "-m", "dondoc.cli"]


def ensure_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def run(args: list[str], database: str) -> None:
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    subprocess.run(DONDOC + args, cwd=ROOT, env=env, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database", required=True)
    args, gen_options = ap.parse_known_args()
    database = args.database
    if database.startswith("postgres"):
        ensure_postgres_database(database)
        run(["migrate", "--noinput", "-v", "0"], database)
        run(["gen_data", *gen_options], database)
        return 0
    if not database.startswith("sqlite:///"):
        print("--database: a postgres:// or sqlite:/// URL", file=sys.stderr)
        return 2
    final = Path(database.removeprefix("sqlite:///"))
    if final.exists():
        print(f"{final} exists: delete it to build it again", file=sys.stderr)
        return 2
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    partial_url = f"sqlite:///{partial}"
    run(["migrate", "--noinput", "-v", "0"], partial_url)
    run(["gen_data", *gen_options], partial_url)
    partial.rename(final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
