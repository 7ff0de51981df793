"""Helpers of the fault tests: private servers that the tests may stop, kill and fill.

Never the shared PostgreSQL on 5432: `private_postgres` runs a cluster of its own
(initdb into a temporary folder, a free port, its socket in that folder), started and
stopped by the tests. Deselected unless DONDOC_FAULT_TESTS=1 (`make test-faults`, a
step of .ci/run); they need root (to run the cluster as the postgres user and to mount
a small tmpfs).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("PostgreSQL server binaries not found under /usr/lib/postgresql (package postgresql)")
    return found[-1].parent


@dataclass
class Cluster:
    base: Path
    port: int

    def _ctl(self, *args, check=True):
        return subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(pg_bin() / "pg_ctl"),
                "-D",
                str(self.base / "data"),
                *args,
            ],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def start(self):
        self._ctl(
            "-o",
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1",
            "-l",
            str(self.base / "server.log"),
            "-w",
            "start",
        )

    def stop(self, mode="immediate"):
        self._ctl("-m", mode, "-w", "stop", check=False)

    def restart(self):
        """A crash-like restart: every connection dropped, open transactions lost."""
        self.stop("immediate")
        time.sleep(0.5)
        self.start()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def dondoc_env(var: Path, **extra) -> dict:
    """The environment of a separate dondoc installation under `var`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "TASKS_IMMEDIATE")
    }
    env.update(
        {
            "DONDOC_VAR_DIR": str(var),
            "MEDIA_ROOT": str(var / "media"),
            "DJANGO_SETTINGS_MODULE": "dondoc.settings",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def dondoc(env, *args, check=True, timeout=600):
    result = subprocess.run(
        [sys.executable, "-m", "dondoc.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"dondoc {' '.join(args)}: {result.stdout}\n{result.stderr}")
    return result


def python(env, code: str, check=True, timeout=600):
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"script failed: {result.stdout}\n{result.stderr}")
    return result
