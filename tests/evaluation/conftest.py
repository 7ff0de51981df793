"""Fixtures for the evaluation tests (the helpers are in eval_helpers.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from eval_helpers import Work


@pytest.fixture(autouse=True)
def _defaults(request):
    """The default criteria sets and product kinds come from a data migration; a
    transactional test (the browser tests) empties the tables after it, so put them back."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from dondoc.evaluation.defaults import ensure_defaults

        ensure_defaults()


@pytest.fixture
def work(cast):
    return Work(cast)


@pytest.fixture
def may(db):
    from dondoc.evaluation.models import Period

    return Period.from_key("2026-05")


@pytest.fixture
def default_set(db):
    from dondoc.evaluation.models import CriteriaSet

    return CriteriaSet.objects.get(group="civil_servant", version=1)


@pytest.fixture
def month(work):
    """The specialist's May: one task on time, one returned once and late, one overdue,
    one due in June, one finished in April."""
    on_time = work.child("Xây dựng kế hoạch bồi dưỡng", due=dt.date(2026, 5, 15), products=["Kế hoạch"])
    work.done(on_time, dt.date(2026, 5, 14), dt.date(2026, 5, 15))
    returned = work.child("Báo cáo sơ kết công tác cán bộ", due=dt.date(2026, 5, 20), products=["Báo cáo"])
    work.submit(returned, dt.date(2026, 5, 18))
    work.return_(returned, dt.date(2026, 5, 19))
    work.done(returned, dt.date(2026, 5, 22))
    overdue = work.child("Tờ trình kiện toàn Hội đồng", due=dt.date(2026, 5, 25), products=["Tờ trình"])
    june = work.child("Báo cáo tháng 6", due=dt.date(2026, 6, 10), products=["Báo cáo"])
    april = work.child(
        "Báo cáo tháng 4", due=dt.date(2026, 4, 30), products=["Báo cáo"], on=dt.date(2026, 4, 20)
    )
    work.done(april, dt.date(2026, 4, 29))
    return {"on_time": on_time, "returned": returned, "overdue": overdue, "june": june, "april": april}
