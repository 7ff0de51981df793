"""Registering the tasks a clerk has reviewed from a document: one transaction for all."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.review import META_FIELDS
from dondoc.documents.services import assignment_date

from .models import Task
from .services import TaskError, create_task

NO_LEADER = (
    "chưa chọn lãnh đạo giao nhiệm vụ (người quyết định gia hạn và đánh giá kết quả); "
    "hãy chọn lãnh đạo giao của văn bản hoặc của nhiệm vụ này."
)


class RegistrationError(TaskError):
    """A refused registration. `index` is the position in `items` of the item at fault
    (None when the whole document is refused); nothing was created."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


def register_document(
    document: Document,
    items: list[dict],
    *,
    by=None,
    assigned_by=None,
    metadata: dict | None = None,
    now: dt.datetime | None = None,
) -> list[Task]:
    """Create one task per reviewed item (dicts as made by `documents.services.proposals`,
    possibly edited), after applying the reviewed `metadata` to the document. Every task
    needs the leader who assigned it (the item's `assigned_by`, else `assigned_by`): the
    leader decides its extensions and judges its result. An item's `field` (lĩnh vực), if
    any, must be active. All or
    nothing: a bad item raises RegistrationError naming it, and no task is created. A
    document is registered once: the READY -> REGISTERED change is a conditional UPDATE,
    so two clerks pressing "register" at the same moment create the tasks once."""
    if document.status == DocumentStatus.REGISTERED:
        raise RegistrationError("Văn bản này đã được đăng ký nhiệm vụ.")
    if document.status != DocumentStatus.READY:
        raise RegistrationError("Văn bản chưa đọc xong hoặc không đọc được, chưa thể đăng ký nhiệm vụ.")
    if not items:
        raise RegistrationError("Không có nhiệm vụ nào để đăng ký.")
    now = now or timezone.now()
    created = []
    with transaction.atomic():
        claimed = Document.objects.filter(pk=document.pk, status=DocumentStatus.READY).update(
            status=DocumentStatus.REGISTERED, registered_at=now
        )
        if not claimed:
            raise RegistrationError("Văn bản này đã được đăng ký nhiệm vụ.")
        if metadata:
            fields = [name for name in META_FIELDS if name in metadata]
            for name in fields:
                setattr(document, name, metadata[name] if metadata[name] is not None else "")
            if "issued_on" in fields:
                document.issued_on = metadata["issued_on"] or None
                document.issued_year = document.issued_on.year if document.issued_on else document.issued_year
                fields.append("issued_year")
            document.save(update_fields=fields)
        assigned_on = assignment_date(document)
        for index, item in enumerate(items):
            number = index + 1
            if item.get("lead_unit") is None:
                raise RegistrationError(f"Nhiệm vụ {number}: chưa chọn đơn vị chủ trì.", index)
            leader = item.get("assigned_by") or assigned_by
            if leader is None:
                raise RegistrationError(f"Nhiệm vụ {number}: {NO_LEADER}", index)
            field = item.get("field")
            if field is not None and not field.active:
                raise RegistrationError(
                    f"Nhiệm vụ {number}: lĩnh vực “{field.name}” đã ngừng sử dụng: hãy chọn lĩnh vực khác.",
                    index,
                )
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
                    field=field,
                    document=document,
                    source_start=span.get("start"),
                    source_end=span.get("end"),
                    section=item.get("section") or [],
                    number=number,
                    assigned_on=assigned_on,
                    assigned_by=leader,
                    by=by,
                    now=now,
                )
            except TaskError as exc:
                raise RegistrationError(f"Nhiệm vụ {number}: {exc}", index) from exc
            created.append(task)
    document.status, document.registered_at = DocumentStatus.REGISTERED, now
    return created
