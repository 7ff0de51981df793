"""Query counts pinned for every everyday page: stated bounds, and no growth with the data.

Each page is requested on a province with N tasks, then on one with 3N (more notices,
breakdowns, coordinating units, assignees, reports, extension requests): the number of
SQL queries must be the same and within its bound — no query per row (N+1).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.tasks import services

N = 4

# Page -> (persona, url name, params, bound on the number of queries).
PAGES = {
    "task list (all)": ("followup", "task-list", {}, 14),
    "task list (scoped)": ("snv_director", "task-list", {}, 15),
    "task list (search)": ("followup", "task-list", {"q": "ke hoach"}, 16),
    # +1 for a filter by category: whether an extension was granted after the day
    # (status.replays_after), asked once per request.
    "task list (overdue)": ("followup", "task-list", {"status": "open_overdue"}, 15),
    "task list (as of a past day)": ("followup", "task-list", {"as_of": "30/04/2026"}, 15),
    "task list (breakdown parts)": ("ccvc_head", "task-list", {"part": "phan-cong"}, 11),
    "task page": ("followup", "task-detail", None, 15),
    "Việc của tôi": ("snv_director", "my-tasks", {}, 10),
    "documents": ("followup", "document-list", {}, 7),
    "Office queues": ("followup", "office-queues", {}, 9),
    "urgings": ("followup", "urging-list", {}, 8),
    "inbox": ("snv_director", "inbox", {}, 8),
}


def _grow(cast, make_task, count: int, first) -> None:
    """`count` more notice tasks with what a page may show of them."""
    for i in range(count):
        task = make_task(
            f"Xây dựng kế hoạch số {time.perf_counter_ns()} {i}",
            lead_unit=cast.snv if i % 2 else cast.stc,
            due=dt.date(2026, 5, 1) + dt.timedelta(days=7 * i),
            assigned_by=cast.leader.person,
            coordinating_units=[cast.snv_ccvc],
        )
        if i % 2:
            services.receive(task, by=cast.snv_director)
            services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc)
            services.assign(task, by=cast.snv_director, assignee=cast.specialist.person)
        # The busy task gets more breakdown parts, history and reports as data grows.
        services.report_progress(first, by=cast.snv_director, text=f"Tiến độ {i}", percent=10)


@pytest.fixture
def province(cast, make_task):
    first = make_task(
        "Nhiệm vụ theo dõi", lead_unit=cast.snv, due=dt.date(2026, 5, 29), assigned_by=cast.leader.person
    )
    services.receive(first, by=cast.snv_director)
    return first


def _queries(client, user, name, params, task) -> int:
    client.force_login(user)
    url = reverse(name, args=[task.pk]) if params is None else reverse(name)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (name, response.status_code)
    return len(captured.captured_queries)


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False)
def test_no_page_makes_more_queries_when_the_data_grows(client, cast, make_task, province):
    _grow(cast, make_task, N, province)
    small = {
        page: _queries(client, getattr(cast, who), name, params, province)
        for page, (who, name, params, _bound) in PAGES.items()
    }
    _grow(cast, make_task, 2 * N, province)
    large = {
        page: _queries(client, getattr(cast, who), name, params, province)
        for page, (who, name, params, _bound) in PAGES.items()
    }
    assert large == small
    over = {page: n for page, n in small.items() if n > PAGES[page][3]}
    assert not over, small
