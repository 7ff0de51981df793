"""Computing and storing evaluations: who is evaluated in a period, with which criteria
set, and the computed part of their evaluation, for everyone at once or incrementally.

- `refresh(period)` computes every evaluated person's task results (one aggregate
  statement per distinct set of SQL parameters, normally one), their time worked and
  discipline, and upserts the rows in batches; approved (locked) evaluations are never
  touched. `refresh(period, persons=[…])` does the same for a few people: the task scan
  is restricted to their tasks, so one changed task costs milliseconds.
- `refresh(period, only_stale=True)` computes the rows that are missing or were marked
  stale by a change to their evidence (`signals.py`): what the screens call before
  showing a table.
- `refresh_units(period)` scores the units from the tasks they lead.

A change that lands while a refresh runs is not lost: the refresh notes when it started
and marks stale again every row whose evidence changed after that (`marked_at`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dondoc.lib.calendar import get_calendar
from dondoc.org.choices import ABSENCE_COUNTS_AS_WORKED, UnitKind
from dondoc.org.models import Absence, Discipline, Person, Unit

from .choices import CriteriaSetStatus, EvaluationGroup, EvaluationState, PeriodKind, Regime
from .compute import PERSON, UNIT, Params, aggregate
from .formula import Conditions, Facts, components, rate, results_points
from .models import AgencySettings, CriteriaSet, Evaluation, Period, UnitEvaluation
from .scoring import computed_results, derive

BATCH = 2000
# Units scored from their tasks; the Committee, outside bodies and groups of units are not.
SCORED_UNIT_KINDS = (
    UnitKind.OFFICE,
    UnitKind.DEPARTMENT,
    UnitKind.DIVISION,
    UnitKind.SERVICE_UNIT,
    UnitKind.COMMUNE,
    UnitKind.WARD,
)
COMPUTED_FIELDS = [
    "facts",
    "unit_facts",
    "led_unit",
    "results_computed",
    "worked_percent",
    "disciplined",
    "computed_at",
    "stale",
    "total_self",
    "total_head",
    "total_final",
    "rating",
    "rating_notes",
]


def default_period_kind() -> str:
    return settings.DONDOC.get("EVAL_PERIOD", PeriodKind.MONTH)


def default_cap_percent() -> Decimal:
    return Decimal(settings.DONDOC.get("EVAL_EXCELLENT_CAP_PERCENT", 20))


def agency_id_of(path: str) -> int | None:
    """The agency a unit belongs to: the unit right below the root (a department, a
    commune, the Office), or the root itself."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    if not ids:
        return None
    return ids[1] if len(ids) > 1 else ids[0]


def agency_of(unit: Unit) -> Unit:
    agency_id = agency_id_of(unit.path)
    return unit if agency_id in (None, unit.pk) else Unit.objects.get(pk=agency_id)


@dataclass(frozen=True)
class AgencyRules:
    period_kind: str
    cap_percent: Decimal


def agency_rules(agency_ids) -> dict[int, AgencyRules]:
    """Each agency's period and xuất sắc cap (its settings, else the defaults)."""
    found = {
        s.unit_id: AgencyRules(s.period_kind, s.excellent_cap_percent)
        for s in AgencySettings.objects.filter(unit_id__in=set(agency_ids))
    }
    default = AgencyRules(default_period_kind(), default_cap_percent())
    return {agency_id: found.get(agency_id, default) for agency_id in agency_ids}


def rules_for(agency_id: int | None) -> AgencyRules:
    return agency_rules([agency_id]).get(agency_id) or AgencyRules(
        default_period_kind(), default_cap_percent()
    )


def sets_in_force(on: dt.date) -> dict[str, CriteriaSet]:
    """{group: the latest published criteria set effective on `on`}."""
    chosen: dict[str, CriteriaSet] = {}
    published = CriteriaSet.objects.filter(
        status=CriteriaSetStatus.PUBLISHED, effective_from__lte=on
    ).order_by("group", "-effective_from", "-version")
    for criteria_set in published:
        chosen.setdefault(criteria_set.group, criteria_set)
    return chosen


def evaluated_in(period: Period, person_rows, sets: dict[str, CriteriaSet]) -> list[tuple]:
    """The (person id, group, unit id, unit path) rows evaluated in `period`: points
    groups in the months or quarters their agency uses; the yearly (levels) group in years."""
    agencies = agency_rules({agency_id_of(path) for *_rest, path in person_rows})
    chosen = []
    for row in person_rows:
        _pk, group, _unit, path = row
        criteria_set = sets.get(group)
        regime = criteria_set.regime if criteria_set else Regime.POINTS
        if regime == Regime.LEVELS:
            if period.kind == PeriodKind.YEAR:
                chosen.append(row)
        elif period.kind != PeriodKind.YEAR and agencies[agency_id_of(path)].period_kind == period.kind:
            chosen.append(row)
    return chosen


def people_rows(*, persons=None, unit: Unit | None = None):
    queryset = Person.objects.filter(active=True)
    if persons is not None:
        queryset = queryset.filter(pk__in=list(persons))
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    return list(queryset.values_list("pk", "staff_group", "unit_id", "unit__path"))


def worked_percents(person_ids, period: Period) -> dict[int, Decimal]:
    """{person id: % of the period's working days worked} for those with absences in the
    period (everyone else worked all of it); `person_ids` None for everyone. Absences
    that count as worked (maternity leave, Nghị định 90/2020/NĐ-CP) are left out."""
    calendar = get_calendar()
    days = [
        period.start + dt.timedelta(days=i)
        for i in range((period.end - period.start).days + 1)
        if calendar.is_working_day(period.start + dt.timedelta(days=i))
    ]
    if not days:
        return {}
    absent: dict[int, set[dt.date]] = {}
    absences = Absence.objects.filter(start__lte=period.end, end__gte=period.start).exclude(
        kind__in=ABSENCE_COUNTS_AS_WORKED
    )
    if person_ids is not None:
        absences = absences.filter(person_id__in=person_ids)
    absences = absences.values_list("person_id", "start", "end")
    for person_id, start, end in absences:
        absent.setdefault(person_id, set()).update(d for d in days if start <= d <= end)
    return {
        person_id: (Decimal(len(days) - len(missing)) * 100 / len(days)).quantize(Decimal("0.01"))
        for person_id, missing in absent.items()
    }


def disciplined_people(person_ids, period: Period) -> set[int]:
    """People with a disciplinary decision dated within the period (`person_ids` None
    for everyone)."""
    decisions = Discipline.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
    if person_ids is not None:
        decisions = decisions.filter(person_id__in=person_ids)
    return set(decisions.values_list("person_id", flat=True))


@dataclass
class RefreshResult:
    computed: int = 0
    created: int = 0
    skipped_locked: int = 0
    without_set: list[int] = field(default_factory=list)


def refresh(
    period: Period,
    *,
    persons=None,
    unit: Unit | None = None,
    only_stale: bool = False,
    now: dt.datetime | None = None,
) -> RefreshResult:
    """Compute and store the evaluations of `period` for everyone evaluated in it (or the
    `persons`, or the people of `unit` and below). See the module docstring."""
    now = now or timezone.now()
    started = timezone.now()
    result = RefreshResult()
    sets = sets_in_force(period.start)
    rows = evaluated_in(period, people_rows(persons=persons, unit=unit), sets)
    if not rows:
        return result
    ids = [row[0] for row in rows]
    scoped = Evaluation.objects.filter(period=period)
    if persons is not None or unit is not None:
        scoped = scoped.filter(person_id__in=ids)
    # What exists, cheaply; full rows only for those to compute (a few when only stale).
    present = dict(scoped.values_list("person_id", "state"))
    to_load = scoped.exclude(state=EvaluationState.APPROVED)
    if only_stale:
        to_load = to_load.filter(stale=True)
    existing = {ev.person_id: ev for ev in to_load.select_related("criteria_set")}
    targets = []
    for pk, group, unit_id, _path in rows:
        state = present.get(pk)
        if state == EvaluationState.APPROVED:
            result.skipped_locked += 1
            continue
        ev = existing.get(pk)
        if state is not None and ev is None:
            continue  # up to date (only stale asked for)
        criteria_set = ev.criteria_set if ev is not None else sets.get(group)
        if criteria_set is None:
            result.without_set.append(pk)
            continue
        targets.append((pk, unit_id, criteria_set))
    if not targets:
        return result

    target_ids = [pk for pk, _u, _s in targets]
    facts: dict[tuple[str, int], Facts] = {}
    grouped: dict[Params, tuple[list[int], set[int]]] = {}
    for pk, unit_id, criteria_set in targets:
        people, units = grouped.setdefault(Params.of(criteria_set), ([], set()))
        people.append(pk)
        if criteria_set.unit_results_percent > 0:
            units.add(unit_id)
    everyone = persons is None and unit is None and not only_stale
    for params, (people, units) in grouped.items():
        whole = everyone and len(grouped) == 1
        facts.update(
            aggregate(
                period.start,
                period.end,
                params,
                persons=None if whole else people,
                units=None if whole else sorted(units),
            )
        )
    subset = None if everyone else target_ids
    worked = worked_percents(subset, period)
    punished = disciplined_people(subset, period)

    objects = []
    for pk, unit_id, criteria_set in targets:
        ev = existing.get(pk) or Evaluation(person_id=pk, period=period, criteria_set=criteria_set)
        if ev.pk is None:
            result.created += 1
        leads = criteria_set.unit_results_percent > 0
        own = facts.get((PERSON, pk))
        unit_facts = facts.get((UNIT, unit_id)) if leads else None
        ev.facts = own.to_json() if own else {}
        ev.unit_facts = unit_facts.to_json() if unit_facts else {}
        ev.led_unit_id = unit_id if leads else None
        ev.results_computed = computed_results(own, unit_facts, criteria_set, leads_unit=leads)
        ev.worked_percent = worked.get(pk, Decimal(100))
        ev.disciplined = pk in punished
        ev.computed_at = now
        ev.stale = False
        derive(ev, criteria_set)
        objects.append(ev)
    with transaction.atomic():
        # Lock the rows being rewritten so an approval cannot land in between (it locks
        # the same row); rows approved meanwhile are left out.
        locking = scoped if everyone else Evaluation.objects.filter(pk__in=[ev.pk for ev in objects if ev.pk])
        approved_now = {
            pk
            for pk, state in locking.select_for_update().values_list("pk", "state")
            if state == EvaluationState.APPROVED
        }
        objects = [ev for ev in objects if ev.pk is None or ev.pk not in approved_now]
        for start in range(0, len(objects), BATCH):
            Evaluation.objects.bulk_create(
                objects[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["person", "period"],
                update_fields=COMPUTED_FIELDS,
            )
        # Evidence that changed while we computed: compute those again next time.
        Evaluation.objects.filter(period=period, person_id__in=target_ids, marked_at__gt=started).update(
            stale=True
        )
    result.computed = len(objects)
    return result


def refresh_units(
    period: Period, *, units=None, only_stale: bool = False, now: dt.datetime | None = None
) -> int:
    """Score the units (`units`, else every scored unit) for `period` from the tasks they
    lead, with the agency criteria set in force. Returns how many were computed."""
    now = now or timezone.now()
    started = timezone.now()
    criteria_set = sets_in_force(period.start).get(EvaluationGroup.AGENCY)
    if criteria_set is None:
        return 0
    queryset = Unit.objects.filter(active=True, kind__in=SCORED_UNIT_KINDS)
    if units is not None:
        queryset = queryset.filter(pk__in=list(units))
    unit_ids = list(queryset.values_list("pk", flat=True))
    scoped = UnitEvaluation.objects.filter(period=period, unit_id__in=unit_ids)
    present = set(scoped.values_list("unit_id", flat=True))
    if only_stale:
        scoped = scoped.filter(stale=True)
    existing = {ue.unit_id: ue for ue in scoped.select_related("criteria_set")}
    if only_stale:
        unit_ids = [pk for pk in unit_ids if pk not in present or pk in existing]
    if not unit_ids:
        return 0
    everything = units is None and not only_stale
    facts = aggregate(
        period.start,
        period.end,
        Params.of(criteria_set),
        persons=[],
        units=None if everything else unit_ids,
    )
    objects = []
    for pk in unit_ids:
        ue = existing.get(pk) or UnitEvaluation(unit_id=pk, period=period)
        ue.criteria_set = criteria_set if ue.pk is None else ue.criteria_set
        own = facts.get((UNIT, pk))
        ue.facts = own.to_json() if own else {}
        comp = components(own, ue.criteria_set)
        ue.score = results_points(comp.ratio, ue.criteria_set) if comp else None
        verdict = rate(ue.score, ue.criteria_set, Conditions(late_products=own.late_products if own else 0))
        ue.rating = verdict.rating or ""
        ue.rating_notes = verdict.notes
        ue.computed_at = now
        ue.stale = False
        objects.append(ue)
    with transaction.atomic():
        for start in range(0, len(objects), BATCH):
            UnitEvaluation.objects.bulk_create(
                objects[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["unit", "period"],
                update_fields=[
                    "criteria_set",
                    "facts",
                    "score",
                    "rating",
                    "rating_notes",
                    "computed_at",
                    "stale",
                ],
            )
        UnitEvaluation.objects.filter(period=period, unit_id__in=unit_ids, marked_at__gt=started).update(
            stale=True
        )
    return len(objects)


def mark_stale(*, persons=(), units=(), everything: bool = False, now: dt.datetime | None = None) -> None:
    """Mark the unlocked evaluations of `persons` and of the people of `units` (and the
    units' own scores) to be computed again."""
    now = now or timezone.now()
    open_ = Evaluation.objects.exclude(state=EvaluationState.APPROVED)
    if everything:
        open_.update(stale=True, marked_at=now)
        UnitEvaluation.objects.update(stale=True, marked_at=now)
        return
    persons = [p for p in persons if p]
    units = [u for u in units if u]
    if not persons and not units:
        return
    open_.filter(Q(person_id__in=persons) | Q(person__unit_id__in=units)).update(stale=True, marked_at=now)
    if units:
        UnitEvaluation.objects.filter(unit_id__in=units).update(stale=True, marked_at=now)
