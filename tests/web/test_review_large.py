"""A long document (300 tasks): its review is paginated, a page costs what a short
document's page costs, and registration checks and registers every row of every page."""

from __future__ import annotations

import re

import pytest
from conftest_intake import long_notice, make_ready_document
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dondoc.documents import review
from dondoc.documents.models import DocumentStatus
from dondoc.tasks.models import Task
from dondoc.web.intake import REVIEW_PAGE_SIZE

pytestmark = pytest.mark.django_db


def long_document(cast, count: int):
    text, extraction = long_notice(count)
    return make_ready_document(cast, text, extraction)


def page_payload(document, page: int, action: str = "save", **changes) -> dict:
    """The review form of page `page` as the browser posts it: that page's rows only."""
    draft = review.draft_of(document)
    rows = draft["rows"][(page - 1) * REVIEW_PAGE_SIZE : page * REVIEW_PAGE_SIZE]
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "review-page": str(page),
        "action": action,
    }
    for i, row in enumerate(rows):
        for name in ("key", *review.EDITABLE):
            value = row.get(name)
            if name in ("urgent", "drop"):
                if value:
                    data[f"form-{i}-{name}"] = "on"
            else:
                data[f"form-{i}-{name}"] = value if value is not None else ""
    for name, value in (draft.get("meta") or {}).items():
        data[f"meta-{name}"] = value or ""
    data["meta-assigned_by"] = draft.get("assigned_by") or ""
    data.update(changes)
    return data


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.clerk)
    return client


def task_rows(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="panel task-row[^"]*" id="task-(\d+)"', page)]


def queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_a_300_task_document_is_reviewed_a_page_at_a_time(clerk, cast):
    document = long_document(cast, 300)
    url = reverse("document-review", args=[document.pk])
    first = clerk.get(url).content.decode()
    assert task_rows(first) == list(range(25))
    assert "300 nhiệm vụ đề xuất, 300 sẽ được đăng ký; trang 1/12 (nhiệm vụ 1–25)" in first
    assert 'value="page:2"' in first and 'value="page:12"' in first
    # every unit once for the page, not once per picker
    assert first.count('<template id="unit-options">') == 1
    assert first.count(f'<option value="{cast.snv_ccvc.pk}">') == 1
    # the source pane holds every task's span: a click on one on another page opens it
    assert 'id="span-299"' in first and 'id="goto-row"' in first

    last = clerk.get(url, {"page": 12}).content.decode()
    assert task_rows(last) == list(range(275, 300))
    assert "Nhiệm vụ 300</legend>" in last and 'value="merge:299"' not in last
    assert task_rows(clerk.get(url, {"page": 99}).content.decode()) == list(range(275, 300))


def test_a_page_costs_the_same_queries_whatever_the_rows_on_other_pages(clerk, cast):
    short, long = long_document(cast, 40), long_document(cast, 300)

    def get(document):
        return lambda: clerk.get(reverse("document-review", args=[document.pk]))

    def save(document):
        return lambda: clerk.post(reverse("document-review", args=[document.pk]), page_payload(document, 1))

    get(short)(), get(long)()  # warm the session and caches alike
    assert queries(get(long)) == queries(get(short))
    assert queries(save(long)) == queries(save(short))


def test_moving_between_pages_keeps_what_was_typed(clerk, cast):
    document = long_document(cast, 300)
    url = reverse("document-review", args=[document.pk])
    response = clerk.post(url, page_payload(document, 2, "page:3", **{"form-0-products": "báo cáo quý"}))
    assert response.status_code == 302 and response["Location"] == f"{url}?page=3"
    document.refresh_from_db()
    rows = document.review["rows"]
    assert len(rows) == 300 and rows[25]["products"] == "báo cáo quý"
    # a link to a task on another page (a warning, a highlighted span) saves, then opens its page
    response = clerk.post(url, page_payload(document, 3, "goto:250", **{"form-1-urgent": "on"}))
    assert response["Location"] == f"{url}?page=11#task-250"
    document.refresh_from_db()
    assert document.review["rows"][51]["urgent"] and document.review["rows"][25]["products"] == "báo cáo quý"


def test_registration_from_one_page_registers_all_300_tasks(clerk, cast):
    document = long_document(cast, 300)
    url = reverse("document-review", args=[document.pk])
    clerk.post(url, page_payload(document, 7, **{"form-5-products": "kế hoạch"}))  # row 156
    response = clerk.post(url, page_payload(document, 1, "register", **{"form-0-urgent": "on"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.status == DocumentStatus.REGISTERED
    tasks = list(Task.objects.filter(document=document).order_by("number"))
    assert [t.number for t in tasks] == list(range(1, 301))
    assert tasks[0].urgent and tasks[155].products == ["kế hoạch"]
    assert tasks[299].content.startswith("300. Sở Nội vụ chủ trì") and tasks[299].lead_unit == cast.snv
    assert all(t.assigned_by == cast.leader.person for t in tasks)


def test_an_error_on_another_page_refuses_registration_and_says_where(clerk, cast):
    document = long_document(cast, 300)
    draft = review.draft_of(document)
    draft["rows"][250]["lead_unit"] = ""
    draft["rows"][250]["lead"] = ""
    review.save_draft(document, draft)
    url = reverse("document-review", args=[document.pk])
    response = clerk.post(
        url, page_payload(document, 1, "register", **{"form-3-products": "đề án"}), follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain == [(url, 302)] and not Task.objects.exists()
    assert "Chưa đăng ký: vui lòng sửa các lỗi được đánh dấu (nhiệm vụ 251, trang 11)." in page
    elsewhere = page.split('id="loi-trang-khac"', 1)[1].split("</div>", 1)[0]
    assert 'value="goto:250"' in elsewhere and "Nhiệm vụ 251 (trang 11)" in elsewhere
    assert "Chưa chọn đơn vị chủ trì." in elsewhere
    assert task_rows(page) == list(range(25))  # still the page the clerk was on
    document.refresh_from_db()
    assert document.review["rows"][3]["products"] == "đề án"  # nothing typed is lost
    # on its own page the row shows its error in place
    response = clerk.post(url, page_payload(document, 11, "register"), follow=True)
    assert response.redirect_chain == [(f"{url}?page=11", 302)]
    row = response.content.decode().split('id="task-250"', 1)[1].split("</fieldset>", 1)[0]
    assert "Chưa chọn đơn vị chủ trì." in row
    assert not Task.objects.exists()


# --- The page-count limit, stated and applied at upload ----------------------------------


def pdf_of(pages: int) -> bytes:
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def upload(client, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("document-upload"), {"file": SimpleUploadedFile(name, data)})


def test_the_upload_form_states_the_page_limit(clerk, settings):
    settings.UPLOAD_MAX_PAGES = 120
    page = clerk.get(reverse("document-upload")).content.decode()
    assert "Tối đa 25 MB và 120 trang một văn bản" in page


def test_a_longer_document_is_refused_at_upload_and_nothing_is_kept(clerk, cast, settings):
    from conftest_intake import media_files

    from dondoc.documents.models import Document

    settings.UPLOAD_MAX_PAGES = 3
    response = upload(clerk, "dai.pdf", pdf_of(4))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản có 4 trang, vượt giới hạn 3 trang một văn bản; không có gì được lưu." in page
    text = ("Sở Nội vụ chủ trì rà soát, tổng hợp báo cáo. " * 70 + "\n") * 4  # ~12,600 characters
    response = upload(clerk, "dai.txt", text.encode())
    assert "Văn bản dài khoảng 5 trang (ước tính theo độ dài nội dung), vượt giới hạn 3 trang" in (
        response.content.decode()
    )
    assert not Document.objects.exists() and media_files(settings) == []
    # at the limit it is taken
    response = upload(clerk, "vua.pdf", pdf_of(3))
    assert response.status_code == 302 and Document.objects.count() == 1


def test_a_doc_too_long_once_read_fails_with_the_reason_and_no_draft(cast, settings, monkeypatch):
    import hashlib

    from django.core.files.base import ContentFile

    from dondoc.documents import services
    from dondoc.documents.models import Document

    settings.UPLOAD_MAX_PAGES = 2
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a legacy Word file"
    document = Document(
        original_name="dai.doc",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type="application/msword",
        uploaded_by=cast.clerk,
    )
    document.file.save(document.sha256, ContentFile(data), save=False)
    document.save()
    text, extraction = long_notice(150)  # ~17,000 characters: about 6 pages
    monkeypatch.setattr(
        "dondoc.extraction.sandbox.extract_isolated", lambda *args, **kwargs: (text, "doc", extraction)
    )
    services.process(document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "vượt giới hạn 2 trang một văn bản; không trích xuất nhiệm vụ." in document.error
    assert not document.review and document.text == ""
