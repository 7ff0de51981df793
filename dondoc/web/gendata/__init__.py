"""`dondoc gen-data`: a province's history at full scale, for benchmarks and load tests.

Fills an empty database with a unit tree in the real shape, people with accounts and
roles, and years of documents whose tasks went through the workflow (see
`organisation.py` and `history.py`). Deterministic for a given seed, sizes and "now".
Bulk-loaded (`writer.py`): PostgreSQL COPY, SQLite executemany.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.conf import settings
from django.db import connection, transaction

from dondoc.documents.models import Document
from dondoc.lib.calendar import get_calendar, reset_calendar_cache
from dondoc.lib.calendar_data import load_bundled
from dondoc.lib.models import CalendarDay
from dondoc.notifications.models import Notification, Urging
from dondoc.org.models import Person, Unit, User, UserRole
from dondoc.tasks.models import Attachment, Extension, Report, Task, TaskEvent

from .history import History
from .organisation import build_people, build_units, write_organisation
from .writer import Bulk, bulk_load, reset_sequences

DEMO_PASSWORD = "dondoc-demo"
MODELS = [
    Unit,
    Person,
    User,
    UserRole,
    Document,
    Task,
    Report,
    Attachment,
    Extension,
    TaskEvent,
    Urging,
    Notification,
]


class NotEmpty(Exception):
    pass


def generate(
    *,
    units: int = 2000,
    people: int = 30000,
    tasks: int = 1_000_000,
    years: int = 5,
    seed: int = 2026,
    now: dt.datetime,
    departments: int | None = None,
    communes: int | None = None,
    flush_every: int = 200_000,
    log=print,
) -> dict:
    """Fill the (empty) database; returns the counts written."""
    if Unit.objects.exists() or Task.objects.exists() or Person.objects.exists():
        raise NotEmpty()
    started = time.monotonic()
    rng = random.Random(seed)
    load_bundled(CalendarDay)
    reset_calendar_cache()
    bulk = Bulk()
    builder = build_units(rng, units, departments, communes)
    org = build_people(rng, builder, people)
    with transaction.atomic():
        write_organisation(bulk, org, rng, DEMO_PASSWORD)
        bulk.flush()
    log(f"Đơn vị: {len(org.units)}, cán bộ (có tài khoản): {len(org.people)}")
    history = History(bulk=Bulk(), org=org, rng=rng, now=now, years=years, calendar=get_calendar())
    history.products_pool(settings.MEDIA_ROOT)
    notice = settings.MEDIA_ROOT / "documents" / "bench" / "notice.txt"
    notice.parent.mkdir(parents=True, exist_ok=True)
    if not notice.exists():
        notice.write_text("Văn bản mẫu của dữ liệu sinh tự động (dondoc gen-data).\n", encoding="utf-8")
    with bulk_load(
        [Document, Task, Task.coordinating_units.through, Report, Attachment, Extension, TaskEvent]
    ):
        stats = history.run(tasks, flush_every, log)
        log("Tạo lại chỉ mục…")
    reset_sequences(MODELS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Statistics for the planner, and the visibility map that index-only scans need.
            log("VACUUM ANALYZE…")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    stats.update(units=len(org.units), people=len(org.people), seconds=round(time.monotonic() - started))
    return stats
