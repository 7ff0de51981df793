"""Django settings for dondoc, read from the environment (see .env.example).

Defaults make the embedded mode run with nothing set: a SQLite file under ./var/,
debug on, an in-process task queue backed by the database. Production (DEBUG off)
refuses to start without SECRET_KEY.
"""

from __future__ import annotations

import datetime as dt
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "dondoc.lib",
    "dondoc.org",
    "dondoc.documents",
    "dondoc.tasks",
    "dondoc.notifications",
    "dondoc.evaluation",
    "dondoc.reports",
    "dondoc.quality",
    "dondoc.web",
    "dondoc.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dondoc.accounts.middleware.TwoFactorMiddleware",
    "dondoc.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dondoc.tasks.status.ReplayMemo",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the others (django-axes wants to be last; the 405 page below only rewrites
    # empty 405s): it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "dondoc.evaluation.context.navigation",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off for every query (README "Speed at full scale"): dondoc's queries are short,
    # and the status rule is a wide expression that PostgreSQL's JIT takes 1-2 s to
    # compile for a query that runs in 100 ms without it (the overview at 1,000,000
    # tasks: 2.7 s with JIT, 0.1 s without). Kept if DATABASE_URL already sets options.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a busy timeout rather
    # than "database is locked" errors when both write at once.
    # IMMEDIATE transactions take the write lock when they begin, so a transaction that
    # reads then writes waits for the busy timeout instead of failing at its first
    # write with "database is locked" (SQLite cannot upgrade a read lock while another
    # connection writes).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("DONDOC_SQLITE_BUSY_SECONDS", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("DONDOC_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every login first (throttling and lockout), then the model backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: an account after this many failures from anywhere, an address after
# DONDOC_LOGIN_FAILURES_PER_ADDRESS (offices share NAT addresses), for this many minutes
# or until an administrator unlocks it (Tài khoản → Nhật ký đăng nhập).
AXES_FAILURE_LIMIT = env_int("DONDOC_LOGIN_FAILURES_PER_ACCOUNT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "dondoc.accounts.lockout.AccountAndAddressHandler"
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("DONDOC_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # the Vietnamese login log screen replaces axes's English admin
AXES_VERBOSE = False
# Behind a reverse proxy the client's address is the last hop it added to
# X-Forwarded-For; without one, REMOTE_ADDR (a forged header must not move the lockout).
BEHIND_PROXY = env_bool("DONDOC_BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "dondoc.accounts.lockout.client_ip"

# A session ends after this many minutes without a request (dondoc.accounts.middleware).
SESSION_COOKIE_AGE = env_int("DONDOC_SESSION_IDLE_MINUTES", 60) * 60
PASSWORD_RESET_TIMEOUT = env_int("DONDOC_PASSWORD_RESET_HOURS", 24) * 3600
OTP_TOTP_ISSUER = env_str("DONDOC_OTP_ISSUER", "dondoc")

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
    # Writes to a temporary file, then links it under its name: a full disk or a crash
    # never leaves a half-written file behind (dondoc.lib.storage).
    "default": {"BACKEND": "dondoc.lib.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded notices and products: checked by content, capped in size.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Longest document accepted at upload, in pages (a PDF's pages, a .docx's as Word
# counted them, else about 3,000 characters a page): longer ones are refused, saving
# nothing. Keep it at most DONDOC_PDF_MAX_PAGES (the pages the PDF reader reads).
UPLOAD_MAX_PAGES = env_int("UPLOAD_MAX_PAGES", 200)

# HTTPS: when SITE_URL is https://, cookies are secure, HTTP is redirected and browsers
# are told (HSTS) to use HTTPS only. Behind a TLS-terminating proxy set
# DONDOC_BEHIND_PROXY=1 so that X-Forwarded-Proto says the request came over HTTPS.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The development server (`make run` serves with DEBUG off: dondoc serve --local) never
# shows Django's technical pages; only an explicit DEBUG=1 does, on localhost.
SILENCED_SYSTEM_CHECKS = [] if HTTPS or DEBUG else ["security.W008", "security.W004"]
# The task list's covering indexes (INCLUDE columns, tasks migration 0005) serve
# PostgreSQL's index-only scans; SQLite keeps the index on its key columns, which is what
# it can use: the warning that it ignores the rest is expected, not a fault.
SILENCED_SYSTEM_CHECKS += ["models.W040"]

# Content-Security-Policy (django-csp): scripts and styles only from our own static
# files — no inline <script>, <style>, style="" or onclick= anywhere (e-mail bodies are
# not web pages). data: images for the QR code of two-factor enrolment.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# A refused form token gets a Vietnamese page on the site's layout.
CSRF_FAILURE_VIEW = "dondoc.web.errors.csrf_failure"

# Background jobs: django-tasks with django-tasks-db's database backend, which needs no
# extra server; `dondoc worker` runs beside the web process (make run starts it). TASKS_IMMEDIATE=1 runs
# jobs inline (tests, one-off scripts).
#
# TASKS_BACKEND picks the job queue: "database" (default: django-tasks-db, no other
# server), "redis" (django-tasks-rq on REDIS_URL, worked by `dondoc rqworker`), or
# "immediate" (inline, as TASKS_IMMEDIATE=1).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if env_bool("TASKS_IMMEDIATE", False) else "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("DONDOC_JOB_TIMEOUT_SECONDS", 1800)}
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
    # An e-mail handed to the SMTP server is recorded as sent even if the database is
    # restarting: the record is retried for this many seconds.
    "DB_RETRY_SECONDS": env_int("DONDOC_DB_RETRY_SECONDS", 120),
    # A document still "processing" after this long had its worker die; it may be re-queued.
    "PROCESSING_STUCK_MINUTES": env_int("DONDOC_PROCESSING_STUCK_MINUTES", 30),
    # A NAT address shared by an office is locked after this many failed logins.
    "LOGIN_FAILURES_PER_ADDRESS": env_int("DONDOC_LOGIN_FAILURES_PER_ADDRESS", 20),
    # Evaluation (Nghị định 335/2025/NĐ-CP): each agency evaluates monthly or quarterly
    # ("month" / "quarter"; an agency's own setting overrides it), and caps the share of
    # its people rated xuất sắc (percent).
    "EVAL_PERIOD": env_str("DONDOC_EVAL_PERIOD", "month"),
    "EVAL_EXCELLENT_CAP_PERCENT": env_int("DONDOC_EVAL_EXCELLENT_CAP_PERCENT", 20),
    # The task list's counts are remembered until a task changes (a new event), at most
    # this many seconds (dondoc/tasks/counts.py); 0: count on every request.
    "COUNT_CACHE_SECONDS": env_int("DONDOC_COUNT_CACHE_SECONDS", 600),
    # Exports and official reports: the place name of "…, ngày … tháng … năm …" (default:
    # read from the committee's name, "UBND tỉnh Lạng Sơn" -> "Lạng Sơn").
    "PLACE_NAME": env_str("DONDOC_PLACE_NAME", ""),
}
if DONDOC["EVAL_PERIOD"] not in ("month", "quarter"):
    raise ImproperlyConfigured("DONDOC_EVAL_PERIOD must be month or quarter")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
