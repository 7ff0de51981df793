"""The field (lĩnh vực) of each task in the review: proposed from its content, chosen in
a select kept in the draft on every page, written at registration and counted by the
overview; an unknown or retired field is refused and changes nothing."""

from __future__ import annotations

import re

import pytest
from conftest_intake import long_notice, make_ready_document, payload
from django.urls import reverse

from dondoc.documents import review
from dondoc.documents.models import Document, DocumentStatus
from dondoc.lib.dates import local_today
from dondoc.reports import stats
from dondoc.tasks import services
from dondoc.tasks.models import Field, Task
from dondoc.web.intake import REVIEW_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.clerk)
    return client


def url_of(document) -> str:
    return reverse("document-review", args=[document.pk])


def selected(page: str, name: str) -> str:
    """The value of the option selected in the select `name` ("" when none is)."""
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else ""


def page_payload(document, page: int, action: str = "save", **changes) -> dict:
    """The review form of page `page` as the browser posts it: that page's rows only."""
    data = payload(document, action)
    rows = review.draft_of(document)["rows"]
    first, shown = (
        (page - 1) * REVIEW_PAGE_SIZE,
        rows[(page - 1) * REVIEW_PAGE_SIZE : page * REVIEW_PAGE_SIZE],
    )
    out = {k: v for k, v in data.items() if not k.startswith("form-")}
    out.update({"form-TOTAL_FORMS": str(len(shown)), "form-INITIAL_FORMS": str(len(shown))})
    out.update({"form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000", "review-page": str(page)})
    for i in range(len(shown)):
        prefix = f"form-{first + i}-"
        out.update({f"form-{i}-{k[len(prefix) :]}": v for k, v in data.items() if k.startswith(prefix)})
    out.update(changes)
    return out


def test_it_proposes_each_rows_field_from_its_content(cast):
    document = make_ready_document(cast)
    rows = document.review["rows"]
    # "bồi dưỡng cán bộ" -> Nội vụ; "kinh phí" -> Tài chính; a monthly report says nothing
    assert [row["field"] for row in rows] == ["noi-vu", "tai-chinh", ""]
    # kept as proposed, for the quality record
    assert [document.review["proposal"]["rows"][row["key"]]["field"] for row in rows] == [
        "noi-vu",
        "tai-chinh",
        "",
    ]


def test_the_review_shows_a_field_select_on_each_row(clerk, cast):
    Field.objects.filter(code="doi-ngoai").update(active=False)
    document = make_ready_document(cast)
    page = clerk.get(url_of(document)).content.decode()
    assert page.count('name="form-0-field"') == 1 and 'name="form-2-field"' in page
    assert '<label for="id_form-0-field">Lĩnh vực</label>' in page
    assert '<option value="">— Chưa xác định —</option>' in page
    assert '<option value="y-te">Y tế</option>' in page
    assert "Đối ngoại" not in page  # a retired field is not offered
    assert selected(page, "form-0-field") == "noi-vu"
    assert selected(page, "form-1-field") == "tai-chinh"
    assert selected(page, "form-2-field") == ""
    assert page.count("Đề xuất theo nội dung nhiệm vụ") == 2


def test_a_saved_draft_keeps_the_field_chosen(clerk, cast):
    document = make_ready_document(cast)
    data = payload(document, "save", **{"form-0-field": "", "form-2-field": "y-te"})
    response = clerk.post(url_of(document), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert [row["field"] for row in document.review["rows"]] == ["", "tai-chinh", "y-te"]
    page = clerk.get(url_of(document)).content.decode()
    assert (selected(page, "form-0-field"), selected(page, "form-2-field")) == ("", "y-te")
    assert page.count("Đề xuất theo nội dung nhiệm vụ") == 1  # row 3's is the clerk's choice


def test_rows_on_other_pages_keep_their_field(clerk, cast):
    text, extraction = long_notice(30)
    document = make_ready_document(cast, text, extraction)
    url = url_of(document)
    clerk.post(url, page_payload(document, 2, **{"form-2-field": "giao-duc"}))  # task 28
    document.refresh_from_db()
    clerk.post(url, page_payload(document, 1, **{"form-0-field": "dau-tu"}))
    document.refresh_from_db()
    fields = [row["field"] for row in document.review["rows"]]
    assert fields[0] == "dau-tu" and fields[27] == "giao-duc"
    assert selected(clerk.get(url, {"page": 2}).content.decode(), "form-2-field") == "giao-duc"


def test_merging_keeps_a_field(clerk, cast):
    document = make_ready_document(cast)
    clerk.post(url_of(document), payload(document, "merge:1"))
    document.refresh_from_db()
    assert [row["field"] for row in document.review["rows"]] == ["noi-vu", "tai-chinh"]


def test_registration_writes_the_field_and_the_overview_counts_it(clerk, cast):
    document = make_ready_document(cast)
    data = payload(document, **{"form-2-field": "khoa-hoc-chuyen-doi-so"})
    assert clerk.post(url_of(document), data).status_code == 302
    tasks = list(Task.objects.filter(document=document).order_by("number"))
    assert [t.field.code for t in tasks] == ["noi-vu", "tai-chinh", "khoa-hoc-chuyen-doi-so"]

    criteria = stats.Criteria(on=local_today())
    rows = {row.label: row.summary.total for row in stats.per_field(stats.scope_tasks(cast.leader), criteria)}
    assert rows == {"Nội vụ": 1, "Tài chính, ngân sách": 1, "Khoa học, công nghệ và chuyển đổi số": 1}

    # A breakdown keeps its parent's field.
    child = services.assign(tasks[0], by=cast.snv_director, unit=cast.snv_ccvc)
    assert child.field == tasks[0].field


def test_a_row_without_a_field_is_registered_without_one(clerk, cast):
    document = make_ready_document(cast)
    assert clerk.post(url_of(document), payload(document, **{"form-1-field": ""})).status_code == 302
    assert list(Task.objects.order_by("number").values_list("field__code", flat=True)) == [
        "noi-vu",
        None,
        None,
    ]
    rows = stats.per_field(stats.scope_tasks(cast.leader), stats.Criteria(on=local_today()))
    assert rows[-1].label == "Chưa xác định lĩnh vực" and rows[-1].summary.total == 2


@pytest.mark.parametrize("action", ["save", "register", "merge:0", "page:2"])
def test_an_unknown_field_is_refused_and_changes_nothing(clerk, cast, action):
    document = make_ready_document(cast)
    before = Document.objects.get(pk=document.pk).review
    data = payload(document, action, **{"form-1-field": "9999", "form-0-text": "Nội dung đã sửa"})
    response = clerk.post(url_of(document), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa lưu: lĩnh vực của nhiệm vụ 2 không hợp lệ" in page
    assert "Lĩnh vực đã chọn không có trong danh sách lĩnh vực đang sử dụng: hãy chọn lại." in page
    assert "Nội dung đã sửa" in page  # what was typed is shown again, not lost
    assert Document.objects.get(pk=document.pk).review == before
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.READY
    assert not Task.objects.exists()


def test_a_retired_field_is_refused_and_shown_as_such(clerk, cast):
    document = make_ready_document(cast)
    Field.objects.filter(code="tai-chinh").update(active=False)
    # posted from a page opened before it was retired
    response = clerk.post(url_of(document), payload(document, "save"))
    assert response.status_code == 400
    assert (
        "Lĩnh vực “Tài chính, ngân sách” đã ngừng sử dụng: hãy chọn lĩnh vực khác."
        in response.content.decode()
    )

    # a draft saved before it was retired shows it as retired
    page = clerk.get(url_of(document)).content.decode()
    assert '<option value="tai-chinh" selected>Tài chính, ngân sách (ngừng sử dụng)</option>' in page


def test_a_retired_field_on_another_page_refuses_registration(clerk, cast):
    text, extraction = long_notice(30)
    document = make_ready_document(cast, text, extraction)
    url = url_of(document)
    clerk.post(url, page_payload(document, 2, **{"form-2-field": "tai-chinh"}))  # task 28
    Field.objects.filter(code="tai-chinh").update(active=False)
    document.refresh_from_db()
    page = clerk.post(url, page_payload(document, 1, "register"), follow=True).content.decode()
    assert "Chưa đăng ký: vui lòng sửa các lỗi được đánh dấu (nhiệm vụ 28, trang 2)." in page
    assert "Lĩnh vực “Tài chính, ngân sách” đã ngừng sử dụng" in page  # listed with its page
    assert not Task.objects.exists()


def test_registration_refuses_a_retired_field_in_its_transaction(cast):
    from dondoc.tasks.registration import RegistrationError, register_document

    document = make_ready_document(cast)
    retired = Field.objects.create(code="cu", name="Lĩnh vực cũ", active=False)
    items = [{"text": "Rà soát kinh phí", "lead_unit": cast.stc, "field": retired}]
    with pytest.raises(RegistrationError, match="Nhiệm vụ 1: lĩnh vực “Lĩnh vực cũ” đã ngừng sử dụng"):
        register_document(document, items, by=cast.clerk, assigned_by=cast.leader.person)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and not Task.objects.exists()
