"""Intake screens: upload, document list and page, progress, review, registration."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest_intake import NOTICE, make_ready_document, media_files, payload
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.documents.models import Document, DocumentStatus
from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import Task, TaskEvent

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def login(client, cast):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def upload(client, name: str, data: bytes):
    return client.post(reverse("document-upload"), {"file": SimpleUploadedFile(name, data)})


# --- permissions -------------------------------------------------------------------------


def test_it_sends_anonymous_users_to_the_login_page(client, cast):
    document = make_ready_document(cast)
    for url in (
        reverse("document-list"),
        reverse("document-upload"),
        reverse("document-detail", args=[document.pk]),
        reverse("document-status", args=[document.pk]),
        reverse("document-review", args=[document.pk]),
        reverse("document-tasks", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"], url


def test_it_refuses_intake_to_a_specialist(login, cast):
    document = make_ready_document(cast)
    client = login(cast.specialist)
    assert client.get(reverse("document-upload")).status_code == 403
    assert client.get(reverse("document-review", args=[document.pk])).status_code == 403
    assert client.post(reverse("document-review", args=[document.pk]), payload(document)).status_code == 403
    assert client.post(reverse("document-delete", args=[document.pk])).status_code == 403
    assert client.post(reverse("document-retry", args=[document.pk])).status_code == 403
    # a document that gives their unit nothing is not theirs to see
    assert client.get(reverse("document-detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("document-status", args=[document.pk])).status_code == 404
    assert Task.objects.count() == 0


def test_it_lets_clerks_followup_and_admins_upload(login, cast):
    from dondoc.org.choices import Role
    from dondoc.org.models import User, UserRole

    admin = User.objects.create(username="qtv")
    UserRole.objects.create(user=admin, role=Role.ADMIN)
    for user in (cast.clerk, cast.followup, admin):
        page = login(user).get(reverse("document-upload"))
        assert page.status_code == 200
        assert "Tải lên văn bản giao nhiệm vụ" in page.content.decode()


def test_the_list_shows_a_specialist_only_documents_with_tasks_they_see(login, cast):
    mine = make_ready_document(cast)
    other = make_ready_document(cast, NOTICE + "\nbản khác")
    login(cast.clerk).post(
        reverse("document-review", args=[mine.pk]),
        payload(mine, **{"form-1-drop": "on"}),  # the Finance task is not registered
    )
    client = login(cast.specialist)
    # a task led by their department's parent is not theirs: give one to their division
    Task.objects.filter(document=mine).update(lead_unit=cast.snv_ccvc)
    page = client.get(reverse("document-list")).content.decode()
    assert reverse("document-detail", args=[mine.pk]) in page
    assert reverse("document-detail", args=[other.pk]) not in page
    assert client.get(reverse("document-detail", args=[mine.pk])).status_code == 200
    # Finance coordinates task 1: its staff see the document until that is undone
    assert (
        reverse("document-detail", args=[mine.pk])
        in login(cast.outsider).get(reverse("document-list")).content.decode()
    )
    Task.coordinating_units.through.objects.all().delete()
    outsider_page = login(cast.outsider).get(reverse("document-list")).content.decode()
    assert "Chưa có văn bản nào" in outsider_page


def test_the_list_has_an_empty_state(login, cast):
    page = login(cast.clerk).get(reverse("document-list")).content.decode()
    assert "Chưa có văn bản nào" in page
    assert reverse("document-upload") in page


# --- upload ------------------------------------------------------------------------------


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("thong-bao.docx", PNG, "Tệp này là ảnh, không phải văn bản"),
        ("thong-bao.docx", _zip({"hello.txt": b"xin chao"}), "không phải văn bản Word (.docx)"),
        ("thong-bao.docx", b"PK\x03\x04 broken", "Tệp nén (ZIP) bị hỏng"),
        (
            "thong-bao.txt",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 20,
            "Tệp không phải văn bản",
        ),
        ("thong-bao.txt", b"", "Tệp rỗng"),
    ],
)
def test_it_refuses_by_content_and_keeps_nothing(login, cast, settings, name, data, message):
    response = upload(login(cast.clerk), name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_it_refuses_an_oversized_file(login, cast, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = upload(login(cast.clerk), "thong-bao.txt", ("Nội dung " * 200).encode())
    page = response.content.decode()
    assert "Tệp quá lớn" in page and "giới hạn là 1000 byte" in page
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_it_accepts_plain_text_and_queues_it(login, cast, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(login(cast.clerk), "thong-bao.txt", NOTICE.encode())
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("document-detail", args=[document.pk])
    assert document.status == DocumentStatus.PENDING
    assert document.content_type == "text/plain"
    assert document.uploaded_by == cast.clerk
    assert len(callbacks) == 1  # the job, enqueued once the row is committed
    assert len(media_files(settings)) == 1


def test_it_recognises_the_same_file_uploaded_twice(login, cast, django_capture_on_commit_callbacks):
    upload(login(cast.clerk), "thong-bao.txt", NOTICE.encode())
    first = Document.objects.get()
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(login(cast.followup), "ban-sao.txt", NOTICE.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Văn bản này đã được tải lên ngày {first.created_at.astimezone().strftime('%d/%m/%Y')}" in page
    assert "bởi Hoàng Thị Lan" in page
    assert reverse("document-detail", args=[first.pk]) in page
    assert Document.objects.count() == 1
    assert callbacks == []


# --- the background job ------------------------------------------------------------------


def _fake_extract(source, gazetteer=None):
    from conftest_intake import extraction_for

    return extraction_for(source.text)


def test_the_job_reads_and_extracts_then_the_review_is_ready(
    login, cast, immediate, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("dondoc.extraction.extract", _fake_extract, raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(login(cast.clerk), "thong-bao.txt", NOTICE.encode())
    document = Document.objects.get()
    assert document.status == DocumentStatus.READY, document.error
    assert document.progress == 100
    assert document.proposed_count == 3
    assert document.symbol == "TB-UBND"
    assert document.review["rows"][0]["lead_unit"] == str(cast.snv.pk)
    assert document.review["rows"][0]["coordinating_units"] == [str(cast.stc.pk)]
    page = login(cast.clerk).get(response["Location"]).content.decode()
    assert reverse("document-review", args=[document.pk]) in page
    assert "3 nhiệm vụ" in page


def test_a_failing_read_leaves_a_failed_document_with_the_reason(
    login, cast, immediate, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from dondoc.extraction.source import ReadError

    def broken(data, name=None):
        raise ReadError("Tệp PDF bị hỏng, không đọc được.")

    monkeypatch.setattr("dondoc.extraction.readers.read_bytes", broken)
    with django_capture_on_commit_callbacks(execute=True):
        upload(login(cast.clerk), "thong-bao.pdf", b"%PDF-1.4 not really")
    document = Document.objects.get()
    assert document.status == DocumentStatus.FAILED
    page = login(cast.clerk).get(reverse("document-detail", args=[document.pk])).content.decode()
    assert "Tệp PDF bị hỏng, không đọc được." in page
    assert reverse("document-delete", args=[document.pk]) in page
    status = login(cast.clerk).get(reverse("document-status", args=[document.pk])).json()
    assert status["status"] == "failed" and status["error"] == "Tệp PDF bị hỏng, không đọc được."

    # dismissing it leaves no row and no file
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.clerk).post(reverse("document-delete", args=[document.pk]))
    assert response.status_code == 302
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_only_the_uploader_or_an_admin_deletes(login, cast, monkeypatch):
    document = make_ready_document(cast)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED, error="Hỏng")
    assert login(cast.followup).post(reverse("document-delete", args=[document.pk])).status_code == 403
    assert Document.objects.count() == 1


def test_a_failed_document_can_be_read_again(
    login, cast, immediate, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("dondoc.extraction.extract", _fake_extract, raising=False)
    document = make_ready_document(cast)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED, error="Thiếu OCR")
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.clerk).post(reverse("document-retry", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.error == ""


def test_the_page_of_a_document_being_read_shows_its_progress(login, cast):
    document = make_ready_document(cast)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING, progress=60)
    client = login(cast.clerk)
    page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    assert 'value="60"' in page
    assert reverse("document-status", args=[document.pk]) in page
    assert 'http-equiv="refresh"' in page  # without JavaScript
    data = client.get(reverse("document-status", args=[document.pk])).json()
    assert data == {
        "status": "processing",
        "label": "Đang đọc và trích xuất",
        "progress": 60,
        "error": "",
        "working": True,
    }


# --- review ------------------------------------------------------------------------------


def test_the_review_highlights_each_span_and_escapes_the_source(login, cast):
    document = make_ready_document(cast)
    page = login(cast.clerk).get(reverse("document-review", args=[document.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for index in range(3):
        assert f'<mark id="span-{index}"' in page
        assert f'href="#span-{index}"' in page
    assert '<mark id="span-0" class="span" data-row="0" title="Nhiệm vụ 1">1. Sở Nội vụ chủ trì' in page
    # the lead as written beside the select, the select preselected
    assert "Như ghi trong văn bản: Sở Nội vụ" in page
    assert f'<option value="{cast.snv.pk}" selected>Sở Nội vụ</option>' in page
    # the assigning leader guessed from the subject
    assert f'<option value="{cast.leader.person.pk}" selected>' in page


def test_the_review_page_costs_a_bounded_number_of_queries(login, cast, django_assert_max_num_queries):
    from conftest_intake import extraction_for

    text = NOTICE
    extraction = extraction_for(text)
    extraction["tasks"] = extraction["tasks"] * 20  # 60 rows
    document = make_ready_document(cast, text, extraction)
    client = login(cast.clerk)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("document-review", args=[document.pk]))
    # A page of rows at a time (tests/web/test_review_large.py: the pages and registration).
    assert response.content.decode().count('class="panel task-row') == 25


def test_it_registers_the_reviewed_tasks_with_their_events(login, cast):
    document = make_ready_document(cast)
    data = payload(document, **{"form-1-text": "Sở Tài chính bố trí kinh phí (đã sửa)", "meta-number": "13"})
    response = login(cast.clerk).post(reverse("document-review", args=[document.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("document-tasks", args=[document.pk])
    tasks = list(Task.objects.filter(document=document).order_by("number"))
    assert [t.number for t in tasks] == [1, 2, 3]
    assert tasks[0].lead_unit == cast.snv and list(tasks[0].coordinating_units.all()) == [cast.stc]
    assert tasks[0].products == ["kế hoạch"]
    assert str(tasks[0].due_date) == "2026-05-29"
    assert tasks[0].source_excerpt().startswith("1. Sở Nội vụ chủ trì")
    assert tasks[1].content == "Sở Tài chính bố trí kinh phí (đã sửa)"
    assert tasks[2].recurrence == "monthly" and tasks[2].due_date is None
    assert all(t.assigned_by == cast.leader.person for t in tasks)
    assert all(t.created_by == cast.clerk for t in tasks)
    assert TaskEvent.objects.filter(task__document=document, kind=EventKind.CREATED).count() == 3
    document.refresh_from_db()
    assert document.status == DocumentStatus.REGISTERED and document.number == "13"
    page = login(cast.clerk).get(response["Location"]).content.decode()
    assert "Sở Tài chính bố trí kinh phí (đã sửa)" in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"form-1-lead_unit": ""}, "Chưa chọn đơn vị chủ trì."),
        ({"form-1-text": "   "}, "Nội dung nhiệm vụ không được để trống."),
        ({"form-1-due": "2026-02-31"}, "Ngày không hợp lệ"),
        ({"form-1-text": "Phần một\n---\nPhần hai"}, "bấm “Tách”"),
    ],
)
def test_a_bad_row_creates_nothing_and_keeps_the_draft(login, cast, change, message):
    document = make_ready_document(cast)
    data = payload(document, **{"form-0-text": "Nội dung đã sửa, không được mất", **change})
    url = reverse("document-review", args=[document.pk])
    response = login(cast.clerk).post(url, data, follow=True)
    page = response.content.decode()
    # post/redirect/get: the errors come back on the review page itself, once
    assert response.status_code == 200 and response.redirect_chain == [(url, 302)]
    assert message in page
    # the message sits in the row at fault
    row = page[page.index('id="task-1"') : page.index('id="task-2"')]
    assert message in row
    assert Task.objects.count() == 0
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.review["rows"][0]["text"] == "Nội dung đã sửa, không được mất"
    # and a reload shows what was typed
    again = login(cast.clerk).get(reverse("document-review", args=[document.pk])).content.decode()
    assert "Nội dung đã sửa, không được mất" in again


def test_a_dropped_row_is_not_registered_and_not_checked(login, cast):
    document = make_ready_document(cast)
    data = payload(document, **{"form-1-drop": "on", "form-1-lead_unit": "", "form-1-due": "bad"})
    response = login(cast.clerk).post(reverse("document-review", args=[document.pk]), data)
    assert response.status_code == 302
    assert list(Task.objects.order_by("number").values_list("number", "content")) == [
        (1, document.review["rows"][0]["text"]),
        (2, document.review["rows"][2]["text"]),
    ]


def test_dropping_everything_registers_nothing(login, cast):
    document = make_ready_document(cast)
    data = payload(document, **{f"form-{i}-drop": "on" for i in range(3)})
    url = reverse("document-review", args=[document.pk])
    page = login(cast.clerk).post(url, data, follow=True).content.decode()
    assert "tất cả đều đã bị bỏ" in page
    assert Task.objects.count() == 0


def test_merging_joins_a_task_with_the_next(login, cast):
    document = make_ready_document(cast)
    client = login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    response = client.post(url, payload(document, action="merge:0"))
    assert response.status_code == 302 and response["Location"] == f"{url}#task-0"
    document.refresh_from_db()
    rows = document.review["rows"]
    assert len(rows) == 2
    assert rows[0]["text"].startswith("1. Sở Nội vụ") and "2. Sở Tài chính rà soát" in rows[0]["text"]
    assert rows[0]["span"]["start"] == NOTICE.index("1. Sở")
    assert rows[0]["span"]["end"] == NOTICE.index("\n", NOTICE.index("2. Sở"))
    client.post(url, payload(document))
    tasks = list(Task.objects.order_by("number"))
    assert len(tasks) == 2
    assert "2. Sở Tài chính rà soát" in tasks[0].content
    assert tasks[0].lead_unit == cast.snv and tasks[0].due_date.isoformat() == "2026-05-29"


def test_splitting_at_a_dashed_line_makes_two_tasks(login, cast):
    document = make_ready_document(cast)
    client = login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    first = "1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch bồi dưỡng cán bộ,"
    second = "trình UBND tỉnh trước ngày 30/5/2026."
    # as a browser posts it: CRLF line breaks
    client.post(url, payload(document, action="split:0", **{"form-0-text": f"{first}\r\n---\r\n{second}"}))
    document.refresh_from_db()
    rows = document.review["rows"]
    assert [r["text"] for r in rows[:2]] == [first, second]
    assert NOTICE[rows[1]["span"]["start"] : rows[1]["span"]["end"]] == second
    assert rows[1]["lead_unit"] == str(cast.snv.pk)
    # the split part gets another lead before registering
    client.post(url, payload(document, **{"form-1-lead_unit": str(cast.stc.pk)}))
    tasks = list(Task.objects.order_by("number"))
    assert [(t.content, t.lead_unit) for t in tasks[:2]] == [(first, cast.snv), (second, cast.stc)]
    assert len(tasks) == 4


def test_splitting_without_a_marker_duplicates_the_row(login, cast):
    document = make_ready_document(cast)
    login(cast.clerk).post(
        reverse("document-review", args=[document.pk]), payload(document, action="split:2")
    )
    document.refresh_from_db()
    rows = document.review["rows"]
    assert len(rows) == 4 and rows[2]["text"] == rows[3]["text"]
    assert rows[2]["key"] != rows[3]["key"]


def test_saving_a_draft_applies_dashed_lines_and_restore_undoes_everything(login, cast):
    document = make_ready_document(cast)
    client = login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    client.post(url, payload(document, action="save", **{"form-2-text": "A\n----\nB", "form-0-drop": "on"}))
    document.refresh_from_db()
    assert [r["text"] for r in document.review["rows"]][2:] == ["A", "B"]
    assert document.review["rows"][0]["drop"] is True
    client.post(url, payload(document, action="restore"))
    document.refresh_from_db()
    assert len(document.review["rows"]) == 3 and not document.review["rows"][0]["drop"]


def test_registering_twice_is_refused(login, cast):
    document = make_ready_document(cast)
    client = login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    data = payload(document)
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "đã được đăng ký nhiệm vụ" in response.content.decode()
    assert Task.objects.count() == 3


def test_the_review_of_a_document_not_read_yet_redirects(login, cast):
    document = make_ready_document(cast)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING)
    response = login(cast.clerk).get(reverse("document-review", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("document-detail", args=[document.pk])


def test_the_list_costs_a_bounded_number_of_queries(login, cast, django_assert_max_num_queries):
    for n in range(12):
        document = make_ready_document(cast, NOTICE + f"\nbản {n}")
        if n % 3 == 0:
            login(cast.clerk).post(reverse("document-review", args=[document.pk]), payload(document))
    # the counts are of the tasks the user may see: Finance's task is not the director's
    for user, count in ((cast.clerk, 3), (cast.snv_director, 2)):
        client = login(user)
        with django_assert_max_num_queries(10):
            page = client.get(reverse("document-list")).content.decode()
        assert f"{count} nhiệm vụ</a>" in page


def test_a_document_without_tasks_cannot_be_registered_but_can_be_deleted(login, cast, settings):
    from conftest_intake import extraction_for

    extraction = extraction_for(NOTICE)
    extraction["tasks"] = []
    extraction["warnings"] = ["Văn bản quét, chất lượng nhận dạng thấp."]
    document = make_ready_document(cast, NOTICE, extraction)
    client = login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Không tìm thấy nhiệm vụ nào trong văn bản." in page
    assert "Văn bản quét, chất lượng nhận dạng thấp." in page
    page = client.post(url, payload(document), follow=True).content.decode()
    assert "Văn bản không có nhiệm vụ nào để đăng ký" in page
    assert client.post(reverse("document-delete", args=[document.pk])).status_code == 302
    assert Document.objects.count() == 0
