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
    return len(new)
