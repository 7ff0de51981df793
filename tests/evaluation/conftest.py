"""Fixtures for the evaluation tests (the helpers are in eval_helpers.py)."""

from __future__ import annotations

import pytest
from eval_helpers import Work


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
