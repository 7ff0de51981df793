"""Extensions (gia hạn): asked by the lead unit in time, decided by the assigning leader."""

import datetime as dt

import pytest
from tasks_helpers import at, notice_task, unchanged

from dondoc.tasks import services
from dondoc.tasks.choices import EventKind, ExtensionStatus
from dondoc.tasks.models import Extension, TaskEvent
from dondoc.tasks.services import PermissionDenied, TaskError


@pytest.fixture
def task(cast, make_task):
    return notice_task(cast, make_task)


D = dt.date
PROPOSED = D(2026, 6, 15)
ASKED_AT = at(2026, 5, 4)


def ask(task, by, proposed=PROPOSED, when=ASKED_AT, reason="Chờ ý kiến của Bộ Nội vụ"):
    return services.request_extension(task, by=by, proposed_date=proposed, reason=reason, now=when)


def last_event(task):
    return TaskEvent.objects.filter(task=task).order_by("-id").first()


def test_it_records_a_request(cast, task):
    extension = ask(task, cast.snv_director)
    assert extension.status == ExtensionStatus.PENDING
    assert extension.current_due_date == D(2026, 5, 29)
    assert extension.proposed_date == D(2026, 6, 15)
    assert extension.requested_by == cast.snv_director and extension.requested_at == at(2026, 5, 4)
    event = last_event(task)
    assert event.kind == EventKind.EXTENSION_REQUESTED
    assert event.changes == {"extension": [None, extension.pk], "proposed_date": [None, "2026-06-15"]}
    assert event.note == "Chờ ý kiến của Bộ Nội vụ"
    task.refresh_from_db()
    assert task.due_date == D(2026, 5, 29)  # nothing moves until the leader decides


def test_it_allows_a_request_exactly_the_lead_time_before_the_deadline(cast, task):
    # Deadline Friday 29/05; three working days before: Tue 26/05 (27, 28, 29 remain).
    ask(task, cast.snv_director, when=at(2026, 5, 26, 16, 59))


def test_it_refuses_a_request_too_close_to_the_deadline(cast, task):
    with (
        unchanged(task),
        pytest.raises(TaskError, match=r"ít nhất 3 ngày làm việc \(chậm nhất ngày 26/05/2026\)"),
    ):
        ask(task, cast.snv_director, when=at(2026, 5, 27))


def test_it_counts_the_lead_time_in_working_days_across_holidays(cast, make_task, settings):
    # Due Tuesday 05/05/2026: 30/04 and 01/05 are holidays, 02-03/05 a weekend. On Wednesday
    # 29/04 only 04/05 and 05/05 are working days left.
    task = make_task(lead_unit=cast.snv, due=D(2026, 5, 5), assigned_by=cast.leader.person)
    with unchanged(task), pytest.raises(TaskError, match="chậm nhất ngày 28/04/2026"):
        ask(task, cast.snv_director, proposed=D(2026, 5, 20), when=at(2026, 4, 29))
    settings.DONDOC = {**settings.DONDOC, "EXTENSION_LEAD_WORKING_DAYS": 2}
    ask(task, cast.snv_director, proposed=D(2026, 5, 20), when=at(2026, 4, 29))


def test_it_refuses_a_request_without_reason_or_a_later_date(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="lý do đề nghị gia hạn"):
        ask(task, cast.snv_director, reason=" ")
    with unchanged(task), pytest.raises(TaskError, match="phải sau thời hạn hiện tại \\(29/05/2026\\)"):
        ask(task, cast.snv_director, proposed=D(2026, 5, 29))


def test_it_refuses_a_second_pending_request(cast, task):
    ask(task, cast.snv_director)
    with unchanged(task), pytest.raises(TaskError, match="đang chờ quyết định"):
        ask(task, cast.snv_director, proposed=D(2026, 6, 30))


def test_it_refuses_more_extensions_than_allowed(cast, task):
    first = ask(task, cast.snv_director, proposed=D(2026, 6, 15), when=at(2026, 5, 4))
    services.decide_extension(first, by=cast.leader, grant=True, now=at(2026, 5, 5))
    second = ask(task, cast.snv_director, proposed=D(2026, 6, 30), when=at(2026, 6, 1))
    services.decide_extension(second, by=cast.leader, grant=True, now=at(2026, 6, 2))
    with unchanged(task), pytest.raises(TaskError, match="đã được gia hạn 2 lần, tối đa 2 lần"):
        ask(task, cast.snv_director, proposed=D(2026, 7, 15), when=at(2026, 6, 10))


def test_it_refuses_requests_from_outside_the_lead_units_management(cast, task):
    for user in (cast.specialist, cast.outsider, cast.followup, cast.leader, cast.clerk):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền đề nghị gia hạn"):
            ask(task, user)


def test_it_refuses_a_request_on_a_task_without_deadline_or_submitted(cast, make_task, task):
    regular = make_task(lead_unit=cast.snv, assigned_by=cast.leader.person)
    with unchanged(regular), pytest.raises(TaskError, match="không có thời hạn"):
        ask(regular, cast.snv_director)
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 4))
    with unchanged(task), pytest.raises(TaskError, match="chờ đánh giá"):
        ask(task, cast.snv_director)


def test_it_grants_an_extension(cast, task):
    extension = ask(task, cast.snv_director, proposed=D(2026, 6, 13))  # a Saturday
    services.decide_extension(extension, by=cast.leader, grant=True, note="Đồng ý", now=at(2026, 5, 6))
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.due_date == D(2026, 6, 13)
    assert task.effective_due_date == D(2026, 6, 15)
    assert task.original_due_date == D(2026, 5, 29)
    assert task.extension_count == 1
    assert extension.status == ExtensionStatus.GRANTED
    assert extension.granted_date == D(2026, 6, 13)
    assert extension.decided_by == cast.leader and extension.decided_at == at(2026, 5, 6)
    event = last_event(task)
    assert event.kind == EventKind.EXTENSION_GRANTED
    assert event.due_date == D(2026, 6, 13)
    assert event.changes == {
        "due_date": ["2026-05-29", "2026-06-13"],
        "effective_due_date": ["2026-05-29", "2026-06-15"],
        "extension_count": [0, 1],
        "extension": [extension.pk, extension.pk],
        "extension_status": ["pending", "granted"],
    }


def test_it_grants_a_shorter_extension_than_asked(cast, task):
    extension = ask(task, cast.snv_director, proposed=D(2026, 6, 30))
    services.decide_extension(extension, by=cast.followup, grant=True, granted_date=D(2026, 6, 10))
    task.refresh_from_db()
    assert task.due_date == D(2026, 6, 10)


def test_it_refuses_an_extension_with_a_note(cast, task):
    extension = ask(task, cast.snv_director)
    with unchanged(task), pytest.raises(TaskError, match="lý do không đồng ý"):
        services.decide_extension(extension, by=cast.leader, grant=False)
    services.decide_extension(
        extension, by=cast.leader, grant=False, note="Nhiệm vụ cấp bách", now=at(2026, 5, 6)
    )
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED and extension.decision_note == "Nhiệm vụ cấp bách"
    assert task.due_date == D(2026, 5, 29) and task.extension_count == 0
    event = last_event(task)
    assert event.kind == EventKind.EXTENSION_REFUSED
    assert event.changes == {
        "extension": [extension.pk, extension.pk],
        "extension_status": ["pending", "refused"],
    }
    # a refused request no longer blocks a new one
    ask(task, cast.snv_director, proposed=D(2026, 6, 5), when=at(2026, 5, 7))


def test_it_refuses_decisions_by_others_and_twice(cast, task):
    extension = ask(task, cast.snv_director)
    for user in (cast.snv_director, cast.specialist, cast.outsider, cast.clerk):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền quyết định gia hạn"):
            services.decide_extension(extension, by=user, grant=True)
    with unchanged(task), pytest.raises(TaskError, match="phải sau thời hạn hiện tại"):
        services.decide_extension(extension, by=cast.leader, grant=True, granted_date=D(2026, 5, 20))
    services.decide_extension(extension, by=cast.leader, grant=True)
    with unchanged(task), pytest.raises(TaskError, match="đã được xử lý"):
        services.decide_extension(extension, by=cast.leader, grant=False, note="Đổi ý")


def test_it_lets_the_department_decide_on_an_internal_task_within_its_own_deadline(cast, task):
    child = services.assign(
        task, by=cast.snv_director, unit=cast.snv_ccvc, due_date=D(2026, 5, 15), now=at(2026, 5, 4)
    )
    with (
        unchanged(child),
        pytest.raises(TaskError, match="không được muộn hơn thời hạn của nhiệm vụ cấp trên"),
    ):
        ask(child, cast.ccvc_head, proposed=D(2026, 6, 5), when=at(2026, 5, 5))
    extension = ask(child, cast.ccvc_head, proposed=D(2026, 5, 22), when=at(2026, 5, 5))
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension, by=cast.leader, grant=True)  # internal: the director decides
    services.decide_extension(extension, by=cast.snv_director, grant=True, now=at(2026, 5, 6))
    child.refresh_from_db()
    assert child.due_date == D(2026, 5, 22)


def test_it_withdraws_a_pending_request(cast, task):
    extension = ask(task, cast.snv_director)
    with unchanged(task), pytest.raises(PermissionDenied):
        services.withdraw_extension(extension, by=cast.outsider)
    services.withdraw_extension(extension, by=cast.snv_director, now=at(2026, 5, 5))
    assert Extension.objects.get(pk=extension.pk).status == ExtensionStatus.WITHDRAWN
    assert last_event(task).kind == EventKind.EXTENSION_WITHDRAWN
    with pytest.raises(TaskError, match="đã được xử lý"):
        services.withdraw_extension(extension, by=cast.snv_director)
    ask(task, cast.snv_director, proposed=D(2026, 6, 20), when=at(2026, 5, 6))


def test_the_database_allows_one_pending_request_per_task(cast, task):
    from django.db import IntegrityError, transaction

    ask(task, cast.snv_director)
    with pytest.raises(IntegrityError), transaction.atomic():
        Extension.objects.create(
            task=task,
            requested_by=cast.snv_director,
            requested_at=at(2026, 5, 4),
            reason="Trùng",
            current_due_date=D(2026, 5, 29),
            proposed_date=D(2026, 6, 30),
        )
