"""`make run` serves through `dondoc serve --local`: Django's technical pages (the URL
list of a debug 404, the traceback and settings of a debug 500) never reach anyone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def local_server(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    }
    env["DONDOC_VAR_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "dondoc.cli", "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dondoc.cli", "serve", "--local", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/dang-nhap/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    try:
        yield base, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=20)


def _get(url):
    try:
        response = urllib.request.urlopen(url, timeout=10)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_make_run_shows_no_technical_page(local_server):
    base, var = local_server
    status, body = _get(base + "/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body and "tried these URL patterns" not in body and "DEBUG = True" not in body
    # The generated secret is kept under var/, readable by its owner only.
    key = var / "secret_key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert len(key.read_text().strip()) >= 50


def test_make_run_answers_only_to_local_host_names(local_server):
    base, _var = local_server
    request = urllib.request.Request(base + "/dang-nhap/", headers={"Host": "attacker.example"})
    try:
        urllib.request.urlopen(request, timeout=10)
        status = 200
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == 400
