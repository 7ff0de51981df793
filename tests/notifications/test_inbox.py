"""The in-app inbox: unread first, mark read, the count in the navigation bar."""

import datetime as dt

import pytest
from django.urls import reverse

from dondoc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def notify(user, title, minutes=0, read=False):
    created = dt.datetime(2026, 5, 12, 8, minutes, tzinfo=dt.UTC)
    return Notification.objects.create(
        recipient=user,
        kind="reminder",
        title=title,
        body="Nội dung",
        url="/nhiem-vu/",
        created_at=created,
        read_at=created if read else None,
    )


def test_it_shows_an_empty_state(client, cast):
    client.force_login(cast.specialist)
    page = client.get(reverse("inbox")).content.decode()
    assert "Chưa có thông báo nào." in page
    assert reverse("inbox") == "/thong-bao/"


def test_it_lists_unread_first_and_only_the_users_own(client, cast):
    notify(cast.specialist, "Đã đọc, mới nhất", minutes=30, read=True)
    notify(cast.specialist, "Chưa đọc, cũ", minutes=1)
    notify(cast.specialist, "Chưa đọc, mới", minutes=20)
    notify(cast.ccvc_head, "Của người khác")
    client.force_login(cast.specialist)
    page = client.get(reverse("inbox")).content.decode()
    assert page.index("Chưa đọc, mới") < page.index("Chưa đọc, cũ") < page.index("Đã đọc, mới nhất")
    assert "Của người khác" not in page
    # the navigation bar shows the unread count
    assert '<span class="badge urgent">2</span>' in page


def test_it_marks_one_and_all_as_read(client, cast):
    one = notify(cast.specialist, "Một")
    notify(cast.specialist, "Hai")
    client.force_login(cast.specialist)
    assert client.get(reverse("inbox-read", args=[one.pk])).status_code == 405  # POST only
    response = client.post(reverse("inbox-read", args=[one.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/nhiem-vu/"
    one.refresh_from_db()
    assert one.read_at is not None
    response = client.post(reverse("inbox-read-all"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_marks_another_users_notification(client, cast):
    theirs = notify(cast.ccvc_head, "Của trưởng phòng")
    client.force_login(cast.specialist)
    assert client.post(reverse("inbox-read", args=[theirs.pk])).status_code == 404
    client.post(reverse("inbox-read-all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_needs_a_login(client, cast):
    for name, method in (("inbox", "get"), ("inbox-read-all", "post")):
        response = getattr(client, method)(reverse(name))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_inbox_costs_the_same_queries_for_many_notifications(client, cast, django_assert_num_queries):
    for i in range(30):
        notify(cast.specialist, f"Thông báo {i}", minutes=i % 60)
    client.force_login(cast.specialist)
    with django_assert_num_queries(9):
        assert client.get(reverse("inbox")).status_code == 200
