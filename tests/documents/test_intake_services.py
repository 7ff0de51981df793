"""Intake services: checking uploads by content, storing, the job, deleting, the review draft."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dondoc.documents import jobs, review
from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.services import IntakeError, delete_document, human_size, ingest, sniff_content_type

pytestmark = pytest.mark.django_db


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_it_tells_the_type_from_the_content_not_the_name():
    assert sniff_content_type(b"%PDF-1.7\n...") == "application/pdf"
    assert sniff_content_type(_docx()).endswith("wordprocessingml.document")
    assert sniff_content_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == "application/msword"
    assert sniff_content_type("Thông báo kết luận".encode()) == "text/plain"
    assert sniff_content_type("Thông báo".encode("utf-16")) == "text/plain"  # with a BOM
    assert sniff_content_type("Thông báo kết luận".encode("utf-16-le")) == "text/plain"  # without
    assert sniff_content_type("Th\xf4ng b\xe1o".encode("cp1258")) == "text/plain"
    for refused in (
        b"\x89PNG\r\n\x1a\n....",
        b"\xff\xd8\xff\xe0",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"{\\rtf1 x",
    ):
        with pytest.raises(IntakeError):
            sniff_content_type(refused)


def test_sizes_read_the_vietnamese_way():
    assert human_size(25 * 1024 * 1024) == "25 MB"
    assert human_size(1536 * 1024) == "1,5 MB"
    assert human_size(2048) == "2 KB"
    assert human_size(100) == "100 byte"


def test_it_stores_once_by_content(cast, settings):
    first, created = ingest(b"Noi dung", "a.txt", by=cast.clerk)
    again, created_again = ingest(b"Noi dung", "b.txt", by=cast.followup)
    assert created and not created_again and again.pk == first.pk
    assert Document.objects.count() == 1 and len(_files(settings)) == 1
    assert Path(first.file.path).name == first.sha256  # no user-chosen name on disk


def test_a_refused_upload_leaves_no_row_and_no_file(cast, settings):
    settings.UPLOAD_MAX_BYTES = 10
    for data in (b"", b"x" * 11):
        with pytest.raises(IntakeError):
            ingest(data, "a.txt")
    settings.UPLOAD_MAX_BYTES = 10_000
    with pytest.raises(IntakeError, match="không phải văn bản Word"):
        ingest(b"PK\x05\x06" + b"\x00" * 18, "a.docx")
    assert Document.objects.count() == 0 and _files(settings) == []


def test_a_failed_save_removes_the_stored_file(cast, settings, monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Document, "save", boom)
    with pytest.raises(RuntimeError):
        ingest(b"Noi dung", "a.txt")
    assert _files(settings) == []


def test_the_job_claims_its_document_once(cast, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "dondoc.documents.services.process", lambda document: calls.append(document.pk) or document
    )
    document, _ = ingest(b"Noi dung", "a.txt")
    assert jobs.process_document.call(document.pk) == DocumentStatus.PROCESSING
    assert jobs.process_document.call(document.pk) == "skipped"  # already claimed
    assert jobs.process_document.call(document.pk + 1000) == "skipped"  # gone
    assert calls == [document.pk]


def test_upload_enqueues_after_commit_only(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        jobs.upload(b"Noi dung", "a.txt", by=cast.clerk)
        jobs.upload(b"Noi dung", "a.txt", by=cast.clerk)  # the same file: not queued again
    assert len(callbacks) == 1


def test_deleting_removes_the_file_after_commit(stored, settings, django_capture_on_commit_callbacks):
    stored.status = DocumentStatus.FAILED
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_document(stored)
    assert Document.objects.count() == 0
    assert len(_files(settings)) == 1  # not yet: the transaction could still roll back
    callbacks[0]()
    assert _files(settings) == []


def test_a_registered_document_cannot_be_deleted(stored):
    stored.status = DocumentStatus.REGISTERED
    with pytest.raises(IntakeError):
        delete_document(stored)


def test_the_initial_draft_resolves_units_by_name_and_alias(stored, cast):
    rows = stored.review["rows"]
    assert [r["lead_unit"] for r in rows] == [str(cast.snv.pk), str(cast.stc.pk)]
    assert rows[0]["due"] == "2026-05-31" and rows[0]["products"] == "kế hoạch"
    assert stored.review["meta"]["kind"] == "TB"


def test_merge_and_split_keep_spans_in_the_source(stored):
    TEXT = stored.text
    draft = review.draft_of(stored)
    assert review.merge_with_next(draft, 0)
    assert not review.merge_with_next(draft, 0)  # nothing after the last
    (row,) = draft["rows"]
    assert TEXT[row["span"]["start"] : row["span"]["end"]] == (
        "1. Sở Nội vụ chủ trì xây dựng kế hoạch.\n2. Sở Tài chính bố trí kinh phí."
    )
    assert row["due"] == "2026-05-31"
    row["text"] = "1. Sở Nội vụ chủ trì\n---\nxây dựng kế hoạch."
    assert review.split(draft, 0, TEXT) == 2
    first, second = draft["rows"]
    assert TEXT[second["span"]["start"] : second["span"]["end"]] == "xây dựng kế hoạch."
    assert first["key"] != second["key"]


def test_capture_keeps_the_source_data_server_side(stored):
    draft = review.draft_of(stored)
    posted = [{"key": "k2", "text": "B", "span": {"start": 0, "end": 3}}, {"key": "forged", "text": "C"}]
    new = review.capture(draft, posted, {"kind": "CV"}, None)
    # The rows not posted (another page of the review) are kept as they were.
    assert [row["text"] for row in new["rows"]] == [draft["rows"][0]["text"], "B", "C"]
    assert new["rows"][1]["span"] == draft["rows"][1]["span"]  # not what was posted
    assert new["rows"][2]["span"] == {} and new["rows"][2]["key"] not in ("forged", "k1", "k2")
    assert new["meta"]["kind"] == "CV" and new["assigned_by"] == ""
