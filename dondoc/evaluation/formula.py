"""The scoring formula: pure functions of the aggregated facts and a criteria set.

No database here: `compute.py` aggregates the products behind a person's (or a unit's)
task results in the database and hands the sums to these functions, which apply the
criteria set's fields (weights, deduction rates, rounding, bands, conditions). Tests
call them with unsaved `CriteriaSet` objects.

The rules (Nghị định 335/2025/NĐ-CP; ../shared/DOMAIN.md, "Evaluation of civil
servants"), with every number a field of the criteria set:

- Each product of a task counts for its kind's coefficient (the catalogue per job
  position, `ProductCoefficient`, else the kind's default): the common unit.
- Quantity = completed units ÷ assigned units.
- Quality = Σ over completed products of coefficient × max(0, 1 − quality deduction ×
  times returned) ÷ completed units: each time a product is found deficient (trả lại) it
  loses `quality_deduction_percent` of its quality points.
- Timeliness = Σ over completed products of coefficient × max(0, 1 − timeliness
  deduction × delays) ÷ completed units: a product completed after its deadline has one
  delay (or one per started `delay_unit_days` days late when that field is set).
- An objective cause recorded by an authority on a product removes its deductions (and
  its lateness, for the "every task on time" condition).
- The three combine by the set's `averaging` (weighted mean by default) into a ratio;
  task results = `results_max` × ratio. A leader's ratio blends their own with the
  unit they lead (`unit_results_percent`).
- Total = general criteria (scored by people) + task results, rounded as the set says;
  the band follows from the total (`excellent_min`, `good_min`, `pass_min`), then the
  conditions: under `min_worked_percent` of the period worked → not rated; disciplined
  in the period → không hoàn thành; xuất sắc needs every product on time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .choices import RATING_ORDER, Averaging, Rating, Rounding

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
# Sums arrive from the database as floats on SQLite and exact numerics on PostgreSQL;
# both are brought to this many decimal places before any arithmetic.
FACT_PLACES = Decimal("0.000001")

_ROUNDING = {Rounding.HALF_UP: ROUND_HALF_UP, Rounding.DOWN: ROUND_DOWN, Rounding.HALF_EVEN: ROUND_HALF_EVEN}


def dec(value) -> Decimal:
    """A fact from the database (int, float, Decimal, str or None) as a Decimal."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value.quantize(FACT_PLACES)
    return Decimal(str(value)).quantize(FACT_PLACES)


@dataclass(frozen=True)
class Facts:
    """The sums over the products behind one person's (or unit's) task results in a period."""

    tasks: int = 0
    done_tasks: int = 0
    products: int = 0
    assigned_units: Decimal = ZERO
    completed_units: Decimal = ZERO
    quality_units: Decimal = ZERO
    timeliness_units: Decimal = ZERO
    late_products: int = 0
    returns: int = 0
    delays: int = 0
    exempted: int = 0

    def to_json(self) -> dict:
        return {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict | None) -> Facts | None:
        if not data:
            return None
        values = {}
        for name, f in cls.__dataclass_fields__.items():
            raw = data.get(name, f.default)
            values[name] = dec(raw) if f.type == "Decimal" else int(raw)
        return cls(**values)


@dataclass(frozen=True)
class Components:
    """Quantity, quality and timeliness as ratios in [0, 1], and their combination."""

    quantity: Decimal
    quality: Decimal
    timeliness: Decimal
    ratio: Decimal


def _ratio(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return ZERO
    return min(ONE, max(ZERO, part / whole))


def weights(rules) -> tuple[Decimal, Decimal, Decimal]:
    """The three weights normalised to sum to 1."""
    raw = (Decimal(rules.weight_quantity), Decimal(rules.weight_quality), Decimal(rules.weight_timeliness))
    total = sum(raw)
    if total <= 0:
        raise ValueError("weights must have a positive sum")
    return tuple(w / total for w in raw)


def components(facts: Facts | None, rules) -> Components | None:
    """The three components and the combined ratio; None when nothing was assigned (no
    evidence: the task-results part is then scored by the reviewer)."""
    if facts is None or facts.assigned_units <= 0:
        return None
    quantity = _ratio(facts.completed_units, facts.assigned_units)
    quality = _ratio(facts.quality_units, facts.completed_units)
    timeliness = _ratio(facts.timeliness_units, facts.completed_units)
    if rules.averaging == Averaging.PRODUCT:
        ratio = quantity * quality * timeliness
    else:
        wq, wl, wt = weights(rules)
        ratio = wq * quantity + wl * quality + wt * timeliness
    return Components(quantity, quality, timeliness, min(ONE, max(ZERO, ratio)))


def blended_ratio(
    own: Components | None, unit: Components | None, rules, *, leads_unit: bool
) -> Decimal | None:
    """A leader's ratio includes the results of the unit they lead
    (`unit_results_percent`); anyone else's is their own. None without evidence."""
    if not leads_unit or unit is None:
        return own.ratio if own is not None else None
    if own is None:
        return unit.ratio
    share = Decimal(rules.unit_results_percent) / HUNDRED
    return (ONE - share) * own.ratio + share * unit.ratio


def round_score(value: Decimal, rules) -> Decimal:
    places = Decimal(1).scaleb(-int(rules.score_decimals))
    return Decimal(value).quantize(places, rounding=_ROUNDING[Rounding(rules.rounding)])


def results_points(ratio: Decimal | None, rules) -> Decimal | None:
    if ratio is None:
        return None
    return round_score(Decimal(rules.results_max) * ratio, rules)


def component_points(comp: Components, rules) -> tuple[Decimal, Decimal, Decimal] | None:
    """Each component's share of the task-results points (weighted mean only; a product
    of ratios has no additive shares)."""
    if rules.averaging != Averaging.WEIGHTED_MEAN:
        return None
    top = Decimal(rules.results_max)
    wq, wl, wt = weights(rules)
    return (top * wq * comp.quantity, top * wl * comp.quality, top * wt * comp.timeliness)


def total(general: Decimal | None, results: Decimal | None, rules) -> Decimal | None:
    """General criteria + task results, rounded; None until both parts are known. A set
    without general criteria (agencies) is its task results alone."""
    if results is None:
        return None
    if Decimal(rules.general_max) == 0:
        return round_score(results, rules)
    if general is None:
        return None
    return round_score(general + results, rules)


def band(score: Decimal, rules) -> Rating:
    """The band of a total: ≥ excellent_min, ≥ good_min, ≥ pass_min, below."""
    if score >= Decimal(rules.excellent_min):
        return Rating.EXCELLENT
    if score >= Decimal(rules.good_min):
        return Rating.GOOD
    if score >= Decimal(rules.pass_min):
        return Rating.PASS
    return Rating.FAIL


def worse(a: Rating, b: Rating) -> Rating:
    """The lower of two ratings (NOT_RATED is not a level and is never compared)."""
    return RATING_ORDER[max(RATING_ORDER.index(a), RATING_ORDER.index(b))]


@dataclass(frozen=True)
class Conditions:
    """The facts about a person's period that cap the band."""

    worked_percent: Decimal = HUNDRED
    disciplined: bool = False
    late_products: int = 0


@dataclass
class Verdict:
    rating: Rating | None
    notes: list[str] = field(default_factory=list)


def rate(score: Decimal | None, rules, conditions: Conditions, *, level: Rating | None = None) -> Verdict:
    """The rating of a total (points regime) or of a chosen level (levels regime), after
    the conditions of the set, with the reason for each condition applied."""
    if conditions.worked_percent < Decimal(rules.min_worked_percent):
        return Verdict(
            Rating.NOT_RATED,
            [
                f"Thời gian công tác trong kỳ {fmt(conditions.worked_percent, 0)}% thấp hơn mức tối thiểu "
                f"{fmt(Decimal(rules.min_worked_percent), 0)}%: không xếp loại."
            ],
        )
    if conditions.disciplined and rules.discipline_fails:
        return Verdict(Rating.FAIL, ["Bị xử lý kỷ luật trong kỳ: xếp loại không hoàn thành nhiệm vụ."])
    if level is not None:
        rating = Rating(level)
    elif score is not None:
        rating = band(score, rules)
    else:
        return Verdict(None, [])
    notes = []
    if rating == Rating.EXCELLENT and rules.excellent_requires_on_time and conditions.late_products:
        rating = Rating.GOOD
        notes.append(
            f"Có {conditions.late_products} sản phẩm không hoàn thành đúng hạn: "
            "chưa đủ điều kiện hoàn thành xuất sắc, xếp loại hoàn thành tốt."
        )
    return Verdict(rating, notes)


def counts_for_cap(rating: str) -> bool:
    """Whether someone counts in the agency's number of people to rate: everyone
    evaluated in the period, scored yet or not, except those not rated."""
    return rating != Rating.NOT_RATED


def excellent_cap(rated: int, cap_percent) -> int:
    """How many of `rated` people an agency may rate xuất sắc: the share is capped
    (`cap_percent`, 20% by default), rounded down so the share never exceeds it."""
    return int(Decimal(rated) * Decimal(cap_percent) / HUNDRED)


def fmt(value: Decimal | None, places: int = 2) -> str:
    """A number the Vietnamese way: comma for decimals, no thousands separator."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",")


def points(value) -> str:
    """A maximum or a threshold as people write it: 30, 4,5, 0,25 (no trailing zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def percent(ratio: Decimal | None, places: int = 2) -> str:
    return "—" if ratio is None else fmt(ratio * HUNDRED, places) + "%"
