"""Who may do what: the predicates the services enforce and the screens use for buttons."""

import datetime as dt

import pytest
from tasks_helpers import at, notice_task

from dondoc.org.choices import Role
from dondoc.org.models import User, UserRole
from dondoc.tasks import permissions, services
from dondoc.tasks.models import Task
from dondoc.tasks.visibility import visible_tasks


@pytest.fixture
def task(cast, make_task):
    return notice_task(cast, make_task)


D = dt.date
USERS = ("leader", "snv_director", "ccvc_head", "specialist", "clerk", "followup", "outsider")


def allowed(cast, predicate, obj):
    return {name for name in USERS if predicate(getattr(cast, name), obj)}


@pytest.fixture
def child(cast, task):
    return services.assign(
        task,
        by=cast.snv_director,
        unit=cast.snv_ccvc,
        assignee=cast.specialist.person,
        due_date=D(2026, 5, 20),
        now=at(2026, 5, 4),
    )


def test_it_decides_who_works_on_a_notices_task(cast, task):
    assert allowed(cast, permissions.can_receive, task) == {"snv_director"}
    assert allowed(cast, permissions.can_assign, task) == {"snv_director"}
    assert allowed(cast, permissions.can_report_progress, task) == {"snv_director"}
    assert allowed(cast, permissions.can_contribute, task) == {"outsider"}  # Sở Tài chính coordinates
    assert allowed(cast, permissions.can_submit, task) == {"snv_director"}
    assert allowed(cast, permissions.can_request_extension, task) == {"snv_director"}


def test_it_decides_who_judges_and_closes_a_notices_task(cast, task):
    assert allowed(cast, permissions.can_accept, task) == {"leader", "followup"}
    assert allowed(cast, permissions.can_recall, task) == {"leader", "followup"}
    assert allowed(cast, permissions.can_update, task) == {"followup", "clerk"}  # the clerk registered it
    assert allowed(cast, permissions.can_delete, task) == {"followup", "clerk"}
    services.receive(task, by=cast.snv_director)
    assert allowed(cast, permissions.can_delete, task) == {"followup"}  # received: no longer the clerk's


def test_it_lets_any_province_leader_recall_but_only_the_assigner_accept(cast, make_task):
    task = make_task(lead_unit=cast.stc)  # no assigning leader recorded
    assert allowed(cast, permissions.can_accept, task) == {"followup"}
    assert allowed(cast, permissions.can_recall, task) == {"leader", "followup"}


def test_it_decides_who_works_on_and_judges_an_internal_task(cast, child):
    assert allowed(cast, permissions.can_receive, child) == {"snv_director", "ccvc_head", "specialist"}
    assert allowed(cast, permissions.can_assign, child) == {"snv_director", "ccvc_head"}
    assert allowed(cast, permissions.can_report_progress, child) == {
        "snv_director",
        "ccvc_head",
        "specialist",
    }
    assert allowed(cast, permissions.can_submit, child) == {"snv_director", "ccvc_head", "specialist"}
    assert allowed(cast, permissions.can_accept, child) == {"snv_director"}
    assert allowed(cast, permissions.can_recall, child) == {"snv_director"}
    assert allowed(cast, permissions.can_update, child) == {"snv_director", "followup"}
    assert allowed(cast, permissions.can_delete, child) == {"snv_director", "followup"}


def test_it_never_lets_anyone_decide_their_own_extension(cast, child):
    extension = services.request_extension(
        child, by=cast.ccvc_head, proposed_date=D(2026, 5, 27), reason="Chờ số liệu", now=at(2026, 5, 4)
    )
    assert allowed(cast, permissions.can_decide_extension, extension) == {"snv_director"}
    extension.requested_by = cast.snv_director
    assert allowed(cast, permissions.can_decide_extension, extension) == set()
    admin = User.objects.create_user("quantri", password="x", person=None)
    UserRole.objects.create(user=admin, role=Role.ADMIN)
    assert permissions.can_decide_extension(admin, extension)


def test_it_allows_nothing_on_a_deleted_task_but_restoring(cast, task):
    services.soft_delete(task, by=cast.followup, reason="Nhầm")
    for predicate in (
        permissions.can_receive,
        permissions.can_update,
        permissions.can_accept,
        permissions.can_delete,
    ):
        assert allowed(cast, predicate, task) == set()
    assert allowed(cast, permissions.can_restore, task) == {"followup"}
    assert permissions.available_actions(cast.followup, task) == {"restore"}


def test_it_allows_nothing_to_anonymous_or_inactive_users(cast, task):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_see(AnonymousUser(), task)
    assert not permissions.can_accept(AnonymousUser(), task)
    cast.leader.is_active = False
    assert not permissions.can_accept(cast.leader, task)


def test_it_sees_exactly_what_the_lists_show(cast, make_task, task, child):
    tasks = [
        task,
        child,
        make_task(lead_unit=cast.stc),
        make_task(lead_unit=cast.commune, assignee=cast.specialist.person),
        make_task(lead_unit=cast.snv_tcbc),
        make_task(lead_unit=cast.office, coordinating_units=[cast.snv_ccvc]),
    ]
    for name in USERS:
        user = getattr(cast, name)
        listed = set(visible_tasks(user).values_list("pk", flat=True))
        assert {t.pk for t in tasks if permissions.can_see(user, t)} == listed, name


def test_it_lists_the_buttons_for_each_state(cast, task):
    assert permissions.available_actions(cast.snv_director, task) == {
        "receive",
        "assign",
        "report_progress",
        "submit",
        "request_extension",
    }
    assert permissions.available_actions(cast.outsider, task) == {"contribute"}
    assert permissions.available_actions(cast.followup, task) == {
        "recall",
        "cancel",
        "soft_delete",
        "update_task",
    }
    services.request_extension(
        task, by=cast.snv_director, proposed_date=D(2026, 6, 30), reason="Chờ", now=at(2026, 5, 4)
    )
    services.submit(task, by=cast.snv_director, text="Xong", now=at(2026, 5, 5))
    task = Task.objects.get(pk=task.pk)
    assert permissions.available_actions(cast.snv_director, task) == set()
    assert permissions.available_actions(cast.leader, task) == {"accept", "return_task", "recall", "cancel"}
    services.accept(task, by=cast.leader)
    assert permissions.available_actions(cast.leader, task) == set()
    assert permissions.available_actions(cast.specialist, task) == set()


def test_the_committees_staff_are_its_own_members_not_the_bodies_below_it(cast, make_task):
    # UBND tỉnh heads the unit tree, but its Office, departments and communes are bodies
    # of their own: the Office's clerk and follow-up staff do not report progress on, nor
    # contribute to, the Committee's tasks; the Office's own tasks are theirs.
    committees = make_task("Ban hành kế hoạch cải cách hành chính", lead_unit=cast.province)
    assert allowed(cast, permissions.can_report_progress, committees) == {"leader"}
    coordinated = make_task("Tổng hợp báo cáo kinh tế - xã hội", lead_unit=cast.stc)
    coordinated.coordinating_units.add(cast.province)
    assert allowed(cast, permissions.can_contribute, coordinated) == {"leader"}
    offices = make_task("Chuẩn bị nội dung phiên họp thường kỳ", lead_unit=cast.office)
    assert {"clerk", "followup"} <= allowed(cast, permissions.can_report_progress, offices)
    assert not permissions.works_for(cast.snv_director, cast.province)
    assert permissions.works_for(cast.specialist, cast.snv)  # a division's staff work for their department
