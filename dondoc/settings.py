"""Django settings for dondoc, read from the environment (see .env.example).

Defaults make the embedded mode run with nothing set: a SQLite file under ./var/,
debug on, an in-process task queue backed by the database. Production (DEBUG off)
refuses to start without SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_int_list(name: str, default: list[int]) -> list[int]:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list of integers") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

VAR_DIR = Path(env_str("DONDOC_VAR_DIR", str(PROJECT_DIR / "var")))
# The embedded SQLite database and the collected static files live here.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PORT = env_int("PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "dondoc.lib",
    "dondoc.org",
    "dondoc.documents",
    "dondoc.tasks",
    "dondoc.notifications",
    "dondoc.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost: an empty 405 from a view gets the Vietnamese page before the others see it.
    "dondoc.web.errors.MethodNotAllowedPage",
]

ROOT_URLCONF = "dondoc.urls"
WSGI_APPLICATION = "dondoc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dondoc.web.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dondoc.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a busy timeout rather
    # than "database is locked" errors when both write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "task-list"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy shown and typed (dondoc/formats/vi/formats.py), not Django's "d-m-Y" and
# American "%m/%d/%Y" input.
FORMAT_MODULE_PATH = ["dondoc.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded notices and products: checked by content, capped in size.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
X_FRAME_OPTIONS = "SAMEORIGIN"
# A refused form token gets a Vietnamese page on the site's layout.
CSRF_FAILURE_VIEW = "dondoc.web.errors.csrf_failure"

# Background jobs: django-tasks with django-tasks-db's database backend, which needs no
# extra server; `dondoc worker` runs beside the web process (make run starts it). TASKS_IMMEDIATE=1 runs
# jobs inline (tests, one-off scripts).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# E-mail over SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dondoc <dondoc@localhost>")

# Tracking rules that no regulation fixes (../shared/DOMAIN.md): settings, not constants.
DONDOC = {
    # "Trước ngày D" means D-1 (strictly before) unless an office reads it as D.
    "BEFORE_IS_PREVIOUS_DAY": env_bool("DONDOC_BEFORE_IS_PREVIOUS_DAY", True),
    # An extension must be asked at least this many working days before the deadline.
    "EXTENSION_LEAD_WORKING_DAYS": env_int("DONDOC_EXTENSION_LEAD_WORKING_DAYS", 3),
    "EXTENSION_MAX_COUNT": env_int("DONDOC_EXTENSION_MAX_COUNT", 2),
    # Reminders: working days before the deadline, then weekly while overdue, escalated
    # to the unit's head after this many days overdue.
    "REMIND_BEFORE_WORKING_DAYS": env_int_list("DONDOC_REMIND_BEFORE_WORKING_DAYS", [5, 2]),
    "REMIND_OVERDUE_EVERY_DAYS": env_int("DONDOC_REMIND_OVERDUE_EVERY_DAYS", 7),
    "ESCALATE_AFTER_DAYS_OVERDUE": env_int("DONDOC_ESCALATE_AFTER_DAYS_OVERDUE", 7),
    "REMIND_HOUR": env_int("DONDOC_REMIND_HOUR", 7),
    # "Việc của tôi" groups a deadline within this many working days as "sắp đến hạn".
    "DUE_SOON_WORKING_DAYS": env_int("DONDOC_DUE_SOON_WORKING_DAYS", 5),
    # Outbox: a claimed e-mail not marked sent after this long is taken over by another
    # worker (its sender crashed); a message is given up after this many attempts; the
    # worker retries pending messages up to this age.
    "CLAIM_TIMEOUT_SECONDS": env_int("DONDOC_CLAIM_TIMEOUT_SECONDS", 15 * 60),
    "SEND_MAX_ATTEMPTS": env_int("DONDOC_SEND_MAX_ATTEMPTS", 5),
    "OUTBOX_MAX_AGE_HOURS": env_int("DONDOC_OUTBOX_MAX_AGE_HOURS", 24),
    # A document still "processing" after this long had its worker die; it may be re-queued.
    "PROCESSING_STUCK_MINUTES": env_int("DONDOC_PROCESSING_STUCK_MINUTES", 30),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
