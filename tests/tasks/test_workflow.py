"""The tracking workflow: receive, assign, submit, accept, return, recall, cancel,
delete, restore and correct — each a service that checks, saves and writes its event."""

import datetime as dt

import pytest
from tasks_helpers import at, notice_task, unchanged

from dondoc.tasks import services
from dondoc.tasks.choices import Acceptance, EventKind, ReportKind, TaskState
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.services import PermissionDenied, TaskError


@pytest.fixture
def task(cast, make_task):
    return notice_task(cast, make_task)


D = dt.date


def last_event(task):
    return TaskEvent.objects.filter(task=task).order_by("-id").first()


# Receive ----------------------------------------------------------------------------


def test_it_receives_a_new_task(cast, task):
    services.receive(task, by=cast.snv_director, now=at(2026, 4, 27))
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    event = last_event(task)
    assert event.kind == EventKind.RECEIVED
    assert event.actor == cast.snv_director
    assert event.changes == {"state": ["new", "in_progress"]}
    assert event.at == at(2026, 4, 27)


def test_it_updates_the_callers_instance(cast, task):
    returned = services.receive(task, by=cast.snv_director)
    assert task.state == returned.state == TaskState.IN_PROGRESS


def test_it_lets_a_division_head_receive_a_task_of_their_division(cast, make_task):
    task = make_task(lead_unit=cast.snv_ccvc)
    services.receive(task, by=cast.ccvc_head)
    assert task.state == TaskState.IN_PROGRESS


def test_it_refuses_receiving_by_a_specialist_or_an_outsider(cast, task):
    for user in (cast.specialist, cast.outsider, cast.clerk, cast.leader):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền tiếp nhận"):
            services.receive(task, by=user)


def test_it_refuses_receiving_twice(cast, task):
    services.receive(task, by=cast.snv_director)
    with unchanged(task), pytest.raises(TaskError, match="đang thực hiện"):
        services.receive(task, by=cast.snv_director)


# Assign -----------------------------------------------------------------------------


def test_it_assigns_a_division_and_a_specialist_with_the_parents_deadline(cast, task):
    child = services.assign(
        task, by=cast.snv_director, unit=cast.snv_ccvc, assignee=cast.specialist.person, now=at(2026, 5, 4)
    )
    assert child.parent == task
    assert child.lead_unit == cast.snv_ccvc
    assert child.assignee == cast.specialist.person
    assert child.due_date == D(2026, 5, 29)
    assert child.content == task.content
    assert child.assigned_by == cast.snv_director.person
    assert child.assigned_on == D(2026, 5, 4)
    assert child.state == TaskState.NEW
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS  # receiving is implied
    event = last_event(task)
    assert event.kind == EventKind.ASSIGNED
    assert event.changes == {"state": ["new", "in_progress"], "child": [None, child.pk]}
    assert last_event(child).kind == EventKind.CREATED


def test_it_assigns_an_earlier_internal_deadline_and_its_own_content(cast, task):
    child = services.assign(
        task,
        by=cast.snv_director,
        unit=cast.snv_tcbc,
        content="Tổng hợp nhu cầu bồi dưỡng",
        due_date=D(2026, 5, 20),
        note="Gửi trước để Sở tổng hợp",
        now=at(2026, 5, 4),
    )
    assert child.content == "Tổng hợp nhu cầu bồi dưỡng"
    assert child.due_date == child.effective_due_date == D(2026, 5, 20)
    assert child.assignee is None
    assert last_event(task).note == "Gửi trước để Sở tổng hợp"


def test_it_lets_a_division_head_pass_a_child_task_to_a_specialist(cast, task):
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    grandchild = services.assign(
        child, by=cast.ccvc_head, assignee=cast.specialist.person, due_date=D(2026, 5, 25), now=at(2026, 5, 5)
    )
    assert grandchild.parent == child
    assert grandchild.lead_unit == cast.snv_ccvc
    child.refresh_from_db()
    assert child.state == TaskState.IN_PROGRESS


def test_it_refuses_an_internal_deadline_later_than_the_parents(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="không được muộn hơn thời hạn của nhiệm vụ"):
        services.assign(
            task, by=cast.snv_director, unit=cast.snv_ccvc, due_date=D(2026, 6, 5), now=at(2026, 5, 4)
        )


def test_it_refuses_to_assign_outside_the_lead_units_subtree(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="Chỉ giao xử lý cho đơn vị thuộc Sở Nội vụ"):
        services.assign(task, by=cast.snv_director, unit=cast.stc, now=at(2026, 5, 4))
    with unchanged(task), pytest.raises(TaskError, match="không thuộc"):
        services.assign(task, by=cast.snv_director, assignee=cast.outsider.person, now=at(2026, 5, 4))
    with unchanged(task), pytest.raises(TaskError, match="Chọn đơn vị hoặc người"):
        services.assign(task, by=cast.snv_director, now=at(2026, 5, 4))


def test_it_refuses_assigning_by_a_specialist_or_a_province_leader(cast, task):
    for user in (cast.specialist, cast.leader, cast.followup, cast.outsider):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền giao xử lý"):
            services.assign(task, by=user, unit=cast.snv_ccvc, now=at(2026, 5, 4))


# Submit, accept, return ---------------------------------------------------------------


def test_it_submits_a_result_on_the_local_date(cast, task):
    # 23:30 UTC on 14 May is 06:30 on 15 May in Vietnam.
    now = dt.datetime(2026, 5, 14, 23, 30, tzinfo=dt.UTC)
    report = services.submit(task, by=cast.snv_director, text="Đã ban hành Kế hoạch số 12/KH-SNV", now=now)
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED
    assert task.submitted_on == D(2026, 5, 15)
    assert task.progress == 100
    assert report.kind == ReportKind.RESULT and report.percent == 100 and report.unit == cast.snv
    event = last_event(task)
    assert event.kind == EventKind.SUBMITTED
    assert event.changes["state"] == ["new", "submitted"]
    assert event.changes["submitted_on"] == [None, "2026-05-15"]
    assert event.changes["progress"] == [0, 100]


def test_it_refuses_submitting_without_text_or_by_a_specialist(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="không được để trống"):
        services.submit(task, by=cast.snv_director, text="  ")
    with unchanged(task), pytest.raises(PermissionDenied):
        services.submit(task, by=cast.specialist, text="Xong")


def test_it_refuses_submitting_a_done_task(cast, task):
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 15))
    services.accept(task, by=cast.leader, now=at(2026, 5, 18))
    with unchanged(task), pytest.raises(TaskError, match="đã hoàn thành"):
        services.submit(task, by=cast.snv_director, text="Lần nữa")


def test_it_accepts_a_result_as_complete_on_its_submission_date(cast, task):
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 15))
    services.accept(task, by=cast.leader, note="Đạt yêu cầu", now=at(2026, 6, 3))
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert task.acceptance == Acceptance.PASSED
    assert task.completed_on == D(2026, 5, 15)
    assert task.accepted_by == cast.leader
    event = last_event(task)
    assert event.kind == EventKind.ACCEPTED and event.note == "Đạt yêu cầu"
    assert event.changes["completed_on"] == [None, "2026-05-15"]
    assert event.changes["accepted_by"] == [None, cast.leader.pk]


def test_it_lets_office_follow_up_staff_accept_on_the_leaders_behalf(cast, task):
    services.submit(task, by=cast.snv_director, text="Xong")
    services.accept(task, by=cast.followup)
    assert task.state == TaskState.DONE


def test_it_refuses_acceptance_by_anyone_but_the_assigner_or_follow_up(cast, task):
    services.submit(task, by=cast.snv_director, text="Xong")
    for user in (cast.specialist, cast.snv_director, cast.clerk, cast.outsider):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền đánh giá"):
            services.accept(task, by=user)
        with unchanged(task), pytest.raises(PermissionDenied):
            services.return_task(task, by=user, reason="Chưa đạt")


def test_it_refuses_accepting_a_task_not_submitted(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="mới giao"):
        services.accept(task, by=cast.leader)


def test_it_lets_the_department_accept_its_internal_task(cast, task):
    child = services.assign(task, by=cast.snv_director, assignee=cast.specialist.person, now=at(2026, 5, 4))
    services.submit(child, by=cast.specialist, text="Dự thảo kế hoạch", now=at(2026, 5, 10))
    with pytest.raises(PermissionDenied):
        services.accept(child, by=cast.followup)  # an internal task is judged inside the unit
    services.accept(child, by=cast.snv_director, now=at(2026, 5, 11))
    assert child.state == TaskState.DONE and child.completed_on == D(2026, 5, 10)


def test_it_returns_a_result_with_a_reason(cast, task):
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 15))
    with unchanged(task), pytest.raises(TaskError, match="lý do trả lại"):
        services.return_task(task, by=cast.leader, reason=" ")
    services.return_task(task, by=cast.leader, reason="Thiếu dự toán kinh phí", now=at(2026, 5, 18))
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert task.submitted_on is None
    assert task.acceptance == Acceptance.RETURNED
    event = last_event(task)
    assert event.kind == EventKind.RETURNED and event.note == "Thiếu dự toán kinh phí"
    assert event.changes["submitted_on"] == ["2026-05-15", None]
    # and it can be submitted again
    services.submit(task, by=cast.snv_director, text="Đã bổ sung", now=at(2026, 5, 20))
    assert task.submitted_on == D(2026, 5, 20)


# Recall, cancel ------------------------------------------------------------------------


def test_it_recalls_a_task_and_its_open_children(cast, task):
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    done = services.assign(task, by=cast.snv_director, unit=cast.snv_tcbc, now=at(2026, 5, 4))
    services.submit(done, by=cast.snv_director, text="Xong", now=at(2026, 5, 5))
    services.accept(done, by=cast.snv_director, now=at(2026, 5, 5))
    services.recall(task, by=cast.leader, reason="Đã giao Sở Tài chính thực hiện", now=at(2026, 5, 6))
    task.refresh_from_db()
    child.refresh_from_db()
    done.refresh_from_db()
    assert task.state == child.state == TaskState.RECALLED
    assert task.closed_on == child.closed_on == D(2026, 5, 6)
    assert done.state == TaskState.DONE  # a finished child stays finished
    assert last_event(task).kind == last_event(child).kind == EventKind.RECALLED
    assert last_event(child).note == "Đã giao Sở Tài chính thực hiện"


def test_it_cancels_a_task_by_a_province_leader(cast, make_task):
    task = make_task(lead_unit=cast.stc)  # no assigning leader recorded
    services.cancel(task, by=cast.leader, reason="Không còn phù hợp", now=at(2026, 5, 6))
    assert task.state == TaskState.CANCELLED
    assert last_event(task).changes == {"state": ["new", "cancelled"], "closed_on": [None, "2026-05-06"]}


def test_it_refuses_recall_without_reason_or_permission_or_when_closed(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="lý do thu hồi"):
        services.recall(task, by=cast.leader, reason="")
    for user in (cast.snv_director, cast.specialist, cast.clerk):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền thu hồi"):
            services.recall(task, by=user, reason="Không cần nữa")
    services.cancel(task, by=cast.followup, reason="Trùng nhiệm vụ khác")
    with unchanged(task), pytest.raises(TaskError, match="đã hủy"):
        services.recall(task, by=cast.leader, reason="Thu hồi")


# Delete, restore ---------------------------------------------------------------------


def test_it_soft_deletes_and_restores_a_task(cast, task):
    services.soft_delete(task, by=cast.followup, reason="Đăng ký nhầm", now=at(2026, 4, 28))
    task.refresh_from_db()
    assert task.deleted_at == at(2026, 4, 28)
    assert task.deleted_by == cast.followup and task.deletion_reason == "Đăng ký nhầm"
    assert Task.objects.filter(pk=task.pk).exists()  # never a real delete
    assert last_event(task).kind == EventKind.DELETED
    with pytest.raises(TaskError, match="đã bị xóa"):
        services.receive(task, by=cast.snv_director)
    services.restore(task, by=cast.followup, now=at(2026, 4, 29))
    task.refresh_from_db()
    assert task.deleted_at is None and task.deletion_reason == ""
    assert last_event(task).kind == EventKind.RESTORED


def test_it_lets_the_registering_clerk_delete_until_the_task_is_received(cast, task):
    other = services.create_task(content="Nhiệm vụ khác", lead_unit=cast.snv, by=cast.followup)
    with unchanged(other), pytest.raises(PermissionDenied):
        services.soft_delete(other, by=cast.clerk, reason="Nhầm")  # registered by someone else
    services.receive(task, by=cast.snv_director)
    with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền xóa"):
        services.soft_delete(task, by=cast.clerk, reason="Nhầm")
    fresh = services.create_task(content="Nhiệm vụ mới", lead_unit=cast.snv, by=cast.clerk)
    services.soft_delete(fresh, by=cast.clerk, reason="Nhập trùng")
    assert fresh.is_deleted


def test_it_deletes_the_children_with_their_parent_and_restores_them(cast, task):
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    services.soft_delete(task, by=cast.followup, reason="Nhầm văn bản")
    child.refresh_from_db()
    assert child.is_deleted
    with pytest.raises(TaskError, match="cấp trên đang bị xóa"):
        services.restore(child, by=cast.followup)
    services.restore(task, by=cast.followup)
    child.refresh_from_db()
    assert not child.is_deleted


def test_it_refuses_a_deletion_without_reason_and_restoring_a_live_task(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="lý do xóa"):
        services.soft_delete(task, by=cast.followup, reason="")
    with unchanged(task), pytest.raises(TaskError, match="chưa bị xóa"):
        services.restore(task, by=cast.followup)
    with unchanged(task), pytest.raises(PermissionDenied):
        services.soft_delete(task, by=cast.snv_director, reason="Không muốn làm")


# Corrections -------------------------------------------------------------------------


def test_it_corrects_a_registration_with_before_and_after(cast, task):
    services.update_task(
        task,
        by=cast.followup,
        content="Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ năm 2026",
        due_date=D(2026, 5, 30),  # a Saturday: the effective deadline is Monday
        coordinating_units=[cast.stc, cast.office],
        urgent=True,
        now=at(2026, 4, 28),
    )
    task.refresh_from_db()
    assert task.due_date == task.original_due_date == D(2026, 5, 30)
    assert task.effective_due_date == D(2026, 6, 1)
    assert set(task.coordinating_units.all()) == {cast.stc, cast.office}
    event = last_event(task)
    assert event.kind == EventKind.UPDATED
    assert event.changes["due_date"] == ["2026-05-29", "2026-05-30"]
    assert event.changes["original_due_date"] == ["2026-05-29", "2026-05-30"]
    assert event.changes["effective_due_date"] == ["2026-05-29", "2026-06-01"]
    assert event.changes["coordinating_units"] == [[cast.stc.pk], sorted([cast.stc.pk, cast.office.pk])]
    assert event.changes["urgent"] == [False, True]
    assert event.changes["content"][0] == "Xây dựng kế hoạch bồi dưỡng cán bộ năm 2026"
    assert task.content_folded.startswith("xay dung ke hoach dao tao")


def test_it_writes_nothing_when_a_correction_changes_nothing(cast, task):
    count = TaskEvent.objects.count()
    services.update_task(task, by=cast.followup, due_date=D(2026, 5, 29), urgent=False)
    assert TaskEvent.objects.count() == count


def test_it_moves_the_lead_unit_out_of_the_coordinators(cast, task):
    services.update_task(task, by=cast.clerk, lead_unit=cast.stc)
    task.refresh_from_db()
    assert task.lead_unit == cast.stc
    assert not task.coordinating_units.exists()


def test_it_refuses_corrections_by_others_and_bad_values(cast, task):
    for user in (cast.snv_director, cast.specialist, cast.outsider):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền sửa"):
            services.update_task(task, by=user, urgent=True)
    with unchanged(task), pytest.raises(TaskError, match="không được để trống"):
        services.update_task(task, by=cast.followup, content=" ")
    with unchanged(task), pytest.raises(TaskError, match="trước ngày giao"):
        services.update_task(task, by=cast.followup, due_date=D(2026, 4, 1))
    with unchanged(task), pytest.raises(TaskError, match="định kỳ"):
        services.update_task(task, by=cast.followup, recurrence="daily")
    with pytest.raises(TypeError):
        services.update_task(task, by=cast.followup, state="done")


def test_it_refuses_correcting_a_deadline_after_an_extension(cast, task):
    extension = services.request_extension(
        task, by=cast.snv_director, proposed_date=D(2026, 6, 15), reason="Chờ số liệu", now=at(2026, 5, 4)
    )
    services.decide_extension(extension, by=cast.leader, grant=True, now=at(2026, 5, 6))
    with unchanged(task), pytest.raises(TaskError, match="quy trình gia hạn"):
        services.update_task(task, by=cast.followup, due_date=D(2026, 6, 30))


def test_it_refuses_a_parent_deadline_earlier_than_a_childs(cast, task):
    services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    with unchanged(task), pytest.raises(TaskError, match="nhiệm vụ con"):
        services.update_task(task, by=cast.followup, due_date=D(2026, 5, 20))


def test_it_assigns_an_overdue_task_with_its_deadline_but_no_new_past_date(cast, task):
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 6, 2))
    assert child.due_date == D(2026, 5, 29)  # inherited: the task is already overdue
    with pytest.raises(TaskError, match="không được trước hôm nay"):
        services.assign(
            task, by=cast.snv_director, unit=cast.snv_tcbc, due_date=D(2026, 5, 30), now=at(2026, 6, 2)
        )
