"""Shared test set-up: a small realistic cast built in plain ORM code (STYLE.md §8).

A province committee with its Office, two departments (one with two divisions), one
commune outside both; a leader, a department head, a division head, a specialist, a
clerk, Office follow-up staff and an outsider.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Hashing passwords the production way costs ~0.3 s per user; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    from dondoc.lib.calendar import reset_calendar_cache

    reset_calendar_cache()
    # Counts are remembered per event high-water mark (dondoc/tasks/counts.py); tests
    # change tasks directly and roll back, so they count afresh (its own test turns it on).
    settings.DONDOC = {**settings.DONDOC, "COUNT_CACHE_SECONDS": 0}
    yield
    reset_calendar_cache()


@dataclass
class Cast:
    province: object
    office: object
    snv: object
    snv_ccvc: object
    snv_tcbc: object
    stc: object
    commune: object
    leader: object
    snv_director: object
    ccvc_head: object
    specialist: object
    clerk: object
    followup: object
    outsider: object
    password: str = "mat-khau-thu-nghiem"


def make_user(username, full_name, title, unit, roles, password):
    from dondoc.org.models import Person, User, UserRole

    person = Person.objects.create(
        full_name=full_name, title=title, unit=unit, email=f"{username}@example.vn"
    )
    user = User(username=username, person=person, email=person.email)
    user.set_password(password)
    user.save()
    for role in roles:
        UserRole.objects.create(user=user, role=role)
    return user


@pytest.fixture
def cast(db) -> Cast:
    from dondoc.org.choices import Role, UnitKind
    from dondoc.org.models import Unit

    password = Cast.password
    province = Unit.objects.create(code="ubnd", name="UBND tỉnh Lạng Sơn", kind=UnitKind.COMMITTEE)
    office = Unit.objects.create(code="vp", name="Văn phòng UBND tỉnh", kind=UnitKind.OFFICE, parent=province)
    snv = Unit.objects.create(
        code="snv",
        name="Sở Nội vụ",
        short_name="SNV",
        kind=UnitKind.DEPARTMENT,
        parent=province,
        aliases=["Sở NV"],
    )
    ccvc = Unit.objects.create(
        code="snv-ccvc", name="Phòng Công chức, viên chức", kind=UnitKind.DIVISION, parent=snv
    )
    tcbc = Unit.objects.create(
        code="snv-tcbc", name="Phòng Tổ chức, biên chế", kind=UnitKind.DIVISION, parent=snv
    )
    stc = Unit.objects.create(code="stc", name="Sở Tài chính", kind=UnitKind.DEPARTMENT, parent=province)
    commune = Unit.objects.create(
        code="xa-1", name="UBND xã Chi Lăng", kind=UnitKind.COMMUNE, parent=province
    )
    return Cast(
        province=province,
        office=office,
        snv=snv,
        snv_ccvc=ccvc,
        snv_tcbc=tcbc,
        stc=stc,
        commune=commune,
        leader=make_user(
            "lanhdao", "Nguyễn Văn Lãnh", "Chủ tịch UBND tỉnh", province, [Role.LEADER], password
        ),
        snv_director=make_user(
            "gd.snv", "Vi Văn Hùng", "Giám đốc Sở Nội vụ", snv, [Role.LEADER, Role.HEAD], password
        ),
        ccvc_head=make_user("tp.ccvc", "Nông Thị Hà", "Trưởng phòng", ccvc, [Role.HEAD], password),
        specialist=make_user("cv.ccvc", "Lý Văn Tú", "Chuyên viên", ccvc, [Role.SPECIALIST], password),
        clerk=make_user("vanthu", "Hoàng Thị Lan", "Văn thư", office, [Role.CLERK], password),
        followup=make_user(
            "theodoi", "Lương Văn Minh", "Chuyên viên theo dõi", office, [Role.FOLLOWUP], password
        ),
        outsider=make_user("stc.cv", "Trần Thị Ngoài", "Chuyên viên", stc, [Role.SPECIALIST], password),
    )


@pytest.fixture
def make_task(cast):
    """Create a registered task through the service, as the application does."""
    from dondoc.tasks.services import create_task

    def make(content="Xây dựng kế hoạch bồi dưỡng cán bộ", lead_unit=None, due=None, **kwargs):
        kwargs.setdefault("assigned_on", dt.date(2026, 4, 25))
        kwargs.setdefault("by", cast.clerk)
        return create_task(content=content, lead_unit=lead_unit or cast.snv, due_date=due, **kwargs)

    return make


class SmtpSink:
    """Keeps every message the local SMTP server receives."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            found = list(self.envelopes)
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in found]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(r for e in self.envelopes for r in e.rcpt_tos)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, with Django's SMTP
    backend pointed at it."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()


def pytest_sessionfinish(session, exitstatus):
    """In CI (DONDOC_REQUIRE_TOOLS=1) a skipped test is a failure: Chromium, Tesseract,
    LibreOffice and the corpus are all installed there, so a skip would hide a test that
    silently stopped running."""
    import os

    if os.environ.get("DONDOC_REQUIRE_TOOLS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        for report in skipped:
            print(f"\nskipped in CI: {report.nodeid}: {report.longrepr}")
        session.exitstatus = 1


def pytest_collection_modifyitems(config, items):
    """Deselect — never skip — what cannot run here:

    - tests marked `postgres` exercise real row-lock contention between connections;
      SQLite's in-memory test database refuses concurrent writers outright ("table is
      locked"), so on SQLite they are left out and run in CI's PostgreSQL pass;
    - tests marked `corpus` score against `../shared/corpus`, which exists beside a
      development checkout and in CI, never in a user's clone: without it they are left
      out. Everything else the suite needs ships inside the project;
    - tests marked `redis` need a Redis server: they run when DONDOC_TEST_REDIS_URL is
      set, tests marked `faults` (private servers started and killed) when
      DONDOC_FAULT_TESTS=1 — each in its own CI step (make test-redis, make test-faults)."""
    import os

    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    has_corpus = CORPUS.is_dir()
    with_redis = bool(os.environ.get("DONDOC_TEST_REDIS_URL"))
    faults = os.environ.get("DONDOC_FAULT_TESTS") == "1"
    keep, drop = [], []
    for item in items:
        unavailable = (
            (not on_postgres and item.get_closest_marker("postgres"))
            or (not has_corpus and item.get_closest_marker("corpus"))
            or (not with_redis and item.get_closest_marker("redis"))
            or (not faults and item.get_closest_marker("faults"))
        )
        (drop if unavailable else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
