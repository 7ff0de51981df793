"""The one registry of named measurements run by `bench/run.py` (and `make bench`).

A page is one entry: a function that makes one request, registered with `@page`:

    from bench.registry import page

    @page("overview_province", target_ms=150, title="Tổng quan (Chủ tịch)")
    def overview_province(ctx):
        ctx.get("leader", "/tong-quan/", expect="Tổng quan")

`ctx.get(persona, path, params, expect=...)` requests the page in process (Django test
client, a logged-in user) and fails the measurement unless the answer is 200 and holds
`expect`, so a page that silently answers an error or an empty form is never timed as
fast. The runner times each entry `--runs` times (≥ 20) after two warm-up requests and
writes p50/p95, the number of queries of one request, and whether the p95 meets
`target_ms`.

Personas are the accounts `dondoc gen-data` creates (the demo's usernames); a module
under `bench/measures/` is imported by the runner, so adding a file there (or an entry
to one) is all it takes to add a measurement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

# Who requests the page: a persona name -> the gen-data / demo username.
PERSONAS = {
    "leader": "lanhdao",  # Chủ tịch UBND tỉnh: sees everything
    "followup": "theodoi",  # Office follow-up staff: sees everything
    "clerk": "vanthu",  # the Office's clerk
    "head": "gd.snv",  # Giám đốc Sở Nội vụ: a department head, scoped to the department
    "division_head": "tp.snv",  # Trưởng phòng Công chức, viên chức (Sở Nội vụ)
    "specialist": "cv.snv",  # a specialist of that division
}


@dataclass
class Measurement:
    name: str
    run: Callable[[Context], object]
    target_ms: float
    title: str
    group: str = "page"


REGISTRY: dict[str, Measurement] = {}


def page(name: str, *, target_ms: float = 300, title: str = "") -> Callable:
    """Register `fn(ctx)` as the measurement `name` (one request per call)."""

    def register(fn):
        if name in REGISTRY:
            raise ValueError(f"measurement {name!r} registered twice")
        REGISTRY[name] = Measurement(name, fn, target_ms, title or name)
        return fn

    return register


class BenchError(AssertionError):
    pass


@dataclass
class Context:
    """What entries need: logged-in clients per persona, and a few days and ids chosen
    once per run from the data (`fixtures`), e.g. `ctx.fixture("busy_task")`."""

    today: dt.date
    fixtures: dict[str, Callable[[Context], object]] = field(default_factory=dict)
    _clients: dict = field(default_factory=dict)
    _values: dict = field(default_factory=dict)

    def user(self, persona: str):
        from django.contrib.auth import get_user_model

        username = PERSONAS.get(persona, persona)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise BenchError(
                f"no account {username!r} (persona {persona!r}): was the database made by gen-data?"
            )
        return user

    def client(self, persona: str):
        if persona not in self._clients:
            from django.test import Client

            client = Client()
            client.force_login(self.user(persona))
            self._clients[persona] = client
        return self._clients[persona]

    def get(self, persona: str, path: str, params: dict | None = None, *, expect: str | None = None):
        response = self.client(persona).get(path, params or {})
        if response.status_code != 200:
            raise BenchError(f"GET {path} {params or ''} as {persona}: HTTP {response.status_code}")
        if expect is not None:
            body = response.content.decode()
            if expect not in body:
                raise BenchError(f"GET {path} {params or ''} as {persona}: {expect!r} not in the page")
        return response

    def fixture(self, name: str):
        if name not in self._values:
            self._values[name] = self.fixtures[name](self)
        return self._values[name]

    @cached_property
    def past_day(self) -> dt.date:
        """A past day for "as of" lists: the last day of the quarter before last."""
        quarter_start = self.today.replace(day=1, month=3 * ((self.today.month - 1) // 3) + 1)
        previous_start = (quarter_start - dt.timedelta(days=80)).replace(day=1)
        previous_start = previous_start.replace(month=3 * ((previous_start.month - 1) // 3) + 1)
        return previous_start - dt.timedelta(days=1)


def fixture(name: str):
    """Register `fn(ctx)` as a named value computed once per run (not timed)."""

    def register(fn):
        FIXTURES[name] = fn
        return fn

    return register


FIXTURES: dict[str, Callable[[Context], object]] = {}
