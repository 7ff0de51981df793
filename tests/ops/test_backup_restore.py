"""`dondoc backup` and `dondoc restore` round-trip the demo installation, on SQLite and
on PostgreSQL; a corrupt, partial or misplaced archive is refused in Vietnamese and
changes nothing. Each installation is a real one: its own var/ folder (and database),
driven through the `dondoc` command as an operator would."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

COUNT_TABLES = [
    "org_unit",
    "org_person",
    "org_user",
    "org_userrole",
    "documents_document",
    "tasks_task",
    "tasks_taskevent",
    "lib_calendarday",
]
PROBE = f"""
import json, django
django.setup()
from django.db import connection
c = connection.cursor()
out = {{}}
for table in {COUNT_TABLES!r}:
    c.execute(f"SELECT COUNT(*) FROM {{table}}")
    out[table] = c.fetchone()[0]
c.execute("SELECT username, password FROM org_user ORDER BY username")
out["users"] = c.fetchall()
c.execute("SELECT sha256 FROM documents_document ORDER BY sha256")
out["docs"] = c.fetchall()
print(json.dumps(out))
"""


class Installation:
    def __init__(self, var: Path, database_url: str | None):
        self.var = var
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
        self.env.update(
            {
                "DONDOC_VAR_DIR": str(var),
                "MEDIA_ROOT": str(var / "media"),
                "DJANGO_SETTINGS_MODULE": "dondoc.settings",
            }
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def run(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "-m", "dondoc.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"dondoc {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def state(self) -> dict:
        out = subprocess.run(
            [sys.executable, "-c", PROBE],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        state = json.loads(out.stdout)
        media = self.var / "media"
        state["files"] = (
            sorted(
                (p.relative_to(media).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in media.rglob("*")
                if p.is_file()
            )
            if media.exists()
            else []
        )
        return state


def round_trip(tmp_path, source_url=None, target_url=None, spare_url=None):
    source = Installation(tmp_path / "source", source_url)
    source.run("migrate", "-v", "0")
    source.run("demo")
    archive = tmp_path / "dondoc.tar"
    made = source.run("backup", "--output", str(archive))
    assert "Đã sao lưu cơ sở dữ liệu" in made.stdout
    before = source.state()
    assert before["tasks_task"] > 0 and before["files"], "the demo has tasks and a stored notice"

    target = Installation(tmp_path / "target", target_url)
    target.run("migrate", "-v", "0")
    restored = target.run("restore", str(archive))
    assert "Đã khôi phục cơ sở dữ liệu" in restored.stdout
    assert target.state() == before

    # Not onto an installation that has data.
    again = target.run("restore", str(archive), check=False)
    assert again.returncode != 0
    assert "Chỉ khôi phục vào một cài đặt trống" in again.stderr
    assert target.state() == before

    spare = Installation(tmp_path / "spare", spare_url)
    spare.run("migrate", "-v", "0")
    empty = spare.state()

    # A corrupt archive: one byte of the stored notice changed.
    corrupt = tmp_path / "corrupt.tar"
    corrupt.write_bytes(archive.read_bytes())
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/"))
    with open(corrupt, "r+b") as handle:
        handle.seek(member.offset_data)
        first = handle.read(1)
        handle.seek(member.offset_data)
        handle.write(bytes([first[0] ^ 0xFF]))
    refused = spare.run("restore", str(corrupt), check=False)
    assert refused.returncode != 0
    assert "Tệp sao lưu bị hỏng hoặc không đầy đủ" in refused.stderr and "SHA-256" in refused.stderr
    assert spare.state() == empty

    # A partial archive: the copy stopped half-way.
    partial = tmp_path / "partial.tar"
    partial.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused = spare.run("restore", str(partial), check=False)
    assert refused.returncode != 0
    assert "Tệp sao lưu bị hỏng hoặc không đầy đủ" in refused.stderr
    assert spare.state() == empty
    return before


def test_the_demo_round_trips_on_sqlite(tmp_path):
    round_trip(tmp_path)


def _pg_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


@pytest.fixture
def pg_databases():
    import psycopg

    names = [f"dondoc_bk_{os.getpid()}_{role}" for role in ("source", "target", "spare")]
    admin_url = _pg_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [_pg_url(name) for name in names]
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_the_demo_round_trips_on_postgresql(tmp_path, pg_databases):
    round_trip(tmp_path, *pg_databases)
