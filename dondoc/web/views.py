from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dondoc.documents.review import leaders
from dondoc.lib.dates import local_today
from dondoc.lib.downloads import XLSX, attachment
from dondoc.lib.text import fold
from dondoc.org.models import Unit
from dondoc.reports import stats
from dondoc.tasks.choices import Status
from dondoc.tasks.counts import remembered
from dondoc.tasks.models import Task
from dondoc.tasks.queues import assigned_to_q, office_queue_q
from dondoc.tasks.status import count_by_status_on, count_by_status_today, status_as_of, top_level
from dondoc.tasks.visibility import visible_breakdowns, visible_people, visible_tasks, visible_units

from .exports import task_list_xlsx as write_task_list
from .forms import BREAKDOWN, TaskFilterForm

PAGE_SIZE = 50
MANY_UNITS = 200
# A list shows a document's number, never its text or extraction: left unread.
DOCUMENT_BULK = ("document__text", "document__extraction", "document__review", "document__error")


def _units_named(key: str):
    """The units whose name holds `key` (folded): their ids when few, so that PostgreSQL
    combines the lead-unit index with the trigram index on the content (a BitmapOr);
    otherwise a subquery."""
    units = Unit.objects.filter(name_folded__contains=key).values_list("pk", flat=True)
    found = list(units[:MANY_UNITS])
    return found if len(found) < MANY_UNITS else units


def _status_value(status: str):
    """`status` as a `Status`, or None for a group of categories (an overview's link)."""
    try:
        return Status(status)
    except ValueError:
        return None


def _breakdown_count(parts) -> int:
    if not parts.query.is_empty():
        return remembered(parts, "count", parts.count)
    return 0


def _filtered(tasks, data: dict, on):
    """`tasks` narrowed by the list's filters (`data`: the form's cleaned data, or {}).
    The filters an overview figure carries (period, unit and the units below, field,
    assigning leader, source document, ageing at `on`) go through `stats.narrow`, the
    function the figure was counted with; the category is applied by the caller."""
    if not data:
        return tasks
    if data["q"]:
        key = fold(data["q"])
        tasks = tasks.filter(Q(content_folded__contains=key) | Q(lead_unit__in=_units_named(key)))
    if data["due_from"]:
        tasks = tasks.filter(effective_due_date__gte=data["due_from"])
    if data["due_to"]:
        tasks = tasks.filter(effective_due_date__lte=data["due_to"])
    if data["queue"]:
        tasks = tasks.filter(office_queue_q(data["queue"]))
    if data["state"]:
        tasks = tasks.filter(state=data["state"])
    if data["assignee"]:
        tasks = tasks.filter(assigned_to_q(data["assignee"]))
    criteria = stats.Criteria(
        on=on,
        start=data["assigned_from"],
        end=data["assigned_to"],
        unit=data["unit"],
        direct=bool(data["direct"] and data["unit"]),
        field=data["field"],
        leader=data["leader"],
        document=data["document"],
        ageing=data["ageing"],
    )
    return stats.narrow(tasks, criteria)


@login_required
def task_list(request):
    """The tasks the user may see, filtered, with their statuses as of today or of the day
    asked for.

    By default the list is the register of the notices' tasks: the top-level tasks in
    scope (`status.top_level`), headed by the count of each official category, every
    count a link to the list behind it. A breakdown (a child task from "Phân công") is
    part of its parent and shown on the parent's page; the parts a user sees without
    their parent (a division's, a specialist's) are listed with `part=phan-cong`,
    each marked with the task it belongs to, outside the official counts.

    Filters also by workflow step, by assignee (the tasks in which that person is
    assigned, directly or through their breakdown), by assigning leader, and by the
    Office's queues (`?queue=`: the `queues.office_queue_q` the queues page counts with)."""
    today = local_today()
    user = request.user
    units = visible_units(user).filter(active=True)
    form = TaskFilterForm(request.GET or None, units=units, people=visible_people(user), leaders=leaders())
    breakdowns = visible_breakdowns(user)
    on = today
    status = ""
    breakdown = False
    data = form.cleaned_data if form.is_valid() else {}
    if data:
        on = data["as_of"] or today
        status = data["status"]
        breakdown = data["part"] == BREAKDOWN
    tasks = _filtered(breakdowns if breakdown else top_level(visible_tasks(user)), data, on)
    counts = None
    total = None  # the list's length when a count already gives it (no second count)
    if on == today:
        if not breakdown:
            # One aggregate query: each category, and every row of the list.
            counts, total = remembered(
                tasks, f"today {today}", lambda: count_by_status_today(tasks, today, with_total=True)
            )
        if status:
            tasks = tasks.filter(stats.status_filter(status, today))
            category = _status_value(status)
            total = None if counts is None or category is None else counts[category]
    else:
        # Another day: the same rule in SQL, extensions counted from their grant
        # (`status_q_on`, through `stats.status_filter` like the overview's figures);
        # tasks not yet assigned on that day are left out (`stats.narrow`).
        if not breakdown:
            counts = remembered(tasks, f"on {on}", lambda: count_by_status_on(tasks, on))
            category = _status_value(status) if status else None
            total = counts[category] if category else (None if status else sum(counts.values()))
        tasks = tasks.filter(stats.status_filter(status, on) if status else Q(assigned_on__lte=on))
    query = request.GET.copy()
    query.pop("page", None)
    summary = None
    if counts is not None:
        # Each count links to its list: the same filters, that category.
        summary = []
        for category, count in counts.items():
            link = query.copy()
            link["status"] = category.value
            summary.append((category, count, link.urlencode()))
    # Dated tasks first, soonest (most overdue) at the top; tasks without a time limit last.
    ordered = tasks.order_by(F("effective_due_date").asc(nulls_last=True), "id").values_list("pk", flat=True)
    paginator = Paginator(ordered, PAGE_SIZE)
    if total is not None:
        paginator.count = total  # the same rows, already counted
    page = paginator.get_page(request.GET.get("page"))
    # The page's ids first (the index alone, even 5,000 pages deep), then its 50 rows
    # with what they show; not the documents' full text.
    ids = list(page.object_list)
    found = (
        Task.objects.filter(pk__in=ids)
        .select_related("lead_unit", "assignee", "document", "parent__lead_unit")
        .defer(*DOCUMENT_BULK, "content_folded")
        .prefetch_related("extensions")
        .in_bulk()
    )
    rows = [(found[pk], status_as_of(found[pk], on)) for pk in ids]
    parts_query = query.copy()
    parts_query["part"] = BREAKDOWN
    return render(
        request,
        "web/task_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "today": today,
            "on": on,
            "summary": summary,
            "breakdown": breakdown,
            # The link carries the same filters: the count is of the list it opens.
            "breakdown_count": None if breakdown else _breakdown_count(_filtered(breakdowns, data, on)),
            "active_filters": sum(
                1 for name, value in query.items() if value and name not in ("q", "document", "part")
            ),
            "breakdown_query": parts_query.urlencode(),
            "query": query.urlencode(),
        },
    )


def _filter_description(form) -> str:
    """The filters applied, as the user chose them ("Đơn vị chủ trì: Sở Nội vụ; …")."""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", False) or name in ("as_of",):
            continue
        if name == "document":
            from dondoc.tasks.visibility import visible_documents

            document = visible_documents(form.user).filter(pk=value).first()
            parts.append(f"Văn bản: {document or value}")
            continue
        choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None)
        if choices and not hasattr(field, "queryset"):
            label = dict((str(k), v) for k, v in choices).get(str(value), value)
        elif hasattr(value, "strftime"):
            label = f"{value:%d/%m/%Y}"
        else:
            label = str(value)
        parts.append(f"{field.label or name}: {label}")
    return "; ".join(parts)


@login_required
def task_list_xlsx(request):
    """The task list with its current filters as .xlsx: the same rows as the list (its
    filters, scope, order and status day), every page at once (`web.exports`). Filters
    the list would refuse are refused here too, with the list's messages."""
    today = local_today()
    user = request.user
    form = TaskFilterForm(
        request.GET or None,
        units=visible_units(user).filter(active=True),
        people=visible_people(user),
        leaders=leaders(),
    )
    form.user = user
    data = {}
    if request.GET:
        if not form.is_valid():
            messages.error(
                request, "Không xuất được danh sách: điều kiện lọc chưa hợp lệ (xem các lỗi bên dưới)."
            )
            return redirect(f"{reverse('task-list')}?{request.GET.urlencode()}")
        data = form.cleaned_data
    on = data.get("as_of") or today
    breakdown = data.get("part") == BREAKDOWN
    tasks = _filtered(visible_breakdowns(user) if breakdown else top_level(visible_tasks(user)), data, on)
    status = data.get("status", "")
    # The list's rule (`stats.status_filter`, as the list and the overview count):
    # today's status from the stored deadlines, another day's in SQL with the extensions
    # counted from their grant; tasks assigned after that day left out.
    if on == today:
        tasks = tasks.filter(stats.status_filter(status, today)) if status else tasks
    else:
        tasks = tasks.filter(stats.status_filter(status, on) if status else Q(assigned_on__lte=on))
    who = user.person.full_name if user.person_id else user.get_username()
    heading = [
        "Phần việc được phân công cho đơn vị, cá nhân (không tính vào số liệu thống kê nhiệm vụ)"
        if breakdown
        else "Nhiệm vụ theo văn bản (không tính các phần việc đã phân công bên trong nhiệm vụ)",
        f"Phạm vi: các nhiệm vụ {who} được xem",
        f"Điều kiện lọc: {(_filter_description(form) if data else '') or 'không'}",
        f"Tình trạng tính đến hết ngày {on:%d/%m/%Y}",
        f"Người xuất: {who}, lúc {timezone.localtime():%H:%M ngày %d/%m/%Y}",
    ]
    data_bytes = write_task_list(tasks, on=on, heading=heading)
    return attachment(data_bytes, f"Danh sách nhiệm vụ - {on:%d-%m-%Y}.xlsx", XLSX)
