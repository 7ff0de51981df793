"""State changes of tasks. Each function checks permission and input, saves, and writes
its TaskEvent in one transaction; views only call them.

The workflow (QĐ 42/2014/QĐ-TTg and the province's Quy chế theo dõi, đôn đốc, kiểm tra):
`create_task` (giao) → `receive` (tiếp nhận) → `assign` (giao xử lý: child tasks inside
the lead unit) → `report_progress` / `contribute` (phối hợp) → `submit` (báo cáo kết
quả) → `accept` (đạt) or `return_task` (trả lại); at any open point `recall` (thu hồi) or
`cancel` (hủy); `request_extension` → `decide_extension` / `withdraw_extension` (gia
hạn); `update_task` corrects a registration, `soft_delete` / `restore` hide and bring
back. Who may call which is `permissions.py`; every function takes `now` (default: the
current time) and derives dates as local dates in Asia/Ho_Chi_Minh.

Errors are `TaskError` with a Vietnamese message for the user (`PermissionDenied`, a
subclass, when the user may not act); nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dondoc.lib.calendar import get_calendar
from dondoc.lib.dates import local_today
from dondoc.org.models import Person

from . import events, permissions
from .choices import OPEN_STATES, Acceptance, EventKind, ExtensionStatus, Recurrence, ReportKind, TaskState
from .models import Attachment, Extension, Report, Task, product_upload_to


class TaskError(Exception):
    """A refused change; `str(exc)` is the Vietnamese message shown to the user."""


class PermissionDenied(TaskError):
    pass


def create_task(
    *,
    content: str,
    lead_unit,
    by=None,
    assigned_on: dt.date | None = None,
    due_date: dt.date | None = None,
    deadline_text: str = "",
    coordinating_units: Iterable = (),
    products: Iterable[str] = (),
    document=None,
    source_start: int | None = None,
    source_end: int | None = None,
    section: Iterable[str] = (),
    number: int | None = None,
    urgent: bool = False,
    recurrence: str = "",
    assigned_by=None,
    parent: Task | None = None,
    assignee=None,
    lead_text: str = "",
    coordinators_text: Iterable[str] = (),
    field=None,
    now: dt.datetime | None = None,
) -> Task:
    """Register a task and its `created` event. Returns the saved task. A breakdown
    (`parent`) keeps its parent's field (lĩnh vực) unless given one."""
    content = (content or "").strip()
    if not content:
        raise TaskError("Nội dung nhiệm vụ không được để trống.")
    if lead_unit is None:
        raise TaskError("Chưa chọn đơn vị chủ trì.")
    now = now or timezone.now()
    assigned_on = assigned_on or local_today(now)
    # A notice may be registered after its deadlines passed, and a child may inherit its
    # overdue parent's deadline; only a deadline typed by hand must follow the assignment.
    if due_date is not None and due_date < assigned_on and document is None and parent is None:
        raise TaskError("Thời hạn không được trước ngày giao.")
    if parent is not None and parent.due_date and due_date and due_date > parent.due_date:
        raise TaskError(
            f"Thời hạn nội bộ không được muộn hơn thời hạn của nhiệm vụ cấp trên ({parent.due_date:%d/%m/%Y})."
        )
    coordinating_units = [u for u in coordinating_units if u is not None and u != lead_unit]
    with transaction.atomic():
        task = Task.objects.create(
            content=content,
            lead_unit=lead_unit,
            lead_text=lead_text,
            assigned_on=assigned_on,
            original_due_date=due_date,
            due_date=due_date,
            effective_due_date=get_calendar().effective_deadline(due_date),
            deadline_text=deadline_text or "",
            products=list(dict.fromkeys(p for p in products if p)),
            document=document,
            source_start=source_start,
            source_end=source_end,
            section=list(section),
            number=number,
            urgent=urgent,
            recurrence=recurrence or "",
            assigned_by=assigned_by,
            parent=parent,
            assignee=assignee,
            coordinators_text=list(coordinators_text),
            field=field if field is not None or parent is None else parent.field,
            state=TaskState.NEW,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        if coordinating_units:
            task.coordinating_units.set(coordinating_units)
        events.record(
            task,
            EventKind.CREATED,
            by,
            at=now,
            changes={
                field: [empty, value]
                for field, empty, value in (
                    ("lead_unit", None, lead_unit.pk),
                    ("due_date", None, due_date),
                    ("coordinating_units", [], sorted(u.pk for u in coordinating_units)),
                    ("field", None, task.field_id),
                )
                if value
            },
        )
    return task


# --- The tracking workflow ------------------------------------------------------------
#
# Every function below follows one pattern: lock the task row (select_for_update, so two
# users pressing buttons at once are serialised: the second one sees the first one's
# state and gets a clear refusal instead of overwriting it), check permission on the
# locked row, validate, save with update_fields, write the event, all in one
# transaction. Anything refused raises before a write, or inside the transaction so that
# it rolls back: a refusal leaves no trace.

WORKABLE_STATES = (TaskState.NEW, TaskState.IN_PROGRESS)

# Products accepted as attachments, by sniffed type (never by the file's name).
ALLOWED_EXTENSIONS = {"pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "png", "jpg", "zip"}
ALLOWED_LABEL = "PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, PNG, JPG, ZIP, TXT"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _lock(task: Task) -> Task:
    """The task's row, locked until the transaction ends; refused if it no longer exists."""
    locked = (
        Task.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "parent__lead_unit")
        .filter(pk=task.pk)
    )
    found = locked.first()
    if found is None:
        raise TaskError("Không tìm thấy nhiệm vụ.")
    return found


def _sync(target: Task, source: Task, fields: Iterable[str]) -> None:
    """Copy the saved values back to the caller's instance, so it is not left stale."""
    if target is source:
        return
    for field in fields:
        setattr(target, field, getattr(source, field))


def _save(task: Task, caller: Task, fields: list[str]) -> None:
    task.save(update_fields=[*fields, "updated_at"])
    derived = ["content_folded"] if "content" in fields else []  # Task.save keeps it in step
    _sync(caller, task, [*fields, *derived, "updated_at"])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _not_deleted(task: Task) -> None:
    if task.deleted_at is not None:
        raise TaskError("Nhiệm vụ đã bị xóa; hãy khôi phục trước khi thao tác.")


def _required_text(value: str | None, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise TaskError(message)
    return value


def _state_label(state: str) -> str:
    return TaskState(state).label.lower()


def _require_state(task: Task, states: Iterable[str], action: str) -> None:
    states = tuple(states)
    if task.state not in states:
        raise TaskError(f"Không thể {action}: nhiệm vụ đang ở trạng thái “{_state_label(task.state)}”.")


def _set(task: Task, values: dict) -> dict[str, list]:
    """Assign `values` to the task and return {field: [before, after]} for those that changed."""
    changes = events.diff(task, values)
    for field, value in values.items():
        setattr(task, field, value)
    return changes


# Files --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Upload:
    name: str
    data: bytes
    sha256: str
    content_type: str


def _read_upload(item) -> tuple[str, bytes]:
    if isinstance(item, tuple | list):
        name, data = item
        return str(name), bytes(data)
    name = getattr(item, "name", "") or "tep"
    if hasattr(item, "chunks"):
        if hasattr(item, "seek"):
            item.seek(0)
        return name, b"".join(item.chunks())
    return name, item.read()


def _sniff(data: bytes) -> str | None:
    """The MIME type of an allowed product file judged from its bytes, else None."""
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime if kind.extension in ALLOWED_EXTENSIONS else None
    # Plain text has no signature: accept UTF-8 without control characters other than
    # whitespace (an executable, whatever its name, has NUL bytes and fails this).
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return None
    return "text/plain"


def _check_files(files: Iterable) -> list[_Upload]:
    """Read and check every file before anything is written; raise TaskError naming the bad one."""
    limit = settings.UPLOAD_MAX_BYTES
    uploads = []
    for item in files or ():
        name, data = _read_upload(item)
        name = (name.replace("\\", "/").rsplit("/", 1)[-1] or "tep")[:255]
        if not data:
            raise TaskError(f"Tệp “{name}” rỗng, không có nội dung.")
        if len(data) > limit:
            raise TaskError(
                f"Tệp “{name}” quá lớn ({len(data) / 1024 / 1024:.1f} MB); "
                f"giới hạn là {limit / 1024 / 1024:.0f} MB."
            )
        content_type = _sniff(data)
        if content_type is None:
            raise TaskError(
                f"Tệp “{name}” không thuộc loại được phép (theo nội dung tệp, không theo tên). "
                f"Các loại được phép: {ALLOWED_LABEL}."
            )
        uploads.append(_Upload(name, data, hashlib.sha256(data).hexdigest(), content_type))
    return uploads


def _store(report: Report, uploads: list[_Upload]) -> None:
    # Stored under the content hash: no user-chosen path reaches the disk, and the same
    # product attached twice (or written by a transaction that rolled back) is one blob.
    for upload in uploads:
        attachment = Attachment(
            report=report,
            original_name=upload.name,
            sha256=upload.sha256,
            size=len(upload.data),
            content_type=upload.content_type,
        )
        path = product_upload_to(attachment, upload.name)
        if attachment.file.storage.exists(path):
            attachment.file.name = path
        else:
            try:
                attachment.file.save(upload.sha256, ContentFile(upload.data), save=False)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    # The transaction rolls back; the storage left no partial file.
                    raise TaskError(
                        f"Máy chủ hết dung lượng lưu trữ nên chưa lưu được tệp “{upload.name}”; "
                        "báo cáo chưa được gửi. Vui lòng báo quản trị hệ thống, rồi gửi lại."
                    ) from exc
                raise
        attachment.save()


def _make_report(task, *, kind, by, text, percent=None, uploads=(), now) -> Report:
    unit = by.unit
    if unit is None:
        raise PermissionDenied("Tài khoản chưa gắn với cán bộ của đơn vị nào.")
    report = Report.objects.create(
        task=task, kind=kind, author=by, unit=unit, at=now, percent=percent, text=text
    )
    _store(report, list(uploads))
    return report


# Progress roll-up -----------------------------------------------------------------------


def _rollup(parent_id: int | None, by, now: dt.datetime) -> None:
    """Recompute the progress of the parents, up the chain, as the average of their
    non-cancelled, non-recalled, non-deleted children; one PROGRESS event on each parent
    whose progress changes. The rows are locked parent-first (see `_lock_chain`)."""
    while parent_id is not None:
        parent = Task.objects.select_for_update().get(pk=parent_id)
        values = list(
            Task.objects.filter(parent_id=parent_id, deleted_at__isnull=True)
            .exclude(state__in=[TaskState.CANCELLED, TaskState.RECALLED])
            .values_list("progress", flat=True)
        )
        if values and parent.state in WORKABLE_STATES:
            # Rounded half up (62.5 -> 63), as a person would, not to the even number.
            average = (2 * sum(values) + len(values)) // (2 * len(values))
            changes = _set(parent, {"progress": average})
            if changes:
                parent.save(update_fields=["progress", "updated_at"])
                events.record(
                    parent,
                    EventKind.PROGRESS,
                    by,
                    at=now,
                    changes=changes,
                    note="Tiến độ tính theo các nhiệm vụ đã giao xử lý.",
                )
        parent_id = parent.parent_id


def _lock_chain(task: Task) -> Task:
    """Lock the task and its ancestors in one order, root first (ids grow from parent to
    child), so that a child's report rolling up and a parent's recall cascading down
    cannot deadlock by locking the same rows in opposite orders."""
    ids = []
    current = task.parent_id
    while current is not None:
        ids.append(current)
        current = Task.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    ids.append(task.pk)
    list(Task.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return _lock(task)


# Transitions ----------------------------------------------------------------------------


def receive(task: Task, *, by, now: dt.datetime | None = None) -> Task:
    """Tiếp nhận: NEW -> IN_PROGRESS, by the lead unit's management, its clerk or the assignee."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(permissions.can_receive(by, locked), "Bạn không có quyền tiếp nhận nhiệm vụ này.")
        _require_state(locked, [TaskState.NEW], "tiếp nhận")
        changes = _set(locked, {"state": TaskState.IN_PROGRESS})
        _save(locked, task, ["state"])
        events.record(locked, EventKind.RECEIVED, by, at=now, changes=changes)
    return locked


def assign(
    task: Task,
    *,
    by,
    unit=None,
    assignee=None,
    content: str | None = None,
    due_date: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Task:
    """Giao xử lý / phân công: create and return a CHILD task for a unit inside the lead
    unit's subtree and/or a person in it. The deadline defaults to the parent's and may
    not be later; the content defaults to the parent's. A breakdown is part of its task:
    the child keeps the parent's document, source paragraph, section and recurrence, and
    is left out of the official counts (`status.top_level`). Receiving is implied: a NEW
    parent goes IN_PROGRESS. One ASSIGNED event on the parent, CREATED on the child."""
    now = _now(now)
    today = local_today(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(permissions.can_assign(by, locked), "Bạn không có quyền giao xử lý nhiệm vụ này.")
        _require_state(locked, WORKABLE_STATES, "giao xử lý")
        if unit is None and assignee is None:
            raise TaskError("Chọn đơn vị hoặc người được giao xử lý.")
        if unit is not None:
            if not unit.active:
                raise TaskError(f"Đơn vị “{unit}” không còn hoạt động.")
            if not unit.path.startswith(locked.lead_unit.path):
                raise TaskError(f"Chỉ giao xử lý cho đơn vị thuộc {locked.lead_unit}.")
        if assignee is not None:
            if not assignee.active:
                raise TaskError(f"Cán bộ {assignee.full_name} không còn công tác.")
            scope = unit or locked.lead_unit
            if not assignee.unit.path.startswith(scope.path):
                raise TaskError(f"Cán bộ {assignee.full_name} không thuộc {scope}.")
        # An internal deadline set now cannot be in the past; one inherited from an
        # overdue parent is what it is.
        due = due_date if due_date is not None else locked.due_date
        if due_date is not None and due_date < today:
            raise TaskError(f"Thời hạn xử lý không được trước hôm nay ({today:%d/%m/%Y}).")
        if due is not None and locked.due_date is not None and due > locked.due_date:
            raise TaskError(
                f"Thời hạn xử lý không được muộn hơn thời hạn của nhiệm vụ ({locked.due_date:%d/%m/%Y})."
            )
        child = create_task(
            content=content if content and content.strip() else locked.content,
            lead_unit=unit or assignee.unit,
            assignee=assignee,
            by=by,
            assigned_by=by.person,
            assigned_on=today,
            due_date=due,
            deadline_text="" if due_date is not None else locked.deadline_text,
            products=locked.products,
            urgent=locked.urgent,
            recurrence=locked.recurrence,
            document=locked.document,
            source_start=locked.source_start,
            source_end=locked.source_end,
            section=locked.section,
            number=locked.number,
            parent=locked,
            now=now,
        )
        changes = _set(locked, {"state": TaskState.IN_PROGRESS})
        if changes:
            _save(locked, task, ["state"])
        changes["child"] = [None, child.pk]
        events.record(locked, EventKind.ASSIGNED, by, at=now, changes=changes, note=(note or "").strip())
    return child


def _validated_percent(percent) -> int:
    """An integer 0..100; "40" from a form is fine, 40.5, True or "bốn mươi" are not."""
    number = None
    if not isinstance(percent, bool):
        try:
            number = Decimal(str(percent).strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise TaskError("Tiến độ phải là một số nguyên từ 0 đến 100.")
    if not 0 <= number <= 100:
        raise TaskError("Tiến độ phải từ 0 đến 100%.")
    return int(number)


def report_progress(
    task: Task, *, by, percent, text: str, files: Iterable = (), now: dt.datetime | None = None
) -> Report:
    """Báo cáo tiến độ by the assignee or a member of the lead unit. Returns the report.

    The percent may go down (a setback is information, the text says why; the event keeps
    the before/after). A NEW task goes IN_PROGRESS: reporting on it means it was taken
    up. The parents' progress follows (average of their live children)."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_chain(task)
        _not_deleted(locked)
        _require(
            permissions.can_report_progress(by, locked), "Bạn không có quyền báo cáo tiến độ nhiệm vụ này."
        )
        _require_state(locked, WORKABLE_STATES, "báo cáo tiến độ")
        percent = _validated_percent(percent)
        text = _required_text(text, "Nội dung báo cáo tiến độ không được để trống.")
        uploads = _check_files(files)
        changes = _set(locked, {"progress": percent, "state": TaskState.IN_PROGRESS})
        _save(locked, task, ["progress", "state"])
        report = _make_report(
            locked, kind=ReportKind.PROGRESS, by=by, text=text, percent=percent, uploads=uploads, now=now
        )
        changes["report"] = [None, report.pk]
        events.record(locked, EventKind.PROGRESS, by, at=now, changes=changes, note=text)
        _rollup(locked.parent_id, by, now)
    return report


def contribute(task: Task, *, by, text: str, files: Iterable = (), now: dt.datetime | None = None) -> Report:
    """Ý kiến, kết quả phối hợp of a coordinating unit's member. Returns the report."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(
            permissions.can_contribute(by, locked),
            "Chỉ đơn vị phối hợp mới gửi được ý kiến phối hợp cho nhiệm vụ này.",
        )
        _require_state(locked, OPEN_STATES, "gửi ý kiến phối hợp")
        text = _required_text(text, "Nội dung phối hợp không được để trống.")
        uploads = _check_files(files)
        report = _make_report(
            locked, kind=ReportKind.CONTRIBUTION, by=by, text=text, uploads=uploads, now=now
        )
        events.record(
            locked, EventKind.CONTRIBUTION, by, at=now, changes={"report": [None, report.pk]}, note=text
        )
    return report


def submit(task: Task, *, by, text: str, files: Iterable = (), now: dt.datetime | None = None) -> Report:
    """Báo cáo kết quả: NEW/IN_PROGRESS -> SUBMITTED, submitted_on = the local date,
    progress 100. Returns the result report."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_chain(task)
        _not_deleted(locked)
        _require(permissions.can_submit(by, locked), "Bạn không có quyền báo cáo kết quả nhiệm vụ này.")
        _require_state(locked, WORKABLE_STATES, "báo cáo kết quả")
        text = _required_text(text, "Nội dung báo cáo kết quả không được để trống.")
        uploads = _check_files(files)
        changes = _set(
            locked, {"state": TaskState.SUBMITTED, "submitted_on": local_today(now), "progress": 100}
        )
        _save(locked, task, ["state", "submitted_on", "progress"])
        report = _make_report(
            locked, kind=ReportKind.RESULT, by=by, text=text, percent=100, uploads=uploads, now=now
        )
        changes["report"] = [None, report.pk]
        events.record(locked, EventKind.SUBMITTED, by, at=now, changes=changes, note=text)
        _rollup(locked.parent_id, by, now)
    return report


def accept(task: Task, *, by, note: str = "", now: dt.datetime | None = None) -> Task:
    """Đánh giá đạt: SUBMITTED -> DONE. The task is complete as of the day its result was
    submitted (`completed_on = submitted_on`), not the day the leader got to it."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(permissions.can_accept(by, locked), "Bạn không có quyền đánh giá kết quả nhiệm vụ này.")
        _require_state(locked, [TaskState.SUBMITTED], "đánh giá đạt")
        changes = _set(
            locked,
            {
                "state": TaskState.DONE,
                "acceptance": Acceptance.PASSED,
                "completed_on": locked.submitted_on,
                "accepted_by": by,
            },
        )
        _save(locked, task, ["state", "acceptance", "completed_on", "accepted_by"])
        events.record(locked, EventKind.ACCEPTED, by, at=now, changes=changes, note=(note or "").strip())
    return locked


def return_task(task: Task, *, by, reason: str, now: dt.datetime | None = None) -> Task:
    """Trả lại: SUBMITTED -> IN_PROGRESS with a reason; the submission date is cleared."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(permissions.can_accept(by, locked), "Bạn không có quyền đánh giá kết quả nhiệm vụ này.")
        _require_state(locked, [TaskState.SUBMITTED], "trả lại")
        reason = _required_text(reason, "Cần ghi lý do trả lại.")
        changes = _set(
            locked,
            {"state": TaskState.IN_PROGRESS, "submitted_on": None, "acceptance": Acceptance.RETURNED},
        )
        _save(locked, task, ["state", "submitted_on", "acceptance"])
        events.record(locked, EventKind.RETURNED, by, at=now, changes=changes, note=reason)
    return locked


def _close(task: Task, *, by, reason: str, now, state: str, kind: str, action: str, denied: str) -> Task:
    reason_message = f"Cần ghi lý do {action}."
    with transaction.atomic():
        locked = _lock_chain(task)
        _not_deleted(locked)
        _require(permissions.can_recall(by, locked), denied)
        _require_state(locked, OPEN_STATES, action)
        reason = _required_text(reason, reason_message)
        today = local_today(now)
        _close_tree(locked, by=by, reason=reason, now=now, today=today, state=state, kind=kind, caller=task)
        _rollup(locked.parent_id, by, now)
    return locked


def _close_tree(task, *, by, reason, now, today, state, kind, caller) -> None:
    changes = _set(task, {"state": state, "closed_on": today})
    _save(task, caller, ["state", "closed_on"])
    events.record(task, kind, by, at=now, changes=changes, note=reason)
    # Children go with their parent: an internal assignment outlives nothing it served.
    children = (
        Task.objects.select_for_update()
        .filter(parent=task, state__in=OPEN_STATES, deleted_at__isnull=True)
        .order_by("pk")
    )
    for child in children:
        _close_tree(child, by=by, reason=reason, now=now, today=today, state=state, kind=kind, caller=child)


def recall(task: Task, *, by, reason: str, now: dt.datetime | None = None) -> Task:
    """Thu hồi: an open task (and its open children) -> RECALLED, with a reason."""
    return _close(
        task,
        by=by,
        reason=reason,
        now=_now(now),
        state=TaskState.RECALLED,
        kind=EventKind.RECALLED,
        action="thu hồi",
        denied="Bạn không có quyền thu hồi nhiệm vụ này.",
    )


def cancel(task: Task, *, by, reason: str, now: dt.datetime | None = None) -> Task:
    """Hủy: an open task (and its open children) -> CANCELLED, with a reason."""
    return _close(
        task,
        by=by,
        reason=reason,
        now=_now(now),
        state=TaskState.CANCELLED,
        kind=EventKind.CANCELLED,
        action="hủy",
        denied="Bạn không có quyền hủy nhiệm vụ này.",
    )


def soft_delete(task: Task, *, by, reason: str, now: dt.datetime | None = None) -> Task:
    """Xóa mềm: the task (and its children) leave every list but keep their rows and history."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_chain(task)
        _not_deleted(locked)
        _require(permissions.can_delete(by, locked), "Bạn không có quyền xóa nhiệm vụ này.")
        reason = _required_text(reason, "Cần ghi lý do xóa.")
        _delete_tree(locked, by=by, reason=reason, now=now, caller=task)
        _rollup(locked.parent_id, by, now)
    return locked


def _delete_tree(task, *, by, reason, now, caller) -> None:
    changes = _set(task, {"deleted_at": now, "deleted_by": by, "deletion_reason": reason})
    _save(task, caller, ["deleted_at", "deleted_by", "deletion_reason"])
    events.record(task, EventKind.DELETED, by, at=now, changes=changes, note=reason)
    for child in Task.objects.select_for_update().filter(parent=task, deleted_at__isnull=True).order_by("pk"):
        _delete_tree(child, by=by, reason=reason, now=now, caller=child)


def restore(task: Task, *, by, now: dt.datetime | None = None) -> Task:
    """Undo a soft delete; the children deleted with it come back too."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_chain(task)
        if locked.deleted_at is None:
            raise TaskError("Nhiệm vụ chưa bị xóa.")
        _require(permissions.can_restore(by, locked), "Bạn không có quyền khôi phục nhiệm vụ này.")
        if locked.parent_id is not None and locked.parent.deleted_at is not None:
            raise TaskError("Nhiệm vụ cấp trên đang bị xóa; hãy khôi phục nhiệm vụ cấp trên trước.")
        _restore_tree(locked, by=by, now=now, deleted_at=locked.deleted_at, caller=task)
        _rollup(locked.parent_id, by, now)
    return locked


def _restore_tree(task, *, by, now, deleted_at, caller) -> None:
    changes = _set(task, {"deleted_at": None, "deleted_by": None, "deletion_reason": ""})
    _save(task, caller, ["deleted_at", "deleted_by", "deletion_reason"])
    events.record(task, EventKind.RESTORED, by, at=now, changes=changes)
    children = Task.objects.select_for_update().filter(parent=task, deleted_at=deleted_at).order_by("pk")
    for child in children:
        _restore_tree(child, by=by, now=now, deleted_at=deleted_at, caller=child)


UPDATABLE_FIELDS = frozenset(
    {
        "content",
        "assigned_by",
        "lead_unit",
        "coordinating_units",
        "products",
        "deadline_text",
        "due_date",
        "urgent",
        "recurrence",
        "field",
    }
)


def update_task(task: Task, *, by, now: dt.datetime | None = None, **fields) -> Task:
    """Correct a registration (đính chính): content, the assigning leader, units,
    products, deadline, urgency, recurrence, field (lĩnh vực). One UPDATED event with every change's
    before/after.

    The assigning leader of a notice's task may be changed, never removed (the leader
    decides its extensions and judges its result); a breakdown's is whoever assigned it.

    A due_date change here corrects a misread deadline: `original_due_date` moves with it
    (the event keeps the old values). Moving a deadline the unit cannot meet is an
    extension, decided by the assigning leader, never a correction; once an extension
    has been granted, the deadline changes only that way."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"update_task() got unexpected fields: {', '.join(sorted(unknown))}")
    now = _now(now)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(permissions.can_update(by, locked), "Bạn không có quyền sửa thông tin nhiệm vụ này.")
        values: dict = {}
        if "content" in fields:
            values["content"] = _required_text(fields["content"], "Nội dung nhiệm vụ không được để trống.")
        if "assigned_by" in fields and fields["assigned_by"] != locked.assigned_by:
            values["assigned_by"] = _checked_leader(locked, fields["assigned_by"])
        if "lead_unit" in fields:
            lead = fields["lead_unit"]
            if lead is None:
                raise TaskError("Chưa chọn đơn vị chủ trì.")
            if locked.parent_id is not None and not lead.path.startswith(locked.parent.lead_unit.path):
                raise TaskError(f"Đơn vị xử lý phải thuộc {locked.parent.lead_unit}.")
            values["lead_unit"] = lead
        if "products" in fields:
            values["products"] = list(dict.fromkeys(p.strip() for p in fields["products"] if p and p.strip()))
        if "deadline_text" in fields:
            values["deadline_text"] = (fields["deadline_text"] or "").strip()
        if "urgent" in fields:
            values["urgent"] = bool(fields["urgent"])
        if "recurrence" in fields:
            recurrence = fields["recurrence"] or ""
            if recurrence and recurrence not in Recurrence.values:
                raise TaskError("Chu kỳ định kỳ không hợp lệ.")
            values["recurrence"] = recurrence
        if "field" in fields:
            values["field"] = fields["field"]
        if "due_date" in fields and fields["due_date"] != locked.due_date:
            values.update(_corrected_due(locked, fields["due_date"]))
        changes = _set(locked, values)
        saved = [f for f in values if f in changes]
        if saved:
            _save(locked, task, saved)
        if "coordinating_units" in fields:
            lead = locked.lead_unit
            wanted = {u.pk: u for u in fields["coordinating_units"] if u is not None and u.pk != lead.pk}
            before = sorted(locked.coordinating_units.values_list("pk", flat=True))
            if sorted(wanted) != before:
                locked.coordinating_units.set(list(wanted.values()))
                changes["coordinating_units"] = [before, sorted(wanted)]
        elif "lead_unit" in changes:
            # The lead unit cannot also coordinate its own task.
            locked.coordinating_units.remove(locked.lead_unit)
        if changes:
            events.record(locked, EventKind.UPDATED, by, at=now, changes=changes)
    return locked


def _checked_leader(task: Task, leader):
    if task.parent_id is not None:
        raise TaskError("Lãnh đạo giao của phần việc phân công là người đã phân công; không sửa được.")
    if leader is None:
        raise TaskError("Chưa chọn lãnh đạo giao nhiệm vụ (người quyết định gia hạn và đánh giá kết quả).")
    if not Person.leaders().filter(pk=leader.pk).exists():
        raise TaskError(f"{leader.full_name} không phải lãnh đạo đang công tác, không giao nhiệm vụ được.")
    return leader


def _corrected_due(task: Task, due: dt.date | None) -> dict:
    if task.extension_count:
        raise TaskError("Nhiệm vụ đã được gia hạn; thời hạn chỉ thay đổi qua quy trình gia hạn.")
    if due is not None and due < task.assigned_on:
        raise TaskError(f"Thời hạn không được trước ngày giao ({task.assigned_on:%d/%m/%Y}).")
    if due is not None and task.parent_id is not None and task.parent.due_date and due > task.parent.due_date:
        raise TaskError(
            f"Thời hạn nội bộ không được muộn hơn thời hạn của nhiệm vụ cấp trên ({task.parent.due_date:%d/%m/%Y})."
        )
    later_child = (
        Task.objects.filter(parent=task, deleted_at__isnull=True, due_date__isnull=False)
        .exclude(state__in=[TaskState.RECALLED, TaskState.CANCELLED])
        .order_by("-due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    if later_child is not None and (due is None or later_child > due):
        raise TaskError(
            f"Đã giao xử lý với thời hạn {later_child:%d/%m/%Y}; hãy sửa thời hạn các nhiệm vụ con trước."
        )
    return {
        "due_date": due,
        "original_due_date": due,
        "effective_due_date": get_calendar().effective_deadline(due),
    }


# Extensions -----------------------------------------------------------------------------


def _lock_extension(extension: Extension) -> tuple[Extension, Task]:
    task = _lock(extension.task)
    locked = Extension.objects.select_for_update().get(pk=extension.pk)
    locked.task = task
    return locked, task


def _sync_extension(target: Extension, source: Extension) -> None:
    if target is not source:
        for field in ("status", "decided_by_id", "decided_at", "granted_date", "decision_note"):
            setattr(target, field, getattr(source, field))


def request_extension(
    task: Task, *, by, proposed_date: dt.date, reason: str, now: dt.datetime | None = None
) -> Extension:
    """Đề nghị gia hạn by the lead unit: in writing, with a reason and a proposed date,
    at least EXTENSION_LEAD_WORKING_DAYS working days before the deadline, at most
    EXTENSION_MAX_COUNT granted, one pending at a time (../shared/DOMAIN.md: the lead
    time and the cap are office practice, hence settings)."""
    now = _now(now)
    today = local_today(now)
    lead_days = settings.DONDOC.get("EXTENSION_LEAD_WORKING_DAYS", 3)
    max_count = settings.DONDOC.get("EXTENSION_MAX_COUNT", 2)
    with transaction.atomic():
        locked = _lock(task)
        _not_deleted(locked)
        _require(
            permissions.can_request_extension(by, locked), "Bạn không có quyền đề nghị gia hạn nhiệm vụ này."
        )
        _require_state(locked, WORKABLE_STATES, "đề nghị gia hạn")
        reason = _required_text(reason, "Cần ghi lý do đề nghị gia hạn.")
        if locked.due_date is None:
            raise TaskError("Nhiệm vụ không có thời hạn, không cần gia hạn.")
        if proposed_date is None or proposed_date <= locked.due_date:
            raise TaskError(f"Thời hạn đề nghị phải sau thời hạn hiện tại ({locked.due_date:%d/%m/%Y}).")
        parent_due = locked.parent.due_date if locked.parent_id else None
        if parent_due is not None and proposed_date > parent_due:
            raise TaskError(
                f"Thời hạn đề nghị không được muộn hơn thời hạn của nhiệm vụ cấp trên ({parent_due:%d/%m/%Y})."
            )
        if locked.extension_count >= max_count:
            raise TaskError(f"Nhiệm vụ đã được gia hạn {locked.extension_count} lần, tối đa {max_count} lần.")
        if locked.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise TaskError("Đã có một đề nghị gia hạn đang chờ quyết định.")
        calendar = get_calendar()
        effective = calendar.effective_deadline(locked.due_date)
        if calendar.working_days_between(today, effective) < lead_days:
            latest = calendar.add_working_days(effective, -lead_days)
            raise TaskError(
                f"Phải đề nghị gia hạn trước thời hạn ít nhất {lead_days} ngày làm việc "
                f"(chậm nhất ngày {latest:%d/%m/%Y})."
            )
        extension = Extension.objects.create(
            task=locked,
            requested_by=by,
            requested_at=now,
            reason=reason,
            current_due_date=locked.due_date,
            proposed_date=proposed_date,
        )
        events.record(
            locked,
            EventKind.EXTENSION_REQUESTED,
            by,
            at=now,
            changes={"extension": [None, extension.pk], "proposed_date": [None, proposed_date]},
            note=reason,
        )
    return extension


def decide_extension(
    extension: Extension,
    *,
    by,
    grant: bool,
    granted_date: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Extension:
    """The assigning leader's decision (or follow-up staff on their behalf). A grant moves
    `due_date` (the original stays in `original_due_date`) and the effective deadline;
    the task is judged against the new date from the moment of the grant, even if it
    was already overdue. A refusal needs a note saying why."""
    now = _now(now)
    note = (note or "").strip()
    max_count = settings.DONDOC.get("EXTENSION_MAX_COUNT", 2)
    with transaction.atomic():
        locked, task = _lock_extension(extension)
        _not_deleted(task)
        _require(
            permissions.can_decide_extension(by, locked),
            "Bạn không có quyền quyết định gia hạn nhiệm vụ này.",
        )
        if locked.status != ExtensionStatus.PENDING:
            raise TaskError(f"Đề nghị gia hạn đã được xử lý ({locked.get_status_display().lower()}).")
        _require_state(task, WORKABLE_STATES, "quyết định gia hạn")
        ext_values = {"decided_by": by, "decided_at": now, "decision_note": note}
        if grant:
            new_due = granted_date or locked.proposed_date
            if task.due_date is not None and new_due <= task.due_date:
                raise TaskError(f"Thời hạn gia hạn phải sau thời hạn hiện tại ({task.due_date:%d/%m/%Y}).")
            parent_due = task.parent.due_date if task.parent_id else None
            if parent_due is not None and new_due > parent_due:
                raise TaskError(
                    f"Thời hạn gia hạn không được muộn hơn thời hạn của nhiệm vụ cấp trên ({parent_due:%d/%m/%Y})."
                )
            if task.extension_count >= max_count:
                raise TaskError(f"Nhiệm vụ đã được gia hạn tối đa {max_count} lần.")
            ext_values.update(status=ExtensionStatus.GRANTED, granted_date=new_due)
            changes = _set(
                task,
                {
                    "due_date": new_due,
                    "effective_due_date": get_calendar().effective_deadline(new_due),
                    "extension_count": task.extension_count + 1,
                    "original_due_date": task.original_due_date or task.due_date,
                },
            )
            _save(task, extension.task, list(changes))
            kind = EventKind.EXTENSION_GRANTED
        else:
            if not note:
                raise TaskError("Cần ghi lý do không đồng ý gia hạn.")
            ext_values["status"] = ExtensionStatus.REFUSED
            changes = {}
            kind = EventKind.EXTENSION_REFUSED
        for field, value in ext_values.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(ext_values))
        _sync_extension(extension, locked)
        changes["extension"] = [locked.pk, locked.pk]
        changes["extension_status"] = [ExtensionStatus.PENDING, locked.status]
        events.record(task, kind, by, at=now, changes=changes, note=note)
    return locked


def withdraw_extension(extension: Extension, *, by, now: dt.datetime | None = None) -> Extension:
    """The lead unit takes back a pending request."""
    now = _now(now)
    with transaction.atomic():
        locked, task = _lock_extension(extension)
        _require(
            permissions.can_withdraw_extension(by, locked), "Bạn không có quyền rút đề nghị gia hạn này."
        )
        if locked.status != ExtensionStatus.PENDING:
            raise TaskError(f"Đề nghị gia hạn đã được xử lý ({locked.get_status_display().lower()}).")
        locked.status = ExtensionStatus.WITHDRAWN
        locked.save(update_fields=["status"])
        _sync_extension(extension, locked)
        events.record(
            task,
            EventKind.EXTENSION_WITHDRAWN,
            by,
            at=now,
            changes={
                "extension": [locked.pk, locked.pk],
                "extension_status": [ExtensionStatus.PENDING, locked.status],
            },
        )
    return locked
