"""Who may do what to a task: pure predicates shared by the services and the screens.

Every predicate answers "may `user` do this to `task`", from the user's roles
(`dondoc.org.choices.Role`) and where their unit sits in the unit tree; it says nothing
about the task's state (a DONE task cannot be submitted again: that is the service's
validation, with its own message). `available_actions` combines both for the buttons.

Words used below:

- *sees*: the task is in `visible_tasks(user)` (mirrored here in Python, without a
  query when `coordinating_units` is prefetched). Nobody acts on a task they cannot see
  (one exception: the clerk who registered it, below), and nobody but whoever may
  restore it acts on a soft-deleted task.
- *manages unit U*: the user holds the head or leader role and their unit is U or one of
  U's ancestors below the province level (a department's director manages its
  divisions; the Committee and its Office act through the leader and follow-up roles,
  not as a unit's management).
- *member of U*: the user's unit is U or below it; *staff of U* (`works_for`) the same,
  except that the province Committee's staff are its own members only.
- *the assigner* of a task: for a task registered from a notice, the leader who assigned
  it (`assigned_by`); for a child task (giao xử lý inside a unit), whoever manages the
  parent's lead unit.

The rules (Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ of the province;
QĐ 42/2014/QĐ-TTg for the flow lead unit → assigning leader):

======================  =====================================================================
action                  who
======================  =====================================================================
receive (tiếp nhận)     manages the lead unit; a clerk of the lead unit or of a unit above it
                        (below the province level); the task's assignee
assign (giao xử lý)     manages the lead unit, or, for a child, manages the parent's lead unit
report_progress         the assignee; staff of the lead unit (`works_for`: the Committee's staff
                        are its own members, not the Office, departments or communes below
                        it); whoever manages it
contribute (phối hợp)   staff of a coordinating unit (`works_for`)
submit (báo cáo KQ)     manages the lead unit; the assignee of a child task
accept / return         top-level: the assigning leader, Office follow-up staff on the leader's
                        behalf, an administrator; child: manages the parent's lead unit, admin
recall / cancel         as accept, plus the province's leaders for top-level tasks
soft_delete             follow-up staff, admin; the user who registered the task (a clerk, or
                        the manager who assigned a child) while it is still new, even when
                        `visible_tasks` would not show it to them
restore                 follow-up staff, admin, or whoever deleted it
update (đính chính)     follow-up staff, admin; the clerk who registered it (as for deleting);
                        for a child, the manager of the parent's lead unit
request_extension       manages the lead unit; the assignee of a child task
decide_extension        as accept, and never on one's own request (except an administrator)
withdraw_extension      whoever asked, or anyone who may ask for that task
======================  =====================================================================
"""

from __future__ import annotations

from dondoc.org.choices import Role, UnitKind

from .choices import OPEN_STATES, ExtensionStatus, TaskState

# Units at the province level: their staff act on tasks through roles (leader,
# follow-up), never as the management of a department or a commune.
PROVINCE_KINDS = (UnitKind.COMMITTEE, UnitKind.OFFICE)


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_admin(user) -> bool:
    return _authenticated(user) and (user.is_superuser or user.has_role(Role.ADMIN))


def is_followup(user) -> bool:
    return _authenticated(user) and user.has_role(Role.FOLLOWUP)


def is_province_leader(user) -> bool:
    unit = user.unit if _authenticated(user) else None
    return unit is not None and user.has_role(Role.LEADER) and unit.kind == UnitKind.COMMITTEE


def _in_subtree(unit, root) -> bool:
    return unit is not None and root is not None and unit.path.startswith(root.path)


def member_of(user, unit) -> bool:
    """The user's unit is `unit` or below it."""
    return _authenticated(user) and _in_subtree(user.unit, unit)


def works_for(user, unit) -> bool:
    """The user is staff of the body `unit`: their unit is `unit` or below it, except for
    the province Committee, whose staff are its own members only. Its Office, the
    departments and the communes sit below it in the tree but are bodies of their own
    (DOMAIN.md: the Office is one of the province's departments): a clerk of the Office
    or a specialist of a department is not staff of UBND tỉnh."""
    if not member_of(user, unit):
        return False
    return unit.kind != UnitKind.COMMITTEE or user.unit.pk == unit.pk


def _in_chain(user, unit) -> bool:
    """The user's unit is `unit` or an ancestor of it below the province level."""
    own = user.unit
    if own is None or unit is None or not _in_subtree(unit, own):
        return False
    return own.pk == unit.pk or own.kind not in PROVINCE_KINDS


def manages(user, unit) -> bool:
    """Head or leader of `unit` or of a unit above it (below the province level)."""
    return _authenticated(user) and user.has_role(Role.HEAD, Role.LEADER) and _in_chain(user, unit)


def _is_assignee(user, task) -> bool:
    return _authenticated(user) and user.person_id is not None and task.assignee_id == user.person_id


def _is_assigner(user, task) -> bool:
    """The leader or manager who gave the task and judges its result."""
    if task.parent_id is not None:
        return manages(user, task.parent.lead_unit)
    return _authenticated(user) and user.person_id is not None and task.assigned_by_id == user.person_id


def can_see(user, task) -> bool:
    """Python mirror of `visible_tasks(user)` for one task (deleted tasks excluded)."""
    if not _authenticated(user) or task.deleted_at is not None:
        return False
    if user.sees_everything():
        return True
    unit = user.unit
    if unit is None:
        return _is_assignee(user, task)
    if _in_subtree(task.lead_unit, unit) or _is_assignee(user, task):
        return True
    if task.assignee_id is not None and _in_subtree(task.assignee.unit, unit):
        return True
    return any(_in_subtree(c, unit) for c in task.coordinating_units.all())


def can_receive(user, task) -> bool:
    if not can_see(user, task):
        return False
    if manages(user, task.lead_unit) or _is_assignee(user, task):
        return True
    return user.has_role(Role.CLERK) and _in_chain(user, task.lead_unit)


def can_assign(user, task) -> bool:
    if not can_see(user, task):
        return False
    return manages(user, task.lead_unit) or (
        task.parent_id is not None and manages(user, task.parent.lead_unit)
    )


def can_report_progress(user, task) -> bool:
    if not can_see(user, task):
        return False
    return _is_assignee(user, task) or works_for(user, task.lead_unit) or manages(user, task.lead_unit)


def can_contribute(user, task) -> bool:
    return can_see(user, task) and any(works_for(user, c) for c in task.coordinating_units.all())


def can_submit(user, task) -> bool:
    if not can_see(user, task):
        return False
    return manages(user, task.lead_unit) or (task.parent_id is not None and _is_assignee(user, task))


def can_accept(user, task) -> bool:
    """Accept (đánh giá đạt) or return (trả lại) a submitted result."""
    if not can_see(user, task):
        return False
    if is_admin(user) or _is_assigner(user, task):
        return True
    # Office follow-up staff judge on the assigning leader's behalf; a unit's internal
    # (child) tasks are judged inside the unit.
    return task.parent_id is None and is_followup(user)


def can_recall(user, task) -> bool:
    """Recall (thu hồi) or cancel (hủy)."""
    if can_accept(user, task):
        return True
    return task.parent_id is None and can_see(user, task) and is_province_leader(user)


def _registered_by(user, task) -> bool:
    return _authenticated(user) and task.created_by_id is not None and task.created_by_id == user.pk


def can_delete(user, task) -> bool:
    if task.deleted_at is not None or not _authenticated(user):
        return False
    # A registration mistake may be undone by whoever made it, until the unit has taken
    # it. The registering clerk may not "see" the task under `visible_tasks` (a clerk of
    # the Office is not follow-up staff), but they entered it.
    if _registered_by(user, task) and task.state == TaskState.NEW:
        if user.has_role(Role.CLERK):
            return True
        if task.parent_id is not None and manages(user, task.parent.lead_unit):
            return True
    return can_see(user, task) and (is_admin(user) or is_followup(user))


def can_restore(user, task) -> bool:
    if not _authenticated(user) or task.deleted_at is None:
        return False
    return is_admin(user) or is_followup(user) or task.deleted_by_id == user.pk


def can_update(user, task) -> bool:
    if task.deleted_at is not None or not _authenticated(user):
        return False
    if _registered_by(user, task) and user.has_role(Role.CLERK):
        return True  # see can_delete on the registering clerk
    if not can_see(user, task):
        return False
    if is_admin(user) or is_followup(user):
        return True
    return task.parent_id is not None and manages(user, task.parent.lead_unit)


def can_request_extension(user, task) -> bool:
    if not can_see(user, task):
        return False
    return manages(user, task.lead_unit) or (task.parent_id is not None and _is_assignee(user, task))


def can_decide_extension(user, extension) -> bool:
    task = extension.task
    if not can_accept(user, task):
        return False
    # Nobody grants their own extension.
    return is_admin(user) or extension.requested_by_id != user.pk


def can_withdraw_extension(user, extension) -> bool:
    if extension.requested_by_id == getattr(user, "pk", None) and can_see(user, extension.task):
        return True
    return can_request_extension(user, extension.task)


def available_actions(user, task) -> frozenset[str]:
    """The actions whose button the task's page shows: permission and state together.

    Names are the service functions' names. Extension decisions are per request: ask
    `can_decide_extension` for each pending one.
    """
    if task.deleted_at is not None:
        return frozenset({"restore"}) if can_restore(user, task) else frozenset()
    actions: set[str] = set()
    state = task.state
    workable = state in (TaskState.NEW, TaskState.IN_PROGRESS)
    if state == TaskState.NEW and can_receive(user, task):
        actions.add("receive")
    if workable and can_assign(user, task):
        actions.add("assign")
    if workable and can_report_progress(user, task):
        actions.add("report_progress")
    if state in OPEN_STATES and can_contribute(user, task):
        actions.add("contribute")
    if workable and can_submit(user, task):
        actions.add("submit")
    if state == TaskState.SUBMITTED and can_accept(user, task):
        actions.update({"accept", "return_task"})
    if state in OPEN_STATES and can_recall(user, task):
        actions.update({"recall", "cancel"})
    if can_delete(user, task):
        actions.add("soft_delete")
    if can_update(user, task):
        actions.add("update_task")
    if workable and task.due_date is not None and can_request_extension(user, task):
        pending = any(e.status == ExtensionStatus.PENDING for e in task.extensions.all())
        if not pending:
            actions.add("request_extension")
    return frozenset(actions)
