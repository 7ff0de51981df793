import os
import subprocess
import sys


def _start(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.TIME_ZONE)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    done = _start({"DEBUG": "0"})
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


def test_it_starts_in_production_with_a_secret_key():
    done = _start({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "dondoc.example"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Asia/Ho_Chi_Minh"


def test_it_rejects_a_malformed_boolean_setting():
    done = _start({"DEBUG": "maybe"})
    assert done.returncode != 0
    assert "DEBUG must be a boolean" in done.stderr


def test_the_default_database_is_sqlite_under_var():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DONDOC_VAR_DIR")}
    env["DJANGO_SETTINGS_MODULE"] = "dondoc.settings"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("var/dondoc.sqlite3")
