from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render

from dondoc.lib.dates import local_today
from dondoc.lib.text import fold
from dondoc.org.models import Unit
from dondoc.tasks.models import Task, TaskEvent
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
    tasks = tasks.select_related("lead_unit", "assignee", "document").prefetch_related("extensions")
    tasks = tasks.order_by("effective_due_date", "id")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(task, status_as_of(task, today)) for task in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/task_list.html",
        {"form": form, "page": page, "rows": rows, "today": today, "query": query.urlencode()},
    )


@login_required
def task_detail(request, pk: int):
    task = (
        visible_tasks(request.user)
        .select_related("lead_unit", "assignee", "document", "parent", "assigned_by")
        .prefetch_related(
            "coordinating_units",
            "extensions",
            Prefetch(
                "children",
                Task.objects.filter(deleted_at__isnull=True).select_related("lead_unit", "assignee"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    today = local_today()
    history = TaskEvent.objects.filter(task=task).select_related("actor").order_by("at", "id")
    excerpt = task.source_excerpt()
    return render(
        request,
        "web/task_detail.html",
        {
            "task": task,
            "status": status_as_of(task, today),
            "history": history,
            "excerpt": excerpt,
            "today": today,
            "unit_names": dict(Unit.objects.values_list("pk", "name")) if history else {},
        },
    )
