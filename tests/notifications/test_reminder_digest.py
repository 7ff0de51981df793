"""The daily reminder digest: who gets what, in which order, on which days."""

import datetime as dt

import pytest
from conftest import TODAY, at  # noqa: F401 - tests/notifications/conftest.py
from django.core import mail
from django.core.management import call_command

from dondoc.notifications.models import Dispatch, Message, Notification
from dondoc.notifications.reminders import plan_reminders, run_reminders
from dondoc.tasks.choices import EventKind, TaskState
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db


def digest_of(person, day=TODAY):
    return next((d for d in plan_reminders(day) if d.person.pk == person.pk), None)


def test_it_sends_one_digest_per_person_overdue_first(cast, task_for, frozen):
    specialist = cast.specialist.person
    late_1 = task_for(dt.date(2026, 5, 11), "Rà soát hồ sơ công chức", assignee=specialist)
    late_8 = task_for(dt.date(2026, 5, 4), "Báo cáo biên chế quý I", assignee=specialist)
    today = task_for(TODAY, "Tổng hợp danh sách thi nâng ngạch", assignee=specialist)
    soon = task_for(dt.date(2026, 5, 14), "Dự thảo quy chế làm việc", assignee=specialist)
    task_for(dt.date(2026, 5, 13), "Còn một ngày làm việc: không nhắc", assignee=specialist)

    result = run_reminders(TODAY)

    to_specialist = [m for m in mail.outbox if m.to == [specialist.email]]
    assert len(to_specialist) == 1
    message = to_specialist[0]
    assert message.subject == (
        "[dondoc] Nhắc việc ngày 12/5/2026: 2 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn hôm nay, "
        "1 nhiệm vụ sắp đến hạn"
    )
    body = message.body
    order = [body.index(f"#{t.pk} ") for t in (late_8, late_1, today, soon)]
    assert order == sorted(order), "overdue (most overdue first), then due today, then due soon"
    assert body.index("QUÁ HẠN") < body.index("ĐẾN HẠN HÔM NAY") < body.index("SẮP ĐẾN HẠN")
    assert "quá hạn 8 ngày" in body and "còn 2 ngày làm việc" in body
    assert f"https://dondoc.langson.gov.vn/nhiem-vu/{late_8.pk}/" in body
    assert "Còn một ngày làm việc" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Quá hạn (2)" in html
    # ... and the same digest in the inbox of the specialist's account
    note = Notification.objects.get(recipient=cast.specialist)
    assert note.title.startswith("Nhắc việc ngày 12/5/2026: 2 nhiệm vụ quá hạn")
    assert note.url == "/nhiem-vu/"
    assert result.digests == 2  # the specialist, and the division head by escalation
    assert result.sent == 4  # two people × (e-mail + inbox)


def test_it_sends_nothing_when_nothing_is_due(cast, task_for, frozen):
    task_for(dt.date(2026, 5, 13), assignee=cast.specialist.person)  # 1 working day left
    task_for(dt.date(2026, 6, 30), assignee=cast.specialist.person)
    task_for(None, assignee=cast.specialist.person)  # no time limit
    result = run_reminders(TODAY)
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert Message.objects.count() == 0
    assert result.digests == 0 and result.sent == 0


def test_it_leaves_out_submitted_closed_and_deleted_tasks(cast, task_for, frozen):
    specialist = cast.specialist.person
    submitted = task_for(dt.date(2026, 5, 11), assignee=specialist)
    done = task_for(dt.date(2026, 5, 11), assignee=specialist)
    deleted = task_for(dt.date(2026, 5, 11), assignee=specialist)
    Task.objects.filter(pk=submitted.pk).update(state=TaskState.SUBMITTED)
    Task.objects.filter(pk=done.pk).update(state=TaskState.DONE, completed_on=dt.date(2026, 5, 10))
    Task.objects.filter(pk=deleted.pk).update(deleted_at=at(dt.date(2026, 5, 1)))
    assert plan_reminders(TODAY) == []


def test_it_counts_working_days_across_the_april_holidays(cast, task_for):
    # Due Tuesday 5/5/2026; 27/4 (Giỗ Tổ, moved), 30/4 and 1/5 are holidays.
    task = task_for(dt.date(2026, 5, 5), assignee=cast.specialist.person, assigned_on=dt.date(2026, 4, 1))
    listed = []
    day = dt.date(2026, 4, 20)
    while day <= dt.date(2026, 5, 6):
        digest = digest_of(cast.specialist.person, day)
        if digest:
            (item,) = digest.items
            listed.append((day, item.group, item.days))
        day += dt.timedelta(days=1)
    assert listed == [
        (dt.date(2026, 4, 23), "soon", 5),  # 24/4, 28/4, 29/4, 4/5, 5/5
        (dt.date(2026, 4, 29), "soon", 2),  # 4/5, 5/5
        (dt.date(2026, 5, 5), "today", 0),
        (dt.date(2026, 5, 6), "overdue", 1),
    ]
    assert task.effective_due_date == dt.date(2026, 5, 5)


def test_it_reminds_an_overdue_task_on_day_one_then_weekly(cast, task_for):
    task_for(dt.date(2026, 6, 1), assignee=cast.specialist.person)  # a Monday
    listed = []
    day = dt.date(2026, 6, 2)
    while day <= dt.date(2026, 6, 30):
        if digest_of(cast.specialist.person, day):
            listed.append(day)
        day += dt.timedelta(days=1)
    assert listed == [
        dt.date(2026, 6, 2),
        dt.date(2026, 6, 9),
        dt.date(2026, 6, 16),
        dt.date(2026, 6, 23),
        dt.date(2026, 6, 30),
    ]


def test_a_weekly_reminder_on_a_holiday_moves_to_the_next_working_day(cast, task_for):
    # Due Tuesday 25/8/2026: first reminder Wed 26/8, then Wed 2/9 is Quốc khánh → Thu 3/9.
    task_for(dt.date(2026, 8, 25), assignee=cast.specialist.person)
    listed = []
    day = dt.date(2026, 8, 26)
    while day <= dt.date(2026, 9, 10):
        if digest_of(cast.specialist.person, day):
            listed.append(day)
        day += dt.timedelta(days=1)
    assert listed == [dt.date(2026, 8, 26), dt.date(2026, 9, 3), dt.date(2026, 9, 9)]


def test_it_sends_nothing_on_a_non_working_day(cast, task_for):
    task_for(dt.date(2026, 5, 8), assignee=cast.specialist.person)  # Friday: day one is Sat 9/5
    assert plan_reminders(dt.date(2026, 5, 9)) == []
    assert run_reminders(dt.date(2026, 5, 9)).working_day is False
    # ... and the first overdue reminder comes on Monday
    assert digest_of(cast.specialist.person, dt.date(2026, 5, 11))


def test_it_reminds_the_unit_heads_when_nobody_is_assigned(cast, task_for):
    task = task_for(TODAY, lead_unit=cast.snv)
    (digest,) = plan_reminders(TODAY)
    assert digest.person == cast.snv_director.person
    assert [i.task for i in digest.items] == [task]


def test_it_escalates_to_the_division_head_after_a_week_overdue(cast, task_for):
    task = task_for(dt.date(2026, 5, 4), assignee=cast.specialist.person)
    # Day one overdue (5/5): the specialist alone.
    assert [d.person for d in plan_reminders(dt.date(2026, 5, 5))] == [cast.specialist.person]
    # Day eight (12/5): the specialist and, escalated, the head of the division.
    digests = {d.person.pk: d for d in plan_reminders(TODAY)}
    assert set(digests) == {cast.specialist.person.pk, cast.ccvc_head.person.pk}
    (item,) = digests[cast.ccvc_head.person.pk].items
    assert item.task == task and item.escalated and item.days == 8
    assert not digests[cast.specialist.person.pk].items[0].escalated


def test_a_division_task_escalates_to_the_department_leaders(cast, task_for):
    task_for(dt.date(2026, 5, 4), lead_unit=cast.snv_ccvc)  # nobody assigned: the division head is told
    people = {d.person.pk for d in plan_reminders(TODAY)}
    assert people == {cast.ccvc_head.person.pk, cast.snv_director.person.pk}


def test_a_department_task_goes_no_higher_than_its_leaders(cast, task_for):
    task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    assert [d.person for d in plan_reminders(TODAY)] == [cast.snv_director.person]


def test_it_reaches_people_by_the_channels_they_have(cast, task_for, frozen):
    from dondoc.org.models import Person

    no_account = Person.objects.create(full_name="Hà Văn Thư", unit=cast.snv_ccvc, email="thu@example.vn")
    no_email = cast.specialist.person
    no_email.email = ""
    no_email.save()
    nowhere = Person.objects.create(full_name="Lò Thị Không", unit=cast.snv_ccvc)
    for person in (no_account, no_email, nowhere):
        task_for(TODAY, assignee=person)
    result = run_reminders(TODAY)
    assert [m.to for m in mail.outbox] == [["thu@example.vn"]]
    assert list(Notification.objects.values_list("recipient", flat=True)) == [cast.specialist.pk]
    assert result.digests == 3 and result.unreachable == 1


def test_the_task_history_shows_one_reminder_per_person_and_day(cast, task_for, frozen):
    task = task_for(TODAY, assignee=cast.specialist.person)
    run_reminders(TODAY)
    run_reminders(TODAY)  # again: nothing more
    events = TaskEvent.objects.filter(task=task, kind=EventKind.REMINDED)
    assert [e.note for e in events] == ["Đã nhắc việc Lý Văn Tú."]
    assert len(mail.outbox) == 1
    assert Dispatch.objects.filter(status="sent").count() == 2


def test_the_command_prints_a_dry_run_and_sends_nothing(cast, task_for, frozen, capsys):
    task = task_for(TODAY, assignee=cast.specialist.person)
    call_command("remind", "--date", "2026-05-12", "--dry-run")
    out = capsys.readouterr().out
    assert "Lý Văn Tú" in out and f"#{task.pk}" in out and "1 nhiệm vụ đến hạn hôm nay" in out
    assert mail.outbox == [] and Message.objects.count() == 0
    call_command("remind", "--date", "2026-05-12")
    assert "đã gửi 2" in capsys.readouterr().out
    assert len(mail.outbox) == 1
