"""A worker killed (SIGKILL) in the middle of an extraction job: its reading child dies
with it, the document is not left "processing" for ever — the next worker queues it
again once it is stuck — and it is then read once, completely."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_env import dondoc, dondoc_env, python

pytestmark = pytest.mark.faults

SETUP = r"""
import django
django.setup()
from django.db import transaction
from dondoc.documents import jobs
from dondoc.web import demo

units = demo.build_organisation()
users = {u.username: u for u in demo.build_accounts(units)}
lines = ["UBND TỈNH LẠNG SƠN", "THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh"]
for n in range(1, %(tasks)d):
    lines.append(f"{n}. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch số {n}, hoàn thành trước ngày 30/6/2026.")
with transaction.atomic():
    document, _ = jobs.upload("\n".join(lines).encode(), "thong-bao-dai.txt", by=users["vanthu"])
print(document.pk)
"""


def sandbox_children(marker: str) -> list[int]:
    """Processes reading a document under the folder `marker` (the workers' TMPDIR)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "dondoc.extraction.sandbox" in cmdline and marker in cmdline:
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive, not merely a zombie left for init to reap (its parent, the worker, is gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_worker_killed_mid_extraction_is_recovered(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    # A notice long enough for the worker to be killed mid-way: past the default page
    # limit, which an operator raises (UPLOAD_MAX_PAGES) for such a document.
    env = dondoc_env(tmp_path, TMPDIR=temp, UPLOAD_MAX_PAGES=1000)
    dondoc(env, "migrate", "-v", "0")
    pk = int(python(env, SETUP % {"tasks": 6000}).stdout.strip())
    database = sqlite3.connect(tmp_path / "dondoc.sqlite3", timeout=30)

    def document():
        return database.execute(
            "SELECT status, progress, proposed_count, error FROM documents_document WHERE id = ?", (pk,)
        ).fetchone()

    worker = subprocess.Popen(
        [sys.executable, "-m", "dondoc.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not sandbox_children(str(temp)):
        assert time.monotonic() < deadline, f"the extraction did not start: {document()}"
        assert worker.poll() is None
        time.sleep(0.05)
    assert document()[:2] == ("processing", 30)
    children = sandbox_children(str(temp))
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 20  # killed at once; a loaded machine may take a moment to reap it
    while [pid for pid in children if running(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if running(pid)], "the reading child died with its worker"
    status, _progress, proposed, _error = document()
    assert status == "processing" and proposed == 0, "killed before it finished"

    # The next worker, once the document counts as stuck, queues it again and reads it.
    env2 = {**env, "DONDOC_PROCESSING_STUCK_MINUTES": "0"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "dondoc.cli", "worker", "--interval", "0.2", "--outbox-every", "0.5"],
        env=env2,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while document()[0] != "ready":
            assert time.monotonic() < deadline, f"not recovered: {document()}"
            assert document()[0] != "failed", document()
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
    status, progress, proposed, error = document()
    assert (status, progress, error) == ("ready", 100, "")
    assert proposed > 0
    # Read to the end: the stored text holds the last task of the notice.
    text = database.execute("SELECT text FROM documents_document WHERE id = ?", (pk,)).fetchone()[0]
    assert "kế hoạch số 5999" in text
