"""The evaluation flow: dondoc computes the task-results part, the person self-assesses,
the head of division reviews, the leader approves and the evaluation is locked; every
change with a reason; amendments are new versions; criteria-set versions stick."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from eval_helpers import at, grant, new_person

from dondoc.evaluation import services
from dondoc.evaluation.choices import EvaluationState, Rating
from dondoc.evaluation.models import Evaluation, EvaluationEvent, EvaluationSnapshot
from dondoc.evaluation.refresh import refresh
from dondoc.evaluation.services import EvaluationError
from dondoc.org.choices import Role

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


def reviewed(ev, cast, **kwargs):
    services.self_assess(ev, by=cast.specialist, scores=FULL, comment="Tờ trình chậm do chờ ý kiến các sở.")
    return services.review(ev, by=cast.ccvc_head, **kwargs)


def test_dondoc_computes_the_task_results_part(ev, default_set):
    assert ev.criteria_set == default_set
    assert ev.state == EvaluationState.COMPUTED
    assert ev.results_computed == D("58.67")  # 70 × (2.5/3.5 + 0.9 + 0.9) / 3
    assert ev.facts["tasks"] == 3 and ev.facts["late_products"] == 2
    assert ev.total_self is None and ev.rating == ""


def test_the_person_self_assesses_the_general_criteria(ev, cast):
    services.self_assess(ev, by=cast.specialist, scores={**FULL, "doi-moi-sang-tao": "4,5"}, comment="Ý kiến")
    ev.refresh_from_db()
    assert ev.state == EvaluationState.SELF_ASSESSED
    assert ev.self_general == D("29.5")
    assert ev.total_self == D("88.17")
    assert ev.rating == Rating.GOOD
    assert ev.self_comment == "Ý kiến"
    event = EvaluationEvent.objects.get(evaluation=ev)
    assert event.kind == "self_assessed" and event.actor == cast.specialist


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({**FULL, "dao-duc": "6"}, "phải từ 0 đến 5"),
        ({**FULL, "dao-duc": "-1"}, "phải từ 0 đến 5"),
        ({**FULL, "dao-duc": "năm"}, "phải là một số"),
        ({**FULL, "dao-duc": "4.555"}, "nhiều nhất 2 chữ số"),
        ({k: v for k, v in FULL.items() if k != "dao-duc"}, "Chưa nhập điểm “Đạo đức, lối sống”"),
    ],
)
def test_bad_scores_get_a_clear_message_and_change_nothing(ev, cast, scores, message):
    with pytest.raises(EvaluationError, match=message):
        services.self_assess(ev, by=cast.specialist, scores=scores)
    ev.refresh_from_db()
    assert ev.state == EvaluationState.COMPUTED and ev.self_scores == {}
    assert not EvaluationEvent.objects.exists()


def test_the_head_reviews_and_every_change_needs_a_reason(ev, cast):
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    with pytest.raises(EvaluationError, match="Cần ghi lý do thay đổi"):
        services.review(ev, by=cast.ccvc_head, scores={**FULL, "doi-moi-sang-tao": "3"})
    ev.refresh_from_db()
    assert ev.state == EvaluationState.SELF_ASSESSED
    services.review(
        ev,
        by=cast.ccvc_head,
        scores={**FULL, "doi-moi-sang-tao": "3"},
        reason="Chưa có sáng kiến được công nhận trong tháng.",
        comment="Hoàn thành tốt nhiệm vụ được giao.",
    )
    ev.refresh_from_db()
    assert ev.state == EvaluationState.REVIEWED
    assert (ev.head_general, ev.total_head) == (D(28), D("86.67"))
    event = ev.events.get(kind="reviewed")
    assert event.reason == "Chưa có sáng kiến được công nhận trong tháng."
    assert event.changes == {"doi-moi-sang-tao": ["5", "3"]}


def test_the_head_may_adjust_the_computed_part_with_a_reason(ev, cast):
    with pytest.raises(EvaluationError, match="điểm kết quả thực hiện nhiệm vụ"):
        reviewed(ev, cast, results="62")
    services.review(ev, by=cast.ccvc_head, results="62", reason="Tờ trình chậm do chờ ý kiến các sở.")
    ev.refresh_from_db()
    assert ev.head_results == D(62) and ev.results_computed == D("58.67")
    assert ev.total_head == D(92)
    assert ev.rating == Rating.GOOD  # 92 points, but two products were late: not xuất sắc
    assert any("không hoàn thành đúng hạn" in note for note in ev.rating_notes)


def test_a_person_without_tasks_is_scored_by_the_head(cast, may):
    ev = services.evaluation_for(cast.specialist.person, may)
    assert ev.results_computed is None
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    with pytest.raises(EvaluationError, match="không có nhiệm vụ nào được tính"):
        services.review(ev, by=cast.ccvc_head)
    services.review(
        ev, by=cast.ccvc_head, results="60", reason="Làm công tác thường xuyên, không giao qua hệ thống."
    )
    assert ev.total_head == D(90)


def test_the_leader_approves_after_the_period_and_the_evaluation_is_locked(ev, cast, month):
    reviewed(ev, cast)
    with pytest.raises(EvaluationError, match="chỉ phê duyệt sau khi kỳ đã kết thúc"):
        services.approve(ev, by=cast.snv_director, now=at(dt.date(2026, 5, 31), 16))
    services.approve(ev, by=cast.snv_director, comment="Đồng ý.", now=JUNE_2)
    ev.refresh_from_db()
    assert ev.state == EvaluationState.APPROVED and ev.locked
    assert (ev.total_final, ev.rating) == (D("88.67"), Rating.GOOD)
    snapshot = EvaluationSnapshot.objects.get(evaluation=ev)
    assert (snapshot.version, snapshot.total, snapshot.rating) == (1, D("88.67"), Rating.GOOD)
    assert snapshot.explanation["totals"]["final"] == "88,67"
    assert snapshot.explanation["criteria_set"]["version"] == 1

    # Later evidence does not move a locked evaluation.
    services.record_cause(month["returned"], by=cast.snv_director, reason="Khách quan", quality=True)
    work_after = Evaluation.objects.get(pk=ev.pk)
    assert not work_after.stale
    refresh(ev.period)
    work_after.refresh_from_db()
    assert (work_after.results_computed, work_after.total_final) == (D("58.67"), D("88.67"))
    with pytest.raises(EvaluationError, match="đã được phê duyệt"):
        services.review(ev, by=cast.ccvc_head, scores=FULL)
    with pytest.raises(EvaluationError, match="Phiếu đã được trưởng phòng đánh giá"):
        services.self_assess(ev, by=cast.specialist, scores=FULL)


def test_an_amendment_is_a_new_version_with_a_reason(ev, cast, month):
    reviewed(ev, cast)
    services.approve(ev, by=cast.snv_director, now=JUNE_2)
    services.record_cause(
        month["returned"], by=cast.snv_director, reason="Chờ số liệu", quality=True, timeliness=True
    )
    with pytest.raises(EvaluationError, match="Cần ghi lý do sửa đổi"):
        services.amend(ev, by=cast.snv_director, reason=" ")
    services.amend(ev, by=cast.snv_director, reason="Xác nhận nguyên nhân khách quan của báo cáo chậm.")
    ev.refresh_from_db()
    assert (ev.version, ev.state) == (2, EvaluationState.REVIEWED)
    assert ev.results_computed == D("63.33")  # the report's deductions lifted: 70 × (2.5/3.5 + 1 + 1) / 3
    services.approve(ev, by=cast.snv_director, now=at(dt.date(2026, 6, 3)))
    versions = list(EvaluationSnapshot.objects.filter(evaluation=ev).values_list("version", "total"))
    assert versions == [(1, D("88.67")), (2, D("93.33"))]
    assert ev.events.filter(kind="amended").get().reason.startswith("Xác nhận")


def test_a_new_criteria_set_does_not_change_an_evaluation_made_with_the_old_one(ev, cast, default_set, may):
    reviewed(ev, cast)
    services.approve(ev, by=cast.snv_director, now=JUNE_2)
    head_ev = services.evaluation_for(cast.ccvc_head.person, may)
    assert head_ev.criteria_set == default_set
    v2 = services.new_version(
        default_set,
        by=grant(cast.ccvc_head, Role.HR),
        values={
            "effective_from": dt.date(2026, 1, 1),
            "weight_quantity": D(2),
            "name": "Bộ tiêu chí 2026 (sửa đổi)",
        },
        criteria=[
            {"code": c.code, "name": c.name, "max_points": c.max_points} for c in default_set.criteria.all()
        ],
        publish=True,
    )
    assert v2.version == 2 and v2.is_published
    refresh(may)
    ev.refresh_from_db()
    head_ev.refresh_from_db()
    assert (ev.criteria_set, ev.total_final) == (default_set, D("88.67"))  # locked: untouched
    assert head_ev.criteria_set == default_set  # made with v1: keeps it while it goes through the flow
    # Someone evaluated for the first time gets the version in force.
    newcomer = new_person(cast)
    assert services.evaluation_for(newcomer, may).criteria_set == v2
    default_set.refresh_from_db()
    assert default_set.weight_quantity == 1  # the published version itself never changed
