"""Writing task events: every change to a task goes through `record`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from .models import Task, TaskEvent


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def diff(task: Task, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changes."""
    changes = {}
    for field, after in new_values.items():
        before = getattr(task, field)
        if _plain(before) != _plain(after):
            changes[field] = [_plain(before), _plain(after)]
    return changes


def record(
    task: Task,
    kind: str,
    actor=None,
    *,
    changes: dict | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> TaskEvent:
    """Write one event with the task's lead unit, state and deadline at that moment."""
    return TaskEvent.objects.create(
        task=task,
        kind=kind,
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        changes={k: [_plain(b), _plain(a)] for k, (b, a) in (changes or {}).items()},
        note=note,
        lead_unit_id=task.lead_unit_id,
        state=task.state,
        due_date=task.due_date,
    )
