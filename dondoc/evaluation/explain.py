"""Every score explains itself: the components, the deductions, the tasks, products and
events behind each point, the rules and the criteria-set version applied.

`explain(evaluation)` returns a plain, JSON-serialisable dict: the screen renders it, the
.docx and .xlsx exports write it, and an approval freezes it in `EvaluationSnapshot`
(so a locked evaluation reads the same forever). `redact(explanation, viewer)` blanks
the content of the tasks the viewer may not see (task visibility stays the one rule of
`dondoc.tasks.visibility`).
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django.utils import timezone

from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.status import end_of
from dondoc.tasks.visibility import visible_tasks

from .choices import Averaging, Rating, Regime
from .compute import PERSON, UNIT, Params, ProductLine, product_lines
from .formula import Facts, blended_ratio, component_points, components, fmt, percent, points, weights
from .models import Evaluation, EvaluationEvent, ObjectiveCause, ProductKind
from .scoring import results_by_stage


def rule_lines(rules) -> list[str]:
    """The rules of a criteria set in words, as applied to every score it gives."""
    lines = [
        f"Bộ tiêu chí: {rules.name}, phiên bản {rules.version}, áp dụng từ {rules.effective_from:%d/%m/%Y}"
        + (f" ({rules.legal_basis})." if rules.legal_basis else ".")
    ]
    if rules.regime == Regime.LEVELS:
        lines.append(
            "Xếp loại năm theo 4 mức (hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành) do cá nhân tự "
            "xếp loại, trưởng phòng đề xuất và lãnh đạo quyết định; kết quả thực hiện nhiệm vụ dưới đây là căn cứ."
        )
    else:
        if rules.general_max:
            lines.append(
                f"Tiêu chí chung: tối đa {fmt(rules.general_max, 0)} điểm, do cá nhân tự chấm, trưởng phòng và "
                "lãnh đạo đánh giá."
            )
        wq, wl, wt = (
            Decimal(rules.weight_quantity),
            Decimal(rules.weight_quality),
            Decimal(rules.weight_timeliness),
        )
        if rules.averaging == Averaging.PRODUCT:
            combine = "số lượng × chất lượng × tiến độ"
        else:
            combine = (
                f"(số lượng × {fmt(wq)} + chất lượng × {fmt(wl)} + tiến độ × {fmt(wt)}) ÷ {fmt(wq + wl + wt)}"
            )
        lines.append(
            f"Kết quả thực hiện nhiệm vụ: tối đa {fmt(rules.results_max, 0)} điểm = {fmt(rules.results_max, 0)} × "
            f"{combine}."
        )
    lines.append(
        "Số lượng = đơn vị sản phẩm quy đổi đã hoàn thành ÷ được giao (hệ số quy đổi theo loại sản phẩm và vị "
        "trí việc làm); chất lượng và tiến độ tính trên các sản phẩm đã hoàn thành."
    )
    delay = (
        "mỗi sản phẩm hoàn thành quá hạn là một lần chậm"
        if not rules.delay_unit_days
        else f"mỗi {rules.delay_unit_days} ngày quá hạn (chưa đủ tính tròn) là một lần chậm"
    )
    lines.append(
        f"Mỗi lần sản phẩm bị trả lại trừ {fmt(rules.quality_deduction_percent, 0)}% điểm chất lượng của sản "
        f"phẩm; {delay}, mỗi lần trừ {fmt(rules.timeliness_deduction_percent, 0)}% điểm tiến độ; không trừ khi "
        "cấp có thẩm quyền xác nhận nguyên nhân khách quan."
    )
    if rules.unit_results_percent:
        lines.append(
            f"Người đứng đầu đơn vị: {fmt(rules.unit_results_percent, 0)}% kết quả thực hiện nhiệm vụ lấy từ kết "
            "quả của đơn vị được giao phụ trách."
        )
    if rules.regime == Regime.POINTS:
        lines.append(
            f"Xếp loại: từ {fmt(rules.excellent_min)} điểm hoàn thành xuất sắc"
            + (" (và mọi sản phẩm hoàn thành đúng hạn)" if rules.excellent_requires_on_time else "")
            + f"; từ {fmt(rules.good_min)} hoàn thành tốt; từ {fmt(rules.pass_min)} hoàn thành; dưới "
            f"{fmt(rules.pass_min)} không hoàn thành. Điểm làm tròn {rules.score_decimals} chữ số thập phân, "
            f"{rules.get_rounding_display()}; xếp loại theo điểm đã làm tròn."
        )
    conditions = [
        f"công tác dưới {fmt(rules.min_worked_percent, 0)}% số ngày làm việc của kỳ: không xếp loại"
    ]
    if rules.discipline_fails:
        conditions.append("bị kỷ luật trong kỳ: không hoàn thành nhiệm vụ")
    lines.append("Điều kiện: " + "; ".join(conditions) + ".")
    return lines


def component_summary(facts: Facts | None, rules, label: str) -> dict | None:
    comp = components(facts, rules)
    if comp is None:
        return None
    points = component_points(comp, rules)
    rows = []
    maxima = None
    if points is not None:
        top = Decimal(rules.results_max)
        maxima = tuple(top * w for w in weights(rules))
    for i, (name, ratio, detail) in enumerate(
        (
            (
                "Số lượng",
                comp.quantity,
                f"{fmt(facts.completed_units)} / {fmt(facts.assigned_units)} đơn vị sản phẩm quy đổi đã hoàn thành "
                f"({facts.done_tasks}/{facts.tasks} nhiệm vụ, {facts.products} sản phẩm)",
            ),
            (
                "Chất lượng",
                comp.quality,
                f"{fmt(facts.quality_units)} / {fmt(facts.completed_units)} đơn vị sau trừ điểm"
                + (
                    f" ({facts.returns} lần trả lại)" if facts.returns else " (không sản phẩm nào bị trả lại)"
                ),
            ),
            (
                "Tiến độ",
                comp.timeliness,
                f"{fmt(facts.timeliness_units)} / {fmt(facts.completed_units)} đơn vị sau trừ điểm"
                + (f" ({facts.delays} lần chậm)" if facts.delays else " (không có lần chậm)"),
            ),
        )
    ):
        rows.append(
            {
                "name": name,
                "ratio": percent(ratio),
                "detail": detail,
                "points": fmt(points[i]) if points else "",
                "max": fmt(maxima[i]) if maxima else "",
            }
        )
    return {
        "label": label,
        "components": rows,
        "ratio": percent(comp.ratio),
        "points": fmt(Decimal(rules.results_max) * comp.ratio),
        "late_products": facts.late_products,
        "exempted": facts.exempted,
    }


def _line_status(line: ProductLine) -> str:
    if line.done:
        text = f"Hoàn thành ngày {line.completed_on:%d/%m/%Y}"
        if line.due is not None:
            text += f", hạn {line.due:%d/%m/%Y}"
            text += f" (chậm {line.days_late} ngày)" if line.days_late > 0 else " (đúng hạn)"
        return text
    return f"Chưa hoàn thành, hạn {line.due:%d/%m/%Y} đã qua" if line.due else "Chưa hoàn thành"


def line_rows(
    lines: list[ProductLine], facts: Facts | None, rules, kinds: dict, causes: dict, events: dict
) -> list[dict]:
    comp = components(facts, rules)
    points = component_points(comp, rules) if comp else None
    shares = weights(rules) if points is not None else None
    top = Decimal(rules.results_max)
    rows = []
    for line in lines:
        notes = []
        if line.returns_raw and line.done:
            if line.exempt_quality:
                notes.append(f"Bị trả lại {line.returns_raw} lần: không trừ điểm (nguyên nhân khách quan).")
            else:
                notes.append(
                    f"Bị trả lại {line.returns_raw} lần: trừ {fmt(Decimal(rules.quality_deduction_percent) * line.returns_raw, 0)}% "
                    "điểm chất lượng của sản phẩm."
                )
        if line.late_raw:
            if line.exempt_timeliness:
                notes.append("Không đúng hạn: không trừ điểm (nguyên nhân khách quan).")
            elif line.delays:
                notes.append(
                    f"{line.delays} lần chậm: trừ {fmt(Decimal(rules.timeliness_deduction_percent) * line.delays, 0)}% "
                    "điểm tiến độ của sản phẩm."
                )
            else:
                notes.append("Chưa hoàn thành khi đã hết hạn: không tính vào số lượng hoàn thành.")
        for cause in causes.get(line.task_id, []):
            if cause["product"] in ("", line.product):
                notes.append(
                    f"Nguyên nhân khách quan ({cause['covers']}): {cause['reason']}"
                    + (f" – {cause['reference']}" if cause["reference"] else "")
                    + f" – xác nhận bởi {cause['by']} ngày {cause['at']}."
                )
        q = l_ = t = None
        if points is not None and line.done:
            q = top * shares[0] * line.coefficient / facts.assigned_units
            l_ = top * shares[1] * line.coefficient * line.quality_factor / facts.completed_units
            t = top * shares[2] * line.coefficient * line.timeliness_factor / facts.completed_units
        rows.append(
            {
                "task_id": line.task_id,
                "content": "",
                "product": line.product or "(không ghi sản phẩm)",
                "kind": kinds.get(line.kind_id, ""),
                "coefficient": fmt(line.coefficient),
                "done": line.done,
                "late": line.late,
                "status": _line_status(line),
                "quality": fmt(line.quality_factor * 100, 0) + "%" if line.done else "",
                "timeliness": fmt(line.timeliness_factor * 100, 0) + "%" if line.done else "",
                "points_quantity": fmt(q) if q is not None else ("0,00" if points is not None else ""),
                "points_quality": fmt(l_) if l_ is not None else "",
                "points_timeliness": fmt(t) if t is not None else "",
                "notes": notes,
                "events": events.get(line.task_id, []),
            }
        )
    return rows


def task_events(task_ids, end_at) -> dict[int, list[str]]:
    wanted = (EventKind.SUBMITTED, EventKind.ACCEPTED, EventKind.RETURNED, EventKind.EXTENSION_GRANTED)
    result: dict[int, list[str]] = {}
    events = (
        TaskEvent.objects.filter(task_id__in=task_ids, kind__in=wanted, at__lte=end_at)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "kind", "at", "note")
    )
    labels = dict(EventKind.choices)
    for task_id, kind, at, note in events:
        text = f"{timezone.localtime(at):%d/%m/%Y}: {labels.get(kind, kind)}"
        if kind == EventKind.RETURNED and note:
            text += f" – {note}"
        result.setdefault(task_id, []).append(text)
    return result


def causes_by_task(task_ids) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {}
    for cause in ObjectiveCause.objects.filter(task_id__in=task_ids, revoked_at__isnull=True).select_related(
        "recorded_by__person"
    ):
        who = (
            cause.recorded_by.person.full_name if cause.recorded_by.person_id else cause.recorded_by.username
        )
        result.setdefault(cause.task_id, []).append(
            {
                "product": cause.product,
                "covers": cause.covers_label,
                "reason": cause.reason,
                "reference": cause.reference,
                "by": who,
                "at": f"{timezone.localtime(cause.recorded_at):%d/%m/%Y}",
            }
        )
    return result


def _who(user) -> str:
    if user is None:
        return ""
    return user.person.full_name if user.person_id else user.username


def explain(ev: Evaluation) -> dict:
    """The full explanation of `ev` (see the module docstring)."""
    rules = ev.criteria_set
    period = ev.period
    person = ev.person
    params = Params.of(rules)
    own_facts = Facts.from_json(ev.facts)
    unit_facts = Facts.from_json(ev.unit_facts)
    own_lines = product_lines(period.start, period.end, params, PERSON, person.pk)
    unit_lines = (
        product_lines(period.start, period.end, params, UNIT, ev.led_unit_id) if ev.led_unit_id else []
    )
    task_ids = {line.task_id for line in own_lines} | {line.task_id for line in unit_lines}
    kinds = dict(ProductKind.objects.values_list("pk", "name"))
    causes = causes_by_task(task_ids)
    events = task_events(task_ids, end_of(period.end))
    contents = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "content"))

    criteria = list(rules.criteria.all())
    general = [
        {
            "code": c.code,
            "name": c.name,
            "description": c.description,
            "max": points(c.max_points),
            "self": ev.self_scores.get(c.code, "").replace(".", ","),
            "head": ev.head_scores.get(c.code, "").replace(".", ","),
            "final": ev.final_scores.get(c.code, "").replace(".", ","),
        }
        for c in criteria
    ]
    computed, head_results, final_results = results_by_stage(ev)
    own_comp = components(own_facts, rules)
    unit_comp = components(unit_facts, rules)
    leads = bool(ev.led_unit_id)
    ratio = blended_ratio(own_comp, unit_comp, rules, leads_unit=leads)
    if leads:
        share = Decimal(rules.unit_results_percent)
        if own_comp is not None and unit_comp is not None:
            blend = (
                f"{fmt(100 - share, 0)}% × {percent(own_comp.ratio)} (cá nhân) + {fmt(share, 0)}% × "
                f"{percent(unit_comp.ratio)} (đơn vị) = {percent(ratio)}"
            )
        elif unit_comp is not None:
            blend = (
                f"Cá nhân không có nhiệm vụ trong kỳ: lấy kết quả của đơn vị ({percent(unit_comp.ratio)})."
            )
        else:
            blend = "Đơn vị không có nhiệm vụ tính trong kỳ: lấy kết quả của cá nhân."
    else:
        blend = ""
    adjustments = []
    if ev.head_results is not None:
        adjustments.append(
            {
                "by": f"Trưởng phòng ({_who(ev.head_by)})",
                "value": fmt(ev.head_results),
                "reason": ev.head_reason,
            }
        )
    if ev.final_results is not None:
        adjustments.append(
            {
                "by": f"Lãnh đạo ({_who(ev.approved_by)})",
                "value": fmt(ev.final_results),
                "reason": ev.leader_reason,
            }
        )

    def with_content(rows):
        for row in rows:
            row["content"] = contents.get(row["task_id"], "")
        return rows

    history = (
        [
            {
                "at": f"{timezone.localtime(e.at):%d/%m/%Y %H:%M}",
                "kind": e.get_kind_display(),
                "by": _who(e.actor),
                "version": e.version,
                "reason": e.reason,
                "changes": e.changes,
            }
            for e in EvaluationEvent.objects.filter(evaluation=ev)
            .select_related("actor__person")
            .order_by("at", "id")
        ]
        if ev.pk
        else []
    )
    unit = person.unit
    return {
        "person": {
            "id": person.pk,
            "name": person.full_name,
            "title": person.title,
            "unit": unit.name,
            "group": person.get_staff_group_display(),
            "job_position": person.job_position.name if person.job_position_id else "",
        },
        "period": {
            "key": period.key,
            "label": period.label,
            "start": f"{period.start:%d/%m/%Y}",
            "end": f"{period.end:%d/%m/%Y}",
        },
        "criteria_set": {
            "id": rules.pk,
            "label": rules.label,
            "name": rules.name,
            "version": rules.version,
            "legal_basis": rules.legal_basis,
            "regime": rules.regime,
            "general_max": points(rules.general_max),
            "results_max": points(rules.results_max),
        },
        "rules": rule_lines(rules),
        "version": ev.version,
        "state": ev.get_state_display(),
        "general": general,
        "general_totals": {
            "self": fmt(ev.self_general) if ev.self_general is not None else "",
            "head": fmt(ev.head_general) if ev.head_general is not None else "",
            "final": fmt(ev.final_general) if ev.final_general is not None else "",
        },
        "results": {
            "own": component_summary(own_facts, rules, "Nhiệm vụ của cá nhân"),
            "unit": component_summary(unit_facts, rules, f"Nhiệm vụ của đơn vị: {ev.led_unit.name}")
            if leads and ev.led_unit_id
            else None,
            "blend": blend,
            "ratio": percent(ratio),
            "computed": fmt(computed) if computed is not None else "",
            "head": fmt(head_results) if head_results is not None else "",
            "final": fmt(final_results) if final_results is not None else "",
            "no_evidence": computed is None,
            "adjustments": adjustments,
            "self_comment": ev.self_comment,
        },
        "lines": with_content(line_rows(own_lines, own_facts, rules, kinds, causes, events)),
        "unit_lines": with_content(line_rows(unit_lines, unit_facts, rules, kinds, causes, events)),
        "conditions": {
            "worked_percent": fmt(ev.worked_percent, 0),
            "disciplined": ev.disciplined,
            "late_products": own_facts.late_products if own_facts else 0,
        },
        "levels": {
            "self": Rating(ev.self_level).label if ev.self_level else "",
            "head": Rating(ev.head_level).label if ev.head_level else "",
            "final": Rating(ev.final_level).label if ev.final_level else "",
        },
        "totals": {
            "self": fmt(ev.total_self) if ev.total_self is not None else "",
            "head": fmt(ev.total_head) if ev.total_head is not None else "",
            "final": fmt(ev.total_final) if ev.total_final is not None else "",
        },
        "rating": ev.rating,
        "rating_label": Rating(ev.rating).label if ev.rating else "Chưa xếp loại",
        "rating_notes": list(ev.rating_notes or []),
        "comments": {"self": ev.self_comment, "head": ev.head_comment, "leader": ev.leader_comment},
        "reasons": {"head": ev.head_reason, "leader": ev.leader_reason},
        "signatures": {
            "self": person.full_name,
            "head": _who(ev.head_by),
            "leader": _who(ev.approved_by),
            "head_at": f"{timezone.localtime(ev.head_at):%d/%m/%Y}" if ev.head_at else "",
            "approved_at": f"{timezone.localtime(ev.approved_at):%d/%m/%Y}" if ev.approved_at else "",
        },
        "history": history,
    }


def redact(explanation: dict, viewer) -> dict:
    """A copy of `explanation` with the content of the tasks `viewer` may not see
    replaced by a note (the numbers stay: they are the person's, not the task's)."""
    ids = {row["task_id"] for key in ("lines", "unit_lines") for row in explanation.get(key, [])}
    if not ids:
        return explanation
    visible = set(visible_tasks(viewer).filter(pk__in=ids).values_list("pk", flat=True))
    result = copy.deepcopy(explanation)
    for key in ("lines", "unit_lines"):
        for row in result.get(key, []):
            row["visible"] = row["task_id"] in visible
            if not row["visible"]:
                row["content"] = "(nhiệm vụ ngoài phạm vi bạn được xem)"
                row["events"] = []
    return result
