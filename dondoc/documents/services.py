"""Intake: store an uploaded document, read and extract it, propose its tasks.

The extractor (`dondoc.extraction`) does the reading; this module ties its output to
the database: units resolved against the Unit table, metadata on the Document. The
reviewed proposals are registered as tasks by `dondoc.tasks.registration`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.extraction.source import ReadError
from dondoc.org.gazetteer import build_gazetteer, resolve_unit

from .models import Document, DocumentStatus

log = logging.getLogger(__name__)


class IntakeError(Exception):
    """A refused upload; `str(exc)` is the Vietnamese message for the user. Nothing was saved."""


# Sniffed from the bytes, never from the file name.
def sniff_content_type(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    return "text/plain"


def ingest(data: bytes, original_name: str, *, by=None) -> tuple[Document, bool]:
    """Store an upload, or find the same file stored before (by its SHA-256).

    Returns (document, created). Raises IntakeError, saving nothing, for an empty or
    oversized file or one that is not a document dondoc can read.
    """
    if not data:
        raise IntakeError("Tệp rỗng, không có nội dung.")
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise IntakeError(
            f"Tệp quá lớn ({len(data) // 1024 // 1024} MB); giới hạn là {limit // 1024 // 1024} MB."
        )
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    content_type = sniff_content_type(data)
    if content_type == "text/plain" and b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 text without a BOM also has NULs; the reader decides, a cheap probe here.
        from dondoc.extraction.readers import read_bytes

        try:
            read_bytes(data, original_name)
        except ReadError as exc:
            raise IntakeError(str(exc)) from exc
    name = (original_name or "van-ban").replace("/", "_").replace("\\", "_")[:255]
    try:
        with transaction.atomic():
            document = Document(
                original_name=name, sha256=digest, size=len(data), content_type=content_type, uploaded_by=by
            )
            document.file.save(digest, ContentFile(data), save=False)
            document.save()
    except IntegrityError:
        # Two uploads of the same file at once: the other one won; use its row.
        document.file.delete(save=False)
        return Document.objects.get(sha256=digest), False
    return document, True


def process(document: Document) -> Document:
    """Read and extract `document`, filling its text and metadata (status READY), or
    record why it cannot be read (status FAILED, message in `error`)."""
    from dondoc.extraction import extract
    from dondoc.extraction.readers import read_bytes

    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING, progress=10)
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        source = read_bytes(data, document.original_name)
        Document.objects.filter(pk=document.pk).update(progress=60)
        result = extract(source, gazetteer=build_gazetteer())
    except ReadError as exc:
        document.status = DocumentStatus.FAILED
        document.error = str(exc)
        document.progress = 100
        document.save(update_fields=["status", "error", "progress"])
        return document
    except Exception:  # a bug must not leave the document "processing" forever
        log.exception("extraction failed for document %s", document.pk)
        document.status = DocumentStatus.FAILED
        document.error = "Lỗi hệ thống khi đọc văn bản. Vui lòng báo quản trị viên."
        document.progress = 100
        document.save(update_fields=["status", "error", "progress"])
        return document
    apply_metadata(document, source.text, source.format, result)
    document.status = DocumentStatus.READY
    document.progress = 100
    document.error = ""
    document.save()
    return document


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def apply_metadata(document: Document, text: str, source_format: str, result: dict) -> None:
    meta = result.get("document") or {}
    signer = meta.get("signer") or {}
    document.text = text
    document.source_format = source_format
    document.extraction = result
    document.kind = (meta.get("kind") or "")[:10]
    document.number = (meta.get("number") or "")[:20]
    document.symbol = (meta.get("symbol") or "")[:60]
    document.place = (meta.get("place") or "")[:120]
    document.issued_on = _date(meta.get("issued_on"))
    document.issued_text = (meta.get("issued_text") or "")[:120]
    document.issued_year = meta.get("issued_year") or (
        document.issued_on.year if document.issued_on else None
    )
    document.subject = meta.get("subject") or ""
    document.issuing_body = (meta.get("issuer") or meta.get("issuing_body") or "")[:255]
    document.signer_name = (signer.get("name") or "")[:120]
    document.signer_title = (signer.get("title") or "")[:160]
    document.signing_authority = (signer.get("authority") or "")[:160]
    document.recipients = meta.get("recipients") or []
    document.meeting_on = _date(meta.get("meeting_on"))
    document.chaired_by = (meta.get("chaired_by") or "")[:255]


def assignment_date(document: Document) -> dt.date:
    """The day the tasks were given: the issue date, else the meeting date, else the upload day."""
    return document.issued_on or document.meeting_on or timezone.localdate(document.created_at)


def proposals(document: Document) -> list[dict]:
    """The extracted tasks of `document`, each with `lead_unit`/`coordinating_units` resolved."""
    result = document.extraction or {}
    out = []
    for index, task in enumerate(result.get("tasks") or []):
        deadline = task.get("deadline") or {}
        out.append(
            {
                "index": index,
                "text": task.get("text") or "",
                "section": task.get("section") or [],
                "span": task.get("span") or {},
                "lead": task.get("lead") or "",
                "lead_unit": resolve_unit(task.get("lead"), task.get("lead_id")),
                "coordinators": task.get("coordinators") or [],
                "coordinating_units": [
                    u
                    for u in (
                        resolve_unit(name, uid)
                        for name, uid in zip(
                            task.get("coordinators") or [],
                            (task.get("coordinator_ids") or [])
                            + [None] * len(task.get("coordinators") or []),
                            strict=False,
                        )
                    )
                    if u is not None
                ],
                "products": task.get("products") or [],
                "deadline_text": deadline.get("text") or "",
                "due": _date(deadline.get("due")),
                "urgent": bool(task.get("urgent")),
                "recurrence": task.get("recurrence") or "",
            }
        )
    return out
