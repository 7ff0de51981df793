"""The facts behind task results, aggregated in the database: which tasks count in a
period, for whom, converted by the product catalogue, with deductions and objective
causes; the list behind the numbers adds up to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from eval_helpers import MAY, at

from dondoc.evaluation.compute import PERSON, UNIT, Params, aggregate, facts_of_lines, product_lines

pytestmark = pytest.mark.django_db

D = Decimal
PARAMS = Params(D("0.25"), D("0.25"), 0)


def facts_for(kind, owner, params=PARAMS):
    return aggregate(*MAY, params).get((kind, owner))


def test_it_counts_the_products_of_the_tasks_due_or_completed_in_the_period(cast, month):
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert facts.tasks == 3  # on time, returned, overdue; not June's, not April's
    assert facts.done_tasks == 2
    assert facts.assigned_units == D("3.5")  # Kế hoạch 1.5 + Báo cáo 1 + Tờ trình 1
    assert facts.completed_units == D("2.5")
    assert facts.quality_units == D("2.25")  # the report lost 25% once
    assert facts.timeliness_units == D("2.25")  # ... and was late once
    assert facts.late_products == 2  # the late report and the overdue submission
    assert (facts.returns, facts.delays, facts.exempted) == (1, 1, 0)


def test_the_head_of_the_division_answers_for_the_tasks_it_leads_and_so_does_the_unit(cast, month):
    specialist = facts_for(PERSON, cast.specialist.person_id)
    assert facts_for(PERSON, cast.ccvc_head.person_id) == specialist
    assert facts_for(UNIT, cast.snv_ccvc.pk) == specialist
    # The breakdowns are part of their parents: the department's own tasks are the
    # parents, none of them due or completed in May.
    assert facts_for(UNIT, cast.snv.pk) is None
    assert facts_for(PERSON, cast.snv_director.person_id) is None


def test_a_breakdown_inside_the_same_unit_counts_once_for_its_head(cast, work):
    from dondoc.tasks.services import assign

    parent = work.child("Nhiệm vụ của phòng", due=dt.date(2026, 5, 29), assignee=cast.ccvc_head)
    # The division's head passes it on to the specialist: a breakdown inside the division.
    inner = assign(parent, by=cast.ccvc_head, assignee=cast.specialist.person, now=at(dt.date(2026, 5, 4)))
    assert inner.lead_unit_id == cast.snv_ccvc.pk
    head = facts_for(PERSON, cast.ccvc_head.person_id)
    assert head.tasks == 1  # the task given to the division, not also its breakdown
    assert facts_for(PERSON, cast.specialist.person_id).tasks == 1
    assert facts_for(UNIT, cast.snv_ccvc.pk).tasks == 1


def test_the_product_catalogue_converts_by_job_position(cast, month):
    from dondoc.evaluation.models import ProductCoefficient, ProductKind
    from dondoc.org.models import JobPosition

    position = JobPosition.objects.create(code="cv-tccb", name="Chuyên viên tổ chức cán bộ")
    person = cast.specialist.person
    person.job_position = position
    person.save()
    ProductCoefficient.objects.create(
        job_position=position, kind=ProductKind.objects.get(code="KH"), coefficient=D("3")
    )
    facts = facts_for(PERSON, person.pk)
    assert facts.assigned_units == D("5")  # 3 + 1 + 1
    assert facts.completed_units == D("4")
    # The head has no job position: the default coefficients.
    assert facts_for(PERSON, cast.ccvc_head.person_id).assigned_units == D("3.5")


def test_an_objective_cause_lifts_the_deduction_of_that_product_only(cast, month):
    from dondoc.evaluation.services import record_cause

    record_cause(
        month["returned"],
        by=cast.snv_director,
        product="Báo cáo",
        timeliness=True,
        reason="Chờ số liệu của Bộ Nội vụ gửi chậm.",
        reference="Công văn 123/BNV-CCVC",
    )
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert facts.timeliness_units == D("2.5")  # no delay counted
    assert facts.quality_units == D("2.25")  # the return still counts: the cause covers timeliness only
    assert facts.late_products == 1  # only the overdue submission
    assert facts.exempted == 1


def test_a_revoked_cause_no_longer_lifts_anything(cast, month):
    from dondoc.evaluation.services import record_cause, revoke_cause

    cause = record_cause(
        month["returned"], by=cast.snv_director, quality=True, timeliness=True, reason="Lý do"
    )
    assert facts_for(PERSON, cast.specialist.person_id).quality_units == D("2.5")
    revoke_cause(cause, by=cast.snv_director, reason="Ghi nhầm nhiệm vụ.")
    assert facts_for(PERSON, cast.specialist.person_id).quality_units == D("2.25")


def test_deductions_accumulate_per_return_and_never_go_below_zero(cast, work):
    task = work.child("Đề án vị trí việc làm", due=dt.date(2026, 5, 29), products=["Đề án"])
    for day in (4, 6, 8, 11, 13):
        work.submit(task, dt.date(2026, 5, day))
        work.return_(task, dt.date(2026, 5, day + 1))
    work.done(task, dt.date(2026, 5, 20))
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert facts.returns == 5
    assert facts.completed_units == D("3")
    assert facts.quality_units == D("0")  # 5 × 25% > 100%: floored at zero
    two = Params(D("0.10"), D("0.25"), 0)
    assert facts_for(PERSON, cast.specialist.person_id, two).quality_units == D("1.5")  # 3 × (1 − 0.5)


def test_a_delay_can_be_counted_per_started_week(cast, work):
    task = work.child("Báo cáo chuyên đề", due=dt.date(2026, 5, 11), products=["Báo cáo"])
    work.done(task, dt.date(2026, 5, 20))  # 9 days late
    weekly = Params(D("0.25"), D("0.25"), 7)
    assert facts_for(PERSON, cast.specialist.person_id, weekly).delays == 2
    assert facts_for(PERSON, cast.specialist.person_id, weekly).timeliness_units == D("0.5")
    assert facts_for(PERSON, cast.specialist.person_id).delays == 1


def test_an_extension_granted_after_the_period_does_not_reach_back(cast, work):
    from dondoc.tasks.services import decide_extension, request_extension

    task = work.child("Kế hoạch thi tuyển", due=dt.date(2026, 5, 26), products=["Kế hoạch"])
    extension = request_extension(
        task,
        by=cast.specialist,
        proposed_date=dt.date(2026, 6, 5),
        reason="Chờ ý kiến các sở",
        now=at(dt.date(2026, 5, 18)),
    )
    # Still overdue at the end of May; the director grants the extension on 2 June.
    decide_extension(extension, by=cast.snv_director, grant=True, now=at(dt.date(2026, 6, 2)))
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert facts.tasks == 1 and facts.late_products == 1
    # Granted in May instead: the task is judged against 5 June, not due in May.
    task2 = work.child("Kế hoạch tuyển dụng", due=dt.date(2026, 5, 26), products=["Kế hoạch"])
    extension2 = request_extension(
        task2,
        by=cast.specialist,
        proposed_date=dt.date(2026, 6, 5),
        reason="Chờ ý kiến",
        now=at(dt.date(2026, 5, 18)),
    )
    decide_extension(extension2, by=cast.snv_director, grant=True, now=at(dt.date(2026, 5, 19)))
    assert facts_for(PERSON, cast.specialist.person_id).tasks == 1


def test_deleted_recalled_and_not_yet_assigned_tasks_do_not_count(cast, work):
    from dondoc.tasks.services import cancel, soft_delete

    kept = work.child("Giữ lại", due=dt.date(2026, 5, 15))
    deleted = work.child("Bị xóa", due=dt.date(2026, 5, 15))
    soft_delete(deleted.parent, by=cast.followup, reason="Nhập trùng", now=at(dt.date(2026, 5, 2)))
    cancelled = work.child("Bị hủy", due=dt.date(2026, 5, 15))
    cancel(cancelled.parent, by=cast.leader, reason="Không còn cần thiết", now=at(dt.date(2026, 5, 5)))
    cancelled_later = work.child("Hủy sau kỳ", due=dt.date(2026, 5, 15))
    cancel(cancelled_later.parent, by=cast.leader, reason="Không còn cần thiết", now=at(dt.date(2026, 6, 5)))
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert facts.tasks == 2  # kept, and the one cancelled after May (it was open and overdue then)
    assert kept.pk


def test_a_task_without_products_counts_as_one_unit_of_the_fallback_kind(cast, work):
    task = work.child("Rà soát hồ sơ", due=dt.date(2026, 5, 15), products=[])
    work.done(task, dt.date(2026, 5, 15))
    facts = facts_for(PERSON, cast.specialist.person_id)
    assert (facts.products, facts.assigned_units, facts.completed_units) == (1, D("1"), D("1"))


def test_the_list_behind_the_numbers_adds_up_to_them(cast, month):
    for kind, owner in (
        (PERSON, cast.specialist.person_id),
        (PERSON, cast.ccvc_head.person_id),
        (UNIT, cast.snv_ccvc.pk),
    ):
        lines = product_lines(*MAY, PARAMS, kind, owner)
        assert facts_of_lines(lines) == facts_for(kind, owner)
    lines = product_lines(*MAY, PARAMS, PERSON, cast.specialist.person_id)
    assert [(line.task_id, line.product, line.done, line.late) for line in lines] == [
        (month["on_time"].pk, "Kế hoạch", True, False),
        (month["returned"].pk, "Báo cáo", True, True),
        (month["overdue"].pk, "Tờ trình", False, True),
    ]


def test_restricting_to_a_few_people_gives_the_same_numbers(cast, month):
    everyone = aggregate(*MAY, PARAMS)
    few = aggregate(*MAY, PARAMS, persons=[cast.specialist.person_id], units=[cast.snv_ccvc.pk])
    assert few == {
        (PERSON, cast.specialist.person_id): everyone[(PERSON, cast.specialist.person_id)],
        (UNIT, cast.snv_ccvc.pk): everyone[(UNIT, cast.snv_ccvc.pk)],
    }
