"""Who sees which tasks and people: the one place that decides (STYLE.md §7).

Every view, export, report and API that returns tasks or people starts from
`visible_tasks(user)` / `visible_people(user)`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dondoc.documents.models import Document
from dondoc.org.choices import Role
from dondoc.org.models import Person, Unit

from .models import Task


def visible_units(user) -> QuerySet[Unit]:
    """The units whose tasks `user` may see: all, or their unit and the units below it."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.sees_everything():
        return Unit.objects.all()
    unit = user.unit
    if unit is None:
        return Unit.objects.none()
    return Unit.objects.subtree(unit)


def visible_tasks(user, *, include_deleted: bool = False) -> QuerySet[Task]:
    """Tasks `user` may see: led by, coordinated by or assigned within their unit's subtree,
    or assigned to them; everything for Office follow-up staff, administrators and the
    province's leaders. Soft-deleted tasks are left out unless asked for."""
    tasks = Task.objects.all() if include_deleted else Task.objects.filter(deleted_at__isnull=True)
    if not user.is_authenticated:
        return tasks.none()
    if user.sees_everything():
        return tasks
    unit = user.unit
    if unit is None:
        return tasks.none()
    return tasks.filter(pk__in=_scope_ids(unit, user.person_id))


def _scope_ids(unit: Unit, person_id: int | None):
    """The ids of the tasks led by, coordinated by or assigned within `unit`'s subtree, or
    assigned to the person: a UNION of four index lookups (lead unit, assignee,
    coordinating unit, the person), so a scoped list reads its few tens of thousands of
    rows instead of scanning a million through an OR across joins."""
    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    people = Person.objects.filter(unit__in=units).values("pk")
    led = Task.objects.filter(lead_unit__in=units).order_by().values("pk")
    assigned = Task.objects.filter(assignee__in=people).order_by().values("pk")
    coordinated = Task.coordinating_units.through.objects.filter(unit__in=units).order_by().values("task_id")
    parts = [assigned, coordinated]
    if person_id:
        parts.append(Task.objects.filter(assignee_id=person_id).order_by().values("pk"))
    return led.union(*parts)


def visible_breakdowns(user) -> QuerySet[Task]:
    """Breakdown parts in `user`'s scope whose parent is out of it: a division's or a
    person's part (a child task, "Phân công") of a task another unit leads. Whoever sees
    the parent sees its breakdown on the parent's page instead; so the official lists
    (top-level tasks, `status.top_level`) plus these show every piece of work once."""
    scope = visible_tasks(user)
    if not user.is_authenticated or user.sees_everything():
        return scope.none()
    return scope.filter(parent__isnull=False).exclude(parent__in=visible_tasks(user))


def highest_visible_tasks(user) -> QuerySet[Task]:
    """Each task once, through the highest part of it `user` may see: the top-level tasks
    in scope, and the breakdown parts whose parent is out of scope (`visible_breakdowns`)."""
    scope = visible_tasks(user)
    if not user.is_authenticated or user.sees_everything():
        return scope.filter(parent__isnull=True)
    return scope.filter(Q(parent__isnull=True) | ~Q(parent__in=visible_tasks(user)))


def visible_people(user) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    if user.sees_everything():
        return Person.objects.all()
    unit = user.unit
    if unit is None:
        return Person.objects.none()
    return Person.objects.filter(unit__path__startswith=unit.path)


def visible_documents(user) -> QuerySet[Document]:
    """Documents `user` may open: all for those who see every task; for others, the
    documents they uploaded and those that assign at least one task they may see."""
    if not user.is_authenticated:
        return Document.objects.none()
    if user.sees_everything():
        return Document.objects.all()
    scope = Q(pk__in=visible_tasks(user).filter(document__isnull=False).values("document_id"))
    if user.has_role(Role.CLERK):
        scope |= Q(uploaded_by=user)
    return Document.objects.filter(scope)
