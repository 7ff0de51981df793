"""The year from the months or quarters (Nghị định 335/2025/NĐ-CP): the approved
periods' totals averaged, banded by the criteria set of the latest period, with the
conditions over the year — disciplined in the year → không hoàn thành (Nghị định
90/2020/NĐ-CP, as amended by 48/2023/NĐ-CP); under the minimum time worked over the
year (by default half of it, i.e. six months) → not rated; xuất sắc needs every product
of the year on time. People outside Nghị định 335 have their own yearly evaluation (a
level) instead."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import EvaluationState, PeriodKind, Rating
from .formula import Conditions, Facts, rate, round_score
from .models import Evaluation, Period


@dataclass
class YearRow:
    person_id: int
    periods: int = 0
    average: Decimal | None = None
    rating: str = ""
    notes: list[str] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating else "Chưa xếp loại"


def year_rollup(person_ids, year: int) -> dict[int, YearRow]:
    """{person id: YearRow} from the approved month and quarter evaluations of `year`."""
    rows: dict[int, YearRow] = {}
    grouped: dict[int, list[Evaluation]] = defaultdict(list)
    evaluations = (
        Evaluation.objects.filter(
            person_id__in=list(person_ids),
            period__year=year,
            period__kind__in=[PeriodKind.MONTH, PeriodKind.QUARTER],
            state=EvaluationState.APPROVED,
        )
        .select_related("criteria_set", "period")
        .order_by("person_id", "period__start")
    )
    for ev in evaluations:
        grouped[ev.person_id].append(ev)
    year_days = (
        Period.bounds(PeriodKind.YEAR, year, 1)[1] - Period.bounds(PeriodKind.YEAR, year, 1)[0]
    ).days + 1
    for person_id, evs in grouped.items():
        rules = evs[-1].criteria_set
        totals = [ev.total_final for ev in evs if ev.total_final is not None]
        average = round_score(sum(totals, Decimal(0)) / len(totals), rules) if totals else None
        # Time worked over the year: each period's share weighted by its length; a
        # period with no evaluation counts as not worked.
        worked_days = sum(
            Decimal(ev.worked_percent) * ((ev.period.end - ev.period.start).days + 1) / 100 for ev in evs
        )
        late = sum((Facts.from_json(ev.facts) or Facts()).late_products for ev in evs)
        verdict = rate(
            average,
            rules,
            Conditions(
                worked_percent=(worked_days * 100 / year_days).quantize(Decimal("0.01")),
                disciplined=any(ev.disciplined for ev in evs),
                late_products=late,
            ),
        )
        rows[person_id] = YearRow(
            person_id=person_id,
            periods=len(evs),
            average=average,
            rating=verdict.rating or "",
            notes=verdict.notes,
            evaluations=evs,
        )
    return rows
