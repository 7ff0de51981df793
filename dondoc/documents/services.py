"""Intake: store an uploaded document, read and extract it, propose its tasks.

The extractor (`dondoc.extraction`) does the reading; this module ties its output to
the database: units resolved against the Unit table, metadata on the Document. The
reviewed proposals are registered as tasks by `dondoc.tasks.registration`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import logging
import re
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dondoc.extraction.source import ReadError
from dondoc.lib.text import fold
from dondoc.org.gazetteer import resolve_unit

from .models import Document, DocumentStatus

log = logging.getLogger(__name__)


# The storage is full (ENOSPC), over quota (EDQUOT) or over the file size limit (EFBIG).
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DISK_FULL_MESSAGE = (
    "Máy chủ hết dung lượng lưu trữ nên chưa lưu được tệp; không có gì được lưu. "
    "Vui lòng báo quản trị hệ thống, rồi tải lên lại."
)


class IntakeError(Exception):
    """A refused upload; `str(exc)` is the Vietnamese message for the user. Nothing was saved."""


SUPPORTED = "Chỉ nhận văn bản .docx, .doc, .pdf (kể cả bản quét) hoặc .txt."
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def human_size(size: int) -> str:
    """ "25 MB", "1,5 MB", "300 KB": a size as a Vietnamese reader writes it (decimal comma)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = f"{size / scale:.1f}".rstrip("0").rstrip(".")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} byte"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    # UTF-16 without a byte order mark: zero bytes nearly all on one side.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if (even > half * 0.3 and odd == 0) or (odd > half * 0.3 and even == 0):
        return False
    return len(_CONTROL.findall(sample)) > 0


def sniff_content_type(data: bytes) -> str:
    """The content type told from the bytes, never from the file name (users rename files,
    browsers send "blob"). Raises IntakeError for what dondoc cannot read as a document."""
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    if data.startswith(_OLE2):
        return "application/msword"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise IntakeError(f"Tệp nén (ZIP) bị hỏng, không đọc được. {SUPPORTED}") from exc
        if "word/document.xml" not in names:
            raise IntakeError(f"Tệp nén (ZIP) này không phải văn bản Word (.docx). {SUPPORTED}")
        return DOCX
    if data.startswith(_IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise IntakeError(
            f"Tệp này là ảnh, không phải văn bản. {SUPPORTED} Văn bản giấy hãy quét thành tệp PDF."
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise IntakeError(f"Định dạng RTF chưa được hỗ trợ; hãy lưu lại thành .docx. {SUPPORTED}")
    if _looks_binary(data):
        raise IntakeError(f"Tệp không phải văn bản (có thể là chương trình hoặc định dạng khác). {SUPPORTED}")
    return "text/plain"


def ingest(data: bytes, original_name: str, *, by=None) -> tuple[Document, bool]:
    """Store an upload, or find the same file stored before (by its SHA-256).

    Returns (document, created). Raises IntakeError, saving nothing (no row, no file),
    for an empty or oversized file or one that is not a document dondoc can read.
    """
    if not data:
        raise IntakeError("Tệp rỗng, không có nội dung.")
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise IntakeError(f"Tệp quá lớn ({human_size(len(data))}); giới hạn là {human_size(limit)}.")
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=digest).select_related("uploaded_by__person").first()
    if existing is not None:
        return existing, False
    content_type = sniff_content_type(data)
    check_page_count(data)
    name = (original_name or "van-ban").replace("/", "_").replace("\\", "_")[:255]
    document = Document(
        original_name=name, sha256=digest, size=len(data), content_type=content_type, uploaded_by=by
    )
    try:
        with transaction.atomic():
            document.file.save(digest, ContentFile(data), save=False)
            document.save()
    except OSError as exc:
        if exc.errno in DISK_FULL:
            log.error("upload %s not stored: %s", name, exc)
            raise IntakeError(DISK_FULL_MESSAGE) from exc
        raise
    except IntegrityError:
        # Two uploads of the same file at once: the other one won; use its row. Our
        # file got another name from the storage, so deleting it leaves theirs.
        document.file.delete(save=False)
        return Document.objects.get(sha256=digest), False
    except BaseException:
        if document.file.name:
            document.file.delete(save=False)
        raise
    return document, True


def too_long_message(pages: int, *, exact: bool, outcome: str = "không có gì được lưu") -> str:
    limit = settings.UPLOAD_MAX_PAGES
    length = f"có {pages} trang" if exact else f"dài khoảng {pages} trang (ước tính theo độ dài nội dung)"
    return (
        f"Văn bản {length}, vượt giới hạn {limit} trang một văn bản; {outcome}. "
        "Hãy tách văn bản thành các tệp ngắn hơn (ví dụ tách phụ lục) rồi tải lên từng tệp."
    )


def check_page_count(data: bytes) -> None:
    """Refuse (IntakeError) a document longer than UPLOAD_MAX_PAGES, told before anything
    is stored (`dondoc.extraction.pages`); one that cannot be counted yet (.doc) is
    checked once read (`process`)."""
    from dondoc.extraction.pages import count_pages_isolated

    found = count_pages_isolated(data)
    if found is not None and found[0] > settings.UPLOAD_MAX_PAGES:
        raise IntakeError(too_long_message(found[0], exact=found[1]))


def delete_document(document: Document) -> None:
    """Remove a document that assigns nothing (failed, or not registered) and its file.

    The file goes only once the row's deletion is committed: a rollback keeps both."""
    if document.status not in (DocumentStatus.FAILED, DocumentStatus.READY) or document.tasks.exists():
        raise IntakeError("Chỉ xóa được văn bản không đọc được hoặc chưa đăng ký nhiệm vụ.")
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def reset_for_processing(document: Document) -> bool:
    """Put a failed document, or one stuck in processing (`Document.is_stuck`), back in
    the queue. Returns False otherwise (a conditional UPDATE: two clicks queue it once)."""
    waiting = Q(status=DocumentStatus.FAILED)
    if document.is_stuck():
        # Conditional on the same start time: a worker that claimed it again meanwhile wins.
        waiting |= Q(status=DocumentStatus.PROCESSING, processing_started_at=document.processing_started_at)
    changed = Document.objects.filter(waiting, pk=document.pk).update(
        status=DocumentStatus.PENDING, progress=0, error="", processing_started_at=None
    )
    if changed:
        document.status, document.progress, document.error = DocumentStatus.PENDING, 0, ""
        document.processing_started_at = None
    return bool(changed)


TAMPERED_MESSAGE = (
    "Tệp lưu trên máy chủ không còn giống tệp đã tải lên (mã kiểm tra SHA-256 không khớp). "
    "Vui lòng báo quản trị hệ thống."
)


def process(document: Document) -> Document:
    """Read and extract `document`, filling its text and metadata (status READY), or
    record why it cannot be read (status FAILED, message in `error`).

    The stored bytes are checked against the SHA-256 recorded at upload, then read and
    extracted in a child process limited in time and memory
    (`dondoc.extraction.sandbox`): a hostile or enormous file fails with a message
    instead of hanging or exhausting the worker."""
    from dondoc.extraction.sandbox import extract_isolated
    from dondoc.org.gazetteer import gazetteer_entries

    started = document.processing_started_at or timezone.now()
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.PROCESSING, progress=10, processing_started_at=started
    )
    document.processing_started_at = started
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != document.sha256:
            log.error(
                "document %s: stored file %s does not match its SHA-256", document.pk, document.file.name
            )
            raise ReadError(TAMPERED_MESSAGE)
        Document.objects.filter(pk=document.pk).update(progress=30)
        text, source_format, result = extract_isolated(data, document.original_name, gazetteer_entries())
    except ReadError as exc:
        return _failed(document, str(exc))
    except FileNotFoundError:
        log.error("document %s: stored file %s is missing", document.pk, document.file.name)
        return _failed(document, "Tệp không còn trên máy chủ. Vui lòng báo quản trị hệ thống.")
    except Exception:  # a bug must not leave the document "processing" forever
        log.exception("extraction failed for document %s", document.pk)
        return _failed(document, "Lỗi hệ thống khi đọc văn bản. Vui lòng báo quản trị hệ thống.")
    if document.content_type == "application/msword":
        # A .doc could not be counted at upload: its text, once read, is.
        from dondoc.extraction.pages import estimate_pages

        pages = estimate_pages(text)
        if pages > settings.UPLOAD_MAX_PAGES:
            return _failed(
                document,
                too_long_message(pages, exact=False, outcome="không trích xuất nhiệm vụ"),
            )
    from dondoc.extraction.version import extractor_version

    # Which extractor made this proposal: the quality page compares versions.
    result = {**result, "extractor_version": extractor_version()}
    apply_metadata(document, text, source_format, result)
    from .review import initial_draft

    # Units are resolved once here, in the worker, rather than on every review page.
    document.review = initial_draft(document)
    document.status = DocumentStatus.READY
    document.progress = 100
    document.error = ""
    document.save()
    return document


def _failed(document: Document, message: str) -> Document:
    document.status = DocumentStatus.FAILED
    document.error = message
    document.progress = 100
    document.save(update_fields=["status", "error", "progress"])
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
    document.proposed_count = len(result.get("tasks") or [])
    document.kind = (meta.get("kind") or "")[:10]
    document.number = (meta.get("number") or "")[:20]
    document.symbol = (meta.get("symbol") or "")[:60]
    document.place = (meta.get("place") or "")[:120]
    document.issued_on = _date(meta.get("issued_on"))
    document.issued_text = (meta.get("issued_text") or "")[:120]
    document.issued_year = (
        meta.get("issued_year")
        or meta.get("year")
        or (document.issued_on.year if document.issued_on else None)
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


# Deadline phrases that set no date because the task never stops ("thường xuyên kiểm
# tra, đôn đốc", "liên tục"), folded: a task whose only time limit is one of these is
# proposed as continuous (`Recurrence.CONTINUOUS`, category "Thường xuyên, định kỳ").
CONTINUOUS_PHRASES = ("thuong xuyen", "lien tuc")
# The value of `dondoc.tasks.choices.Recurrence.CONTINUOUS` (documents sits below tasks
# and does not import it; a test holds the two equal).
CONTINUOUS = "continuous"


def continuous_phrase(deadline_text: str) -> bool:
    """Whether a deadline phrase with no date says the task is continuous."""
    folded = fold(deadline_text)
    return any(phrase in folded for phrase in CONTINUOUS_PHRASES)


def proposals(document: Document) -> list[dict]:
    """The extracted tasks of `document`, each with `lead_unit`/`coordinating_units`
    resolved, the coordinators that could not be (`unresolved_coordinators`), and a
    continuous recurrence proposed where the only time limit is "thường xuyên"
    (`recurrence_guessed`)."""
    result = document.extraction or {}
    out = []
    for index, task in enumerate(result.get("tasks") or []):
        deadline = task.get("deadline") or {}
        names = task.get("coordinators") or []
        ids = (task.get("coordinator_ids") or []) + [None] * len(names)
        resolved = [(name, resolve_unit(name, uid)) for name, uid in zip(names, ids, strict=False)]
        due = _date(deadline.get("due"))
        deadline_text = deadline.get("text") or ""
        recurrence = task.get("recurrence") or ""
        guessed = not recurrence and due is None and continuous_phrase(deadline_text)
        out.append(
            {
                "index": index,
                "text": task.get("text") or "",
                "section": task.get("section") or [],
                "span": task.get("span") or {},
                "lead": task.get("lead") or "",
                "lead_unit": resolve_unit(task.get("lead"), task.get("lead_id")),
                "coordinators": names,
                "coordinating_units": [unit for _name, unit in resolved if unit is not None],
                "unresolved_coordinators": [name for name, unit in resolved if unit is None],
                "products": task.get("products") or [],
                "deadline_text": deadline_text,
                "due": due,
                "urgent": bool(task.get("urgent")),
                "recurrence": CONTINUOUS if guessed else recurrence,
                "recurrence_guessed": guessed,
            }
        )
    return out
