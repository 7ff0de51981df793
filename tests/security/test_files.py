"""Stored files: verified against their SHA-256 before they are served or read; an HTML
file is only ever text sent as a download; reading an upload is limited in time and
memory; a write never leaves half a file under a real name."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.extraction.sandbox import extract_isolated
from dondoc.extraction.source import ReadError
from dondoc.tasks import services
from dondoc.tasks.models import Attachment

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script><p>Bao cao</p></body></html>\n"


@pytest.fixture
def task(cast, make_task):
    return make_task("Báo cáo kết quả cải cách hành chính", lead_unit=cast.snv_ccvc, due=dt.date(2026, 6, 30))


def upload_product(task, user, name, data):
    services.report_progress(
        task, by=user, percent=20, text="Đã có dự thảo", files=[SimpleUploadedFile(name, data)]
    )
    return Attachment.objects.filter(report__task=task).latest("id")


def test_an_html_product_is_text_sent_as_a_download(client, cast, task):
    attachment = upload_product(task, cast.specialist, "bao-cao.html", HTML)
    assert attachment.content_type == "text/plain"
    client.force_login(cast.specialist)
    response = client.get(reverse("attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == HTML


def test_a_tampered_file_is_not_served(client, cast, task, caplog):
    attachment = upload_product(task, cast.specialist, "ke-hoach.txt", "Kế hoạch năm 2026\n".encode())
    path = attachment.file.path
    with open(path, "wb") as handle:
        handle.write(b"noi dung da bi thay doi")
    client.force_login(cast.specialist)
    with caplog.at_level(logging.ERROR, logger="dondoc.web.workflow"):
        response = client.get(reverse("attachment-download", args=[attachment.pk]))
    assert response.status_code == 500
    text = response.content.decode()
    assert "mã kiểm tra SHA-256 không khớp" in text
    assert "noi dung da bi thay doi" not in text
    assert any("does not match its SHA-256" in r.getMessage() for r in caplog.records)


def test_a_missing_file_is_a_vietnamese_404(client, cast, task):
    attachment = upload_product(task, cast.specialist, "ke-hoach.txt", "Kế hoạch\n".encode())
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(cast.specialist)
    response = client.get(reverse("attachment-download", args=[attachment.pk]))
    assert response.status_code == 404


def test_a_tampered_document_is_not_read(cast):
    from dondoc.documents.models import DocumentStatus
    from dondoc.documents.services import ingest, process

    document, _ = ingest(
        "THÔNG BÁO\nSở Nội vụ chủ trì xây dựng kế hoạch.\n".encode(), "tb.txt", by=cast.clerk
    )
    with open(document.file.path, "ab") as handle:
        handle.write(b"them dong")
    process(document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "SHA-256 không khớp" in document.error


def test_reading_is_stopped_after_its_time_limit():
    with pytest.raises(ReadError, match="quá thời gian cho phép"):
        extract_isolated("Sở Nội vụ chủ trì.\n".encode(), "a.txt", [], timeout=0.05)


def test_reading_is_stopped_at_its_memory_limit():
    # 20 MB of text (under the 50 MB reading limit), read in a child allowed 150 MB of
    # address space: the interpreter starts, the readers' copies of the text do not fit.
    data = ("Sở Nội vụ chủ trì xây dựng kế hoạch, hoàn thành trước ngày 30/6/2026. " * 250_000).encode()
    with pytest.raises(ReadError, match="quá nhiều bộ nhớ"):
        extract_isolated(data, "lon.txt", [], timeout=120, memory_mb=150)


def test_a_normal_document_is_read_in_the_child():
    text, fmt, result = extract_isolated(
        "UBND TỈNH LẠNG SƠN\nTHÔNG BÁO\n1. Sở Nội vụ chủ trì xây dựng kế hoạch, hoàn thành trước ngày 30/6/2026.\n".encode(),
        "tb.txt",
        [{"id": 7, "name": "Sở Nội vụ", "aliases": ["SNV"], "kind": "department"}],
        timeout=120,
    )
    assert fmt == "txt" and "Sở Nội vụ" in text
    assert any(task.get("lead_id") == 7 for task in result["tasks"])
