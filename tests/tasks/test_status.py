"""A task's official status as of any date, reproducible from its history.

Walks the boundaries: 23:59 and 00:00 local time, a deadline on a public holiday, a
Saturday made a working day, an extension granted after the task went overdue, a result
submitted late, and dates before a task existed or after it was recalled.
"""

import datetime as dt

import pytest
import time_machine
from tasks_helpers import at

from dondoc.lib.calendar import get_calendar
from dondoc.tasks import services
from dondoc.tasks.choices import Recurrence, Status
from dondoc.tasks.models import Task
from dondoc.tasks.status import count_by_status, count_by_status_today, status_as_of, status_q, top_level

D = dt.date


def status(task, on):
    task = Task.objects.prefetch_related("extensions").get(pk=task.pk)
    result = status_as_of(task, on)
    return None if result is None else (result.category, result.days_overdue)


@pytest.fixture
def due_friday(cast, make_task):
    """Due Friday 15/05/2026, an ordinary working day."""
    return make_task(lead_unit=cast.snv, due=D(2026, 5, 15), assigned_by=cast.leader.person)


def finish(task, cast, submitted, accepted=None):
    services.submit(task, by=cast.snv_director, text="Đã hoàn thành", now=submitted)
    services.accept(task, by=cast.leader, now=accepted or submitted + dt.timedelta(days=1))


# The day boundary -------------------------------------------------------------------


def test_it_counts_a_task_open_on_its_last_day_and_overdue_from_midnight(due_friday):
    assert status(due_friday, D(2026, 5, 15)) == (Status.OPEN_ON_TIME, 0)
    assert status(due_friday, D(2026, 5, 16)) == (Status.OPEN_OVERDUE, 1)
    assert status(due_friday, D(2026, 5, 25)) == (Status.OPEN_OVERDUE, 10)


def test_it_judges_a_result_submitted_at_23_59_local_on_time(cast, due_friday):
    # 16:59 UTC is 23:59 in Hà Nội: still the deadline day.
    with time_machine.travel(dt.datetime(2026, 5, 15, 16, 59, tzinfo=dt.UTC), tick=False):
        services.submit(due_friday, by=cast.snv_director, text="Đã ban hành kế hoạch")
    services.accept(due_friday, by=cast.leader, now=at(2026, 5, 18))
    assert due_friday.completed_on == D(2026, 5, 15)
    assert status(due_friday, D(2026, 5, 18)) == (Status.DONE_ON_TIME, 0)


def test_it_judges_a_result_submitted_at_00_00_local_one_day_late(cast, due_friday):
    with time_machine.travel(dt.datetime(2026, 5, 15, 17, 0, tzinfo=dt.UTC), tick=False):
        services.submit(due_friday, by=cast.snv_director, text="Đã ban hành kế hoạch")
    services.accept(due_friday, by=cast.leader, now=at(2026, 5, 18))
    assert due_friday.completed_on == D(2026, 5, 16)
    assert status(due_friday, D(2026, 5, 18)) == (Status.DONE_LATE, 1)


# Calendar data ----------------------------------------------------------------------


def test_it_moves_a_deadline_on_a_holiday_to_the_next_working_day(cast, make_task):
    # 30/04 and 01/05/2026 are holidays, then a weekend: the deadline ends on Monday 04/05.
    task = make_task(lead_unit=cast.snv, due=D(2026, 4, 30))
    assert task.effective_due_date == D(2026, 5, 4)
    assert status(task, D(2026, 5, 4)) == (Status.OPEN_ON_TIME, 0)
    assert status(task, D(2026, 5, 5)) == (Status.OPEN_OVERDUE, 1)
    result = status_as_of(task, D(2026, 5, 5))
    assert result.due == D(2026, 4, 30) and result.effective_due == D(2026, 5, 4)


def test_it_keeps_a_deadline_on_a_make_up_saturday(cast, make_task):
    # Saturday 10/01/2026 is worked in exchange for Friday 02/01: a deadline on it stands.
    made_up = make_task(lead_unit=cast.snv, due=D(2026, 1, 10), assigned_on=D(2026, 1, 5))
    ordinary = make_task(lead_unit=cast.snv, due=D(2026, 1, 17), assigned_on=D(2026, 1, 5))
    assert made_up.effective_due_date == D(2026, 1, 10)
    assert status(made_up, D(2026, 1, 10)) == (Status.OPEN_ON_TIME, 0)
    assert status(made_up, D(2026, 1, 11)) == (Status.OPEN_OVERDUE, 1)
    assert ordinary.effective_due_date == D(2026, 1, 19)
    assert status(ordinary, D(2026, 1, 19)) == (Status.OPEN_ON_TIME, 0)


# History ------------------------------------------------------------------------------


def test_it_makes_an_overdue_task_on_time_from_a_late_grant(cast, due_friday):
    extension = services.request_extension(
        due_friday,
        by=cast.snv_director,
        proposed_date=D(2026, 5, 29),
        reason="Chờ số liệu",
        now=at(2026, 5, 8),
    )
    services.decide_extension(extension, by=cast.leader, grant=True, now=at(2026, 5, 20, 15))
    assert status(due_friday, D(2026, 5, 18)) == (Status.OPEN_OVERDUE, 3)
    assert status(due_friday, D(2026, 5, 19)) == (Status.OPEN_OVERDUE, 4)
    assert status(due_friday, D(2026, 5, 20)) == (Status.OPEN_ON_TIME, 0)  # granted that afternoon
    finish(due_friday, cast, submitted=at(2026, 5, 27))
    assert status(due_friday, D(2026, 5, 28)) == (Status.DONE_ON_TIME, 0)
    # and the past stays as it was
    assert status(due_friday, D(2026, 5, 18)) == (Status.OPEN_OVERDUE, 3)
    assert status(due_friday, D(2026, 5, 26)) == (Status.OPEN_ON_TIME, 0)


def test_it_counts_a_late_submission_as_done_late_with_its_days(cast, due_friday):
    finish(due_friday, cast, submitted=at(2026, 5, 20), accepted=at(2026, 5, 22))
    assert status(due_friday, D(2026, 5, 19)) == (Status.OPEN_OVERDUE, 4)
    assert status(due_friday, D(2026, 5, 20)) == (Status.DONE_LATE, 5)
    assert status(due_friday, D(2026, 6, 30)) == (Status.DONE_LATE, 5)


def test_it_keeps_a_submitted_or_returned_result_open(cast, due_friday):
    services.submit(due_friday, by=cast.snv_director, text="Xong", now=at(2026, 5, 14))
    assert status(due_friday, D(2026, 5, 14)) == (Status.OPEN_ON_TIME, 0)
    services.return_task(due_friday, by=cast.leader, reason="Thiếu số liệu", now=at(2026, 5, 15))
    assert status(due_friday, D(2026, 5, 18)) == (Status.OPEN_OVERDUE, 3)


def test_it_gives_no_status_before_the_task_was_assigned(due_friday):
    assert due_friday.assigned_on == D(2026, 4, 25)
    assert status(due_friday, D(2026, 4, 24)) is None
    assert status(due_friday, D(2026, 4, 25)) == (Status.OPEN_ON_TIME, 0)


def test_it_counts_a_recalled_task_as_open_until_its_recall(cast, due_friday):
    services.recall(due_friday, by=cast.leader, reason="Giao Sở Tài chính", now=at(2026, 5, 20))
    assert status(due_friday, D(2026, 5, 19)) == (Status.OPEN_OVERDUE, 4)
    assert status(due_friday, D(2026, 5, 20)) == (Status.NOT_COUNTED, 0)


def test_it_keeps_tasks_without_deadline_in_their_own_category(cast, make_task):
    regular = make_task(lead_unit=cast.snv)
    assert status(regular, D(2026, 12, 31)) == (Status.NO_DEADLINE, 0)


def test_it_tells_recurring_and_continuous_tasks_from_tasks_without_a_time_limit(cast, make_task):
    for recurrence in Recurrence:
        undated = make_task(lead_unit=cast.snv, recurrence=recurrence)
        assert status(undated, D(2026, 12, 31)) == (Status.RECURRING, 0), recurrence
    # A recurring task with a dated deadline is judged by that date like any other.
    dated = make_task(lead_unit=cast.snv, recurrence=Recurrence.MONTHLY, due=D(2026, 5, 15))
    assert status(dated, D(2026, 5, 18)) == (Status.OPEN_OVERDUE, 3)
    assert Status.RECURRING.label == "Thường xuyên, định kỳ"
    assert Status.NO_DEADLINE.label == "Không có thời hạn"


def test_official_counts_count_a_task_broken_down_once(cast, make_task):
    """A breakdown to a division and a person is part of its task: 1 task, not 3."""
    parent = make_task(lead_unit=cast.snv, due=D(2026, 5, 29), assigned_by=cast.leader.person)
    division = services.assign(parent, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    services.assign(division, by=cast.ccvc_head, assignee=cast.specialist.person, now=at(2026, 5, 5))
    assert Task.objects.count() == 3
    on = D(2026, 5, 6)
    expected = {category: 0 for category in Status} | {Status.OPEN_ON_TIME: 1}
    assert count_by_status(Task.objects.all(), on) == expected
    assert count_by_status_today(Task.objects.all(), on) == expected
    assert list(top_level(Task.objects.all())) == [parent]
    # The parts keep the parent's paragraph of the notice and its recurrence.
    assert {t.parent_id for t in Task.objects.exclude(pk=parent.pk)} == {parent.pk, division.pk}


# Counting -------------------------------------------------------------------------------


@pytest.fixture
def mixed(cast, make_task):
    """One task of each category as of 20/05/2026, and one assigned later."""

    def task(due, **kwargs):
        return make_task(lead_unit=cast.snv, due=due, assigned_by=cast.leader.person, **kwargs)

    on_time = task(D(2026, 5, 10))
    finish(on_time, cast, submitted=at(2026, 5, 8))
    late = task(D(2026, 5, 10))
    finish(late, cast, submitted=at(2026, 5, 13))
    extended = task(D(2026, 5, 15))  # overdue on 18/05, extended on 19/05
    extension = services.request_extension(
        extended, by=cast.snv_director, proposed_date=D(2026, 6, 5), reason="Chờ số liệu", now=at(2026, 5, 8)
    )
    services.decide_extension(extension, by=cast.leader, grant=True, now=at(2026, 5, 19))
    overdue = task(D(2026, 5, 12))
    regular = task(None)
    recalled = task(D(2026, 6, 1))
    services.recall(recalled, by=cast.leader, reason="Không còn cần", now=at(2026, 5, 19))
    done_after = task(D(2026, 5, 29))
    finish(done_after, cast, submitted=at(2026, 5, 25))
    future = task(D(2026, 6, 30), assigned_on=D(2026, 5, 25))
    monthly = task(None, recurrence=Recurrence.MONTHLY)
    return [on_time, late, extended, overdue, regular, recalled, done_after, future, monthly]


def test_it_counts_tasks_per_category_as_of_a_date(mixed):
    counts = count_by_status(Task.objects.all(), D(2026, 5, 20))
    assert counts == {
        Status.DONE_ON_TIME: 1,
        Status.DONE_LATE: 1,
        Status.OPEN_ON_TIME: 2,  # extended, done_after
        Status.OPEN_OVERDUE: 1,
        Status.RECURRING: 1,
        Status.NO_DEADLINE: 1,
        Status.NOT_COUNTED: 1,
    }
    earlier = count_by_status(Task.objects.all(), D(2026, 5, 18))
    assert earlier[Status.OPEN_OVERDUE] == 2  # extended was overdue before its grant
    assert earlier[Status.NOT_COUNTED] == 0  # recalled later


def test_it_counts_the_same_as_status_as_of(mixed):
    for on in (D(2026, 4, 24), D(2026, 5, 10), D(2026, 5, 16), D(2026, 5, 19), D(2026, 5, 26), D(2026, 7, 1)):
        expected = {category: 0 for category in Status}
        for task in Task.objects.prefetch_related("extensions"):
            result = status_as_of(task, on)
            if result is not None:
                expected[result.category] += 1
        assert count_by_status(Task.objects.all(), on) == expected, on


def test_it_counts_in_a_fixed_number_of_queries(mixed, make_task, cast, django_assert_num_queries):
    get_calendar()  # loaded once per process
    # Two: whether an extension was granted after the day (status.replays_after), then
    # the count.
    with django_assert_num_queries(2):
        count_by_status(Task.objects.filter(lead_unit=cast.snv), D(2026, 5, 20))
    for i in range(20):
        make_task(f"Nhiệm vụ {i}", lead_unit=cast.snv, due=D(2026, 5, 1) + dt.timedelta(days=i))
    with django_assert_num_queries(2):
        counts = count_by_status(Task.objects.filter(lead_unit=cast.snv), D(2026, 5, 20))
    assert sum(counts.values()) == Task.objects.count() - 1  # the future one has no status yet


def test_the_database_filter_agrees_with_status_as_of_today(mixed):
    today = D(2026, 5, 20)
    tasks = list(Task.objects.prefetch_related("extensions"))
    for category in Status:
        expected = {
            t.pk for t in tasks if (s := status_as_of(t, today)) is not None and s.category == category
        }
        assert set(Task.objects.filter(status_q(category, today)).values_list("pk", flat=True)) == expected, (
            category
        )


def test_the_databases_count_for_today_matches_the_replayed_one(cast, make_task, django_assert_num_queries):
    import datetime as dt

    from dondoc.tasks.models import Task
    from dondoc.tasks.status import count_by_status, count_by_status_today

    today = dt.date(2026, 6, 1)
    make_task("quá hạn", due=dt.date(2026, 5, 15))
    make_task("trong hạn", due=dt.date(2026, 6, 30))
    make_task("thường xuyên")
    done = make_task("xong muộn", due=dt.date(2026, 5, 1))
    Task.objects.filter(pk=done.pk).update(
        state="done", completed_on=dt.date(2026, 5, 5), submitted_on=dt.date(2026, 5, 5)
    )
    with django_assert_num_queries(1):
        in_database = count_by_status_today(Task.objects.all(), today)
    assert in_database == count_by_status(Task.objects.all(), today)
    assert sum(in_database.values()) == 4
