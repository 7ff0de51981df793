from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render

from dondoc.documents.review import leaders
from dondoc.lib.dates import local_today
from dondoc.lib.text import fold
from dondoc.tasks.choices import Status
from dondoc.tasks.queues import office_queue
from dondoc.tasks.status import categories_as_of, count_by_status_today, status_as_of, status_q
from dondoc.tasks.visibility import visible_people, visible_tasks, visible_units

from .forms import NO_LEADER, TaskFilterForm

PAGE_SIZE = 50


@login_required
def task_list(request):
    """Visible tasks, filtered; statuses as of today or of the date asked for, with the
    count of each official category for the whole filtered set (each count links to its
    list). The Office's queues (`?queue=`) are computed by `queues.office_queue`, the
    code that counts them."""
    today = local_today()
    user = request.user
    units = visible_units(user).filter(active=True)
    form = TaskFilterForm(request.GET or None, units=units, people=visible_people(user), leaders=leaders())
    tasks = visible_tasks(user)
    on = today
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        on = data["as_of"] or today
        status = data["status"]
        if data["queue"]:
            tasks = office_queue(user, data["queue"])
        if data["state"]:
            tasks = tasks.filter(state=data["state"])
        if data["assignee"]:
            tasks = tasks.filter(assignee=data["assignee"])
        if data["leader"] == NO_LEADER:
            tasks = tasks.filter(assigned_by__isnull=True)
        elif data["leader"]:
            tasks = tasks.filter(assigned_by_id=data["leader"])
        if data["q"]:
            key = fold(data["q"])
            tasks = tasks.filter(Q(content_folded__contains=key) | Q(lead_unit__name_folded__contains=key))
        if data["unit"]:
            tasks = tasks.filter(lead_unit__path__startswith=data["unit"].path)
        if data["due_from"]:
            tasks = tasks.filter(effective_due_date__gte=data["due_from"])
        if data["due_to"]:
            tasks = tasks.filter(effective_due_date__lte=data["due_to"])
        if data["document"]:
            tasks = tasks.filter(document_id=data["document"])
    if on == today:
        counts = count_by_status_today(tasks, today)  # one aggregate query in the database
        if status:
            tasks = tasks.filter(status_q(status, today))
    else:
        # Another day's status needs the extension history: categorise in Python (same
        # rule as status_as_of) and filter on the ids; tasks not yet assigned are left out.
        categories = categories_as_of(tasks, on)
        counts = {category: 0 for category in Status}
        for category in categories.values():
            counts[category] += 1
        tasks = tasks.filter(
            pk__in=[pk for pk, category in categories.items() if not status or category == status]
        )
    query = request.GET.copy()
    query.pop("page", None)
    summary = []
    for category, count in counts.items():
        link = query.copy()
        link["status"] = category.value
        summary.append((category, count, link.urlencode()))
    tasks = tasks.select_related("lead_unit", "assignee", "document").prefetch_related("extensions")
    # Dated tasks first, soonest (most overdue) at the top; tasks without a time limit last.
    tasks = tasks.order_by(F("effective_due_date").asc(nulls_last=True), "id")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(task, status_as_of(task, on)) for task in page.object_list]
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
            "query": query.urlencode(),
            "active_filters": sum(
                1 for name, value in query.items() if value and name not in ("q", "document")
            ),
        },
    )
