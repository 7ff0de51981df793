"""The workflow screens of a task: its page with the actions the user may take, and the
POST-only views of those actions (tiếp nhận, phân công, báo cáo, đánh giá, gia hạn,
thu hồi, hủy, xóa, khôi phục, sửa thông tin), the product download and "Việc của tôi".

Each action view is thin (STYLE.md §3): the task is fetched through `visible_tasks`
(404 otherwise), the permission predicate answers (403 otherwise), a form validates, the
service changes the task and writes its event, and the user is sent back to the page.
A refused change (`TaskError`) is shown as a message; the service saved nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from dondoc.lib.dates import local_today
from dondoc.lib.storage import sha256_of
from dondoc.notifications.urging import can_urge
from dondoc.org.models import Person, Unit, User
from dondoc.tasks import permissions, queues, services
from dondoc.tasks.choices import OPEN_STATES, ExtensionStatus, OfficeQueue
from dondoc.tasks.models import Attachment, Extension, Field, Report, Task, TaskEvent
from dondoc.tasks.status import status_as_of
from dondoc.tasks.visibility import visible_tasks

from . import refused
from . import workflow_forms as wf
from .forms import NO_LEADER

PAGE_SIZE = 50
log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Loading and refusing


def load_task(user, pk: int, *, include_deleted: bool = False) -> Task:
    """The task `pk` as `user` may see it, with what its page and the permission
    predicates read; 404 when it does not exist or is out of the user's scope."""
    task = (
        visible_tasks(user, include_deleted=include_deleted)
        .select_related(
            "lead_unit",
            "assignee__unit",
            "document",
            "parent__lead_unit",
            "assigned_by",
            "deleted_by__person",
            "field",
        )
        .prefetch_related(
            "coordinating_units",
            Prefetch(
                "extensions",
                Extension.objects.select_related("requested_by__person", "decided_by__person").order_by(
                    "requested_at", "id"
                ),
            ),
            Prefetch(
                "children",
                Task.objects.filter(deleted_at__isnull=True)
                .select_related("lead_unit", "assignee")
                .prefetch_related("extensions")
                .order_by("id"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    return task


def forbidden(request, message: str, task_id: int | None = None):
    """The Vietnamese 403 page, with a way back to the task when the user may see it."""
    return render(
        request, "web/workflow/forbidden.html", {"message": message, "task_id": task_id}, status=403
    )


# ---------------------------------------------------------------------------
# History: every event, with Vietnamese field labels and readable values

EXTRA_LABELS = {
    "percent": "Tiến độ (%)",
    "proposed_date": "Thời hạn đề nghị",
    "granted_date": "Thời hạn được gia hạn",
    "current_due_date": "Thời hạn khi đề nghị",
    "unit": "Đơn vị",
    "child": "Nhiệm vụ giao xử lý",
    "children": "Nhiệm vụ giao xử lý",
    "extension_status": "Đề nghị gia hạn",
    "reason": "Lý do",
    "files": "Tệp đính kèm",
    "attachments": "Tệp đính kèm",
    "report": "Báo cáo",
}
# Internal row ids with no meaning to a reader: the extension and the report are shown
# in their own sections of the page.
HIDDEN_FIELDS = {"extension", "report", "content_folded"}
UNIT_FIELDS = {"lead_unit", "coordinating_units", "unit"}
PERSON_FIELDS = {"assignee", "assigned_by"}
USER_FIELDS = {"accepted_by", "deleted_by", "created_by", "decided_by", "requested_by"}
FIELD_FIELDS = {"field"}  # lĩnh vực


def _label(field: str) -> str:
    try:
        return capfirst(Task._meta.get_field(field).verbose_name)
    except Exception:  # not a task field: an extension's or a report's
        return EXTRA_LABELS.get(field, field)


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")


def _iso_to_local(value: str) -> str:
    """A stored ISO date as 29/05/2026, a stored moment as its local day and time."""
    try:
        if len(value) == 10:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%d/%m/%Y %H:%M}"


def _reference_kind(field: str) -> str | None:
    """Which table the ids of a change refer to, if any."""
    for kind, fields in (
        ("unit", UNIT_FIELDS),
        ("person", PERSON_FIELDS),
        ("user", USER_FIELDS),
        ("field", FIELD_FIELDS),
    ):
        if field in fields:
            return kind
    return None


def _ids(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def describe_history(events: list[TaskEvent]) -> list[tuple[TaskEvent, list[Change]]]:
    """Each event with its changes as (label, before, after) in words; four queries at
    most for the names of the units, people, accounts and fields the changes refer to."""
    wanted: dict[str, set[int]] = {"unit": set(), "person": set(), "user": set(), "field": set()}
    for event in events:
        for field, pair in (event.changes or {}).items():
            kind = _reference_kind(field)
            if kind and isinstance(pair, list):
                for value in pair:
                    wanted[kind].update(_ids(value))
    names = {
        "unit": dict(Unit.objects.filter(pk__in=wanted["unit"]).values_list("pk", "name"))
        if wanted["unit"]
        else {},
        "person": dict(Person.objects.filter(pk__in=wanted["person"]).values_list("pk", "full_name"))
        if wanted["person"]
        else {},
        "user": {
            u.pk: (u.person.full_name if u.person else u.username)
            for u in User.objects.filter(pk__in=wanted["user"]).select_related("person")
        }
        if wanted["user"]
        else {},
        "field": dict(Field.objects.filter(pk__in=wanted["field"]).values_list("pk", "name"))
        if wanted["field"]
        else {},
    }

    def show(field: str, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        kind = _reference_kind(field)
        if kind:
            return "; ".join(names[kind].get(v, f"#{v}") for v in _ids(value)) or "—"
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, list):
            return "; ".join(show(field, v) for v in value)
        if isinstance(value, str) and ISO_DATE.match(value):
            return _iso_to_local(value)
        try:
            model_field = Task._meta.get_field(field)
        except Exception:
            model_field = None
        if field == "extension_status":
            return str(dict(ExtensionStatus.choices).get(value, value))
        if field in ("child", "children"):
            return f"#{value}"
        if model_field is not None and model_field.choices:
            return str(dict(model_field.choices).get(value, value))
        if field in ("progress", "percent"):
            return f"{value}%"
        return str(value)

    rows = []
    for event in events:
        changes = [
            Change(_label(field), show(field, pair[0]), show(field, pair[1]))
            for field, pair in (event.changes or {}).items()
            if isinstance(pair, list) and len(pair) == 2 and field not in HIDDEN_FIELDS
        ]
        rows.append((event, changes))
    return rows


# ---------------------------------------------------------------------------
# The task page


def _action_forms(task: Task, actions: frozenset[str]) -> dict:
    """An unbound form for each action the user may take now (`ACTIONS` below)."""
    return {name: ACTIONS[name].form(task=task, prefix=name) for name in actions if name in ACTIONS}


def task_page(request, task: Task, *, bound: dict | None = None, status: int = 200):
    """Render the task's page; `bound` maps an action (or "decide-<id>") to the invalid
    form to show again, opened, with its errors."""
    user = request.user
    today = local_today()
    actions = permissions.available_actions(user, task)
    forms = _action_forms(task, actions)
    extensions = list(task.extensions.all())
    decisions = []
    for extension in extensions:
        if extension.status != ExtensionStatus.PENDING or task.is_deleted:
            continue
        key = f"decide-{extension.pk}"
        form = None
        if permissions.can_decide_extension(user, extension):
            form = wf.ExtensionDecisionForm(
                extension=extension, prefix=key, initial={"granted_date": extension.proposed_date}
            )
        decisions.append(
            {
                "extension": extension,
                "key": key,
                "form": form,
                "can_withdraw": permissions.can_withdraw_extension(user, extension),
            }
        )
    opened = None
    for key, form in (bound or {}).items():
        opened = key
        if key.startswith("decide-"):
            for decision in decisions:
                if decision["key"] == key:
                    decision["form"] = form
        else:
            forms[key] = form
    # A breakdown is part of its task: the reports and product files of its parts are
    # shown here too, on the page of the task the leader judges, each marked with its
    # part — to those who may see the part (a coordinating unit does not see a
    # division's drafts; the leader, the Office and the unit's management do).
    # The ids first (a few): one `task_id IN (...)` the reports' index serves, where an
    # OR with a subquery made PostgreSQL read every report of the province.
    descendants = task.descendant_ids()
    parts = (
        list(visible_tasks(user).filter(pk__in=descendants).values_list("pk", flat=True))
        if descendants
        else []
    )
    reports = list(
        Report.objects.filter(task_id__in=[task.pk, *parts])
        .select_related("author__person", "unit", "task__lead_unit", "task__assignee")
        .prefetch_related("attachments")
        .order_by("at", "id")
    )
    events = list(TaskEvent.objects.filter(task=task).select_related("actor__person").order_by("at", "id"))
    return render(
        request,
        "web/task_detail.html",
        {
            "task": task,
            "status": status_as_of(task, today),
            "history": describe_history(events),
            "excerpt": task.source_excerpt(),
            "today": today,
            "actions": actions,
            "can_urge": can_urge(user) and task.state in OPEN_STATES and not task.is_deleted,
            "forms": forms,
            "decisions": decisions,
            "extensions": extensions,
            "reports": reports,
            "children": list(task.children.all()),
            "parent_visible": task.parent_id is not None
            and visible_tasks(user).filter(pk=task.parent_id).exists(),
            "opened": opened,
        },
        status=status,
    )


@login_required
def task_detail(request, pk: int):
    """The task's page with the actions the user may take. A soft-deleted task is shown
    only to whoever may restore it. A form refused a moment ago comes back opened, with
    what was typed and its errors (`refused`)."""
    task = load_task(request.user, pk, include_deleted=True)
    if task.is_deleted and not permissions.can_restore(request.user, task):
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    return task_page(request, task, bound=_refused_forms(request, task))


def _refused_forms(request, task: Task) -> dict | None:
    """{key: form} for the form of this page refused just before, if it still applies."""
    kept = refused.take(request, reverse("task-detail", args=[task.pk]))
    if kept is None:
        return None
    if kept.key.startswith("decide-"):
        extension = next(
            (e for e in task.extensions.all() if f"decide-{e.pk}" == kept.key),
            None,
        )
        if (
            extension is None
            or extension.status != ExtensionStatus.PENDING
            or not permissions.can_decide_extension(request.user, extension)
        ):
            return None
        return {
            kept.key: refused.rebind(wf.ExtensionDecisionForm, kept, extension=extension, prefix=kept.key)
        }
    spec = ACTIONS.get(kept.key)
    if spec is None or kept.key not in permissions.available_actions(request.user, task):
        return None  # the task moved on meanwhile: the action is no longer offered
    return {kept.key: refused.rebind(spec.form, kept, task=task, prefix=kept.key)}


REFUSED_MESSAGE = "Chưa thực hiện: vui lòng sửa các chỗ được đánh dấu bên dưới."


def _back_to_form(request, task_id: int, key: str, form, anchor: str):
    """Post/redirect/get: keep the refused form and show it on the task's page."""
    page = reverse("task-detail", args=[task_id])
    refused.keep(request, page=page, key=key, form=form)
    messages.error(request, REFUSED_MESSAGE)
    return redirect(f"{page}#{anchor}")


# ---------------------------------------------------------------------------
# The actions


@dataclass(frozen=True)
class Action:
    name: str  # the service's name, as in `permissions.available_actions`
    form: type
    allowed: Callable
    perform: Callable  # (task, user, cleaned_data) -> None
    done: str  # the success message
    refused: str  # the 403 page's message
    include_deleted: bool = False


def _files(data) -> list:
    return list(data.get("files") or [])


ACTIONS = {
    "receive": Action(
        "receive",
        wf.EmptyForm,
        permissions.can_receive,
        lambda task, by, data: services.receive(task, by=by),
        "Đã tiếp nhận nhiệm vụ.",
        "Bạn không có quyền tiếp nhận nhiệm vụ này.",
    ),
    "assign": Action(
        "assign",
        wf.AssignForm,
        permissions.can_assign,
        lambda task, by, data: services.assign(
            task,
            by=by,
            unit=data.get("unit"),
            assignee=data["assignee"],
            content=(data["content"] or "").strip() or None,
            due_date=data["due_date"],
            note=data["note"],
        ),
        "Đã phân công xử lý nhiệm vụ.",
        "Bạn không có quyền phân công nhiệm vụ này.",
    ),
    "report_progress": Action(
        "report_progress",
        wf.ProgressForm,
        permissions.can_report_progress,
        lambda task, by, data: services.report_progress(
            task, by=by, percent=data["percent"], text=data["text"], files=_files(data)
        ),
        "Đã gửi báo cáo tiến độ.",
        "Bạn không có quyền báo cáo tiến độ nhiệm vụ này.",
    ),
    "contribute": Action(
        "contribute",
        wf.ContributeForm,
        permissions.can_contribute,
        lambda task, by, data: services.contribute(task, by=by, text=data["text"], files=_files(data)),
        "Đã gửi ý kiến phối hợp.",
        "Chỉ đơn vị phối hợp mới gửi được ý kiến phối hợp.",
    ),
    "submit": Action(
        "submit",
        wf.SubmitForm,
        permissions.can_submit,
        lambda task, by, data: services.submit(task, by=by, text=data["text"], files=_files(data)),
        "Đã gửi báo cáo kết quả, chờ đánh giá.",
        "Bạn không có quyền báo cáo kết quả nhiệm vụ này.",
    ),
    "accept": Action(
        "accept",
        wf.AcceptForm,
        permissions.can_accept,
        lambda task, by, data: services.accept(task, by=by, note=data["note"]),
        "Đã đánh giá đạt, nhiệm vụ hoàn thành.",
        "Bạn không có quyền đánh giá kết quả nhiệm vụ này.",
    ),
    "return_task": Action(
        "return_task",
        wf.ReasonForm,
        permissions.can_accept,
        lambda task, by, data: services.return_task(task, by=by, reason=data["reason"]),
        "Đã trả lại kết quả để đơn vị tiếp tục thực hiện.",
        "Bạn không có quyền đánh giá kết quả nhiệm vụ này.",
    ),
    "request_extension": Action(
        "request_extension",
        wf.ExtensionRequestForm,
        permissions.can_request_extension,
        lambda task, by, data: services.request_extension(
            task, by=by, proposed_date=data["proposed_date"], reason=data["reason"]
        ),
        "Đã gửi đề nghị gia hạn, chờ lãnh đạo quyết định.",
        "Bạn không có quyền đề nghị gia hạn nhiệm vụ này.",
    ),
    "recall": Action(
        "recall",
        wf.ReasonForm,
        permissions.can_recall,
        lambda task, by, data: services.recall(task, by=by, reason=data["reason"]),
        "Đã thu hồi nhiệm vụ.",
        "Bạn không có quyền thu hồi nhiệm vụ này.",
    ),
    "cancel": Action(
        "cancel",
        wf.ReasonForm,
        permissions.can_recall,
        lambda task, by, data: services.cancel(task, by=by, reason=data["reason"]),
        "Đã hủy nhiệm vụ.",
        "Bạn không có quyền hủy nhiệm vụ này.",
    ),
    "soft_delete": Action(
        "soft_delete",
        wf.ReasonForm,
        permissions.can_delete,
        lambda task, by, data: services.soft_delete(task, by=by, reason=data["reason"]),
        "Đã xóa nhiệm vụ. Có thể khôi phục lại từ trang nhiệm vụ.",
        "Bạn không có quyền xóa nhiệm vụ này.",
    ),
    "restore": Action(
        "restore",
        wf.EmptyForm,
        permissions.can_restore,
        lambda task, by, data: services.restore(task, by=by),
        "Đã khôi phục nhiệm vụ.",
        "Bạn không có quyền khôi phục nhiệm vụ này.",
        include_deleted=True,
    ),
}


def _anchor(action: str) -> str:
    return "act-" + action.replace("_", "-")


@login_required
def task_action(request, pk: int, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("Không có thao tác này.")
    if request.method != "POST":
        # The address of an action opened or reloaded: the task's page, never a 405.
        return redirect(f"{reverse('task-detail', args=[pk])}#{_anchor(action)}")
    task = load_task(request.user, pk, include_deleted=spec.include_deleted)
    if not spec.allowed(request.user, task):
        return forbidden(request, spec.refused, None if task.is_deleted else task.pk)
    form = spec.form(request.POST, request.FILES, task=task, prefix=action)
    if not form.is_valid():
        return _back_to_form(request, task.pk, action, form, _anchor(action))
    try:
        spec.perform(task, request.user, form.cleaned_data)
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc), task.pk)
    except services.TaskError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, spec.done)
    return redirect("task-detail", task.pk)


def _load_extension(request, pk: int) -> Extension:
    extension = (
        Extension.objects.filter(pk=pk, task__in=visible_tasks(request.user))
        .select_related("task", "requested_by__person")
        .first()
    )
    if extension is None:
        raise Http404("Không tìm thấy đề nghị gia hạn hoặc bạn không có quyền xem.")
    return extension


@login_required
def extension_decide(request, pk: int):
    extension = _load_extension(request, pk)
    if request.method != "POST":
        return redirect(f"{reverse('task-detail', args=[extension.task_id])}#gia-han-{extension.pk}")
    if not permissions.can_decide_extension(request.user, extension):
        return forbidden(request, "Bạn không có quyền quyết định gia hạn nhiệm vụ này.", extension.task_id)
    key = f"decide-{extension.pk}"
    form = wf.ExtensionDecisionForm(request.POST, extension=extension, prefix=key)

    def call(data):
        grant = data["decision"] == "grant"
        services.decide_extension(
            extension,
            by=request.user,
            grant=grant,
            granted_date=(data["granted_date"] or extension.proposed_date) if grant else None,
            note=data["note"],
        )
        done = (
            f"Đã đồng ý gia hạn đến ngày {(data['granted_date'] or extension.proposed_date):%d/%m/%Y}."
            if grant
            else "Đã không đồng ý gia hạn."
        )
        messages.success(request, done)

    if not form.is_valid():
        return _back_to_form(request, extension.task_id, key, form, f"gia-han-{extension.pk}")
    try:
        call(form.cleaned_data)
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc), extension.task_id)
    except services.TaskError as exc:
        messages.error(request, str(exc))
    return redirect("task-detail", extension.task_id)


@login_required
def extension_withdraw(request, pk: int):
    extension = _load_extension(request, pk)
    if request.method != "POST":
        return redirect(f"{reverse('task-detail', args=[extension.task_id])}#gia-han-{extension.pk}")
    if not permissions.can_withdraw_extension(request.user, extension):
        return forbidden(request, "Bạn không có quyền rút đề nghị gia hạn này.", extension.task_id)
    try:
        services.withdraw_extension(extension, by=request.user)
    except services.PermissionDenied as exc:
        return forbidden(request, str(exc), extension.task_id)
    except services.TaskError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã rút đề nghị gia hạn.")
    return redirect("task-detail", extension.task_id)


@login_required
def task_edit(request, pk: int):
    """Sửa thông tin (đính chính): a page of its own, the change logged field by field.
    A refused change comes back on this page (post/redirect/get) with what was typed."""
    task = load_task(request.user, pk)
    if not permissions.can_update(request.user, task):
        return forbidden(request, "Bạn không có quyền sửa thông tin nhiệm vụ này.", task.pk)
    page = reverse("task-edit", args=[task.pk])
    # The form edits a copy: on a refusal the page shows what was typed, the row is unchanged.
    original = Task.objects.get(pk=task.pk)
    if request.method != "POST":
        kept = refused.take(request, page)
        form = (
            refused.rebind(wf.TaskUpdateForm, kept, instance=original)
            if kept is not None and kept.key == "edit"
            else wf.TaskUpdateForm(instance=original)
        )
        return render(request, "web/workflow/task_edit.html", {"task": task, "form": form})
    form = wf.TaskUpdateForm(request.POST, instance=original)
    if form.is_valid():
        try:
            services.update_task(task, by=request.user, **form.changed_fields())
        except services.PermissionDenied as exc:
            return forbidden(request, str(exc), task.pk)
        except services.TaskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã cập nhật thông tin nhiệm vụ.")
            return redirect("task-detail", task.pk)
    refused.keep(request, page=page, key="edit", form=form)
    messages.error(request, REFUSED_MESSAGE)
    return redirect(page)


# ---------------------------------------------------------------------------
# Product files


# Types a browser would render or run as a page: never sent with them, even if one was
# ever stored so (the sniffing admits none of them today).
ACTIVE_TYPES = ("html", "xml", "svg", "javascript", "ecmascript")


def served_content_type(stored: str) -> str:
    """The Content-Type a stored file is sent with: text as UTF-8 text, anything a
    browser could render as a page as bytes to save."""
    stored = (stored or "").lower()
    if not stored or any(word in stored for word in ACTIVE_TYPES):
        return "application/octet-stream"
    if stored == "text/plain":
        return "text/plain; charset=utf-8"
    return stored


@login_required
def attachment_download(request, pk: int):
    """A product file, to whoever may see its task, under its original name, always as
    an attachment (never shown inline). The bytes are checked against the SHA-256
    recorded at upload: a file changed on the server is not served (logged, and the
    user told in Vietnamese)."""
    attachment = (
        Attachment.objects.filter(pk=pk, report__task__in=visible_tasks(request.user))
        .only("file", "original_name", "content_type", "sha256")
        .first()
    )
    if attachment is None:
        raise Http404("Không tìm thấy tệp hoặc bạn không có quyền tải.")
    try:
        actual = sha256_of(attachment.file)
    except FileNotFoundError as exc:
        log.error("attachment %s: stored file %s is missing", attachment.pk, attachment.file.name)
        raise Http404("Tệp không còn trên máy chủ.") from exc
    if actual != attachment.sha256:
        log.error(
            "attachment %s: stored file %s does not match its SHA-256 (recorded %s, found %s); not served",
            attachment.pk,
            attachment.file.name,
            attachment.sha256,
            actual,
        )
        return render(request, "web/file_damaged.html", {"name": attachment.original_name}, status=500)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=served_content_type(attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------------------
# Việc của tôi


def my_tasks_queryset(user):
    """Open tasks waiting for `user`, each with why (`dondoc.tasks.queues`)."""
    return queues.my_queue(user)


@login_required
def my_tasks(request):
    """Việc của tôi: overdue first, then due soon, later, without a deadline; each row
    says why it waits for the user. Those who follow up for the leaders also see the
    Office's queues' totals, each linking to its list."""
    today = local_today()
    tasks = (
        my_tasks_queryset(request.user)
        .select_related("lead_unit", "assignee", "document", "parent__lead_unit")
        .prefetch_related("extensions")
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (task, status_as_of(task, today), queues.reasons_of(task), queues.due_band(task, today))
        for task in page.object_list
    ]
    office = None
    if queues.can_view_office_queues(request.user):
        _leaders, totals = queues.office_queues(request.user)
        office = [(OfficeQueue(queue), count) for queue, count in totals.items()]
    return render(
        request,
        "web/workflow/my_tasks.html",
        {
            "page": page,
            "rows": rows,
            "today": today,
            "office": office,
            "soon": queues.due_soon_working_days(),
        },
    )


@login_required
def office_queues(request):
    """Hàng chờ: per assigning leader, results to judge, extension requests to decide,
    tasks not yet received; each count links to the task list behind it."""
    if not queues.can_view_office_queues(request.user):
        raise PermissionDenied(
            "Hàng chờ dành cho chuyên viên theo dõi của Văn phòng, lãnh đạo UBND tỉnh và quản trị viên."
        )
    rows, totals = queues.office_queues(request.user)
    columns = list(OfficeQueue)
    table = [
        (
            row.leader,
            str(row.leader.pk) if row.leader else NO_LEADER,
            [(queue, row.counts[queue]) for queue in columns],
        )
        for row in rows
    ]
    return render(
        request,
        "web/workflow/office_queues.html",
        {"columns": columns, "table": table, "totals": [(queue, totals[queue]) for queue in columns]},
    )
