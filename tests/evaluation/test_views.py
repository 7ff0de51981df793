"""The evaluation screens and exports: what each role sees and may do, the messages,
the numbers linking to the lists behind them, the downloads opened and checked."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from eval_helpers import grant

from dondoc.evaluation import services
from dondoc.evaluation.choices import EvaluationState
from dondoc.evaluation.models import Evaluation, EvaluationSnapshot
from dondoc.org.choices import Role

pytestmark = pytest.mark.django_db

FULL = {
    "chinh-tri": "5",
    "dao-duc": "5",
    "ky-luat": "5",
    "van-hoa-cong-vu": "5",
    "phuc-vu-nhan-dan": "5",
    "doi-moi-sang-tao": "5",
}


@pytest.fixture(autouse=True)
def june():
    # Wednesday 3 June 2026: May has ended, it is the period to evaluate.
    with time_machine.travel(dt.datetime(2026, 6, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def scores(prefix, values=FULL, **extra):
    data = {f"{prefix}-score_{k}": v for k, v in values.items()}
    data.update({f"{prefix}-{k}": v for k, v in extra.items()})
    return data


def test_my_evaluation_shows_the_computed_part_and_its_tasks(login, cast, month):
    page = login(cast.specialist).get(reverse("evaluation-mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phiếu đánh giá tháng 05/2026 – Lý Văn Tú" in html
    assert "58,67" in html  # the task-results points
    assert "Xây dựng kế hoạch bồi dưỡng" in html and "Tờ trình kiện toàn Hội đồng" in html
    assert "Báo cáo tháng 6" not in html  # due in June
    assert "Bị trả lại 1 lần: trừ 25% điểm chất lượng" in html
    assert "Bộ tiêu chí đánh giá công chức, phiên bản 1" in html
    assert 'id="act-self-assess"' in html and 'id="act-review"' not in html
    # Each product line links to its task, where the history is.
    assert reverse("task-detail", args=[month["on_time"].pk]) in html


def test_a_self_assessment_through_the_screen(login, cast, month):
    client = login(cast.specialist)
    ev = services.evaluation_for(cast.specialist.person, month["on_time"].pk and _may())
    url = reverse("evaluation-self-assess", args=[ev.pk])
    bad = client.post(url, scores("self_assess", {**FULL, "dao-duc": "7"}))
    assert bad.status_code == 400
    assert "phải từ 0 đến 5" in bad.content.decode()
    assert 'value="7"' in bad.content.decode()  # what was typed is shown again
    ok = client.post(
        url, scores("self_assess", {**FULL, "dao-duc": "4,5"}, comment="Tờ trình chậm do chờ ý kiến.")
    )
    assert ok.status_code == 302
    ev.refresh_from_db()
    assert ev.state == EvaluationState.SELF_ASSESSED and str(ev.self_general) == "29.50"


def _may():
    from dondoc.evaluation.models import Period

    return Period.from_key("2026-05")


def test_the_steps_are_refused_to_those_who_may_not_take_them(login, cast, month):
    ev = services.evaluation_for(cast.specialist.person, _may())
    # Someone else's evaluation out of one's scope is not found at all.
    assert login(cast.outsider).get(reverse("evaluation-detail", args=[ev.pk])).status_code == 404
    assert (
        login(cast.outsider).post(reverse("evaluation-review", args=[ev.pk]), scores("review")).status_code
        == 404
    )
    # The division's head may see it but not self-assess it or approve it.
    head = login(cast.ccvc_head)
    assert (
        head.post(reverse("evaluation-self-assess", args=[ev.pk]), scores("self_assess")).status_code == 403
    )
    assert head.post(reverse("evaluation-approve", args=[ev.pk]), scores("approve")).status_code == 403
    # The person may not review their own.
    me = login(cast.specialist)
    assert me.post(reverse("evaluation-review", args=[ev.pk]), scores("review")).status_code == 403
    assert Evaluation.objects.get(pk=ev.pk).state == EvaluationState.COMPUTED


def test_the_head_reviews_with_a_reason_and_the_leader_approves(login, cast, month):
    ev = services.evaluation_for(cast.specialist.person, _may())
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    head = login(cast.ccvc_head)
    url = reverse("evaluation-review", args=[ev.pk])
    refused = head.post(url, scores("review", {**FULL, "doi-moi-sang-tao": "3"}))
    assert refused.status_code == 400
    assert "Cần ghi lý do thay đổi (điểm tiêu chí chung)" in refused.content.decode()
    assert (
        head.post(
            url, scores("review", {**FULL, "doi-moi-sang-tao": "3"}, reason="Chưa có sáng kiến.")
        ).status_code
        == 302
    )
    leader = login(cast.snv_director)
    page = leader.get(reverse("evaluation-detail", args=[ev.pk])).content.decode()
    assert 'id="act-approve"' in page
    assert "đã phê duyệt 0 người hoàn thành xuất sắc" in page
    assert (
        leader.post(
            reverse("evaluation-approve", args=[ev.pk]), scores("approve", {**FULL, "doi-moi-sang-tao": "3"})
        ).status_code
        == 302
    )
    ev.refresh_from_db()
    assert ev.state == EvaluationState.APPROVED and str(ev.total_final) == "86.67"
    page = leader.get(reverse("evaluation-detail", args=[ev.pk])).content.decode()
    assert "Đã phê duyệt (khóa)" in page and 'id="act-amend"' in page and 'id="act-approve"' not in page


def test_the_form_opens_and_reads_as_the_agency_signs_it(login, cast, month):
    from docx import Document

    ev = services.evaluation_for(cast.specialist.person, _may())
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    services.review(ev, by=cast.ccvc_head, comment="Hoàn thành tốt.")
    services.approve(ev, by=cast.snv_director)
    response = login(cast.specialist).get(reverse("evaluation-docx", args=[ev.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG" in text
    assert "Họ và tên: Lý Văn Tú" in text
    assert "Xếp loại: Hoàn thành tốt nhiệm vụ" in text
    assert "Điểm tính từ nhiệm vụ: 58,67" in text
    assert "Bộ tiêu chí áp dụng: Công chức – phiên bản 1" in text
    assert "Tờ trình kiện toàn Hội đồng" in cells and "88,67" in cells
    assert "Vi Văn Hùng" in cells  # the approving leader signs
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells


def test_the_division_table_and_its_xlsx_agree(login, cast, month):
    from openpyxl import load_workbook

    ev = services.evaluation_for(cast.specialist.person, _may())
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    client = login(cast.ccvc_head)
    page = client.get(reverse("evaluation-division")).content.decode()
    assert "Bảng đánh giá của phòng, đơn vị: Phòng Công chức, viên chức" in page
    assert "Lý Văn Tú" in page and "88,67" in page
    assert reverse("evaluation-detail", args=[ev.pk]) in page
    response = client.get(
        reverse("evaluation-xlsx", args=["phong"]) + f"?don-vi={cast.snv_ccvc.pk}&ky=2026-05"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "STT")
    body = rows[rows.index(header) + 1 :]
    person = next(r for r in body if r[1] == "Lý Văn Tú")
    assert person[header.index("Cá nhân tự chấm")] == pytest.approx(88.67)
    assert person[header.index("Điểm KQ thực hiện nhiệm vụ (tính từ nhiệm vụ)")] == pytest.approx(58.67)
    assert person[header.index("Bộ tiêu chí")] == "Công chức – phiên bản 1"


def test_tables_are_for_heads_leaders_and_sở_nội_vụ(login, cast, month):
    assert login(cast.specialist).get(reverse("evaluation-division")).status_code == 403
    assert login(cast.specialist).get(reverse("evaluation-xlsx", args=["co-quan"])).status_code == 403
    # A head cannot open another agency's table.
    head = login(cast.ccvc_head)
    assert head.get(reverse("evaluation-division") + f"?don-vi={cast.stc.pk}").status_code == 404
    hr = login(grant(cast.outsider, Role.HR))
    assert hr.get(reverse("evaluation-agency") + f"?don-vi={cast.snv.pk}&ky=2026-05").status_code == 200


def test_the_agency_table_shows_who_is_over_the_cap_before_approval(login, cast, month):
    for task in (month["returned"], month["overdue"]):
        services.record_cause(task, by=cast.snv_director, reason="Chờ ý kiến của Bộ Nội vụ.")
    for user in (cast.specialist, cast.ccvc_head):
        ev = services.evaluation_for(user.person, _may())
        services.self_assess(ev, by=user, scores=FULL)
        services.review(ev, by=cast.snv_director, results="66", reason="Vượt khối lượng.")
    page = login(cast.snv_director).get(reverse("evaluation-agency")).content.decode()
    # Three people to rate in Sở Nội vụ: 20% of 3 rounds down to 0 xuất sắc; both
    # proposed (96 points, every product on time or excused) are over the cap.
    assert "tối đa <strong>0</strong> trong 3 người" in page
    assert page.count('class="over-cap"') == 2


def test_the_unit_ranking_links_each_score_to_its_tasks(login, cast, month):
    assert login(cast.specialist).get(reverse("evaluation-units")).status_code == 403
    client = login(cast.leader)
    page = client.get(reverse("evaluation-units") + "?ky=2026-05").content.decode()
    assert "Xếp hạng cơ quan, đơn vị" in page
    detail = client.get(reverse("evaluation-unit", args=[cast.snv_ccvc.pk, "2026-05"])).content.decode()
    assert "83,81" in detail and "Tờ trình kiện toàn Hội đồng" in detail


def test_criteria_sets_are_read_by_all_and_versioned_by_sở_nội_vụ(login, cast, default_set):
    page = login(cast.specialist).get(reverse("evaluation-criteria-sets")).content.decode()
    assert "Bộ tiêu chí đánh giá công chức" in page and "Đang áp dụng" in page
    assert (
        login(cast.specialist).get(reverse("evaluation-criteria-set-new", args=[default_set.pk])).status_code
        == 403
    )
    hr = login(grant(cast.ccvc_head, Role.HR))
    form = hr.get(reverse("evaluation-criteria-set-new", args=[default_set.pk]))
    assert form.status_code == 200
    data = {
        name: (value if value is not None else "") for name, value in form.context["form"].initial.items()
    }
    data.update(
        {
            "effective_from": "2026-07-01",
            "weight_quantity": "2",
            "excellent_requires_on_time": "on",
            "discipline_fails": "on",
        }
    )
    criteria = list(default_set.criteria.all())
    data.update({"tieu-chi-TOTAL_FORMS": str(len(criteria) + 2), "tieu-chi-INITIAL_FORMS": "0"})
    for i, c in enumerate(criteria):
        data.update(
            {
                f"tieu-chi-{i}-code": c.code,
                f"tieu-chi-{i}-name": c.name,
                f"tieu-chi-{i}-max_points": str(c.max_points),
            }
        )
    data[f"tieu-chi-{len(criteria) - 1}-max_points"] = "4"  # 29 points: refused on publishing
    refused = hr.post(
        reverse("evaluation-criteria-set-new", args=[default_set.pk]), {**data, "ban-hanh": "1"}
    )
    assert refused.status_code == 400
    assert "phải bằng 30 điểm" in refused.content.decode()
    data[f"tieu-chi-{len(criteria) - 1}-max_points"] = "5"
    done = hr.post(reverse("evaluation-criteria-set-new", args=[default_set.pk]), {**data, "ban-hanh": "1"})
    assert done.status_code == 302
    from dondoc.evaluation.models import CriteriaSet

    v2 = CriteriaSet.objects.get(group="civil_servant", version=2)
    assert v2.is_published and v2.weight_quantity == 2 and v2.criteria.count() == 6
    assert v2.effective_from == dt.date(2026, 7, 1)


def test_objective_causes_through_the_screen(login, cast, month):
    task = month["returned"]
    url = reverse("evaluation-causes", args=[task.pk])
    assert "Xác nhận nguyên nhân khách quan" not in login(cast.specialist).get(url).content.decode()
    assert login(cast.specialist).post(url, {"reason": "x", "timeliness": "on"}).status_code == 403
    director = login(cast.snv_director)
    assert director.post(url, {"reason": "", "timeliness": "on"}).status_code == 400
    assert (
        director.post(
            url, {"reason": "Chờ số liệu Bộ Nội vụ", "timeliness": "on", "product": "Báo cáo"}
        ).status_code
        == 302
    )
    ev = services.evaluation_for(cast.specialist.person, _may())
    assert ev.facts["exempted"] == 1


def test_an_approved_evaluation_shows_what_was_approved_even_if_the_rules_change(
    login, cast, month, default_set
):
    ev = services.evaluation_for(cast.specialist.person, _may())
    services.self_assess(ev, by=cast.specialist, scores=FULL)
    services.review(ev, by=cast.ccvc_head)
    services.approve(ev, by=cast.snv_director)
    snapshot = EvaluationSnapshot.objects.get(evaluation=ev)
    # Sở Nội vụ changes the catalogue: the approved form still reads as approved.
    from dondoc.evaluation.models import ProductKind

    kind = ProductKind.objects.get(code="BC")
    kind.default_coefficient = 5
    kind.save()
    page = login(cast.specialist).get(reverse("evaluation-detail", args=[ev.pk])).content.decode()
    assert "58,67" in page and snapshot.explanation["results"]["computed"] == "58,67"


def test_tables_cost_the_same_queries_for_many_people(login, cast, month, django_assert_max_num_queries):
    from eval_helpers import new_person

    for i in range(12):
        new_person(cast, name=f"Cán bộ {i:02d}")
    client = login(cast.snv_director)
    client.get(reverse("evaluation-agency"))  # computes the rows once
    with django_assert_max_num_queries(24):
        page = client.get(reverse("evaluation-agency"))
    assert page.content.decode().count("Cán bộ ") >= 12
    with django_assert_max_num_queries(24):
        client.get(reverse("evaluation-division") + f"?don-vi={cast.snv_ccvc.pk}")


def test_an_evaluation_page_costs_the_same_queries_for_many_tasks(
    login, cast, work, django_assert_max_num_queries
):
    for i in range(3):
        task = work.child(
            f"Báo cáo chuyên đề {i}", due=dt.date(2026, 5, 11 + i), products=["Báo cáo", "Kế hoạch"]
        )
        work.done(task, dt.date(2026, 5, 11 + i))
    client = login(cast.specialist)
    client.get(reverse("evaluation-mine"))
    with django_assert_max_num_queries(30):
        small = client.get(reverse("evaluation-mine"))
    for i in range(12):
        task = work.child(f"Kế hoạch chuyên đề {i}", due=dt.date(2026, 5, 20), products=["Kế hoạch"])
        work.done(task, dt.date(2026, 5, 19))
    client.get(reverse("evaluation-mine"))  # recomputes the stale evaluation once
    with django_assert_max_num_queries(30):
        large = client.get(reverse("evaluation-mine"))
    assert small.content.decode().count("<tr class=") < large.content.decode().count("<tr class=")
