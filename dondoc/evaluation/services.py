"""The evaluation flow, objective causes and criteria-set versions. Each function checks
permission and input, saves with its audit row in one transaction, and raises
`EvaluationError` (a Vietnamese message; `PermissionDenied` when the user may not act)
without saving anything.

The flow (Nghị định 335/2025/NĐ-CP; what provinces do: tự đánh giá → trưởng phòng →
lãnh đạo, monthly or quarterly):

`evaluation_for` (dondoc computes the task-results part) → `self_assess` (the person
scores the general criteria and may comment on the computed part) → `review` (the head
of division; every change to the person's scores or to the computed part needs a
reason) → `approve` (the unit's leader; the same; the agency's xuất sắc cap is checked;
the evaluation is locked and its explanation frozen) → `amend` (a new version, with a
reason, back to the leader).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dondoc.lib.dates import local_today
from dondoc.org.models import Unit
from dondoc.tasks.models import Task

from . import permissions
from .choices import (
    CriteriaSetStatus,
    EvaluationEventKind,
    EvaluationGroup,
    EvaluationState,
    Rating,
    Regime,
)
from .explain import explain
from .formula import excellent_cap, fmt
from .models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationEvent,
    EvaluationSnapshot,
    ObjectiveCause,
    Period,
    validate_score,
)
from .refresh import agency_id_of, refresh, rules_for
from .scoring import derive, results_by_stage


class EvaluationError(Exception):
    """A refused change; `str(exc)` is the Vietnamese message shown to the user."""


class PermissionDenied(EvaluationError):
    pass


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(value) -> str:
    return (value or "").strip()


# ---------------------------------------------------------------------------
# Getting an evaluation


def evaluation_for(person, period: Period) -> Evaluation | None:
    """The person's evaluation for `period`, computed now if missing or stale; None when
    the person is not evaluated in that period (another period kind, no criteria set)."""
    refresh(period, persons=[person.pk], only_stale=True)
    return (
        Evaluation.objects.select_related(
            "person__unit", "person__job_position", "criteria_set", "period", "led_unit"
        )
        .filter(person=person, period=period)
        .first()
    )


def _lock(ev: Evaluation) -> Evaluation:
    if ev.stale and ev.state != EvaluationState.APPROVED:
        refresh(ev.period, persons=[ev.person_id], only_stale=True)
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("person__unit__parent", "criteria_set", "period", "led_unit")
        .filter(pk=ev.pk)
        .first()
    )
    if locked is None:
        raise EvaluationError("Không tìm thấy phiếu đánh giá.")
    return locked


def _sync(target: Evaluation, source: Evaluation) -> None:
    if target is source:
        return
    for f in Evaluation._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _record(ev: Evaluation, kind: str, by, now, *, changes=None, reason: str = "") -> EvaluationEvent:
    return EvaluationEvent.objects.create(
        evaluation=ev,
        version=ev.version,
        kind=kind,
        actor=by if by is not None and by.is_authenticated else None,
        at=now,
        changes=changes or {},
        reason=reason,
    )


# ---------------------------------------------------------------------------
# Scores typed by people


def parse_points(raw, label: str) -> Decimal:
    """A score typed in a form ("4,5" or "4.5") as a Decimal; a clear message otherwise."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        raise EvaluationError(f"Chưa nhập điểm “{label}”.")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise EvaluationError(f"Điểm “{label}” phải là một số (ví dụ 4,5).") from exc
    if not value.is_finite():
        raise EvaluationError(f"Điểm “{label}” phải là một số (ví dụ 4,5).")
    return value


def _general_scores(raw: dict, rules: CriteriaSet) -> tuple[dict[str, str], Decimal]:
    """{criterion code: points as text}, and their sum, checked against each maximum."""
    scores: dict[str, str] = {}
    total = Decimal(0)
    for criterion in rules.criteria.all():
        value = parse_points((raw or {}).get(criterion.code), criterion.name)
        try:
            validate_score(value, criterion.max_points, rules.score_decimals, criterion.name)
        except ValidationError as exc:
            raise EvaluationError(exc.messages[0]) from exc
        scores[criterion.code] = f"{value.normalize():f}"  # "4.5", "5": as typed, without padding
        total += value
    return scores, total


def _results_override(raw, rules: CriteriaSet) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    value = parse_points(raw, "Kết quả thực hiện nhiệm vụ")
    try:
        validate_score(value, rules.results_max, rules.score_decimals, "Kết quả thực hiện nhiệm vụ")
    except ValidationError as exc:
        raise EvaluationError(exc.messages[0]) from exc
    return value


def _level(raw, *, required: bool) -> str:
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise EvaluationError("Chưa chọn mức xếp loại.")
        return ""
    if raw not in (Rating.EXCELLENT, Rating.GOOD, Rating.PASS, Rating.FAIL):
        raise EvaluationError("Mức xếp loại không hợp lệ.")
    return raw


def _diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k, ""), v] for k, v in after.items() if str(before.get(k, "")) != str(v)}


# ---------------------------------------------------------------------------
# The flow


def self_assess(
    ev: Evaluation,
    *,
    by,
    scores: dict | None = None,
    level: str = "",
    comment: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """Tự đánh giá: the person scores every general criterion (or picks a level, for the
    yearly rating) and may comment on the computed part. May be redone until reviewed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(ev)
        _require(
            permissions.is_self(by, locked.person), "Chỉ cán bộ được đánh giá mới tự đánh giá phiếu này."
        )
        if locked.state not in (EvaluationState.COMPUTED, EvaluationState.SELF_ASSESSED):
            raise EvaluationError("Phiếu đã được trưởng phòng đánh giá; không thể sửa phần tự đánh giá.")
        rules = locked.criteria_set
        changes: dict = {}
        if rules.regime == Regime.LEVELS:
            new_level = _level(level, required=True)
            changes = _diff({"self_level": locked.self_level}, {"self_level": new_level})
            locked.self_level = new_level
        else:
            new_scores, general = _general_scores(scores, rules)
            changes = _diff(locked.self_scores, new_scores)
            locked.self_scores, locked.self_general = new_scores, general
        comment = _text(comment)
        if comment != locked.self_comment:
            changes["self_comment"] = [locked.self_comment, comment]
        locked.self_comment = comment
        locked.self_at = now
        locked.state = EvaluationState.SELF_ASSESSED
        derive(locked, rules)
        locked.save()
        _record(locked, EvaluationEventKind.SELF_ASSESSED, by, now, changes=changes)
    _sync(ev, locked)
    return locked


def review(
    ev: Evaluation,
    *,
    by,
    scores: dict | None = None,
    results=None,
    level: str = "",
    comment: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """The head of division's review: their scores for the general criteria (the
    person's by default), optionally a different task-results score, a comment. Any
    difference from the person's scores or from the computed part needs a reason."""
    now = now or timezone.now()
    reason = _text(reason)
    with transaction.atomic():
        locked = _lock(ev)
        _require(
            permissions.can_review(by, locked.person),
            "Bạn không có quyền nhận xét, đánh giá phiếu của cán bộ này.",
        )
        if locked.state == EvaluationState.APPROVED:
            raise EvaluationError(
                "Phiếu đã được phê duyệt và khóa; cần sửa đổi thì lãnh đạo tạo phiên bản mới."
            )
        rules = locked.criteria_set
        changed = []
        changes: dict = {}
        if rules.regime == Regime.LEVELS:
            new_level = _level(level, required=True)
            if locked.self_level and new_level != locked.self_level:
                changed.append("mức xếp loại")
            changes.update(_diff({"head_level": locked.head_level}, {"head_level": new_level}))
            locked.head_level = new_level
        else:
            new_scores, general = _general_scores(scores or locked.self_scores, rules)
            if locked.self_scores and any(new_scores[k] != locked.self_scores.get(k) for k in new_scores):
                changed.append("điểm tiêu chí chung")
            changes.update(_diff(locked.head_scores or locked.self_scores, new_scores))
            locked.head_scores, locked.head_general = new_scores, general
            override = _results_override(results, rules)
            if override is not None and override == locked.results_computed:
                override = None
            if override is None and locked.results_computed is None:
                raise EvaluationError(
                    "Cán bộ không có nhiệm vụ nào được tính trong kỳ: trưởng phòng cần chấm điểm kết quả thực hiện "
                    "nhiệm vụ và ghi lý do."
                )
            if override is not None:
                changed.append("điểm kết quả thực hiện nhiệm vụ")
                changes["head_results"] = [
                    fmt(locked.results_computed) if locked.results_computed is not None else "",
                    fmt(override),
                ]
            locked.head_results = override
        if changed and not reason:
            raise EvaluationError(f"Cần ghi lý do thay đổi ({', '.join(changed)}).")
        locked.head_comment = _text(comment)
        locked.head_reason = reason
        locked.head_by = by
        locked.head_at = now
        locked.state = EvaluationState.REVIEWED
        derive(locked, rules)
        locked.save()
        _record(locked, EvaluationEventKind.REVIEWED, by, now, changes=changes, reason=reason)
    _sync(ev, locked)
    return locked


def agency_cap(ev: Evaluation) -> dict:
    """The agency's xuất sắc cap for the period: how many people are to be rated
    (`counts_for_cap`), how many may be xuất sắc, how many already are (approved)."""
    agency_id = agency_id_of(ev.person.unit.path)
    rules = rules_for(agency_id)
    agency = Unit.objects.get(pk=agency_id)
    rows = list(
        Evaluation.objects.filter(period=ev.period, person__unit__path__startswith=agency.path)
        .exclude(rating=Rating.NOT_RATED)
        .values_list("pk", "state", "rating", "total_final", "total_head", "total_self")
    )
    allowed = excellent_cap(len(rows), rules.cap_percent)
    approved = sum(
        1
        for _pk, state, rating, *_ in rows
        if state == EvaluationState.APPROVED and rating == Rating.EXCELLENT
    )
    return {
        "agency": agency,
        "rated": len(rows),
        "allowed": allowed,
        "approved": approved,
        "cap_percent": rules.cap_percent,
    }


def approve(
    ev: Evaluation,
    *,
    by,
    scores: dict | None = None,
    results=None,
    level: str = "",
    comment: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """The unit leader's approval: their scores (the head's by default), optionally a
    different task-results score or a lower rating, each change with a reason. The
    period must have ended; xuất sắc is refused beyond the agency's cap. The evaluation
    is locked and its explanation frozen as an `EvaluationSnapshot`."""
    now = now or timezone.now()
    reason = _text(reason)
    with transaction.atomic():
        locked = _lock(ev)
        _require(
            permissions.can_approve(by, locked.person), "Bạn không có quyền phê duyệt phiếu đánh giá này."
        )
        if locked.state == EvaluationState.APPROVED:
            raise EvaluationError("Phiếu đã được phê duyệt.")
        if locked.state != EvaluationState.REVIEWED:
            raise EvaluationError("Phiếu chưa được trưởng phòng nhận xét, đánh giá.")
        if local_today(now) <= locked.period.end:
            raise EvaluationError(
                f"Kỳ đánh giá kết thúc ngày {locked.period.end:%d/%m/%Y}; chỉ phê duyệt sau khi kỳ đã kết thúc."
            )
        rules = locked.criteria_set
        changed = []
        changes: dict = {}
        chosen = _level(level, required=rules.regime == Regime.LEVELS)
        if rules.regime == Regime.LEVELS:
            if chosen != locked.head_level:
                changed.append("mức xếp loại")
        else:
            new_scores, general = _general_scores(scores or locked.head_scores, rules)
            if any(new_scores[k] != locked.head_scores.get(k) for k in new_scores):
                changed.append("điểm tiêu chí chung")
            changes.update(_diff(locked.head_scores, new_scores))
            locked.final_scores, locked.final_general = new_scores, general
            _computed, head_results, _final = results_by_stage(locked)
            override = _results_override(results, rules)
            if override is not None and override == head_results:
                override = None
            if override is not None:
                changed.append("điểm kết quả thực hiện nhiệm vụ")
                changes["final_results"] = [fmt(head_results), fmt(override)]
            locked.final_results = override
            if chosen:
                changed.append("mức xếp loại")
        if changed and not reason:
            raise EvaluationError(f"Cần ghi lý do thay đổi ({', '.join(changed)}).")
        locked.final_level = chosen
        locked.leader_comment = _text(comment)
        locked.leader_reason = reason
        locked.approved_by = by
        locked.approved_at = now
        derive(locked, rules)
        if chosen and rules.regime == Regime.POINTS:
            changes["final_level"] = ["", chosen]
        if locked.rating == Rating.EXCELLENT:
            cap = agency_cap(locked)
            if cap["approved"] >= cap["allowed"]:
                raise EvaluationError(
                    f"{cap['agency'].name} đã có {cap['approved']} người được phê duyệt hoàn thành xuất sắc, tối đa "
                    f"{cap['allowed']} người ({fmt(cap['cap_percent'], 0)}% của {cap['rated']} người được xếp loại). "
                    "Hãy chọn mức xếp loại thấp hơn và ghi lý do."
                )
        locked.state = EvaluationState.APPROVED
        locked.save()
        changes["rating"] = ["", locked.rating]
        _record(locked, EvaluationEventKind.APPROVED, by, now, changes=changes, reason=reason)
        EvaluationSnapshot.objects.create(
            evaluation=locked,
            version=locked.version,
            criteria_set=rules,
            total=locked.total_final,
            rating=locked.rating,
            explanation=explain(locked),
            approved_by=by,
            approved_at=now,
        )
    _sync(ev, locked)
    return locked


def amend(ev: Evaluation, *, by, reason: str, now: dt.datetime | None = None) -> Evaluation:
    """Sửa đổi an approved evaluation: a new version (the approved one stays as its
    snapshot), back with the leader as reviewed, its computed part refreshed with the
    same criteria set. Needs a reason."""
    now = now or timezone.now()
    reason = _text(reason)
    with transaction.atomic():
        locked = _lock(ev)
        _require(permissions.can_approve(by, locked.person), "Bạn không có quyền sửa đổi phiếu đánh giá này.")
        if locked.state != EvaluationState.APPROVED:
            raise EvaluationError("Chỉ sửa đổi phiếu đã được phê duyệt.")
        if not reason:
            raise EvaluationError("Cần ghi lý do sửa đổi.")
        locked.version += 1
        locked.state = EvaluationState.REVIEWED
        locked.final_scores, locked.final_general, locked.final_results, locked.final_level = (
            {},
            None,
            None,
            "",
        )
        locked.approved_by, locked.approved_at, locked.leader_comment, locked.leader_reason = (
            None,
            None,
            "",
            "",
        )
        locked.stale = True
        derive(locked, locked.criteria_set)
        locked.save()
        _record(
            locked,
            EvaluationEventKind.AMENDED,
            by,
            now,
            changes={"version": [locked.version - 1, locked.version]},
            reason=reason,
        )
    refresh(locked.period, persons=[locked.person_id], only_stale=True)
    locked.refresh_from_db()
    _sync(ev, locked)
    return locked


# ---------------------------------------------------------------------------
# Objective causes


def record_cause(
    task: Task,
    *,
    by,
    reason: str,
    product: str = "",
    quality: bool = False,
    timeliness: bool = True,
    reference: str = "",
    now: dt.datetime | None = None,
) -> ObjectiveCause:
    """Record that a product (or every product of the task) was deficient or late for an
    objective cause; its deductions are lifted from the evaluations it feeds."""
    now = now or timezone.now()
    _require(
        permissions.can_record_cause(by, task),
        "Bạn không có quyền xác nhận nguyên nhân khách quan của nhiệm vụ này.",
    )
    reason = _text(reason)
    if not reason:
        raise EvaluationError("Cần ghi rõ nguyên nhân khách quan.")
    if not quality and not timeliness:
        raise EvaluationError("Chọn miễn trừ điểm chất lượng, điểm tiến độ hoặc cả hai.")
    product = _text(product)
    if product and product not in (task.products or []):
        raise EvaluationError(f"Nhiệm vụ không có sản phẩm “{product}”.")
    return ObjectiveCause.objects.create(
        task=task,
        product=product,
        covers_quality=quality,
        covers_timeliness=timeliness,
        reason=reason,
        reference=_text(reference)[:120],
        recorded_by=by,
        recorded_at=now,
    )


def revoke_cause(cause: ObjectiveCause, *, by, reason: str, now: dt.datetime | None = None) -> ObjectiveCause:
    now = now or timezone.now()
    _require(
        permissions.can_record_cause(by, cause.task),
        "Bạn không có quyền hủy xác nhận nguyên nhân khách quan này.",
    )
    reason = _text(reason)
    if not reason:
        raise EvaluationError("Cần ghi lý do hủy xác nhận.")
    with transaction.atomic():
        locked = ObjectiveCause.objects.select_for_update().get(pk=cause.pk)
        if locked.revoked_at is not None:
            raise EvaluationError("Xác nhận này đã bị hủy.")
        locked.revoked_at, locked.revoked_by, locked.revoke_reason = now, by, reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return locked


# ---------------------------------------------------------------------------
# Criteria sets


SET_FIELDS = [
    "name",
    "effective_from",
    "legal_basis",
    "general_max",
    "results_max",
    "averaging",
    "weight_quantity",
    "weight_quality",
    "weight_timeliness",
    "quality_deduction_percent",
    "timeliness_deduction_percent",
    "delay_unit_days",
    "unit_results_percent",
    "score_decimals",
    "rounding",
    "excellent_min",
    "good_min",
    "pass_min",
    "excellent_requires_on_time",
    "discipline_fails",
    "min_worked_percent",
    "note",
]


def new_version(source: CriteriaSet, *, by, values: dict, criteria: list[dict], publish: bool) -> CriteriaSet:
    """A new version of `source`'s group with `values` (SET_FIELDS) and `criteria`
    ([{code, name, description, max_points}]), saved as a draft or published. The
    published versions are never changed: evaluations keep the one they were made with."""
    _require(permissions.can_edit_criteria(by), "Chỉ Sở Nội vụ (quản lý đánh giá) được sửa bộ tiêu chí.")
    with transaction.atomic():
        # Serialise version numbers per group: lock the group's versions.
        list(CriteriaSet.objects.select_for_update().filter(group=source.group).values_list("pk", flat=True))
        latest = CriteriaSet.objects.filter(group=source.group).aggregate(v=Max("version"))["v"] or 0
        criteria_set = CriteriaSet(
            group=source.group, version=latest + 1, regime=source.regime, created_by=by
        )
        for name in SET_FIELDS:
            setattr(criteria_set, name, values.get(name, getattr(source, name)))
        rows = [c for c in criteria if _text(c.get("name"))]
        codes = [_text(c.get("code")) for c in rows]
        if len(set(codes)) != len(codes) or any(not code for code in codes):
            raise EvaluationError("Mỗi tiêu chí chung cần một mã riêng, không trùng nhau.")
        problems = criteria_set.problems([Decimal(c["max_points"]) for c in rows])
        if criteria_set.group == EvaluationGroup.AGENCY and rows:
            problems.append("Bộ tiêu chí của cơ quan, đơn vị không có tiêu chí chung.")
        if problems and publish:
            raise EvaluationError(" ".join(problems))
        if publish:
            criteria_set.status = CriteriaSetStatus.PUBLISHED
            criteria_set.published_by = by
            criteria_set.published_at = timezone.now()
        criteria_set.save()
        Criterion.objects.bulk_create(
            [
                Criterion(
                    criteria_set=criteria_set,
                    order=i,
                    code=_text(c["code"]),
                    name=_text(c["name"]),
                    description=_text(c.get("description")),
                    max_points=Decimal(c["max_points"]),
                )
                for i, c in enumerate(rows)
            ]
        )
    return criteria_set


def publish(criteria_set: CriteriaSet, *, by) -> CriteriaSet:
    _require(permissions.can_edit_criteria(by), "Chỉ Sở Nội vụ (quản lý đánh giá) được ban hành bộ tiêu chí.")
    with transaction.atomic():
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if locked.is_published:
            raise EvaluationError("Bộ tiêu chí đã được ban hành.")
        problems = locked.problems(list(locked.criteria.values_list("max_points", flat=True)))
        if problems:
            raise EvaluationError(" ".join(problems))
        locked.status = CriteriaSetStatus.PUBLISHED
        locked.published_by = by
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
    return locked
