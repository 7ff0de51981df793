"""Security headers on every page; no inline script or style in any template (the
Content-Security-Policy forbids them); HTTPS settings follow SITE_URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dondoc

# E-mail bodies are not web pages (mail clients need inline styles): they are exempt.
TEMPLATES = sorted(
    p for p in Path(dondoc.__file__).parent.glob("**/templates/**/*.html") if "/email/" not in p.as_posix()
)
INLINE = [
    ("an inline <script>", re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)),
    ("a <style> block", re.compile(r"<style\b", re.I)),
    ("a style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("an inline event handler", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("a javascript: URL", re.compile(r"javascript:", re.I)),
]


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda p: str(p.relative_to(Path(dondoc.__file__).parent))
)
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE if pattern.search(text)]
    assert not found, f"{template.name}: {', '.join(found)} (move it to a static file)"


def test_pages_carry_a_strict_content_security_policy(client, cast):
    client.force_login(cast.specialist)
    response = client.get("/nhiem-vu/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_login_page_and_error_pages_carry_it_too(client, db):
    assert "script-src 'self'" in client.get("/dang-nhap/")["Content-Security-Policy"]


def _settings_under(env: dict) -> dict:
    """Import the settings in a fresh interpreter with `env` and read the HTTPS values."""
    code = (
        "import json, dondoc.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS','DEBUG']}))"
    )
    full = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "SITE_URL")}
    full.update(env)
    out = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True)
    import json

    return json.loads(out.stdout)


def test_https_turns_on_secure_cookies_and_hsts():
    values = _settings_under(
        {"DEBUG": "0", "SECRET_KEY": "x" * 50, "SITE_URL": "https://dondoc.example.gov.vn"}
    )
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def test_plain_http_on_localhost_keeps_cookies_usable():
    values = _settings_under({"DEBUG": "0", "SECRET_KEY": "x" * 50, "SITE_URL": "http://127.0.0.1:8000"})
    assert not values["SESSION_COOKIE_SECURE"] and not values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "k3y-" + "q8Zr" * 14,
            "ALLOWED_HOSTS": "dondoc.example.gov.vn",
            "SITE_URL": "https://dondoc.example.gov.vn",
            "DONDOC_VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "dondoc.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
