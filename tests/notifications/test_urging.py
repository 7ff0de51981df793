"""Formal urging (đôn đốc) by the Office: who may, what is checked, what is written,
who is told, and the counts for the reports."""

import datetime as dt

import pytest
from conftest import TODAY, at
from django.core import mail
from django.urls import reverse

from dondoc.notifications.models import Notification, Urging
from dondoc.notifications.urging import UrgingDenied, UrgingError, urge_task, urge_unit, urging_counts
from dondoc.org.models import Unit
from dondoc.tasks.choices import EventKind, TaskState
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(cast, task_for):
    return task_for(dt.date(2026, 5, 4), "Báo cáo biên chế quý I", lead_unit=cast.snv)


def test_it_numbers_records_and_notifies_an_urging(cast, late, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = urge_task(late, by=cast.followup, text="Đề nghị Sở Nội vụ báo cáo trước ngày 15/5/2026.")
    with django_capture_on_commit_callbacks(execute=True):
        second = urge_task(late, by=cast.followup, text="Lần hai: đề nghị khẩn trương.")
    assert (first.label, second.label) == ("Đôn đốc số 1/2026", "Đôn đốc số 2/2026")
    assert list(first.tasks.all()) == [late] and first.unit == cast.snv
    events = TaskEvent.objects.filter(task=late, kind=EventKind.URGED)
    assert [e.note for e in events] == [
        "Đôn đốc số 1/2026: Đề nghị Sở Nội vụ báo cáo trước ngày 15/5/2026.",
        "Đôn đốc số 2/2026: Lần hai: đề nghị khẩn trương.",
    ]
    assert events[0].actor == cast.followup
    # the unit's head: in the inbox and by e-mail, once per urging
    notes = Notification.objects.filter(recipient=cast.snv_director)
    assert [n.title for n in notes] == [
        "Đôn đốc số 2/2026: Sở Nội vụ, 1 nhiệm vụ",
        "Đôn đốc số 1/2026: Sở Nội vụ, 1 nhiệm vụ",
    ]
    assert [m.to for m in mail.outbox] == [["gd.snv@example.vn"], ["gd.snv@example.vn"]]
    assert "Báo cáo biên chế quý I" in mail.outbox[0].body
    assert "Người đôn đốc: Lương Văn Minh." in mail.outbox[0].body


def test_the_task_history_page_shows_the_urging(client, cast, late, frozen):
    urge_task(late, by=cast.followup, text="Đề nghị báo cáo ngay.")
    client.force_login(cast.snv_director)
    page = client.get(reverse("task-detail", args=[late.pk])).content.decode()
    assert "Đôn đốc số 1/2026: Đề nghị báo cáo ngay." in page


def test_the_assignee_is_told_too(cast, task_for, frozen):
    task = task_for(dt.date(2026, 5, 4), assignee=cast.specialist.person)
    urge_task(task, by=cast.followup, text="Đề nghị hoàn thành.")
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {cast.ccvc_head.pk, cast.specialist.pk}


def test_only_office_follow_up_staff_and_admins_urge(cast, late, frozen):
    for user in (cast.leader, cast.snv_director, cast.clerk, cast.specialist):
        with pytest.raises(UrgingDenied):
            urge_task(late, by=user, text="Đề nghị báo cáo.")
    assert not Urging.objects.exists()
    assert not TaskEvent.objects.filter(kind=EventKind.URGED).exists()


def test_it_refuses_an_empty_text_and_a_closed_task(cast, late, frozen):
    with pytest.raises(UrgingError, match="không được để trống"):
        urge_task(late, by=cast.followup, text="   ")
    Task.objects.filter(pk=late.pk).update(state=TaskState.SUBMITTED)
    late.refresh_from_db()
    with pytest.raises(UrgingError, match="đã báo cáo kết quả hoặc đã kết thúc"):
        urge_task(late, by=cast.followup, text="Đề nghị báo cáo.")
    assert not Urging.objects.exists()


def test_a_unit_is_urged_about_all_its_overdue_tasks(cast, task_for, frozen):
    a = task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    b = task_for(dt.date(2026, 5, 11), lead_unit=cast.snv)
    task_for(TODAY, lead_unit=cast.snv)  # due today: not overdue
    task_for(dt.date(2026, 5, 4), lead_unit=cast.stc)  # another unit
    urging = urge_unit(cast.snv, by=cast.followup, text="Đề nghị Sở Nội vụ khẩn trương.")
    assert set(urging.tasks.all()) == {a, b}
    assert TaskEvent.objects.filter(kind=EventKind.URGED).count() == 2
    # one notice to the head, however many tasks
    assert Notification.objects.filter(recipient=cast.snv_director).count() == 1
    with pytest.raises(UrgingError, match="không có nhiệm vụ quá hạn"):
        urge_unit(cast.commune, by=cast.followup, text="Đề nghị.")


def test_it_counts_urgings_per_unit_and_period(cast, task_for):
    task = task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    urge_task(task, by=cast.followup, text="Một.", now=at(dt.date(2026, 5, 5)))
    urge_task(task, by=cast.followup, text="Hai.", now=at(dt.date(2026, 5, 31), 23, 30))  # local 31/5
    urge_task(task, by=cast.followup, text="Ba.", now=at(dt.date(2026, 6, 1), 0, 30))
    units = Unit.objects.filter(pk__in=[cast.snv.pk, cast.stc.pk])
    assert urging_counts(units, dt.date(2026, 5, 1), dt.date(2026, 5, 31)) == {cast.snv.pk: 2, cast.stc.pk: 0}
    assert urging_counts(units, dt.date(2026, 6, 1), dt.date(2026, 6, 30))[cast.snv.pk] == 1


def test_the_number_starts_again_each_year(cast, task_for):
    task = task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    assert urge_task(task, by=cast.followup, text="Một.", now=at(dt.date(2026, 12, 31), 23)).label.endswith(
        "1/2026"
    )
    assert (
        urge_task(task, by=cast.followup, text="Hai.", now=at(dt.date(2027, 1, 1), 8)).label
        == "Đôn đốc số 1/2027"
    )


# Views


def test_the_task_urge_page_is_for_follow_up_staff_only(client, cast, late, frozen):
    url = reverse("task-urge", args=[late.pk])
    assert url == f"/nhiem-vu/{late.pk}/don-doc/"
    for user in (cast.snv_director, cast.leader):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": "Đề nghị."}).status_code == 403
    assert not Urging.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_follow_up_staff_urge_from_the_task_page(client, cast, late, frozen):
    client.force_login(cast.followup)
    url = reverse("task-urge", args=[late.pk])
    page = client.get(url).content.decode()
    assert "Nội dung đôn đốc" in page and "Đề nghị Sở Nội vụ khẩn trương" in page
    # Refused: post/redirect/get, the error on the page it came from, the page reloads.
    response = client.post(url, {"text": ""})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Nội dung đôn đốc không được để trống." in page and "Chưa gửi" in page
    again = client.get(url).content.decode()  # a reload: the blank proposal, no error
    assert "không được để trống" not in again and "Đề nghị Sở Nội vụ khẩn trương" in again
    client.post(url, {"text": "x" * 5001})
    assert "dài quá" in client.get(url).content.decode()
    response = client.post(url, {"text": "Đề nghị báo cáo trước 15/5/2026."}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("task-detail", args=[late.pk])
    assert "Đã gửi Đôn đốc số 1/2026 tới Sở Nội vụ." in response.content.decode()
    assert client.get(reverse("task-urge", args=[999999])).status_code == 404


def test_follow_up_staff_urge_a_unit_from_its_page(client, cast, late, frozen):
    url = reverse("unit-urge", args=[cast.snv.pk])
    assert url == f"/don-vi/{cast.snv.pk}/don-doc/"
    client.force_login(cast.specialist)
    assert client.get(url).status_code == 403
    client.force_login(cast.followup)
    page = client.get(url).content.decode()
    assert "1</strong> nhiệm vụ quá hạn" in page and f"#{late.pk}" in page
    response = client.post(url, {"text": "Đề nghị Sở Nội vụ khẩn trương."}, follow=True)
    assert "Đã gửi Đôn đốc số 1/2026 tới Sở Nội vụ về 1 nhiệm vụ quá hạn." in response.content.decode()
    # a unit with nothing overdue
    response = client.post(reverse("unit-urge", args=[cast.stc.pk]), {"text": "Đề nghị."}, follow=True)
    assert response.redirect_chain == [(reverse("unit-urge", args=[cast.stc.pk]), 302)]
    page = response.content.decode()
    assert "Sở Tài chính không có nhiệm vụ quá hạn nào để đôn đốc." in page and "Đề nghị." in page


def test_the_urging_list_shows_what_the_user_may_see(client, cast, task_for, frozen):
    urge_task(task_for(dt.date(2026, 5, 4), lead_unit=cast.snv), by=cast.followup, text="Gửi Sở Nội vụ.")
    urge_task(task_for(dt.date(2026, 5, 4), lead_unit=cast.stc), by=cast.followup, text="Gửi Sở Tài chính.")
    client.force_login(cast.followup)
    page = client.get(reverse("urging-list")).content.decode()
    assert "Gửi Sở Nội vụ." in page and "Gửi Sở Tài chính." in page
    client.force_login(cast.snv_director)
    page = client.get(reverse("urging-list")).content.decode()
    assert "Gửi Sở Nội vụ." in page and "Gửi Sở Tài chính." not in page
    client.force_login(cast.outsider)
    assert "Gửi Sở Nội vụ." not in client.get(reverse("urging-list")).content.decode()


def test_the_urging_list_points_follow_up_staff_to_the_late_units(client, cast, task_for, frozen):
    task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    task_for(dt.date(2026, 5, 11), lead_unit=cast.snv)
    task_for(dt.date(2026, 5, 4), lead_unit=cast.stc)
    client.force_login(cast.followup)
    page = client.get(reverse("urging-list")).content.decode()
    assert "Đơn vị có nhiệm vụ quá hạn (2)" in page
    assert page.index("Sở Nội vụ") < page.index("Sở Tài chính")
    assert reverse("unit-urge", args=[cast.snv.pk]) in page
    client.force_login(cast.snv_director)
    assert "Đơn vị có nhiệm vụ quá hạn" not in client.get(reverse("urging-list")).content.decode()
