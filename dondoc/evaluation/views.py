"""The evaluation screens: my evaluation, an evaluation's page with the step the user may
take, the division's and the agency's tables (with the xuất sắc cap), the province's unit
ranking, a unit's score with the products behind it, the criteria sets, objective causes,
and the exports (.docx form, .xlsx summary).

Views are thin (STYLE.md §3): who may see is `permissions.evaluation_people` /
`can_see`, who may act is `permissions`, the work is `services`, the numbers are
`explain` and `refresh`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dondoc.lib.dates import local_today
from dondoc.org.models import Person, Unit
from dondoc.tasks.permissions import manages, member_of
from dondoc.tasks.visibility import visible_tasks

from . import exports, permissions, services
from .choices import EvaluationGroup, EvaluationState, PeriodKind, Rating, Regime
from .compute import UNIT, Params, product_lines
from .explain import causes_by_task, component_summary, explain, line_rows, redact, rule_lines, task_events
from .forms import AmendForm, CauseForm, CriteriaSetForm, CriterionFormSet, RevokeForm, StepForm
from .formula import Facts, components, counts_for_cap, excellent_cap, fmt, percent
from .models import CriteriaSet, Evaluation, ObjectiveCause, Period, ProductKind, UnitEvaluation
from .refresh import SCORED_UNIT_KINDS, agency_id_of, agency_rules, refresh, refresh_units, sets_in_force
from .rollup import year_rollup

# ---------------------------------------------------------------------------
# Periods


def period_kind_for(person: Person) -> str:
    """The kind of period `person` is evaluated by: their agency's, or the year for the
    groups rated yearly (levels regime)."""
    sets = sets_in_force(local_today())
    criteria_set = sets.get(person.staff_group)
    if criteria_set is not None and criteria_set.regime == Regime.LEVELS:
        return PeriodKind.YEAR
    agency_id = agency_id_of(person.unit.path)
    return agency_rules([agency_id])[agency_id].period_kind


def default_period(kind: str, today: dt.date) -> Period:
    """The period to evaluate now: the last month or quarter that has ended; the current
    year (yearly ratings are made in December)."""
    if kind == PeriodKind.YEAR:
        return Period.get(PeriodKind.YEAR, today.year)
    current = Period.containing(kind, today, saved=False)
    return Period.containing(kind, current.start - dt.timedelta(days=1))


def period_choices(kind: str, today: dt.date, count: int | None = None) -> list[Period]:
    """Recent periods of `kind`, newest first (the current one included)."""
    count = count or {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 8, PeriodKind.YEAR: 3}[kind]
    periods = []
    period = Period.containing(kind, today, saved=False)
    for _ in range(count):
        periods.append(period)
        period = Period.containing(kind, period.start - dt.timedelta(days=1), saved=False)
    return periods


def chosen_period(request, kind: str, *, allow_year: bool = False) -> Period:
    key = request.GET.get("ky", "")
    period = Period.from_key(key) if key else None
    if period is None or (period.kind != kind and not (allow_year and period.kind == PeriodKind.YEAR)):
        return default_period(kind, local_today())
    return period


def forbidden(request, message: str):
    return render(request, "evaluation/forbidden.html", {"message": message}, status=403)


# ---------------------------------------------------------------------------
# An evaluation's page


def _explanation(ev: Evaluation, viewer) -> dict:
    """The frozen explanation of an approved evaluation (its latest snapshot, with the
    audit trail as it is now), else computed now; redacted for `viewer`."""
    if ev.state == EvaluationState.APPROVED:
        snapshot = ev.snapshots.order_by("-version").first()
        if snapshot is not None:
            data = dict(snapshot.explanation)
            data["history"] = _history(ev)
            return redact(data, viewer)
    return redact(explain(ev), viewer)


def _history(ev: Evaluation) -> list[dict]:
    from django.utils import timezone

    return [
        {
            "at": f"{timezone.localtime(e.at):%d/%m/%Y %H:%M}",
            "kind": e.get_kind_display(),
            "by": (
                e.actor.person.full_name
                if e.actor and e.actor.person_id
                else (e.actor.username if e.actor else "")
            ),
            "version": e.version,
            "reason": e.reason,
            "changes": e.changes,
        }
        for e in ev.events.select_related("actor__person").order_by("at", "id")
    ]


def _forms(ev: Evaluation, actions, data=None, bound_step: str = "") -> dict:
    rules = ev.criteria_set
    levels = rules.regime == Regime.LEVELS
    specs = {
        "self_assess": {
            "initial_scores": ev.self_scores,
            "level": "required" if levels else "",
            "comment_label": "Ý kiến của bạn về phần tính từ nhiệm vụ (nếu có)",
            "initial": {"comment": ev.self_comment, "level": ev.self_level},
        },
        "review": {
            "initial_scores": ev.head_scores or ev.self_scores,
            "results": not levels,
            "level": "required" if levels else "",
            "comment_label": "Nhận xét của trưởng phòng",
            "reason": True,
            "initial": {"comment": ev.head_comment, "level": ev.head_level or ev.self_level},
        },
        "approve": {
            "initial_scores": ev.head_scores,
            "results": not levels,
            "level": "required" if levels else "optional",
            "comment_label": "Ý kiến của lãnh đạo",
            "reason": True,
            "initial": {"level": ev.head_level} if levels else {},
        },
    }
    forms = {}
    for step, spec in specs.items():
        if step not in actions:
            continue
        spec = dict(spec)
        initial = spec.pop("initial")
        forms[step] = StepForm(
            data if step == bound_step else None,
            criteria_set=rules,
            initial=initial,
            prefix=step,
            **spec,
        )
    if "amend" in actions:
        forms["amend"] = AmendForm(data if bound_step == "amend" else None, prefix="amend")
    return forms


def render_evaluation(
    request, ev: Evaluation, *, data=None, bound_step: str = "", error: str = "", status=200, mine=False
):
    user = request.user
    actions = permissions.available_actions(user, ev)
    cap = None
    if "approve" in actions or "amend" in actions:
        cap = services.agency_cap(ev)
    kind = ev.period.kind
    return render(
        request,
        "evaluation/evaluation.html",
        {
            "ev": ev,
            "x": _explanation(ev, user),
            "actions": actions,
            "forms": _forms(ev, actions, data, bound_step),
            "opened": bound_step,
            "error": error,
            "cap": cap,
            "mine": mine,
            "periods": period_choices(kind, local_today()) if mine else [],
            "period": ev.period,
            "today": local_today(),
        },
        status=status,
    )


@login_required
def mine(request):
    """My evaluation for the period chosen (by default the last one that ended)."""
    person = request.user.person
    if person is None:
        return render(request, "evaluation/no_person.html", status=200)
    kind = period_kind_for(person)
    period = chosen_period(request, kind)
    ev = services.evaluation_for(person, period)
    if ev is None:
        return render(
            request,
            "evaluation/not_evaluated.html",
            {"period": period, "periods": period_choices(kind, local_today()), "person": person},
        )
    return render_evaluation(request, ev, mine=True)


def _load(request, pk: int) -> Evaluation:
    ev = (
        Evaluation.objects.select_related(
            "person__unit__parent", "person__job_position", "criteria_set", "period", "led_unit"
        )
        .filter(pk=pk)
        .first()
    )
    if ev is None or not permissions.can_see(request.user, ev.person):
        raise Http404("Không tìm thấy phiếu đánh giá hoặc bạn không có quyền xem.")
    if ev.stale and ev.state != EvaluationState.APPROVED:
        refresh(ev.period, persons=[ev.person_id], only_stale=True)
        ev.refresh_from_db()
    return ev


@login_required
def evaluation_detail(request, pk: int):
    ev = _load(request, pk)
    return render_evaluation(request, ev, mine=permissions.is_self(request.user, ev.person))


@login_required
def person_period(request, person_id: int, key: str):
    """Open (computing it if needed) a person's evaluation for a period."""
    person = get_object_or_404(Person.objects.select_related("unit"), pk=person_id)
    if not permissions.can_see(request.user, person):
        raise Http404("Không tìm thấy cán bộ hoặc bạn không có quyền xem.")
    period = Period.from_key(key)
    if period is None:
        raise Http404("Kỳ đánh giá không hợp lệ.")
    ev = services.evaluation_for(person, period)
    if ev is None:
        return render(
            request, "evaluation/not_evaluated.html", {"period": period, "periods": [], "person": person}
        )
    return redirect("evaluation-detail", ev.pk)


@dataclass(frozen=True)
class Step:
    allowed: object
    refused: str
    done: str


STEPS = {
    "self_assess": Step(
        permissions.can_self_assess, "Bạn không thể tự đánh giá phiếu này.", "Đã gửi phiếu tự đánh giá."
    ),
    "review": Step(
        permissions.can_review_evaluation,
        "Bạn không có quyền nhận xét, đánh giá phiếu này.",
        "Đã ghi nhận đánh giá của trưởng phòng.",
    ),
    "approve": Step(
        lambda user, ev: permissions.can_approve(user, ev.person),
        "Bạn không có quyền phê duyệt phiếu này.",
        "Đã phê duyệt; phiếu đánh giá đã được khóa.",
    ),
    "amend": Step(
        lambda user, ev: permissions.can_approve(user, ev.person),
        "Bạn không có quyền sửa đổi phiếu này.",
        "Đã mở phiên bản mới của phiếu để phê duyệt lại.",
    ),
}


@login_required
@require_POST
def evaluation_step(request, pk: int, step: str):
    spec = STEPS.get(step)
    if spec is None:
        raise Http404("Không có thao tác này.")
    ev = _load(request, pk)
    if not spec.allowed(request.user, ev):
        return forbidden(request, spec.refused)
    if step not in permissions.available_actions(request.user, ev):
        message = (
            f"Phiếu đang ở tình trạng “{ev.get_state_display().lower()}”: không thể thực hiện thao tác này."
        )
        return render_evaluation(request, ev, error=message, status=400)
    forms = _forms(ev, {step}, request.POST, step)
    form = forms[step]
    if not form.is_valid():
        return render_evaluation(request, ev, data=request.POST, bound_step=step, status=400)
    data = form.cleaned_data
    try:
        if step == "amend":
            services.amend(ev, by=request.user, reason=data["reason"])
        else:
            call = {
                "self_assess": services.self_assess,
                "review": services.review,
                "approve": services.approve,
            }[step]
            kwargs = {"by": request.user, "comment": data.get("comment", "")}
            if form.score_names:
                kwargs["scores"] = form.scores()
            if "level" in form.fields:
                kwargs["level"] = data.get("level", "")
            if "results" in form.fields:
                kwargs["results"] = data.get("results", "")
            if "reason" in form.fields:
                kwargs["reason"] = data.get("reason", "")
            call(ev, **kwargs)
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc))
    except services.EvaluationError as exc:
        ev.refresh_from_db()
        return render_evaluation(request, ev, data=request.POST, bound_step=step, error=str(exc), status=400)
    messages.success(request, spec.done)
    return redirect("evaluation-detail", ev.pk)


@login_required
def evaluation_docx(request, pk: int):
    """The individual form (.docx), as the agency signs it."""
    ev = _load(request, pk)
    data = exports.evaluation_docx(_explanation(ev, request.user))
    name = f"phieu-danh-gia-{ev.period.key}-{ev.person_id}.docx"
    return _download(data, name, exports.DOCX)


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------
# Tables


def _scope_units(user):
    """The units whose people's table `user` may open: all for Sở Nội vụ's managers and
    the province's leaders, else their own unit and the units below."""
    units = Unit.objects.filter(active=True).exclude(kind__in=["external", "group"])
    if permissions.is_hr(user) or permissions.is_province_leader(user):
        return units
    unit = user.unit
    return units.filter(path__startswith=unit.path) if unit is not None else units.none()


def _rows(evaluations) -> list[dict]:
    rows = []
    for ev in evaluations:
        rows.append(
            {
                "ev": ev,
                "person": ev.person,
                "total": ev.current_total,
                "rating_label": Rating(ev.rating).label if ev.rating else "",
                "over_cap": False,
            }
        )
    return rows


def _table_evaluations(user, period: Period, unit: Unit):
    refresh(period, unit=unit, only_stale=True)
    return list(
        Evaluation.objects.filter(period=period, person__unit__path__startswith=unit.path)
        .filter(person__in=permissions.evaluation_people(user))
        .select_related("person__unit", "criteria_set")
        .order_by("person__unit__path", "person__full_name")
    )


def _mark_cap(rows: list[dict], cap_percent) -> dict:
    """Flag, among those proposed xuất sắc, who is over the agency's cap: approved ones
    keep their place, then the highest totals."""
    rated = [r for r in rows if counts_for_cap(r["ev"].rating)]
    allowed = excellent_cap(len(rated), cap_percent)
    proposed = [r for r in rows if r["ev"].rating == Rating.EXCELLENT]
    proposed.sort(key=lambda r: (r["ev"].state != EvaluationState.APPROVED, -(r["total"] or 0)))
    for i, row in enumerate(proposed):
        row["over_cap"] = i >= allowed
    return {
        "rated": len(rated),
        "allowed": allowed,
        "proposed": len(proposed),
        "over": max(0, len(proposed) - allowed),
        "percent": cap_percent,
    }


def _counts(rows) -> list[tuple[str, str, int]]:
    counts = {r.value: 0 for r in Rating}
    for row in rows:
        if row["ev"].rating:
            counts[row["ev"].rating] += 1
    return [(r.value, r.label, counts[r.value]) for r in Rating]


def _unit_and_period(request, *, agency: bool):
    user = request.user
    units = _scope_units(user)
    unit = None
    wanted = request.GET.get("don-vi", "")
    if wanted.isdigit():
        unit = units.filter(pk=int(wanted)).first()
        if unit is None:
            raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.")
    if unit is None:
        unit = user.unit
        if unit is None:
            return None, None, units
        if agency and agency_id_of(unit.path) != unit.pk:
            unit = Unit.objects.get(pk=agency_id_of(unit.path))
            if not units.filter(pk=unit.pk).exists():
                unit = user.unit
    agency_id = agency_id_of(unit.path)
    kind = agency_rules([agency_id])[agency_id].period_kind
    return unit, chosen_period(request, kind, allow_year=True), units


@login_required
def division(request):
    """The division's table for the period: each person's self, head's and leader's
    totals, the rating and the state; the year's roll-up for a year."""
    return _table(request, agency=False)


@login_required
def agency(request):
    """The agency's table and ranking, with the xuất sắc cap and who is over it."""
    return _table(request, agency=True)


def _table(request, *, agency: bool, export: bool = False):
    user = request.user
    if not permissions.can_see_division(user):
        return forbidden(request, "Bảng đánh giá của đơn vị dành cho lãnh đạo, trưởng phòng và Sở Nội vụ.")
    unit, period, units = _unit_and_period(request, agency=agency)
    if unit is None:
        return forbidden(request, "Tài khoản chưa gắn với cán bộ của đơn vị nào.")
    agency_id = agency_id_of(unit.path)
    rules = agency_rules([agency_id])[agency_id]
    context = {
        "unit": unit,
        "period": period,
        "units": units.filter(kind__in=SCORED_UNIT_KINDS)
        if not agency
        else units.filter(pk__in=_agency_ids(units)),
        "periods": period_choices(rules.period_kind, local_today())
        + period_choices(PeriodKind.YEAR, local_today(), 2),
        "agency": agency,
        "year": period.kind == PeriodKind.YEAR,
    }
    if period.kind == PeriodKind.YEAR:
        people = list(
            permissions.evaluation_people(user)
            .filter(unit__path__startswith=unit.path, active=True)
            .select_related("unit")
            .order_by("unit__path", "full_name")
        )
        refresh(period, unit=unit, only_stale=True)  # the yearly (levels) evaluations
        yearly = {
            ev.person_id: ev
            for ev in Evaluation.objects.filter(period=period, person__in=people).select_related(
                "criteria_set"
            )
        }
        rolled = year_rollup([p.pk for p in people], period.year)
        context["year_rows"] = [
            {"person": p, "roll": rolled.get(p.pk), "yearly": yearly.get(p.pk)} for p in people
        ]
        if export:
            return context
        return render(request, "evaluation/table.html", context)
    rows = _rows(_table_evaluations(user, period, unit))
    if agency:
        context["cap"] = _mark_cap(rows, rules.cap_percent)
        rows.sort(key=lambda r: (r["total"] is None, -(r["total"] or 0), r["person"].full_name))
        refresh_units(
            period,
            units=list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)),
            only_stale=True,
        )
        scores = list(
            UnitEvaluation.objects.filter(period=period, unit__path__startswith=unit.path)
            .select_related("unit")
            .order_by("-score", "unit__name")
        )
        context["unit_scores"] = [s for s in scores if s.score is not None]
        context["idle_units"] = [s for s in scores if s.score is None]
    context["rows"] = rows
    context["counts"] = _counts(rows)
    if export:
        return context
    return render(request, "evaluation/table.html", context)


def _agency_ids(units) -> list[int]:
    return [pk for pk, path in units.values_list("pk", "path") if agency_id_of(path) == pk]


@login_required
def table_xlsx(request, scope: str):
    """The summary table (.xlsx) of the division or the agency, as on the screen."""
    context = _table(request, agency=scope == "co-quan", export=True)
    if not isinstance(context, dict):
        return context
    data = exports.summary_xlsx(context)
    name = f"bang-tong-hop-danh-gia-{context['period'].key}-{context['unit'].code}.xlsx"
    return _download(data, name, exports.XLSX)


# ---------------------------------------------------------------------------
# Units


@login_required
def unit_ranking(request):
    """The province's ranking of agencies by the results of their tasks."""
    if not permissions.can_see_unit_ranking(request.user):
        return forbidden(request, "Bảng xếp hạng đơn vị dành cho lãnh đạo, Sở Nội vụ và Văn phòng UBND tỉnh.")
    period = Period.from_key(request.GET.get("ky", "")) or default_period(PeriodKind.MONTH, local_today())
    refresh_units(period, only_stale=True)
    agencies = [
        pk
        for pk, path in Unit.objects.filter(kind__in=SCORED_UNIT_KINDS).values_list("pk", "path")
        if agency_id_of(path) == pk
    ]
    scores = list(
        UnitEvaluation.objects.filter(period=period, unit_id__in=agencies)
        .select_related("unit")
        .order_by("-score", "unit__name")
    )
    ranked = [s for s in scores if s.score is not None]
    idle = [s for s in scores if s.score is None]
    today = local_today()
    periods = (
        period_choices(PeriodKind.MONTH, today)
        + period_choices(PeriodKind.QUARTER, today, 4)
        + period_choices(PeriodKind.YEAR, today, 2)
    )
    return render(
        request,
        "evaluation/units.html",
        {"period": period, "ranked": ranked, "idle": idle, "periods": periods},
    )


@login_required
def unit_detail(request, unit_id: int, key: str):
    """A unit's score with the tasks and products behind it (the same SQL as the score)."""
    unit = get_object_or_404(Unit, pk=unit_id, kind__in=SCORED_UNIT_KINDS)
    user = request.user
    if not (permissions.can_see_unit_ranking(user) or member_of(user, unit) or manages(user, unit)):
        raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.")
    period = Period.from_key(key)
    if period is None:
        raise Http404("Kỳ đánh giá không hợp lệ.")
    refresh_units(period, units=[unit.pk], only_stale=True)
    ue = UnitEvaluation.objects.filter(unit=unit, period=period).select_related("criteria_set").first()
    if ue is None:
        return forbidden(request, "Chưa có bộ tiêu chí đánh giá cơ quan, đơn vị áp dụng cho kỳ này.")
    rules = ue.criteria_set
    facts = Facts.from_json(ue.facts)
    lines = product_lines(period.start, period.end, Params.of(rules), UNIT, unit.pk)
    ids = {line.task_id for line in lines}
    rows = line_rows(
        lines,
        facts,
        rules,
        dict(ProductKind.objects.values_list("pk", "name")),
        causes_by_task(ids),
        task_events(ids, _end(period)),
    )
    visible = set(visible_tasks(user).filter(pk__in=ids).values_list("pk", flat=True))
    contents = dict(visible_tasks(user).filter(pk__in=visible).values_list("pk", "content"))
    for row in rows:
        row["visible"] = row["task_id"] in visible
        row["content"] = contents.get(row["task_id"], "(nhiệm vụ ngoài phạm vi bạn được xem)")
        if not row["visible"]:
            row["events"] = []
    comp = components(facts, rules)
    return render(
        request,
        "evaluation/unit.html",
        {
            "unit": unit,
            "period": period,
            "ue": ue,
            "summary": component_summary(facts, rules, "Nhiệm vụ của đơn vị"),
            "ratio": percent(comp.ratio) if comp else "",
            "rows": rows,
            "rules": rule_lines(rules),
            "score": fmt(ue.score) if ue.score is not None else "",
        },
    )


def _end(period: Period):
    from dondoc.tasks.status import end_of

    return end_of(period.end)


# ---------------------------------------------------------------------------
# Criteria sets


@login_required
def criteria_sets(request):
    """Every criteria set, by group, newest version first; the one in force is marked."""
    in_force = {s.pk for s in sets_in_force(local_today()).values()}
    sets = list(CriteriaSet.objects.prefetch_related("criteria").order_by("group", "-version"))
    groups = [(g.label, [s for s in sets if s.group == g.value]) for g in EvaluationGroup]
    return render(
        request,
        "evaluation/criteria_sets.html",
        {"groups": groups, "in_force": in_force, "can_edit": permissions.can_edit_criteria(request.user)},
    )


@login_required
def criteria_set_detail(request, pk: int):
    criteria_set = get_object_or_404(CriteriaSet.objects.prefetch_related("criteria"), pk=pk)
    return render(
        request,
        "evaluation/criteria_set.html",
        {
            "cs": criteria_set,
            "rules": rule_lines(criteria_set),
            "can_edit": permissions.can_edit_criteria(request.user),
            "used": criteria_set.evaluations.count(),
        },
    )


@login_required
def criteria_set_new(request, pk: int):
    """A new version of a criteria set, prefilled from `pk`; saved as a draft or
    published. The version it copies is never changed."""
    source = get_object_or_404(CriteriaSet, pk=pk)
    if not permissions.can_edit_criteria(request.user):
        return forbidden(request, "Chỉ Sở Nội vụ (quản lý đánh giá) được sửa bộ tiêu chí.")
    initial_criteria = [
        {"code": c.code, "name": c.name, "max_points": c.max_points, "description": c.description}
        for c in source.criteria.all()
    ]
    if request.method == "POST":
        form = CriteriaSetForm(request.POST, instance=CriteriaSet(group=source.group, regime=source.regime))
        formset = CriterionFormSet(request.POST, prefix="tieu-chi")
        if form.is_valid() and formset.is_valid():
            criteria = [f.cleaned_data for f in formset if f.cleaned_data.get("name")]
            try:
                created = services.new_version(
                    source,
                    by=request.user,
                    values={name: form.cleaned_data[name] for name in services.SET_FIELDS},
                    criteria=criteria,
                    publish="ban-hanh" in request.POST,
                )
            except services.PermissionDenied as exc:
                return forbidden(request, str(exc))
            except services.EvaluationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Đã {'ban hành' if created.is_published else 'lưu dự thảo'} {created.get_group_display().lower()} – phiên bản {created.version}.",
                )
                return redirect("evaluation-criteria-set", created.pk)
        status = 400
    else:
        initial = {name: getattr(source, name) for name in services.SET_FIELDS}
        initial["effective_from"] = max(local_today(), source.effective_from)
        form = CriteriaSetForm(initial=initial)
        formset = CriterionFormSet(initial=initial_criteria, prefix="tieu-chi")
        status = 200
    return render(
        request,
        "evaluation/criteria_set_form.html",
        {"source": source, "form": form, "formset": formset},
        status=status,
    )


@login_required
@require_POST
def criteria_set_publish(request, pk: int):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    try:
        services.publish(criteria_set, by=request.user)
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã ban hành bộ tiêu chí.")
    return redirect("evaluation-criteria-set", criteria_set.pk)


# ---------------------------------------------------------------------------
# Objective causes


@login_required
def causes(request, task_id: int):
    """A task's objective causes, and the form to record one for whoever may."""
    task = (
        visible_tasks(request.user)
        .select_related("lead_unit", "parent__lead_unit")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    allowed = permissions.can_record_cause(request.user, task)
    form = None
    status = 200
    if allowed:
        form = CauseForm(request.POST or None, task=task)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_cause(
                    task,
                    by=request.user,
                    product=data["product"],
                    quality=data["quality"],
                    timeliness=data["timeliness"],
                    reason=data["reason"],
                    reference=data["reference"],
                )
            except services.EvaluationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "Đã ghi nhận nguyên nhân khách quan; các phiếu đánh giá liên quan sẽ được tính lại.",
                )
                return redirect("evaluation-causes", task.pk)
        if request.method == "POST":
            status = 400
    elif request.method == "POST":
        return forbidden(request, "Bạn không có quyền xác nhận nguyên nhân khách quan của nhiệm vụ này.")
    records = ObjectiveCause.objects.filter(task=task).select_related(
        "recorded_by__person", "revoked_by__person"
    )
    return render(
        request,
        "evaluation/causes.html",
        {"task": task, "form": form, "records": records, "allowed": allowed, "revoke_form": RevokeForm()},
        status=status,
    )


@login_required
@require_POST
def cause_revoke(request, pk: int):
    cause = (
        ObjectiveCause.objects.filter(pk=pk, task__in=visible_tasks(request.user))
        .select_related("task")
        .first()
    )
    if cause is None:
        raise Http404("Không tìm thấy xác nhận hoặc bạn không có quyền xem.")
    if not permissions.can_record_cause(request.user, cause.task):
        return forbidden(request, "Bạn không có quyền hủy xác nhận nguyên nhân khách quan này.")
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi lý do hủy xác nhận.")
        return redirect("evaluation-causes", cause.task_id)
    try:
        services.revoke_cause(cause, by=request.user, reason=form.cleaned_data["reason"])
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã hủy xác nhận nguyên nhân khách quan.")
    return redirect("evaluation-causes", cause.task_id)
