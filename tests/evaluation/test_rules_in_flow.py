"""Who may take each step, the conditions of the bands in a real period (discipline, time
worked, the agency's xuất sắc cap), leaders' unit results, the yearly rating outside
Nghị định 335, and the incremental recomputation when evidence changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from eval_helpers import at, grant, new_person

from dondoc.evaluation import permissions, services
from dondoc.evaluation.choices import EvaluationState, Rating
from dondoc.evaluation.models import AgencySettings, Evaluation, Period
from dondoc.evaluation.refresh import refresh
from dondoc.evaluation.services import EvaluationError, PermissionDenied
from dondoc.org.choices import AbsenceKind, DisciplineForm, Role
from dondoc.org.models import Absence, Discipline

pytestmark = pytest.mark.django_db

D = Decimal
JUNE_2 = at(dt.date(2026, 6, 2))
FULL = {
    "chinh-tri": "5",
    "dao-duc": "5",
    "ky-luat": "5",
    "van-hoa-cong-vu": "5",
    "phuc-vu-nhan-dan": "5",
    "doi-moi-sang-tao": "5",
}


@pytest.fixture
def ev(cast, month, may):
    return services.evaluation_for(cast.specialist.person, may)


# --- Permissions of each step -------------------------------------------------------


def test_only_the_person_self_assesses(ev, cast):
    for user in (cast.ccvc_head, cast.snv_director, cast.leader, cast.outsider, cast.followup):
        with pytest.raises(PermissionDenied):
            services.self_assess(ev, by=user, scores=FULL)
    assert Evaluation.objects.get(pk=ev.pk).state == EvaluationState.COMPUTED


def test_the_head_of_the_division_or_above_reviews_never_the_person_or_an_outsider(ev, cast):
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    for user in (cast.specialist, cast.outsider, cast.followup, cast.leader, cast.clerk):
        with pytest.raises(PermissionDenied):
            services.review(ev, by=user, scores=FULL)
    assert permissions.can_review(cast.ccvc_head, ev.person)
    assert permissions.can_review(cast.snv_director, ev.person)  # the director may act for the head


def test_only_a_leader_above_approves(ev, cast):
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    services.review(ev, by=cast.ccvc_head)
    for user in (cast.specialist, cast.ccvc_head, cast.outsider, cast.followup, cast.clerk):
        with pytest.raises(PermissionDenied):
            services.approve(ev, by=user, now=JUNE_2)
    assert Evaluation.objects.get(pk=ev.pk).state == EvaluationState.REVIEWED
    services.approve(ev, by=cast.snv_director, now=JUNE_2)
    with pytest.raises(PermissionDenied):
        services.amend(ev, by=cast.ccvc_head, reason="Sửa")


def test_a_head_is_reviewed_and_approved_one_level_up(cast, may, month):
    head = cast.ccvc_head.person
    assert not permissions.can_review(cast.ccvc_head, head)
    assert permissions.can_review(cast.snv_director, head)
    assert permissions.can_approve(cast.snv_director, head)
    ev = services.evaluation_for(head, may)
    services.self_assess(ev, by=cast.ccvc_head, scores=FULL)
    services.review(ev, by=cast.snv_director)
    services.approve(ev, by=cast.snv_director, now=JUNE_2)
    assert ev.state == EvaluationState.APPROVED


def test_the_agency_leader_is_reviewed_and_approved_by_the_province(cast):
    director = cast.snv_director.person
    assert permissions.is_agency_leader(director)
    assert not permissions.can_review(cast.snv_director, director)
    assert permissions.can_review(cast.leader, director)
    assert permissions.can_approve(cast.leader, director)
    assert not permissions.can_approve(cast.outsider, director)


def test_who_sees_an_evaluation(cast):
    person = cast.specialist.person
    assert permissions.can_see(cast.specialist, person)
    assert permissions.can_see(cast.ccvc_head, person)
    assert permissions.can_see(cast.snv_director, person)
    assert not permissions.can_see(cast.outsider, person)
    assert not permissions.can_see(cast.followup, person)
    assert permissions.can_see(grant(cast.outsider, Role.HR), person)  # Sở Nội vụ's managers see all


def test_an_objective_cause_is_recorded_by_whoever_judges_the_task(cast, month):
    task = month["returned"]
    for user in (cast.specialist, cast.ccvc_head, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.record_cause(task, by=user, reason="Lý do")
    with pytest.raises(EvaluationError, match="không có sản phẩm"):
        services.record_cause(task, by=cast.snv_director, reason="Lý do", product="Đề án")
    with pytest.raises(EvaluationError, match="Chọn miễn trừ"):
        services.record_cause(task, by=cast.snv_director, reason="Lý do", timeliness=False)
    assert services.record_cause(task, by=cast.snv_director, reason="Lý do").covers_timeliness


def test_criteria_sets_are_edited_by_sở_nội_vụ_only(cast, default_set):
    criteria = [
        {"code": c.code, "name": c.name, "max_points": c.max_points} for c in default_set.criteria.all()
    ]
    for user in (cast.snv_director, cast.specialist, cast.leader):
        with pytest.raises(PermissionDenied):
            services.new_version(default_set, by=user, values={}, criteria=criteria, publish=True)
    hr = grant(cast.specialist, Role.HR)
    with pytest.raises(EvaluationError, match="phải bằng 30"):
        services.new_version(default_set, by=hr, values={}, criteria=criteria[:-1], publish=True)
    with pytest.raises(EvaluationError, match="giảm dần"):
        services.new_version(default_set, by=hr, values={"good_min": D(95)}, criteria=criteria, publish=True)
    draft = services.new_version(default_set, by=hr, values={}, criteria=criteria[:-1], publish=False)
    with pytest.raises(EvaluationError, match="phải bằng 30"):
        services.publish(draft, by=hr)
    assert not draft.is_published


# --- Conditions ---------------------------------------------------------------------


def test_discipline_in_the_period_means_không_hoàn_thành(ev, cast, may):
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    Discipline.objects.create(
        person=cast.specialist.person,
        form=DisciplineForm.REPRIMAND,
        decided_on=dt.date(2026, 5, 20),
        decision_number="15/QĐ-SNV",
    )
    ev = services.evaluation_for(cast.specialist.person, may)  # marked stale, computed again
    assert ev.disciplined and ev.rating == Rating.FAIL
    assert "kỷ luật" in ev.rating_notes[0]


def test_a_discipline_outside_the_period_does_not_count(ev, cast, may):
    Discipline.objects.create(
        person=cast.specialist.person,
        form=DisciplineForm.WARNING,
        decided_on=dt.date(2026, 4, 30),
        decision_number="1",
    )
    assert not services.evaluation_for(cast.specialist.person, may).disciplined


def test_under_half_the_working_days_worked_is_not_rated(ev, cast, may):
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    # May 2026 has 20 working days (1 May is a holiday); 11 of them on sick leave.
    Absence.objects.create(
        person=cast.specialist.person,
        kind=AbsenceKind.SICK,
        start=dt.date(2026, 5, 4),
        end=dt.date(2026, 5, 18),
    )
    ev = services.evaluation_for(cast.specialist.person, may)
    assert ev.worked_percent == D("45.00")
    assert ev.rating == Rating.NOT_RATED


def test_maternity_leave_counts_as_time_worked(ev, cast, may):
    Absence.objects.create(
        person=cast.specialist.person,
        kind=AbsenceKind.MATERNITY,
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 31),
    )
    assert services.evaluation_for(cast.specialist.person, may).worked_percent == D(100)


def _excellent(cast, may, person, user):
    """A reviewed evaluation worth xuất sắc (the head gives the results points)."""
    ev = services.evaluation_for(person, may)
    services.self_assess(ev, by=user, scores=FULL)
    services.review(ev, by=cast.snv_director, results="68", reason="Hoàn thành vượt khối lượng.")
    return ev


def test_the_agency_cap_on_xuất_sắc_is_checked_at_approval(cast, may):
    # Sở Nội vụ evaluates 10 people: at most 2 xuất sắc (20%).
    for i in range(7):
        new_person(cast, name=f"Cán bộ {i}")
    heads = [cast.ccvc_head]
    evs = [_excellent(cast, may, user.person, user) for user in heads]
    refresh(may)
    assert Evaluation.objects.filter(period=may, person__unit__path__startswith=cast.snv.path).count() == 10
    services.approve(evs[0], by=cast.snv_director, now=JUNE_2)
    assert evs[0].rating == Rating.EXCELLENT
    AgencySettings.objects.create(unit=cast.snv, excellent_cap_percent=D(10))  # now at most 1
    second = _excellent(cast, may, cast.specialist.person, cast.specialist)
    with pytest.raises(EvaluationError, match="tối đa 1 người"):
        services.approve(second, by=cast.snv_director, now=JUNE_2)
    assert Evaluation.objects.get(pk=second.pk).state == EvaluationState.REVIEWED
    with pytest.raises(EvaluationError, match="Cần ghi lý do"):
        services.approve(second, by=cast.snv_director, level=Rating.GOOD, now=JUNE_2)
    services.approve(
        second, by=cast.snv_director, level=Rating.GOOD, reason="Vượt tỷ lệ xuất sắc.", now=JUNE_2
    )
    assert (second.total_final, second.rating) == (D(98), Rating.GOOD)


# --- Leaders, units, other periods --------------------------------------------------


def test_a_leaders_results_include_the_unit_led(cast, may, work):
    head = cast.ccvc_head.person
    head.staff_group = "leader"
    head.save()
    own = work.child("Việc riêng của trưởng phòng", due=dt.date(2026, 5, 15), assignee=cast.ccvc_head)
    work.submit(own, dt.date(2026, 5, 14), by=cast.ccvc_head)
    work.accept(own, dt.date(2026, 5, 14))
    late = work.child("Việc của chuyên viên", due=dt.date(2026, 5, 15))
    ev = services.evaluation_for(head, may)
    assert ev.led_unit == cast.snv_ccvc
    assert ev.unit_facts["tasks"] == 2  # both tasks were given to the division
    # Own: 2 products (own + the division's) 1 done on time -> (0.5 + 1 + 1) / 3; unit: same
    # 50% own + 50% unit of equal ratios.
    assert ev.results_computed == D("58.33")
    assert late.pk


def test_units_are_scored_from_their_tasks(cast, month, may):
    from dondoc.evaluation.models import UnitEvaluation
    from dondoc.evaluation.refresh import refresh_units

    refresh_units(may)
    scores = {ue.unit_id: ue for ue in UnitEvaluation.objects.filter(period=may)}
    assert scores[cast.snv_ccvc.pk].score == D("83.81")  # the agency set: 100 × 0.838095
    assert scores[cast.snv_ccvc.pk].rating == Rating.GOOD
    assert scores[cast.snv.pk].score is None  # nothing due or completed in May
    assert cast.province.pk not in scores


def test_quarterly_agencies_are_not_evaluated_by_the_month(cast, month):
    AgencySettings.objects.create(unit=cast.snv, period_kind="quarter")
    assert services.evaluation_for(cast.specialist.person, Period.from_key("2026-05")) is None
    quarter = services.evaluation_for(cast.specialist.person, Period.from_key("2026-Q2"))
    assert quarter.facts["tasks"] == 5  # April's report and June's, overdue by 30 June, too


def test_people_outside_decree_335_get_a_yearly_rating_by_level(cast, month):
    person = cast.specialist.person
    person.staff_group = "other"
    person.save()
    assert services.evaluation_for(person, Period.from_key("2026-05")) is None
    year = Period.from_key("2026")
    ev = services.evaluation_for(person, year)
    assert ev.criteria_set.regime == "levels" and ev.facts["tasks"] == 5
    services.self_assess(ev, by=cast.specialist, level=Rating.EXCELLENT)
    assert ev.rating == Rating.GOOD  # two products late: not xuất sắc
    services.review(ev, by=cast.ccvc_head, level=Rating.GOOD, reason="Còn sản phẩm chậm.")
    services.approve(ev, by=cast.snv_director, level=Rating.GOOD, now=at(dt.date(2027, 1, 5)))
    assert (ev.state, ev.rating) == (EvaluationState.APPROVED, Rating.GOOD)


# --- Incremental --------------------------------------------------------------------


def test_a_task_change_marks_only_the_evaluations_it_feeds(cast, month, may, work):
    other = new_person(cast, name="Người khác", unit=cast.snv_tcbc)
    refresh(may)
    assert not Evaluation.objects.filter(period=may, stale=True).exists()
    work.done(month["overdue"], dt.date(2026, 5, 29))
    stale = set(Evaluation.objects.filter(period=may, stale=True).values_list("person_id", flat=True))
    # The assignee, the division's head, and the director (the parent's progress rolled up).
    assert stale == {cast.specialist.person_id, cast.ccvc_head.person_id, cast.snv_director.person_id}
    assert other.pk not in stale
    result = refresh(may, only_stale=True)
    assert result.computed == 3
    ev = Evaluation.objects.get(period=may, person=cast.specialist.person)
    assert ev.facts["done_tasks"] == 3 and not ev.stale
