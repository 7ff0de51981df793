"""Loading the bundled Vietnamese working-day calendar (used by a migration and a command)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "calendar_vn.json"


def bundled_days() -> list[tuple[dt.date, str, str]]:
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["days"]
    return [(dt.date.fromisoformat(day), kind, name) for day, kind, name in rows]


def load_bundled(model) -> int:
    """Create the bundled days that are missing; never overwrite an edited row. Returns rows created."""
    existing = set(model.objects.values_list("date", flat=True))
    new = [model(date=d, kind=k, name=n) for d, k, n in bundled_days() if d not in existing]
    model.objects.bulk_create(new)
    if new:
        refresh_shifts(model)
    return len(new)


SHIFT_FIRST_YEAR = 2000
SHIFT_LAST_YEAR = 2060


def refresh_shifts(day_model=None) -> int:
    """Rebuild `DeadlineShift` (every non-working day of the years covered and the next
    working day) from the calendar rows of `day_model` (`CalendarDay`, or its historical
    model in a migration). Returns the rows written."""
    from .calendar import WorkingCalendar

    if day_model is None:
        from .models import CalendarDay as day_model
    try:
        shift_model = day_model._meta.apps.get_model("lib", "DeadlineShift")
    except LookupError:  # a migration before the table exists; its own migration fills it
        return 0
    rows = list(day_model.objects.values_list("date", "kind"))
    calendar = WorkingCalendar(
        holidays=frozenset(d for d, k in rows if k == "holiday"),
        workdays=frozenset(d for d, k in rows if k == "workday"),
    )
    shifts = []
    day = dt.date(SHIFT_FIRST_YEAR, 1, 1)
    last = dt.date(SHIFT_LAST_YEAR, 12, 31)
    while day <= last:
        if not calendar.is_working_day(day):
            shifts.append(shift_model(day=day, effective=calendar.next_working_day(day)))
        day += dt.timedelta(days=1)
    shift_model.objects.all().delete()
    shift_model.objects.bulk_create(shifts, batch_size=2000)
    return len(shifts)
