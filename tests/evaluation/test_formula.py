"""The scoring formula, as pure functions of the facts and an (unsaved) criteria set:
conversion to a common unit, deductions, weights, rounding, bands and their edges, the
conditions and the xuất sắc cap."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dondoc.evaluation.choices import Averaging, Rating, Rounding
from dondoc.evaluation.formula import (
    Conditions,
    Facts,
    band,
    blended_ratio,
    component_points,
    components,
    excellent_cap,
    fmt,
    rate,
    results_points,
    round_score,
    total,
)
from dondoc.evaluation.models import CriteriaSet

D = Decimal


def rules(**overrides) -> CriteriaSet:
    """The defaults of a criteria set (Nghị định 335: 30 + 70, 25% deductions, 90/70/50)."""
    values = {"group": "civil_servant", "version": 1, "name": "thử", **overrides}
    return CriteriaSet(**values)


def facts(assigned, completed, quality, timeliness, late=0) -> Facts:
    return Facts(
        tasks=3,
        done_tasks=2,
        products=3,
        assigned_units=D(assigned),
        completed_units=D(completed),
        quality_units=D(quality),
        timeliness_units=D(timeliness),
        late_products=late,
    )


def test_the_components_are_shares_of_converted_units():
    comp = components(facts("3.5", "2.5", "2.25", "2.25"), rules())
    assert comp.quantity == D("2.5") / D("3.5")
    assert comp.quality == D("0.9")
    assert comp.timeliness == D("0.9")
    # Equal weights by default: the mean of the three.
    assert abs(comp.ratio - (D("2.5") / D("3.5") + D("0.9") + D("0.9")) / 3) < D("1e-20")
    assert results_points(comp.ratio, rules()) == D("58.67")  # 70 × 0.838095…


def test_weights_are_fields_of_the_set():
    weighted = rules(weight_quantity=D(2), weight_quality=D(1), weight_timeliness=D(1))
    comp = components(facts("4", "2", "2", "2"), weighted)  # quantity 50%, quality and timeliness 100%
    assert comp.ratio == D("0.75")  # (2 × 0.5 + 1 + 1) / 4
    assert results_points(comp.ratio, weighted) == D("52.50")
    points = component_points(comp, weighted)
    assert [round_score(p, weighted) for p in points] == [D("17.50"), D("17.50"), D("17.50")]
    assert sum(points) == D("52.5")


def test_the_product_averaging_multiplies_the_shares():
    product = rules(averaging=Averaging.PRODUCT)
    comp = components(facts("4", "2", "1.5", "2"), product)
    assert comp.ratio == D("0.5") * D("0.75") * D("1")
    assert component_points(comp, product) is None  # no additive shares to show


def test_nothing_assigned_is_no_evidence_and_nothing_completed_scores_zero():
    assert components(None, rules()) is None
    assert components(facts("0", "0", "0", "0"), rules()) is None
    comp = components(facts("2", "0", "0", "0"), rules())
    assert (comp.quantity, comp.quality, comp.timeliness, comp.ratio) == (0, 0, 0, 0)


def test_a_leader_blends_own_results_with_the_unit_led():
    leader = rules(unit_results_percent=D(50))
    own = components(facts("2", "2", "2", "2"), leader)  # 100%
    unit = components(facts("4", "2", "2", "2"), leader)  # (0.5 + 1 + 1) / 3
    ratio = blended_ratio(own, unit, leader, leads_unit=True)
    assert abs(ratio - (D("0.5") + D("0.5") * unit.ratio)) < D("1e-20")
    assert blended_ratio(None, unit, leader, leads_unit=True) == unit.ratio
    assert blended_ratio(own, None, leader, leads_unit=True) == own.ratio
    assert blended_ratio(own, unit, leader, leads_unit=False) == own.ratio


@pytest.mark.parametrize(
    ("mode", "decimals", "value", "expected"),
    [
        (Rounding.HALF_UP, 2, "69.995", "70.00"),
        (Rounding.HALF_UP, 2, "69.994", "69.99"),
        (Rounding.DOWN, 2, "69.999", "69.99"),
        (Rounding.HALF_EVEN, 0, "88.5", "88"),
        (Rounding.HALF_UP, 0, "88.5", "89"),
        (Rounding.HALF_UP, 1, "89.95", "90.0"),
    ],
)
def test_rounding_follows_the_set(mode, decimals, value, expected):
    assert round_score(D(value), rules(rounding=mode, score_decimals=decimals)) == D(expected)


def test_rounding_is_applied_before_the_band():
    # 20 general + 69.995 results: 89.995 rounds half up to 90.00, xuất sắc; rounded
    # down it stays 89.99, tốt.
    half_up = rules()
    assert total(D(20), results_points(D("0.99992857"), half_up), half_up) == D("89.99")
    assert band(total(D("20"), D("69.995"), half_up), half_up) == Rating.EXCELLENT
    down = rules(rounding=Rounding.DOWN)
    assert band(total(D("20"), D("69.995"), down), down) == Rating.GOOD


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("0", Rating.FAIL),
        ("49.99", Rating.FAIL),
        ("50", Rating.PASS),
        ("50.00", Rating.PASS),
        ("69.99", Rating.PASS),
        ("70", Rating.GOOD),
        ("89.99", Rating.GOOD),
        ("90", Rating.EXCELLENT),
        ("100", Rating.EXCELLENT),
    ],
)
def test_band_edges(score, expected):
    assert band(D(score), rules()) == expected
    assert rate(D(score), rules(), Conditions()).rating == expected


def test_bands_are_fields_of_the_set():
    strict = rules(excellent_min=D(95), good_min=D(80), pass_min=D(60))
    assert band(D("94.99"), strict) == Rating.GOOD
    assert band(D("79.99"), strict) == Rating.PASS
    assert band(D("59.99"), strict) == Rating.FAIL


def test_xuat_sac_needs_every_product_on_time():
    verdict = rate(D(95), rules(), Conditions(late_products=1))
    assert verdict.rating == Rating.GOOD
    assert "không hoàn thành đúng hạn" in verdict.notes[0]
    assert (
        rate(D(95), rules(excellent_requires_on_time=False), Conditions(late_products=1)).rating
        == Rating.EXCELLENT
    )
    assert (
        rate(D(85), rules(), Conditions(late_products=3)).rating == Rating.GOOD
    )  # only xuất sắc is conditioned


def test_anyone_disciplined_in_the_period_does_not_complete():
    verdict = rate(D(98), rules(), Conditions(disciplined=True))
    assert verdict.rating == Rating.FAIL
    assert "kỷ luật" in verdict.notes[0]
    assert rate(D(98), rules(discipline_fails=False), Conditions(disciplined=True)).rating == Rating.EXCELLENT


def test_under_the_minimum_time_worked_is_not_rated():
    assert rate(D(98), rules(), Conditions(worked_percent=D("49.99"))).rating == Rating.NOT_RATED
    assert rate(D(98), rules(), Conditions(worked_percent=D(50))).rating == Rating.EXCELLENT
    # Not rated wins over discipline: there is no rating to lower.
    assert rate(D(98), rules(), Conditions(worked_percent=D(10), disciplined=True)).rating == Rating.NOT_RATED


def test_a_chosen_level_goes_through_the_same_conditions():
    assert rate(None, rules(), Conditions(), level=Rating.EXCELLENT).rating == Rating.EXCELLENT
    assert rate(None, rules(), Conditions(late_products=1), level=Rating.EXCELLENT).rating == Rating.GOOD
    assert rate(None, rules(), Conditions(disciplined=True), level=Rating.GOOD).rating == Rating.FAIL
    assert rate(None, rules(), Conditions()).rating is None


@pytest.mark.parametrize(
    ("rated", "percent", "allowed"),
    [(10, 20, 2), (9, 20, 1), (4, 20, 0), (5, 20, 1), (30000, 20, 6000), (7, 30, 2), (10, 0, 0)],
)
def test_the_xuat_sac_cap_never_exceeds_the_share(rated, percent, allowed):
    assert excellent_cap(rated, percent) == allowed
    assert allowed * 100 <= rated * percent


def test_total_needs_both_parts_unless_the_set_has_no_general_criteria():
    assert total(None, D(60), rules()) is None
    assert total(D(25), None, rules()) is None
    assert total(D("25.5"), D("60.25"), rules()) == D("85.75")
    agency = rules(group="agency", general_max=D(0), results_max=D(100))
    assert total(None, D("77.777"), agency) == D("77.78")


def test_numbers_are_written_the_vietnamese_way():
    assert fmt(D("58.666")) == "58,67"
    assert fmt(D(90), 0) == "90"
    assert fmt(None) == "—"
