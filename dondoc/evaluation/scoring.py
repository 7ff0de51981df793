"""An evaluation's totals and rating from its parts: the one function every step, the
recomputation and the exports call (`derive`), so a table and a form never disagree."""

from __future__ import annotations

from decimal import Decimal

from .choices import Rating, Regime
from .formula import Conditions, Facts, blended_ratio, components, rate, results_points, total, worse


def results_by_stage(ev) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The task-results points each step works with: the computed value, unless the head
    adjusted it (with a reason), unless the leader adjusted it again."""
    computed = ev.results_computed
    head = ev.head_results if ev.head_results is not None else computed
    final = ev.final_results if ev.final_results is not None else head
    return computed, head, final


def computed_results(own: Facts | None, unit: Facts | None, rules, *, leads_unit: bool) -> Decimal | None:
    """The task-results points from the facts (None without evidence)."""
    ratio = blended_ratio(components(own, rules), components(unit, rules), rules, leads_unit=leads_unit)
    return results_points(ratio, rules)


def conditions_of(ev) -> Conditions:
    own = Facts.from_json(ev.facts)
    return Conditions(
        worked_percent=Decimal(ev.worked_percent),
        disciplined=bool(ev.disciplined),
        late_products=own.late_products if own else 0,
    )


def derive(ev, rules) -> None:
    """Set `total_self`, `total_head`, `total_final`, `rating` and `rating_notes` of `ev`
    (not saved) from its parts and its criteria set."""
    conditions = conditions_of(ev)
    if rules.regime == Regime.LEVELS:
        ev.total_self = ev.total_head = ev.total_final = None
        level = ev.final_level or ev.head_level or ev.self_level or None
        verdict = rate(None, rules, conditions, level=level)
        ev.rating = verdict.rating or ""
        ev.rating_notes = verdict.notes
        return
    _computed, head_results, final_results = results_by_stage(ev)
    self_results = ev.results_computed
    ev.total_self = total(ev.self_general, self_results, rules) if ev.self_at else None
    ev.total_head = total(ev.head_general, head_results, rules) if ev.head_at else None
    ev.total_final = total(ev.final_general, final_results, rules) if ev.approved_at else None
    verdict = rate(ev.current_total, rules, conditions)
    notes = list(verdict.notes)
    rating = verdict.rating
    # The leader may rate lower than the points give (e.g. the agency's xuất sắc cap is
    # reached), never higher; the reason is in the audit trail.
    if rating in (Rating.EXCELLENT, Rating.GOOD, Rating.PASS) and ev.final_level and ev.approved_at:
        lowered = worse(rating, Rating(ev.final_level))
        if lowered != rating:
            notes.append(
                f"Lãnh đạo quyết định xếp loại {lowered.label.lower()}: {ev.leader_reason}".rstrip(": ")
            )
            rating = lowered
    ev.rating = rating or ""
    ev.rating_notes = notes
