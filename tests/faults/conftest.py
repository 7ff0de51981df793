"""Fault tests: private servers that the tests may stop, kill and fill (fault_env.py).
Deselected unless DONDOC_FAULT_TESTS=1 (`make test-faults`, a step of .ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from fault_env import Cluster, free_port, pg_bin


@pytest.fixture(scope="session")
def private_postgres():
    base = Path(tempfile.mkdtemp(prefix="dondoc-pg-"))
    os.chmod(base, 0o777)
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(pg_bin() / "initdb"),
            "-D",
            str(base / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    cluster = Cluster(base, free_port())
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("fast")
        shutil.rmtree(base, ignore_errors=True)
