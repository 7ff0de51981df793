"""The statistics core against the hand-counted fixture of reports_fixture.py."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reports_fixture import ON, START, build

from dondoc.reports import stats
from dondoc.reports.stats import NONE, Criteria
from dondoc.tasks.choices import Status

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)  # 12:00 in Vietnam


@pytest.fixture
def world(cast, make_task):
    with time_machine.travel(NOON, tick=False):
        tasks = build(cast, make_task)
        yield cast, tasks


def criteria(**kwargs):
    return Criteria(on=ON, start=START, end=ON, **kwargs)


def test_summary_counts_rate_and_ageing(world):
    cast, _tasks = world
    s = stats.summary(stats.scope_tasks(cast.leader), criteria())
    assert s.counts == {
        Status.DONE_ON_TIME: 1,
        Status.DONE_LATE: 1,
        Status.OPEN_ON_TIME: 1,
        Status.OPEN_OVERDUE: 4,
        Status.RECURRING: 1,
        Status.NO_DEADLINE: 1,
        Status.NOT_COUNTED: 1,
    }
    assert s.total == 9
    assert s.due == 6
    assert s.rate_on_time == 16.7
    assert s.ageing == {"1-7": 1, "8-30": 1, "31-90": 1, "90+": 1}


def test_period_and_as_of_bounds(world):
    cast, tasks = world
    scope = stats.scope_tasks(cast.leader)
    # Without a start the task assigned in 2025 counts; the one assigned after the as-of
    # day never does (it had no status then).
    ids = set(stats.narrow(scope, Criteria(on=ON)).values_list("pk", flat=True))
    assert tasks[10].pk in ids
    assert tasks[11].pk not in ids and tasks[12].pk not in ids
    assert stats.summary(scope, Criteria(on=ON)).counts[Status.OPEN_OVERDUE] == 5


def test_narrow_lists_exactly_the_counted_tasks(world):
    cast, tasks = world
    scope = stats.scope_tasks(cast.leader)
    late = stats.narrow(scope, criteria(status=Status.OPEN_OVERDUE))
    assert set(late.values_list("pk", flat=True)) == {tasks[n].pk for n in (3, 4, 8, 13)}
    old = stats.narrow(scope, criteria(ageing="90+"))
    assert list(old.values_list("pk", flat=True)) == [tasks[8].pk]
    no_field = stats.narrow(scope, criteria(field=NONE))
    assert set(no_field.values_list("pk", flat=True)) == {tasks[5].pk, tasks[7].pk}


def test_per_unit_rolls_up_and_ranks(world):
    cast, _tasks = world
    rows = stats.per_unit(stats.scope_tasks(cast.leader), criteria(), cast.leader)
    assert [r.label for r in rows] == ["Sở Tài chính", "SNV", "UBND xã Chi Lăng"]
    stc, snv, xa = (r.summary for r in rows)
    assert (stc.overdue, stc.total, stc.rate_on_time) == (3, 3, 0.0)
    # SNV rolls up its division P. CCVC (#2, #13): 1 on time, 1 late, 1 overdue, 1 recurring,
    # 1 without deadline, 1 cancelled.
    assert snv.counts[Status.DONE_ON_TIME] == 1 and snv.counts[Status.DONE_LATE] == 1
    assert (snv.overdue, snv.total, snv.counts[Status.NOT_COUNTED]) == (1, 5, 1)
    assert snv.rate_on_time == 33.3
    assert (xa.total, xa.rate_on_time) == (1, None)
    assert rows[1].criteria.unit == cast.snv


def test_unit_head_sees_divisions_and_own_tasks(world):
    cast, _tasks = world
    user = cast.snv_director
    rows = stats.per_unit(stats.scope_tasks(user), criteria(), user)
    assert [r.label for r in rows] == ["Phòng Công chức, viên chức", "SNV (trực tiếp chủ trì)"]
    ccvc, own = rows
    assert (ccvc.summary.total, ccvc.summary.overdue) == (2, 1)
    assert own.criteria.direct and own.summary.total == 3
    # Nothing of another department reaches the head's figures.
    assert stats.summary(stats.scope_tasks(user), criteria()).total == 5


def test_per_field_leader_document(world):
    cast, _tasks = world
    scope = stats.scope_tasks(cast.leader)
    fields = stats.per_field(scope, criteria())
    assert [(r.label, r.summary.total) for r in fields] == [
        ("Nội vụ", 4),
        ("Tài chính, ngân sách", 3),
        ("Chưa xác định lĩnh vực", 2),
    ]
    leaders = stats.per_leader(scope, criteria())
    assert [(r.label, r.summary.total) for r in leaders] == [
        ("Nguyễn Văn Lãnh", 5),
        ("Chưa có lãnh đạo giao", 4),
    ]
    docs = stats.per_document(scope, criteria())
    assert [(r.label, r.summary.total, r.summary.overdue) for r in docs] == [
        ("Số 443/TB-UBND ngày 05/02/2026", 5, 3)
    ]


def test_trend_months(world):
    cast, _tasks = world
    rows = stats.trend(stats.scope_tasks(cast.leader), criteria())
    assert [r.label for r in rows][0] == "07/2025" and rows[-1].label == "06/2026"
    by_label = {r.label: r.summary for r in rows}
    assert by_label["12/2025"].total == 1  # #10, outside the period but in its month
    assert by_label["01/2026"].total == 1  # #8
    assert by_label["04/2026"].total == 8
    assert by_label["06/2026"].total == 0  # #11 is assigned after the as-of day
    assert rows[-1].criteria.start == dt.date(2026, 6, 1) and rows[-1].criteria.end == ON


def test_actions(world):
    cast, tasks = world
    with time_machine.travel(NOON, tick=False):
        acts = {a.key: a for a in stats.actions(stats.scope_tasks(cast.leader), ON).items}
    assert acts["overdue"].count == 5  # #10 counts: the action lists ignore the period
    assert {t.pk for t in acts["overdue"].tasks[:2]} == {tasks[8].pk, tasks[10].pk}  # oldest deadline first
    assert acts["week"].count == 0
    assert acts["results"].count == 0


def test_query_is_the_lists_parameters(world):
    cast, _tasks = world
    c = criteria(unit=cast.snv, field=NONE, status=Status.OPEN_OVERDUE, ageing="1-7")
    assert c.query() == {
        "as_of": "15/06/2026",
        "assigned_from": "01/01/2026",
        "assigned_to": "15/06/2026",
        "unit": str(cast.snv.pk),
        "field": "none",
        "status": "open_overdue",
        "ageing": "1-7",
    }


def test_queries_do_not_grow_with_tasks(world, make_task):
    cast, _tasks = world
    counts = []
    for _ in range(2):
        user = type(cast.leader).objects.get(pk=cast.leader.pk)  # no cached roles
        with CaptureQueriesContext(connection) as queries:
            stats.overview(user, criteria(), today=ON)
        counts.append(len(queries))
        with time_machine.travel(NOON, tick=False):
            for n in range(5):
                make_task(f"Thêm {n}", lead_unit=cast.commune, due=dt.date(2026, 5, 4), field=None)
    # 21: the per-document rows take two (the documents to show, then their figures),
    # and one asks whether an extension was granted after the day (status.replays_after).
    assert counts[0] == counts[1] <= 21


def test_the_overview_remembers_its_figures_until_a_task_changes(world, make_task, settings):
    """With the counts cache on (production), a second overview answers from it, and a
    change to any task (its event) makes the next one count afresh."""
    from django.core.cache import cache

    cast, _tasks = world
    settings.DONDOC = {**settings.DONDOC, "COUNT_CACHE_SECONDS": 600}
    cache.clear()
    user = type(cast.leader).objects.get(pk=cast.leader.pk)
    first = stats.overview(user, criteria(), today=ON)
    with CaptureQueriesContext(connection) as queries:
        again = stats.overview(user, criteria(), today=ON)
    assert again.summary == first.summary and again.trend == first.trend
    assert not [q for q in queries.captured_queries if "CASE WHEN" in q["sql"]]  # no count ran
    with time_machine.travel(NOON, tick=False):
        make_task("Thêm một", lead_unit=cast.commune, due=dt.date(2026, 5, 4), field=None)
    after = stats.overview(user, criteria(), today=ON)
    assert after.summary.total == first.summary.total + 1
    assert after.summary.overdue == first.summary.overdue + 1


def test_a_table_links_each_figure_to_the_same_list_as_list_url(world):
    """The overview's tables encode a row's common parameters once; each link must be the
    one `list_url` gives for the figure's criteria."""
    from dondoc.reports.charts import list_url
    from dondoc.reports.views import _status_urls

    cast, _tasks = world
    for c in (criteria(), criteria(unit=cast.snv, field=NONE, leader=cast.leader.person_id)):
        url = _status_urls(c)
        for category in [*Status.values, "counted", "due"]:
            assert url(category) == list_url(c.but(status=category))
