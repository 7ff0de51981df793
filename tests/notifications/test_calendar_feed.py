"""The personal iCalendar feed of deadlines, behind a secret token."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from dondoc.tasks.choices import TaskState
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


def feed(client, user):
    response = client.get(reverse("calendar-feed", args=[user.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_it_lists_the_visible_open_deadlines_as_all_day_events(client, cast, make_task):
    # Due Saturday 30/5/2026: the deadline really ends on Monday 1/6 (BLDS 2015, Điều 148).
    mine = make_task("Rà soát biên chế công chức", lead_unit=cast.snv_ccvc, due=dt.date(2026, 5, 30))
    done = make_task("Đã xong", lead_unit=cast.snv_ccvc, due=dt.date(2026, 5, 29))
    Task.objects.filter(pk=done.pk).update(state=TaskState.DONE)
    make_task("Không thời hạn", lead_unit=cast.snv_ccvc)
    make_task("Lập dự toán ngân sách", lead_unit=cast.stc, due=dt.date(2026, 5, 29))  # not visible
    (event,) = feed(client, cast.specialist).walk("VEVENT")
    assert str(event["UID"]) == f"task-{mine.pk}@dondoc.langson.gov.vn"
    assert event.decoded("DTSTART") == dt.date(2026, 6, 1)
    assert event.decoded("DTEND") == dt.date(2026, 6, 2)
    assert str(event["SUMMARY"]) == (
        f"Hạn nhiệm vụ #{mine.pk}: Rà soát biên chế công chức (Phòng Công chức, viên chức)"
    )
    assert str(event["URL"]) == f"https://dondoc.langson.gov.vn/nhiem-vu/{mine.pk}/"


def test_the_uid_is_stable_when_the_deadline_moves(client, cast, make_task):
    task = make_task("Rà soát", lead_unit=cast.snv_ccvc, due=dt.date(2026, 5, 29))
    before = str(feed(client, cast.specialist).walk("VEVENT")[0]["UID"])
    Task.objects.filter(pk=task.pk).update(
        due_date=dt.date(2026, 6, 30), effective_due_date=dt.date(2026, 6, 30)
    )
    (event,) = feed(client, cast.specialist).walk("VEVENT")
    assert str(event["UID"]) == before and event.decoded("DTSTART") == dt.date(2026, 6, 30)


def test_an_unknown_token_is_not_found(client, cast):
    assert client.get(reverse("calendar-feed", args=["khong-dung"])).status_code == 404
    cast.specialist.is_active = False
    cast.specialist.save()
    assert client.get(reverse("calendar-feed", args=[cast.specialist.calendar_token])).status_code == 404


def test_the_settings_page_shows_the_url_and_resets_the_token(client, cast):
    user = cast.specialist
    old = reverse("calendar-feed", args=[user.calendar_token])
    assert client.get(reverse("calendar-settings")).status_code == 302  # login first
    client.force_login(user)
    page = client.get(reverse("calendar-settings")).content.decode()
    assert old in page and "Tạo địa chỉ mới" in page
    response = client.post(reverse("calendar-settings"), follow=True)
    assert "Đã tạo địa chỉ lịch mới. Địa chỉ cũ không còn dùng được." in response.content.decode()
    user.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(reverse("calendar-feed", args=[user.calendar_token])).status_code == 200


def test_the_feed_costs_the_same_queries_for_many_tasks(client, cast, make_task, django_assert_num_queries):
    for i in range(20):
        make_task(f"Nhiệm vụ {i}", lead_unit=cast.snv_ccvc, due=dt.date(2026, 6, 1 + i))
    with django_assert_num_queries(3):
        feed(client, cast.specialist)
