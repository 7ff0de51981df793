"""Registering the tasks a clerk has reviewed from a document: one transaction for all."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.services import assignment_date

from .models import Task
from .services import TaskError, create_task


def register_document(
    document: Document, items: list[dict], *, by=None, assigned_by=None, now: dt.datetime | None = None
) -> list[Task]:
    """Create one task per reviewed item (dicts as made by `documents.services.proposals`,
    possibly edited). All or nothing: a bad item raises TaskError naming it, and no task
    is created. A document is registered once."""
    if document.status == DocumentStatus.REGISTERED:
        raise TaskError("Văn bản này đã được đăng ký nhiệm vụ.")
    if document.status != DocumentStatus.READY:
        raise TaskError("Văn bản chưa đọc xong hoặc không đọc được, chưa thể đăng ký nhiệm vụ.")
    if not items:
        raise TaskError("Không có nhiệm vụ nào để đăng ký.")
    now = now or timezone.now()
    assigned_on = assignment_date(document)
    created = []
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status == DocumentStatus.REGISTERED:
            raise TaskError("Văn bản này đã được đăng ký nhiệm vụ.")
        for number, item in enumerate(items, start=1):
            if item.get("lead_unit") is None:
                raise TaskError(f"Nhiệm vụ {number}: chưa chọn đơn vị chủ trì.")
            span = item.get("span") or {}
            try:
                task = create_task(
                    content=item.get("text", ""),
                    lead_unit=item["lead_unit"],
                    lead_text=item.get("lead", ""),
                    coordinating_units=item.get("coordinating_units") or [],
                    coordinators_text=item.get("coordinators") or [],
                    products=item.get("products") or [],
                    deadline_text=item.get("deadline_text", ""),
                    due_date=item.get("due"),
                    urgent=item.get("urgent", False),
                    recurrence=item.get("recurrence", ""),
                    document=document,
                    source_start=span.get("start"),
                    source_end=span.get("end"),
                    section=item.get("section") or [],
                    number=number,
                    assigned_on=assigned_on,
                    assigned_by=assigned_by,
                    by=by,
                    now=now,
                )
            except TaskError as exc:
                raise TaskError(f"Nhiệm vụ {number}: {exc}") from exc
            created.append(task)
        locked.status = DocumentStatus.REGISTERED
        locked.registered_at = now
        locked.save(update_fields=["status", "registered_at"])
        document.status, document.registered_at = locked.status, locked.registered_at
    return created
