"""Data for the load test: the demo organisation, LOAD_ACCOUNTS specialists (tai000…)
spread over the divisions of Sở Nội vụ and the communes, and LOAD_TASKS tasks, each
assigned to one of them, with deadlines around today.

    DATABASE_URL=... .venv/bin/python bench/load/setup.py

Idempotent: run again, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from dondoc.lib.calendar_data import load_bundled  # noqa: E402
from dondoc.lib.models import CalendarDay  # noqa: E402
from dondoc.org.choices import Role, UnitKind  # noqa: E402
from dondoc.org.models import Person, Unit, User, UserRole  # noqa: E402
from dondoc.tasks.services import create_task  # noqa: E402
from dondoc.web import demo  # noqa: E402

ACCOUNTS = int(os.environ.get("LOAD_ACCOUNTS", 200))
TASKS = int(os.environ.get("LOAD_TASKS", 3000))
PASSWORD = os.environ.get("LOAD_PASSWORD", "tai-thu-2026")


def main() -> None:
    load_bundled(CalendarDay)
    units = demo.build_organisation()
    users = {u.username: u for u in demo.build_accounts(units)}
    if User.objects.filter(username__startswith="tai").count() >= ACCOUNTS:
        print("load data already there")
        return
    places = list(
        Unit.objects.filter(kind__in=[UnitKind.DIVISION, UnitKind.COMMUNE, UnitKind.WARD]).order_by("id")
    )
    hashed = make_password(PASSWORD)
    people = []
    with transaction.atomic():
        for n in range(ACCOUNTS):
            unit = places[n % len(places)]
            person = Person.objects.create(
                full_name=f"Chuyên viên tải {n:03d}",
                title="Chuyên viên",
                unit=unit,
                email=f"tai{n:03d}@langson.example",
            )
            user = User.objects.create(
                username=f"tai{n:03d}", person=person, email=person.email, password=hashed
            )
            UserRole.objects.create(user=user, role=Role.SPECIALIST)
            people.append(person)
    rng = random.Random(11)
    today = dt.date.today()
    leader, clerk = users["lanhdao"].person, users["vanthu"]
    for n in range(TASKS):
        person = people[n % len(people)]
        with transaction.atomic():
            create_task(
                content=f"Triển khai kế hoạch số {n} về cải cách hành chính",
                lead_unit=person.unit,
                by=clerk,
                assigned_on=today - dt.timedelta(days=rng.randint(30, 90)),
                due_date=today + dt.timedelta(days=rng.randint(-20, 60)),
                assigned_by=leader,
                assignee=person,
            )
    print(f"{ACCOUNTS} accounts, {TASKS} tasks")


if __name__ == "__main__":
    main()
