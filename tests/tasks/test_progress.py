"""Progress reports, contributions of coordinating units, product files and the roll-up
of children's progress to their parents."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tasks_helpers import at, notice_task, unchanged

from dondoc.tasks import services
from dondoc.tasks.choices import EventKind, ReportKind, TaskState
from dondoc.tasks.models import Attachment, Report, TaskEvent
from dondoc.tasks.services import PermissionDenied, TaskError


@pytest.fixture
def task(cast, make_task):
    return notice_task(cast, make_task)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def events_of(task, kind):
    return list(TaskEvent.objects.filter(task=task, kind=kind).order_by("id"))


def test_it_records_a_progress_report(cast, task):
    report = services.report_progress(
        task, by=cast.snv_director, percent=40, text="Đã xin ý kiến các phòng", now=at(2026, 5, 8)
    )
    task.refresh_from_db()
    assert task.progress == 40
    assert task.state == TaskState.IN_PROGRESS  # reporting means the task was taken up
    assert report.kind == ReportKind.PROGRESS and report.percent == 40
    assert report.author == cast.snv_director and report.unit == cast.snv
    (event,) = events_of(task, EventKind.PROGRESS)
    assert event.changes == {
        "progress": [0, 40],
        "state": ["new", "in_progress"],
        "report": [None, report.pk],
    }
    assert event.note == "Đã xin ý kiến các phòng"


def test_it_accepts_a_percent_from_a_form_and_lets_progress_go_down(cast, task):
    services.report_progress(task, by=cast.snv_director, percent="70", text="Đã có dự thảo")
    services.report_progress(task, by=cast.snv_director, percent=50, text="Phải làm lại phần kinh phí")
    task.refresh_from_db()
    assert task.progress == 50
    assert events_of(task, EventKind.PROGRESS)[-1].changes["progress"] == [70, 50]


@pytest.mark.parametrize("percent", [-1, 101, 40.5, "bốn mươi", None, True, float("nan")])
def test_it_refuses_a_bad_percent(cast, task, percent):
    with unchanged(task), pytest.raises(TaskError, match="Tiến độ phải"):
        services.report_progress(task, by=cast.snv_director, percent=percent, text="Đang làm")


def test_it_refuses_a_report_without_text_from_an_outsider_or_on_a_closed_task(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="không được để trống"):
        services.report_progress(task, by=cast.snv_director, percent=10, text="")
    # A division's specialist works on the child task assigned to them, not on the
    # department's task, which they do not see.
    for user in (cast.outsider, cast.followup, cast.leader, cast.specialist):
        with unchanged(task), pytest.raises(PermissionDenied, match="không có quyền báo cáo tiến độ"):
            services.report_progress(task, by=user, percent=10, text="Đang làm")
    services.submit(task, by=cast.snv_director, text="Xong")
    with unchanged(task), pytest.raises(TaskError, match="chờ đánh giá"):
        services.report_progress(task, by=cast.snv_director, percent=10, text="Đang làm")


def test_it_lets_an_assignee_outside_the_lead_unit_report(cast, make_task):
    task = make_task(lead_unit=cast.stc, assignee=cast.specialist.person)
    services.report_progress(task, by=cast.specialist, percent=20, text="Đã nhận hồ sơ")
    assert task.progress == 20


# Roll-up -----------------------------------------------------------------------------


def test_it_rolls_the_childrens_progress_up_to_the_parent(cast, task):
    first = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    second = services.assign(task, by=cast.snv_director, unit=cast.snv_tcbc, now=at(2026, 5, 4))
    services.report_progress(first, by=cast.ccvc_head, percent=40, text="Đang làm", now=at(2026, 5, 6))
    task.refresh_from_db()
    assert task.progress == 20  # (40 + 0) / 2
    services.report_progress(second, by=cast.snv_director, percent=80, text="Sắp xong", now=at(2026, 5, 7))
    task.refresh_from_db()
    assert task.progress == 60
    rollups = [e for e in events_of(task, EventKind.PROGRESS)]
    assert [e.changes["progress"] for e in rollups] == [[0, 20], [20, 60]]
    assert rollups[-1].actor == cast.snv_director
    # a cancelled child no longer counts
    services.cancel(first, by=cast.snv_director, reason="Gộp vào phòng Tổ chức", now=at(2026, 5, 8))
    task.refresh_from_db()
    assert task.progress == 80


def test_it_rolls_progress_up_the_whole_chain(cast, task):
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, now=at(2026, 5, 4))
    grandchild = services.assign(
        child, by=cast.ccvc_head, assignee=cast.specialist.person, now=at(2026, 5, 4)
    )
    services.submit(grandchild, by=cast.specialist, text="Đã hoàn thành dự thảo", now=at(2026, 5, 6))
    child.refresh_from_db()
    task.refresh_from_db()
    assert grandchild.progress == child.progress == task.progress == 100
    assert child.state == TaskState.IN_PROGRESS  # progress follows, the result is still the unit's to submit


# Contributions -------------------------------------------------------------------------


def test_it_records_a_coordinating_units_contribution(cast, task):
    report = services.contribute(
        task, by=cast.outsider, text="Sở Tài chính thống nhất dự toán", now=at(2026, 5, 9)
    )
    assert report.kind == ReportKind.CONTRIBUTION and report.unit == cast.stc and report.percent is None
    (event,) = events_of(task, EventKind.CONTRIBUTION)
    assert event.changes == {"report": [None, report.pk]}
    task.refresh_from_db()
    assert task.progress == 0 and task.state == TaskState.NEW


def test_it_refuses_a_contribution_from_outside_the_coordinating_units(cast, task):
    for user in (cast.specialist, cast.snv_director, cast.followup):
        with unchanged(task), pytest.raises(PermissionDenied, match="Chỉ đơn vị phối hợp"):
            services.contribute(task, by=user, text="Ý kiến")


# Files -------------------------------------------------------------------------------


def test_it_stores_product_files_with_their_hash(cast, task):
    docx = docx_bytes()
    upload = SimpleUploadedFile("Ke hoach.docx", docx, content_type="application/octet-stream")
    child = services.assign(task, by=cast.snv_director, assignee=cast.specialist.person, now=at(2026, 5, 4))
    report = services.report_progress(
        child,
        by=cast.specialist,
        percent=60,
        text="Gửi dự thảo",
        files=[("du-thao.pdf", PDF), upload, ("ghi-chu.txt", "Ghi chú tiếng Việt".encode())],
    )
    attachments = {a.original_name: a for a in report.attachments.all()}
    assert set(attachments) == {"du-thao.pdf", "Ke hoach.docx", "ghi-chu.txt"}
    pdf = attachments["du-thao.pdf"]
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()
    assert pdf.size == len(PDF)
    assert pdf.content_type == "application/pdf"
    assert pdf.file.read() == PDF
    assert pdf.file.name == f"products/{pdf.sha256[:2]}/{pdf.sha256}"  # no user-chosen path
    assert attachments["Ke hoach.docx"].content_type.endswith("wordprocessingml.document")
    assert attachments["ghi-chu.txt"].content_type == "text/plain"


def test_it_attaches_files_to_the_result(cast, task):
    report = services.submit(task, by=cast.snv_director, text="Kế hoạch đã ban hành", files=[("kh.pdf", PDF)])
    assert report.attachments.get().sha256 == hashlib.sha256(PDF).hexdigest()


def test_it_rejects_a_program_renamed_pdf_by_its_content(cast, task):
    with unchanged(task), pytest.raises(TaskError, match="“ke-hoach.pdf” không thuộc loại được phép"):
        services.report_progress(
            task,
            by=cast.snv_director,
            percent=50,
            text="Gửi file",
            files=[("du-thao.pdf", PDF), ("ke-hoach.pdf", EXE)],
        )
    assert not Attachment.objects.exists()
    assert not Report.objects.exists()


def test_it_rejects_empty_oversized_and_binary_files(cast, task, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with unchanged(task), pytest.raises(TaskError, match="rỗng"):
        services.contribute(task, by=cast.outsider, text="Ý kiến", files=[("y-kien.pdf", b"")])
    with unchanged(task), pytest.raises(TaskError, match="quá lớn"):
        services.contribute(task, by=cast.outsider, text="Ý kiến", files=[("lon.pdf", PDF + b"0" * 2000)])
    with unchanged(task), pytest.raises(TaskError, match="không thuộc loại được phép"):
        services.submit(task, by=cast.snv_director, text="Xong", files=[("bang.txt", b"\x00\x01\x02binary")])


def test_it_keeps_one_blob_for_the_same_product_attached_twice(cast, task):
    first = services.report_progress(
        task, by=cast.snv_director, percent=50, text="Dự thảo", files=[("a.pdf", PDF)]
    )
    second = services.submit(task, by=cast.snv_director, text="Bản cuối", files=[("b.pdf", PDF)])
    one, two = first.attachments.get(), second.attachments.get()
    assert one.file.name == two.file.name == f"products/{one.sha256[:2]}/{one.sha256}"
    assert two.original_name == "b.pdf"


def test_it_checks_permission_before_the_input(cast, task):
    with unchanged(task), pytest.raises(PermissionDenied):
        services.report_progress(task, by=cast.outsider, percent=500, text="", files=[("x.pdf", EXE)])


def test_it_rounds_the_average_half_up(cast, task):
    children = [
        services.assign(task, by=cast.snv_director, unit=unit, now=at(2026, 5, 4))
        for unit in (cast.snv_ccvc, cast.snv_tcbc)
    ]
    services.report_progress(children[0], by=cast.snv_director, percent=25, text="Đang làm")
    task.refresh_from_db()
    assert task.progress == 13  # 12.5
