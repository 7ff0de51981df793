"""The Chairman opens the overview, follows a number to the task list behind it and
finds the same count; at desktop size and on a 390 px phone, nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect
from util import assert_fits

_spec = importlib.util.spec_from_file_location(
    "reports_fixture", Path(__file__).resolve().parents[1] / "reports" / "reports_fixture.py"
)
reports_fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reports_fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOON = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)  # Monday 15/06/2026, 12:00 in Vietnam
BOTH = pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)


@BOTH
def test_the_chairman_follows_a_figure_to_its_list(page, log_in, cast, make_task):
    with time_machine.travel(NOON, tick=True):
        reports_fixture.build(cast, make_task)
        log_in(cast.leader.username, cast.password)  # "lanhdao", as in the demo

        expect(page.get_by_role("heading", name="Tổng quan toàn tỉnh")).to_be_visible()
        assert_fits(page)
        figure = page.locator("a.figure.open_overdue")
        expect(figure.locator("strong")).to_have_text("4")
        figure.click()
        expect(page.get_by_role("heading", name="Danh sách nhiệm vụ")).to_be_visible()
        expect(page.locator("p.count")).to_contain_text("4 nhiệm vụ theo văn bản")
        expect(page.locator("table.tasks tbody tr")).to_have_count(4)
        assert_fits(page)

        # A unit's figure: Sở Tài chính, first in the ranking, its overdue tasks.
        page.go_back()
        row = page.locator("section[aria-labelledby=h-units] table.breakdown").locator("tbody tr").first
        expect(row).to_contain_text("Sở Tài chính")
        cell = row.locator("a.n.open_overdue")
        shown = cell.inner_text()
        assert shown == "3"
        cell.click()
        expect(page.locator("p.count")).to_contain_text(f"{shown} nhiệm vụ theo văn bản")
        expect(page.locator("table.tasks tbody tr")).to_have_count(int(shown))
        assert_fits(page)

        # The unit's own overview from its name, and a figure of its trend chart.
        page.go_back()
        page.locator("section[aria-labelledby=h-units] table.breakdown").get_by_role(
            "link", name="Sở Tài chính"
        ).click()
        expect(page.get_by_role("heading", name="Tổng quan — Sở Tài chính")).to_be_visible()
        assert_fits(page)
