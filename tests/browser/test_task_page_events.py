"""The task page of a task carrying every kind of event, with and without an actor, in
the browser at desktop size and on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from util import assert_fits

from dondoc.org.templatetags.people import SYSTEM_NAME
from dondoc.tasks import events
from dondoc.tasks.choices import EventKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_task_with_every_kind_of_event_opens(page, log_in, cast, make_task):
    task = make_task(
        "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức",
        lead_unit=cast.snv_ccvc,
        due=dt.date(2026, 5, 29),
        assigned_by=cast.leader.person,
        assignee=cast.specialist.person,
    )
    for kind in EventKind:
        events.record(task, kind, cast.snv_director, note=f"Có người: {kind.label}")
        events.record(
            task,
            kind,
            None,
            changes={"due_date": ["2026-05-29", "2026-06-15"]},
            note=f"Tự động: {kind.label}",
        )
    log_in(cast.followup.username, cast.password)
    page.goto(f"/nhiem-vu/{task.pk}/")
    history = page.locator("table.history tbody tr")
    expect(history).to_have_count(2 * len(EventKind) + 1)
    for kind in EventKind:
        expect(page.locator("table.history tr", has_text=f"Có người: {kind.label}")).to_contain_text(
            "Vi Văn Hùng"
        )
        expect(page.locator("table.history tr", has_text=f"Tự động: {kind.label}")).to_contain_text(
            SYSTEM_NAME
        )
    assert_fits(page)
