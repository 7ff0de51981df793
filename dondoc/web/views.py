from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render

from dondoc.lib.dates import local_today
from dondoc.lib.text import fold
from dondoc.tasks.choices import Status
from dondoc.tasks.status import categories_as_of, count_by_status_today, status_as_of, status_q
from dondoc.tasks.visibility import visible_tasks, visible_units

from .forms import TaskFilterForm

PAGE_SIZE = 50


@login_required
def task_list(request):
    """Visible tasks, filtered; statuses as of today or of the date asked for, with the
    count of each official category for the whole filtered set."""
    today = local_today()
    units = visible_units(request.user).filter(active=True)
    form = TaskFilterForm(request.GET or None, units=units)
    tasks = visible_tasks(request.user)
    on = today
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        on = data["as_of"] or today
        status = data["status"]
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
    summary = list(counts.items())
    tasks = tasks.select_related("lead_unit", "assignee", "document").prefetch_related("extensions")
    # Dated tasks first, soonest (most overdue) at the top; tasks without a time limit last.
    tasks = tasks.order_by(F("effective_due_date").asc(nulls_last=True), "id")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(task, status_as_of(task, on)) for task in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
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
        },
    )
