"""Counts remembered between requests until the tasks change (README "Speed at full scale").

The official counts of a list over a whole province read every top-level task (about
700,000 rows at full scale; PostgreSQL answers from one index, `task_top_status`, in
150-500 ms on a busy two-core machine). They change only when a task changes, and every
change to a task writes a `TaskEvent` in the same transaction (`tasks.events`). So a
count is remembered in Django's cache under a key made of the query's SQL (scope,
filters, day: the same query is the same question) and the highest event id — the
first request after any change recounts; every other one answers from the cache.

Trade-offs: a change made without an event (a data repair in the admin) shows after at
most `COUNT_CACHE_SECONDS`; a transaction that commits after a later one's event was
read is seen at the next event or after that delay. 0 turns remembering off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from .models import TaskEvent

T = TypeVar("T")


def data_version() -> int:
    """The highest event id: it moves whenever a task changes (one index probe)."""
    return TaskEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def remembered(queryset: QuerySet, label: str, compute: Callable[[], T]) -> T:
    """`compute()` — a count over `queryset` — remembered until the tasks change."""
    seconds = settings.DONDOC.get("COUNT_CACHE_SECONDS", 600)
    if not seconds:
        return compute()
    try:
        sql = str(queryset.query)
    except Exception:  # a query Django cannot print cannot be a key: count it
        return compute()
    digest = hashlib.sha256(f"{label}\n{sql}".encode()).hexdigest()
    key = f"dondoc:count:{data_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found
