"""Incremental evaluation: when evidence changes, the evaluations it feeds are marked
stale (one UPDATE), and the next screen or `dondoc evaluate` computes just those.

Every change to a task writes a `TaskEvent` (dondoc.tasks.events), so listening to that
one table catches them all without `tasks` knowing about evaluation. A task's event
touches its assignee and the people of its lead unit (its heads and leaders), before and
after the change, and the lead unit's own score. Approved evaluations are never marked:
they are locked.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dondoc.org.models import Absence, Discipline, Person, UserRole
from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import TaskEvent

from .models import ObjectiveCause, ProductAlias, ProductCoefficient, ProductKind
from .products import ensure_aliases
from .refresh import mark_stale


def _ids(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


@receiver(post_save, sender=TaskEvent)
def task_changed(sender, instance: TaskEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    task = instance.task
    changes = instance.changes or {}
    persons = [task.assignee_id]
    units = [task.lead_unit_id, instance.lead_unit_id]
    for field, bucket in (("assignee", persons), ("lead_unit", units)):
        pair = changes.get(field)
        if isinstance(pair, list):
            for value in pair:
                bucket.extend(_ids(value))
    mark_stale(persons=persons, units=units, now=instance.at)
    if instance.kind in (EventKind.CREATED, EventKind.UPDATED) and task.products:
        ensure_aliases(task.products)


@receiver(post_save, sender=ObjectiveCause)
def cause_changed(sender, instance: ObjectiveCause, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    task = instance.task
    mark_stale(persons=[task.assignee_id], units=[task.lead_unit_id])


@receiver(post_save, sender=Discipline)
@receiver(post_delete, sender=Discipline)
@receiver(post_save, sender=Absence)
@receiver(post_delete, sender=Absence)
def person_record_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        mark_stale(persons=[instance.person_id])


@receiver(post_save, sender=Person)
def person_changed(sender, instance: Person, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        mark_stale(persons=[instance.pk], units=[instance.unit_id])


@receiver(post_save, sender=UserRole)
@receiver(post_delete, sender=UserRole)
def role_changed(sender, instance: UserRole, raw: bool = False, **kwargs) -> None:
    # Heads answer for their unit's tasks: a role granted or removed changes whose they are.
    if raw:
        return
    person = Person.objects.filter(user__pk=instance.user_id).values_list("pk", "unit_id").first()
    if person:
        mark_stale(persons=[person[0]], units=[person[1]])


@receiver(post_save, sender=ProductKind)
@receiver(post_delete, sender=ProductKind)
@receiver(post_save, sender=ProductAlias)
@receiver(post_delete, sender=ProductAlias)
@receiver(post_save, sender=ProductCoefficient)
@receiver(post_delete, sender=ProductCoefficient)
def catalogue_changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        mark_stale(everything=True)
