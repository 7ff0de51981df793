"""Intake screens: upload a document, follow its reading, review and register its tasks.

Views only check permission, bind forms, call `dondoc.documents` and
`dondoc.tasks.registration`, and redirect.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from dondoc.documents import jobs, review
from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.services import IntakeError, delete_document
from dondoc.lib.dates import local_today
from dondoc.org.choices import Role
from dondoc.org.models import Unit
from dondoc.org.tree import tree_choices
from dondoc.quality import aliases
from dondoc.quality.record import baseline, record_review
from dondoc.tasks.choices import TaskState
from dondoc.tasks.models import Task
from dondoc.tasks.registration import RegistrationError, register_document
from dondoc.tasks.status import status_as_of, top_level
from dondoc.tasks.visibility import highest_visible_tasks, visible_documents

from .intake_forms import FieldChoices, MetadataForm, TaskRowFormSet, UploadForm, draft_date, shown_date
from .widgets import SharedChoices

PAGE_SIZE = 50
WORKING = (DocumentStatus.PENDING, DocumentStatus.PROCESSING)


# --- who may do what -------------------------------------------------------------------


def can_intake(user) -> bool:
    """Clerks, Office follow-up staff and administrators upload, review and register."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.CLERK, Role.FOLLOWUP, Role.ADMIN)
    )


def intake_required(view):
    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can_intake(request.user):
            raise PermissionDenied("Chỉ văn thư, chuyên viên theo dõi và quản trị viên được làm việc này.")
        return view(request, *args, **kwargs)

    return wrapper


def _visible_document(user, pk: int) -> Document:
    document = visible_documents(user).select_related("uploaded_by__person").filter(pk=pk).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return document


def _may_delete(user, document: Document) -> bool:
    return document.status in (DocumentStatus.FAILED, DocumentStatus.READY) and (
        document.uploaded_by_id == user.pk or user.is_superuser or user.has_role(Role.ADMIN)
    )


# --- upload ------------------------------------------------------------------------------


@intake_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            document, created = jobs.upload(upload_file.read(), upload_file.name, by=request.user)
        except IntakeError as exc:
            form.add_error("file", str(exc))
        else:
            if created:
                messages.success(
                    request,
                    f"Đã tải lên “{document.original_name}”. Hệ thống đang đọc và trích xuất nhiệm vụ.",
                )
                return redirect("document-detail", pk=document.pk)
            duplicate = document
    return render(request, "web/documents/upload.html", {"form": form, "duplicate": duplicate})


# --- list, page, progress ----------------------------------------------------------------


@login_required
def document_list(request):
    """The documents, newest first, each with its number of tasks and of done ones. The
    page is cut first and the tasks are counted for its documents only (one grouped
    query): counting for every document before cutting scans every task of the province."""
    documents = (
        visible_documents(request.user)
        .select_related("uploaded_by__person")
        .defer("text", "extraction", "review")
        .order_by("-created_at", "-id")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    # A document's tasks are the notice's tasks: its breakdowns count with their parents.
    if can_intake(request.user) or request.user.sees_everything():
        tasks = top_level(Task.objects.filter(deleted_at__isnull=True))
    else:
        tasks = highest_visible_tasks(request.user)
    counts = {
        row["document_id"]: row
        for row in tasks.filter(document__in=[d.pk for d in page.object_list])
        .order_by()
        .values("document_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(state=TaskState.DONE)))
    }
    for document in page.object_list:
        found = counts.get(document.pk, {})
        document.task_count = found.get("total", 0)
        document.done_count = found.get("done", 0)
    return render(
        request,
        "web/documents/list.html",
        {"page": page, "can_upload": can_intake(request.user)},
    )


def _document_tasks(user, document: Document):
    """The document's tasks, each once: its top-level tasks, and for a user who sees only
    a breakdown part of one (a division, a specialist) that part, marked as such."""
    today = local_today()
    # Intake staff registered these tasks from a text they have read in full: they see
    # them all here, whatever their unit (visible_tasks decides everywhere else).
    if can_intake(user):
        scope = top_level(Task.objects.filter(deleted_at__isnull=True))
    else:
        scope = highest_visible_tasks(user)
    tasks = (
        scope.filter(document=document)
        .select_related("lead_unit", "assignee", "parent__lead_unit")
        .prefetch_related("extensions")
        .order_by("number", "id")
    )
    return [(task, status_as_of(task, today)) for task in tasks]


@login_required
def document_detail(request, pk: int):
    document = _visible_document(request.user, pk)
    rows = _document_tasks(request.user, document) if document.status == DocumentStatus.REGISTERED else []
    return render(
        request,
        "web/documents/detail.html",
        {
            "document": document,
            "working": document.status in WORKING,
            "stuck": document.is_stuck(),
            "rows": rows,
            "can_intake": can_intake(request.user),
            "can_delete": _may_delete(request.user, document),
        },
    )


@login_required
def document_tasks(request, pk: int):
    """The tasks registered from one document (the task list filtered on it)."""
    document = _visible_document(request.user, pk)
    return render(
        request,
        "web/documents/tasks.html",
        {"document": document, "rows": _document_tasks(request.user, document), "today": local_today()},
    )


@require_GET
@login_required
def document_status(request, pk: int):
    document = _visible_document(request.user, pk)
    return JsonResponse(
        {
            "status": document.status,
            "label": document.get_status_display(),
            "progress": document.progress,
            "error": document.error,
            "working": document.status in WORKING,
        }
    )


@require_POST
@intake_required
def document_delete(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if not _may_delete(request.user, document):
        raise PermissionDenied("Chỉ người tải lên hoặc quản trị viên được xóa văn bản chưa đăng ký.")
    try:
        delete_document(document)
    except IntakeError as exc:
        messages.error(request, str(exc))
        return redirect("document-detail", pk=pk)
    messages.success(request, f"Đã xóa văn bản “{document.original_name}” và tệp của nó.")
    return redirect("document-list")


@require_POST
@intake_required
def document_retry(request, pk: int):
    document = _visible_document(request.user, pk)
    if jobs.retry(document):
        messages.success(request, "Đã đưa văn bản vào hàng đợi để đọc lại.")
    return redirect("document-detail", pk=pk)


# --- review and registration -------------------------------------------------------------


def unit_choices() -> list:
    """Active units as a tree grouped by branch (`dondoc.org.tree`), for every row's
    selects: one query per page."""
    return tree_choices(Unit.objects.active().only("id", "name", "kind", "path", "order", "name_folded"))


def highlight(text: str, marks: list[tuple[int, dict, bool]]) -> SafeString:
    """The source text, escaped, with `<mark>` around each row's span. Overlapping spans
    are clipped so the markup stays well nested."""
    out, position = [], 0
    for index, span, dropped in sorted((m for m in marks if m[1]), key=lambda m: (m[1]["start"], m[0])):
        start, end = max(span["start"], position), min(span["end"], len(text))
        if start >= end:
            continue
        out.append(escape(text[position:start]))
        out.append(
            format_html(
                '<mark id="span-{}" class="span{}" data-row="{}" title="Nhiệm vụ {}">{}</mark>',
                index,
                " dropped" if dropped else "",
                index,
                index + 1,
                text[start:end],
            )
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in out))  # every piece above is escaped


def _row_initial(row: dict) -> dict:
    return {name: row.get(name) for name in ("key", *review.EDITABLE)}


# A long document is reviewed a page of rows at a time; registration checks and
# registers every row of the draft, whatever page the reviewer is on.
REVIEW_PAGE_SIZE = 25


def review_pages(count: int) -> int:
    return max(1, -(-count // REVIEW_PAGE_SIZE))


def page_of_row(index: int) -> int:
    return index // REVIEW_PAGE_SIZE + 1


def _page_number(value, count: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    return min(max(1, number), review_pages(count))


def _bound_rows(rows: list[dict], form_kwargs: dict) -> TaskRowFormSet:
    """`rows` of a draft as a bound formset, as the page would post them: what
    registration validates for every page, and how a page shows its rows' errors."""
    data = MultiValueDict(
        {
            "form-TOTAL_FORMS": [str(len(rows))],
            "form-INITIAL_FORMS": [str(len(rows))],
            "form-MIN_NUM_FORMS": ["0"],
            "form-MAX_NUM_FORMS": ["1000"],
        }
    )
    for i, row in enumerate(rows):
        for name in ("key", *review.EDITABLE):
            value = row.get(name)
            if name in review.BOOLEANS:
                if value:
                    data[f"form-{i}-{name}"] = "on"
            elif name == "coordinating_units":
                data.setlist(f"form-{i}-{name}", [str(v) for v in value or []])
            elif name == "due":
                data[f"form-{i}-{name}"] = shown_date(value)
            else:
                data[f"form-{i}-{name}"] = "" if value is None else str(value)
    return TaskRowFormSet(data, form_kwargs=form_kwargs)


def _posted_rows(formset) -> list[dict]:
    """What the clerk typed in each row, raw (before validation), for the draft; a date
    typed dd/mm/yyyy is kept as ISO, like the extracted ones."""
    rows = [{name: form[name].value() for name in ("key", *review.EDITABLE)} for form in formset.forms]
    for row in rows:
        if "due" in row:
            row["due"] = draft_date(row["due"])
    return rows


def _items(
    formset, rows: list[dict], units: dict[int, Unit], people: dict, leader, fields: FieldChoices
) -> tuple[list[dict], list[int]]:
    """The kept rows as registration items, and their positions in the form. A row's
    leader is its own choice, else the document's (`leader`); its field (lĩnh vực) the
    Field of the code chosen, or None."""
    items, positions = [], []
    for position, (form, row) in enumerate(zip(formset.forms, rows, strict=True)):
        data = form.cleaned_data
        if data.get("drop"):
            continue
        items.append(
            {
                "text": data["text"].replace("\r\n", "\n").strip(),
                "assigned_by": people.get(data.get("assigned_by")) or leader,
                "lead": row["lead"],
                "lead_unit": units.get(data["lead_unit"]),
                "coordinators": row["coordinators"],
                "coordinating_units": [units[pk] for pk in data["coordinating_units"] if pk in units],
                "products": data["product_list"],
                "deadline_text": data["deadline_text"],
                "due": data["due_date"],
                "urgent": data["urgent"],
                "recurrence": data["recurrence"],
                "field": fields.by_code.get(data.get("field") or ""),
                "span": row["span"],
                "section": row["section"],
            }
        )
        positions.append(position)
    return items, positions


def _elsewhere(errors: dict[int, list[str]], number: int) -> list[dict]:
    """Errors of rows not on page `number`: what blocks registration there, with the page."""
    return [
        {"index": index, "page": page_of_row(index), "errors": messages_}
        for index, messages_ in sorted(errors.items())
        if page_of_row(index) != number
    ]


def _row_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def _alias_offer(row: dict, proposed: dict | None) -> dict:
    """The names of a row the clerk may keep as a unit's alias: the lead as written when
    the extractor could not resolve it, and the one unresolved coordinator."""
    proposed = proposed or {}
    lead = (row.get("lead") or "").strip()
    unresolved = row.get("unresolved_coordinators") or []
    return {
        "lead": lead if lead and not proposed.get("lead_unit") else "",
        "coordinator": unresolved[0] if len(unresolved) == 1 else "",
        # the names shown by the boxes, also when a refused box is shown with its error
        "lead_name": lead,
        "coordinator_name": ", ".join(unresolved),
    }


def _render_review(
    request,
    document,
    draft,
    formset,
    meta_form,
    people,
    *,
    number,
    status=200,
    confirm=None,
    elsewhere=(),
    non_form_errors=(),
):
    """One page of the review (`number`; `formset` holds that page's rows); `confirm`
    (the unresolved warnings and their fingerprint) asks the reviewer to confirm a
    registration that would leave them unresolved; `elsewhere` lists the errors of rows
    on other pages."""
    rows = draft["rows"]
    count = len(rows)
    start = (number - 1) * REVIEW_PAGE_SIZE
    page_rows = rows[start : start + REVIEW_PAGE_SIZE]
    marks = [(i, row.get("span") or {}, bool(row.get("drop"))) for i, row in enumerate(rows)]
    warnings = dict(review.unresolved(document, draft))
    pages = review_pages(count)
    flagged = {page_of_row(index) for index in warnings}
    proposed = (draft.get("proposal") or {}).get("rows") or {}
    return render(
        request,
        "web/documents/review.html",
        {
            "document": document,
            "formset": formset,
            "meta_form": meta_form,
            "pairs": [
                (
                    form,
                    row,
                    warnings.get(start + i, []),
                    start + i,
                    _alias_offer(row, proposed.get(row.get("key"))),
                    bool(row.get("field"))
                    and row.get("field") == (proposed.get(row.get("key")) or {}).get("field"),
                )
                for i, (form, row) in enumerate(zip(formset.forms, page_rows, strict=True))
            ],
            "warning_count": sum(len(w) for w in warnings.values()),
            "confirm": confirm,
            "elsewhere": list(elsewhere),
            "non_form_errors": list(non_form_errors),
            "source": highlight(document.text, marks),
            "total": count,
            "last_index": count - 1,
            "kept": sum(1 for row in rows if not row.get("drop")),
            "leader_count": len(people),
            "leader_note": draft.get("leader_note", ""),
            "unit_options": unit_choices_cached(request).html,
            "leader_options": SharedChoices(
                [(p.pk, f"{p.full_name} – {p.title}" if p.title else p.full_name) for p in people]
            ).html,
            "page_number": number,
            "page_count": pages,
            "page_links": [(n, n in flagged) for n in range(1, pages + 1)] if pages > 1 else [],
            "first_shown": start + 1,
            "last_shown": start + len(page_rows),
        },
        status=status,
    )


def unit_choices_cached(request) -> SharedChoices:
    """The unit tree of this request, built once (the row forms and the page's list)."""
    if not hasattr(request, "_dondoc_unit_choices"):
        request._dondoc_unit_choices = SharedChoices(unit_choices())
    return request._dondoc_unit_choices


@intake_required
def document_review(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("uploaded_by__person"), pk=pk)
    if document.status == DocumentStatus.REGISTERED:
        messages.info(request, "Văn bản này đã được đăng ký nhiệm vụ; không đăng ký lại.")
        return redirect("document-tasks", pk=pk)
    if document.status != DocumentStatus.READY:
        messages.info(request, "Văn bản chưa đọc xong hoặc không đọc được, chưa thể rà soát.")
        return redirect("document-detail", pk=pk)

    choices = unit_choices_cached(request)
    people = review.leaders()
    leader_choices = [(p.pk, f"{p.full_name} – {p.title}" if p.title else p.full_name) for p in people]
    draft = review.draft_of(document)
    url = reverse("document-review", args=[pk])

    def page_url(number: int, index: int | None = None) -> str:
        return (f"{url}?page={number}" if number > 1 else url) + (
            f"#task-{index}" if index is not None else ""
        )

    leaders_shared = SharedChoices(leader_choices)
    form_kwargs = {
        "unit_choices": choices,
        "leader_choices": leaders_shared,
        "field_choices": FieldChoices.load(),
    }
    if request.method != "POST":
        number = _page_number(request.GET.get("page"), len(draft["rows"]))
        state = request.session.get(REVIEW_CHECK)
        if state and state.get("document") == document.pk and state.get("page") == number:
            del request.session[REVIEW_CHECK]
            return _checked_page(request, document, draft, form_kwargs, leader_choices, people, number, state)
        start = (number - 1) * REVIEW_PAGE_SIZE
        formset = TaskRowFormSet(
            initial=[_row_initial(row) for row in draft["rows"][start : start + REVIEW_PAGE_SIZE]],
            form_kwargs=form_kwargs,
        )
        meta_form = MetadataForm(
            initial={**draft.get("meta", {}), "assigned_by": draft["assigned_by"]},
            prefix="meta",
            leader_choices=leader_choices,
        )
        return _render_review(request, document, draft, formset, meta_form, people, number=number)

    formset = TaskRowFormSet(request.POST, form_kwargs=form_kwargs)
    meta_form = MetadataForm(request.POST, prefix="meta", leader_choices=leader_choices)
    if not formset.management_form.is_valid():
        messages.error(request, "Biểu mẫu không đầy đủ (có thể trang đã cũ). Vui lòng tải lại trang.")
        return redirect(url)
    refused = _refuse_fields(
        request, document, draft, formset, meta_form, people, form_kwargs["field_choices"]
    )
    if refused is not None:
        return refused
    meta_raw = {name: meta_form[name].value() for name in review.META_FIELDS}
    draft = review.capture(draft, _posted_rows(formset), meta_raw, meta_form["assigned_by"].value())
    count = len(draft["rows"])
    number = _page_number(request.POST.get("review-page"), count)
    action = request.POST.get("action", "save")
    verb, _, arg = action.partition(":")

    if verb in ("merge", "split") and arg.isdigit():
        index = int(arg)
        if verb == "merge" and review.merge_with_next(draft, index):
            messages.success(request, f"Đã gộp nhiệm vụ {index + 1} với nhiệm vụ {index + 2}.")
        elif verb == "split" and (parts := review.split(draft, index, document.text)):
            messages.success(
                request, f"Đã tách nhiệm vụ {index + 1} thành {parts} nhiệm vụ; kiểm tra từng phần."
            )
        review.save_draft(document, draft)
        return redirect(page_url(page_of_row(index), index))
    if verb in ("page", "goto") and arg.isdigit():
        # Another page: what was typed on this one is kept in the draft first.
        review.save_draft(document, draft)
        if verb == "goto":
            index = min(int(arg), max(0, count - 1))
            return redirect(page_url(page_of_row(index), index))
        return redirect(page_url(_page_number(arg, count)))
    if verb == "leader-all":
        # The document's leader for every task: the rows' own choices are dropped.
        for row in draft["rows"]:
            row["assigned_by"] = ""
        review.save_draft(document, draft)
        chosen = next((p for p in people if str(p.pk) == draft["assigned_by"]), None)
        if chosen is None:
            messages.error(request, "Chưa chọn lãnh đạo giao nhiệm vụ của văn bản.")
        else:
            messages.success(request, f"Đã áp dụng lãnh đạo giao {chosen.full_name} cho mọi nhiệm vụ.")
        return redirect(page_url(number))
    if verb == "add":
        index = review.add_row(draft)
        review.save_draft(document, draft)
        messages.success(request, f"Đã thêm nhiệm vụ {index + 1}: nhập nội dung và đơn vị chủ trì.")
        return redirect(page_url(page_of_row(index), index))
    if verb == "restore":
        review.save_draft(document, review.initial_draft(document))
        messages.success(request, "Đã khôi phục các nhiệm vụ như kết quả trích xuất; bản nháp cũ đã bỏ.")
        return redirect(url)
    if verb not in ("register", "register-confirmed"):
        split_count = review.apply_split_markers(draft, document.text)
        review.save_draft(document, draft)
        note = f" Đã tách {split_count} nhiệm vụ theo dòng “---”." if split_count else ""
        messages.success(request, "Đã lưu bản nháp." + note)
        return redirect(page_url(number))

    # Register: keep the draft first, so that a refused registration loses nothing. Every
    # row of the draft is checked and registered, not only the ones on this page. A
    # refusal is post/redirect/get: the page is shown again by a GET that checks the
    # saved draft once more (`_check`), so a reload never re-sends the form.
    review.save_draft(document, draft)
    check = _check(draft, form_kwargs, meta_form, people, number, document=document)

    def refused(anchor: str = "", **state):
        request.session[REVIEW_CHECK] = {"document": document.pk, "page": number, **state}
        return redirect(page_url(number) + anchor)

    if check.kind == "errors":
        messages.error(
            request, _refusal("Chưa đăng ký: vui lòng sửa các lỗi được đánh dấu", check.problems, number)
        )
        return refused()
    if check.kind == "leaderless":
        numbers = ", ".join(str(position + 1) for position in sorted(check.problems))
        messages.error(
            request,
            f"Chưa đăng ký: {len(check.problems)} nhiệm vụ chưa có lãnh đạo giao (nhiệm vụ {numbers}). "
            "Chọn “Lãnh đạo giao nhiệm vụ” của văn bản để áp dụng cho mọi nhiệm vụ, hoặc chọn cho từng nhiệm vụ.",
        )
        return refused()
    if check.kind == "aliases":
        messages.error(request, _refusal("Chưa đăng ký: chưa lưu được tên gọi khác", check.problems, number))
        return refused()
    # Nothing disappears silently: what the extraction found and the rows do not carry
    # (a deadline without a date, a date before the document, units not resolved) is
    # listed, and registration waits for the reviewer to confirm exactly that list.
    found = review.unresolved(document, draft)
    if found and not (verb == "register-confirmed" and arg == review.fingerprint(found)):
        return refused("#xac-nhan", confirm=True)
    # What review changed is recorded against the proposal as extracted, and the names
    # the clerk kept as aliases are stored, in the registration's transaction.
    try:
        with transaction.atomic():
            now = timezone.now()
            tasks = register_document(
                document,
                check.items,
                by=request.user,
                assigned_by=check.assigned_by,
                metadata=check.meta,
                now=now,
            )
            rows = [draft["rows"][position] for position in check.positions]
            record_review(
                document,
                check.proposal,
                list(zip(rows, check.items, tasks, strict=True)),
                meta=check.meta,
                by=request.user,
                now=now,
            )
            learned = [
                aliases.learn(want.name, want.unit, by=request.user, document=document, now=now)
                for want in check.aliases
            ]
    except aliases.AliasError as exc:  # stored by someone else meanwhile
        document.refresh_from_db()
        messages.error(request, f"Chưa đăng ký: {exc}")
        return refused()
    except RegistrationError as exc:
        document.refresh_from_db()
        if document.status == DocumentStatus.REGISTERED:
            messages.error(request, str(exc))
            return redirect("document-tasks", pk=pk)
        if exc.index is None:
            messages.error(request, str(exc))
            return refused()
        position = check.positions[exc.index]
        message = str(exc).split(": ", 1)[-1]
        messages.error(request, _refusal("Chưa đăng ký: có lỗi", {position: [message]}, number))
        return refused(task_errors={str(position): message})
    messages.success(request, f"Đã đăng ký {len(tasks)} nhiệm vụ từ văn bản {document}.")
    for alias in learned:
        messages.success(request, f"Đã lưu “{alias.name}” làm tên gọi khác của {alias.unit.name}.")
    for note in check.alias_notes:
        messages.info(request, note)
    return redirect("document-tasks", pk=pk)


def _refuse_fields(request, document, draft, formset, meta_form, people, fields: FieldChoices):
    """The page again, nothing saved nor done, when a row posts a field (lĩnh vực) that
    is unknown or no longer active (a tampered or stale form): each such row shows why,
    and the page shows everything as posted, so nothing typed is lost. None when every
    posted field may be chosen."""
    bad = {}
    for position, form in enumerate(formset.forms):
        problem = fields.error(str(form["field"].value() or ""))
        if problem:
            bad[position] = problem
    if not bad:
        return None
    number = _page_number(request.POST.get("review-page"), len(draft["rows"]))
    start = (number - 1) * REVIEW_PAGE_SIZE
    where = ", ".join(str(start + position + 1) for position in bad)
    message = f"Chưa lưu: lĩnh vực của nhiệm vụ {where} không hợp lệ. Hãy chọn lại lĩnh vực trong danh sách."
    if len(formset.forms) != len(draft["rows"][start : start + REVIEW_PAGE_SIZE]):
        # Rows that do not match the draft's page: the form is too stale to show again.
        messages.error(request, message)
        return redirect(
            reverse("document-review", args=[document.pk]) + (f"?page={number}" if number > 1 else "")
        )
    for position, form in enumerate(formset.forms):
        # Only these errors: nothing is being registered; a save checks nothing else.
        form.cleaned_data, form._errors = {}, ErrorDict()
        if position in bad:
            form.add_error("field", bad[position])
    messages.error(request, message)
    return _render_review(request, document, draft, formset, meta_form, people, number=number, status=400)


# A refused registration waits in the session for the next GET of the review page.
REVIEW_CHECK = "dondoc.review_check"


@dataclass
class Check:
    """What registering the draft would meet: `kind` "ok" (with the items), "errors"
    (rows or metadata invalid) or "leaderless"; `problems` maps a row index to its
    messages; `page_forms` are the page's rows bound, with their errors."""

    kind: str
    page_forms: object
    every: object
    problems: dict = field(default_factory=dict)
    items: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    assigned_by: object = None
    meta: dict = field(default_factory=dict)
    proposal: dict = field(default_factory=dict)
    aliases: list = field(default_factory=list)
    alias_notes: list = field(default_factory=list)


def _check(draft, form_kwargs, meta_form, people, number, *, document) -> Check:
    """Validate every row of `draft` (and the metadata, and the aliases ticked) as
    registration would."""
    start = (number - 1) * REVIEW_PAGE_SIZE
    every = _bound_rows(draft["rows"], form_kwargs)
    page_forms = _bound_rows(draft["rows"][start : start + REVIEW_PAGE_SIZE], form_kwargs)
    page_forms.is_valid()
    rows_valid, meta_valid = every.is_valid(), meta_form.is_valid()
    if not (rows_valid and meta_valid):
        problems = {i: _row_errors(form) for i, form in enumerate(every.forms) if form.errors}
        return Check("errors", page_forms, every, problems)
    units = Unit.objects.in_bulk(
        {
            pk
            for form in every.forms
            for pk in [form.cleaned_data.get("lead_unit"), *form.cleaned_data.get("coordinating_units", [])]
            if pk
        }
    )
    by_pk = {p.pk: p for p in people}
    assigned_by = by_pk.get(meta_form.cleaned_data["assigned_by"])
    items, positions = _items(every, draft["rows"], units, by_pk, assigned_by, form_kwargs["field_choices"])
    leaderless = [
        position for item, position in zip(items, positions, strict=True) if item["assigned_by"] is None
    ]
    if leaderless:
        # Refused before anything is written: every task needs the leader who judges it.
        for position in leaderless:
            if page_of_row(position) == number:
                page_forms.forms[position - start].add_error(
                    "assigned_by", "Chưa chọn lãnh đạo giao nhiệm vụ."
                )
        return Check(
            "leaderless", page_forms, every, {p: ["Chưa chọn lãnh đạo giao nhiệm vụ."] for p in leaderless}
        )
    meta = {name: meta_form.cleaned_data[name] for name in review.META_FIELDS}
    proposal = baseline(document, draft)
    kept = [
        (position, draft["rows"][position], item) for item, position in zip(items, positions, strict=True)
    ]
    wanted, notes, alias_errors = aliases.from_review(kept, proposal)
    if alias_errors:
        problems: dict[int, list[str]] = {}
        for position, box, message in alias_errors:
            problems.setdefault(position, []).append(message)
            if page_of_row(position) == number:
                page_forms.forms[position - start].add_error(box, message)
        return Check("aliases", page_forms, every, problems)
    return Check("ok", page_forms, every, {}, items, positions, assigned_by, meta, proposal, wanted, notes)


def _checked_page(request, document, draft, form_kwargs, leader_choices, people, number, state):
    """The review page after a refused registration: the saved draft checked again,
    each error on its row (or listed with its page), the confirmation asked for."""
    meta = {f"meta-{name}": value for name, value in (draft.get("meta") or {}).items()}
    meta["meta-issued_on"] = shown_date(meta.get("meta-issued_on"))
    meta["meta-assigned_by"] = draft.get("assigned_by") or ""
    meta_form = MetadataForm(meta, prefix="meta", leader_choices=leader_choices)
    check = _check(draft, form_kwargs, meta_form, people, number, document=document)
    start = (number - 1) * REVIEW_PAGE_SIZE
    problems = dict(check.problems)
    for key, message in (state.get("task_errors") or {}).items():
        position = int(key)
        problems.setdefault(position, []).append(message)
        if page_of_row(position) == number and position - start < len(check.page_forms.forms):
            check.page_forms.forms[position - start].add_error(None, message)
    confirm = None
    found = review.unresolved(document, draft)
    if state.get("confirm") and check.kind == "ok" and found:
        confirm = {
            "found": [(index, page_of_row(index), warnings) for index, warnings in found],
            "fingerprint": review.fingerprint(found),
            "count": sum(len(warnings) for _index, warnings in found),
            "kept": len(check.items),
        }
    return _render_review(
        request,
        document,
        draft,
        check.page_forms,
        meta_form,
        people,
        number=number,
        confirm=confirm,
        elsewhere=_elsewhere(problems, number),
        non_form_errors=check.every.non_form_errors(),
    )


def _refusal(lead: str, errors: dict[int, list[str]], number: int) -> str:
    """ "Chưa đăng ký: … (nhiệm vụ 3; nhiệm vụ 251, trang 13)": where the errors are."""
    if not errors:
        return f"{lead}."
    where = "; ".join(
        f"nhiệm vụ {index + 1}" + ("" if page_of_row(index) == number else f", trang {page_of_row(index)}")
        for index in sorted(errors)[:10]
    )
    more = f" và {len(errors) - 10} nhiệm vụ khác" if len(errors) > 10 else ""
    return f"{lead} ({where}{more})."
