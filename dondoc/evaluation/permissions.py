"""Who may do what in the evaluation flow: pure predicates, shared by the services, the
screens and the exports (the same words as `dondoc.tasks.permissions`).

======================  =====================================================================
action                  who
======================  =====================================================================
see an evaluation       the person; whoever may review or approve it (a head or leader sees
                        their unit's subtree); Sở Nội vụ's evaluation managers (role
                        ``hr``), administrators and the province's leaders, province-wide
self_assess             the person, while the evaluation is not yet reviewed
review (trưởng phòng)   a head or leader who manages the person's unit, never the person; a
                        unit's own head is reviewed one level up (by whoever manages the
                        parent unit); an agency's leader by the province's leaders
approve (phê duyệt)     a leader (role ``leader``) who manages the person's unit, never the
                        person; the agency's own leader is approved by the province's leaders
amend (sửa đổi)         whoever may approve, once approved (a new version, with a reason)
record_cause            whoever judges the task's result (`can_accept` on the task): the
                        assigning leader, follow-up staff on their behalf, an administrator
edit criteria sets      Sở Nội vụ's evaluation managers and administrators
see the unit ranking    province leaders, follow-up staff, evaluation managers, administrators,
                        and any leader (role ``leader``); a unit's own score also its members
                        and whoever manages it
======================  =====================================================================
"""

from __future__ import annotations

from django.db.models import QuerySet

from dondoc.org.choices import Role
from dondoc.org.models import Person
from dondoc.tasks.permissions import PROVINCE_KINDS, is_admin, is_province_leader, manages
from dondoc.tasks.permissions import can_accept as can_judge_task
from dondoc.tasks.visibility import visible_people

from .choices import EvaluationState


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_hr(user) -> bool:
    """Sở Nội vụ's evaluation managers (and administrators)."""
    return _authenticated(user) and (is_admin(user) or user.has_role(Role.HR))


def is_self(user, person: Person) -> bool:
    return _authenticated(user) and user.person_id is not None and user.person_id == person.pk


def heads_own_unit(person: Person) -> bool:
    """The person holds the head or leader role of their own unit (through their account)."""
    # A person without an account has no `user` (the reverse one-to-one raises an
    # AttributeError subclass, which getattr turns into None).
    user = getattr(person, "user", None)
    return user is not None and user.is_active and user.has_role(Role.HEAD, Role.LEADER)


def is_agency_leader(person: Person) -> bool:
    """The person leads their agency (a department's director, a commune's chairman)."""
    unit = person.unit
    return heads_own_unit(person) and unit.parent_id is not None and unit.parent.parent_id is None


def can_review(user, person: Person) -> bool:
    if not _authenticated(user) or is_self(user, person):
        return False
    if is_agency_leader(person):
        return is_province_leader(user)
    if not manages(user, person.unit):
        return False
    if heads_own_unit(person) and user.unit is not None and user.unit.pk == person.unit_id:
        return False  # a head is reviewed by the level above, not by a peer of the same unit
    return True


def can_approve(user, person: Person) -> bool:
    if not _authenticated(user) or is_self(user, person):
        return False
    if is_agency_leader(person):
        return is_province_leader(user)
    if not user.has_role(Role.LEADER):
        return False
    if heads_own_unit(person) and user.unit is not None and user.unit.pk == person.unit_id:
        return False
    return manages(user, person.unit)


def can_see(user, person: Person) -> bool:
    """Python mirror of `evaluation_people(user)` for one person."""
    if not _authenticated(user):
        return False
    if is_self(user, person) or is_hr(user) or is_province_leader(user):
        return True
    unit = user.unit
    return (
        unit is not None
        and unit.kind not in PROVINCE_KINDS
        and user.has_role(Role.HEAD, Role.LEADER)
        and person.unit.path.startswith(unit.path)
    )


def evaluation_people(user) -> QuerySet[Person]:
    """The people whose evaluations `user` may see: everyone for Sở Nội vụ's managers,
    administrators and the province's leaders; a head's or leader's unit and the units
    below it (`visible_people`); otherwise only themselves."""
    if not _authenticated(user):
        return Person.objects.none()
    if is_hr(user) or is_province_leader(user):
        return Person.objects.all()
    unit = user.unit
    if unit is not None and unit.kind not in PROVINCE_KINDS and user.has_role(Role.HEAD, Role.LEADER):
        return visible_people(user)
    if user.person_id:
        return Person.objects.filter(pk=user.person_id)
    return Person.objects.none()


def can_self_assess(user, evaluation) -> bool:
    return is_self(user, evaluation.person) and evaluation.state in (
        EvaluationState.COMPUTED,
        EvaluationState.SELF_ASSESSED,
    )


def can_review_evaluation(user, evaluation) -> bool:
    return evaluation.state in (
        EvaluationState.COMPUTED,
        EvaluationState.SELF_ASSESSED,
        EvaluationState.REVIEWED,
    ) and (can_review(user, evaluation.person))


def can_approve_evaluation(user, evaluation) -> bool:
    return evaluation.state == EvaluationState.REVIEWED and can_approve(user, evaluation.person)


def can_amend(user, evaluation) -> bool:
    return evaluation.state == EvaluationState.APPROVED and can_approve(user, evaluation.person)


def can_record_cause(user, task) -> bool:
    return can_judge_task(user, task)


def can_edit_criteria(user) -> bool:
    return is_hr(user)


def can_see_unit_ranking(user) -> bool:
    if not _authenticated(user):
        return False
    return user.sees_everything() or is_hr(user) or user.has_role(Role.LEADER)


def can_see_division(user) -> bool:
    """Whether the division/agency tables are for this user at all (a head, a leader, Sở
    Nội vụ's managers)."""
    return _authenticated(user) and (is_hr(user) or user.has_role(Role.HEAD, Role.LEADER))


def available_actions(user, evaluation) -> frozenset[str]:
    actions = set()
    if can_self_assess(user, evaluation):
        actions.add("self_assess")
    if can_review_evaluation(user, evaluation):
        actions.add("review")
    if can_approve_evaluation(user, evaluation):
        actions.add("approve")
    if can_amend(user, evaluation):
        actions.add("amend")
    return frozenset(actions)
