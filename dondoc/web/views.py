from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import render

from dondoc.lib.dates import local_today
from dondoc.lib.text import fold
from dondoc.tasks.status import status_as_of, status_q
from dondoc.tasks.visibility import visible_tasks, visible_units

from .forms import TaskFilterForm

PAGE_SIZE = 50


@login_required
def task_list(request):
    today = local_today()
    units = visible_units(request.user).filter(active=True)
    form = TaskFilterForm(request.GET or None, units=units)
    tasks = visible_tasks(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            key = fold(data["q"])
            tasks = tasks.filter(Q(content_folded__contains=key) | Q(lead_unit__name_folded__contains=key))
        if data["unit"]:
            tasks = tasks.filter(lead_unit__path__startswith=data["unit"].path)
        if data["status"]:
            tasks = tasks.filter(status_q(data["status"], today))
        if data["due_from"]:
            tasks = tasks.filter(effective_due_date__gte=data["due_from"])
        if data["due_to"]:
            tasks = tasks.filter(effective_due_date__lte=data["due_to"])
        if data["document"]:
            tasks = tasks.filter(document_id=data["document"])
    tasks = tasks.select_related("lead_unit", "assignee", "document").prefetch_related("extensions")
    # Dated tasks first, soonest (most overdue) at the top; tasks without a time limit last.
    tasks = tasks.order_by(F("effective_due_date").asc(nulls_last=True), "id")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(task, status_as_of(task, today)) for task in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/task_list.html",
        {"form": form, "page": page, "rows": rows, "today": today, "query": query.urlencode()},
    )
