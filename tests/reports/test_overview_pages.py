"""The overview pages: every number is a link to the task list, and the list behind it
has exactly that many tasks; scope, empty state, landing page, query counts."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reports_fixture import build

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)  # Monday 15/06/2026, 12:00 in Vietnam
LINK = re.compile(r'<a [^>]*href="(/nhiem-vu/\?[^"]+)"[^>]*>(.*?)</a>', re.S)


@pytest.fixture
def world(cast, make_task):
    with time_machine.travel(NOON, tick=False):
        tasks = build(cast, make_task)
        yield cast, tasks


def figures(body: str) -> list[tuple[str, int]]:
    """(list URL, number shown) of every link to the task list that shows a count."""
    found = []
    for href, inner in LINK.findall(body):
        text = re.sub(r"<[^>]+>", " ", inner).strip()
        if text.endswith("%"):
            continue  # a rate links to the tasks it is computed over
        numbers = re.findall(r"\d+", text)
        assert numbers, f"a link to the list without a number: {text!r}"
        found.append((html.unescape(href), int(numbers[-1])))
    return found


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["form"].errors, (url, response.context["form"].errors)
    return response.context["page"].paginator.count


def assert_links_match(client, path: str, minimum: int) -> list[tuple[str, int]]:
    body = client.get(path).content.decode()
    links = figures(body)
    assert len(links) >= minimum
    for url, shown in dict(links).items():
        assert list_count(client, url) == shown, url
    return links


def test_every_number_of_the_chairmans_overview_is_its_lists_count(client, world):
    cast, _tasks = world
    client.force_login(cast.leader)
    with time_machine.travel(NOON, tick=False):
        links = assert_links_match(client, reverse("overview"), minimum=60)
    shown = dict(links)
    # A few hand-counted figures (reports_fixture.py), through the links that carry them.
    totals = [n for url, n in links if "status=counted" in url and "unit=" not in url and "field=" not in url]
    assert 9 in totals, links[:12]
    overdue = [n for url, n in links if url.endswith("status=open_overdue") and "assigned_from" in url]
    assert overdue[0] == 4
    assert any("ageing=90%2B" in url and n == 1 for url, n in shown.items())


def test_a_past_as_of_day_and_another_period(client, world):
    cast, _tasks = world
    client.force_login(cast.leader)
    with time_machine.travel(NOON, tick=False):
        query = "?start=01/04/2026&end=30/04/2026&as_of=31/05/2026"
        response = client.get(reverse("overview") + query)
        assert response.context["criteria"].on == dt.date(2026, 5, 31)
        for url, shown in dict(figures(response.content.decode())).items():
            if "as_of=31%2F05%2F2026" in url:
                assert list_count(client, url) == shown, url


def test_the_unit_overview_of_a_department_head(client, world):
    cast, _tasks = world
    client.force_login(cast.snv_director)
    with time_machine.travel(NOON, tick=False):
        links = assert_links_match(client, reverse("overview-unit", args=[cast.snv.pk]), minimum=30)
        body = client.get(reverse("overview")).content.decode()
    assert "Tổng quan — Sở Nội vụ" in body
    assert "Phòng Công chức, viên chức" in body and "Sở Tài chính" not in body
    assert all(f"unit={cast.stc.pk}" not in url for url, _n in links)


def test_a_unit_outside_the_scope_is_not_found(client, world):
    cast, _tasks = world
    client.force_login(cast.snv_director)
    assert client.get(reverse("overview-unit", args=[cast.stc.pk])).status_code == 404


def test_the_personal_overview(client, world, make_task):
    cast, tasks = world
    from dondoc.tasks.models import Task

    Task.objects.filter(pk=tasks[13].pk).update(assignee=cast.specialist.person)
    client.force_login(cast.specialist)
    with time_machine.travel(NOON, tick=False):
        links = assert_links_match(client, reverse("overview-personal"), minimum=10)
    assert any(url.endswith("status=open_overdue") and n == 1 for url, n in links)


def test_empty_state(client, cast):
    client.force_login(cast.leader)
    with time_machine.travel(NOON, tick=False):
        body = client.get(reverse("overview")).content.decode()
    assert "Chưa có nhiệm vụ nào trong phạm vi anh/chị được xem" in body


def test_bad_dates_are_refused_in_vietnamese(client, world):
    cast, _tasks = world
    client.force_login(cast.leader)
    with time_machine.travel(NOON, tick=False):
        body = client.get(reverse("overview") + "?start=31/12/2026&end=01/01/2026").content.decode()
        assert "Ngày bắt đầu phải trước ngày kết thúc." in body
        body = client.get(reverse("overview") + "?as_of=32/13/2026").content.decode()
    assert "Đang hiển thị số liệu từ đầu năm đến hôm nay." in body


def test_leaders_and_followup_land_on_the_overview(client, cast):
    client.force_login(cast.leader)
    assert client.get("/").url == reverse("overview")
    client.force_login(cast.followup)
    assert client.get("/").url == reverse("overview")
    client.force_login(cast.specialist)
    assert client.get("/").url == reverse("task-list")


def test_page_queries_do_not_grow_with_tasks(client, world, make_task):
    cast, _tasks = world
    client.force_login(cast.leader)
    counts = []
    for _ in range(2):
        with time_machine.travel(NOON, tick=False):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("overview")).status_code == 200
            counts.append(len(queries))
            for n in range(6):
                make_task(
                    f"Thêm {n}",
                    lead_unit=cast.snv_tcbc,
                    due=dt.date(2026, 5, 4),
                    assigned_by=cast.leader.person,
                )
    assert counts[0] == counts[1] <= 32
