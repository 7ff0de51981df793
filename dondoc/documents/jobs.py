"""Background jobs of intake: reading and extracting an uploaded document.

The job runs in the `dondoc worker` process (django-tasks-db), or inline with the
immediate backend (TASKS_IMMEDIATE=1, tests). It is idempotent: it claims its document
with a conditional UPDATE and does nothing if another run claimed it first, so a job
enqueued twice reads the file once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import services
from .models import Document, DocumentStatus


@task()
def process_document(document_id: int) -> str:
    """Read and extract one document; returns its final status ("ready", "failed"), or
    "skipped" when it is gone or no longer waiting."""
    claimed = Document.objects.filter(pk=document_id, status=DocumentStatus.PENDING).update(
        status=DocumentStatus.PROCESSING, progress=5, processing_started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    document = Document.objects.get(pk=document_id)
    return services.process(document).status


def enqueue_processing(document: Document) -> None:
    """Queue `document` for reading once the current transaction commits: the worker must
    not look for a row it cannot see yet."""
    document_id = document.pk
    transaction.on_commit(lambda: process_document.enqueue(document_id))


def upload(data: bytes, original_name: str, *, by=None) -> tuple[Document, bool]:
    """Store an upload and queue it for reading. Returns (document, created); a file
    uploaded before is returned as is and not queued again. Raises IntakeError (nothing
    saved) for a file dondoc refuses."""
    with transaction.atomic():
        document, created = services.ingest(data, original_name, by=by)
        if created:
            enqueue_processing(document)
    return document, created


def retry(document: Document) -> bool:
    """Queue a failed document again (e.g. after OCR was installed), or one stuck in
    processing because its worker died. False if it was neither."""
    with transaction.atomic():
        queued = services.reset_for_processing(document)
        if queued:
            enqueue_processing(document)
    return queued


def requeue_stuck(now=None) -> int:
    """Queue again every document stuck in processing (`Document.is_stuck`); returns how
    many. Each is reset with a conditional UPDATE (`reset_for_processing`), so two
    workers doing this at once queue it once."""
    import datetime as dt

    from django.conf import settings

    now = now or timezone.now()
    limit = dt.timedelta(minutes=settings.DONDOC.get("PROCESSING_STUCK_MINUTES", 30))
    stuck = Document.objects.filter(status=DocumentStatus.PROCESSING, processing_started_at__lt=now - limit)
    return sum(1 for document in stuck if document.is_stuck(now) and retry(document))
