"""The extraction quality page (chất lượng trích xuất), the lists behind its figures, and
the aliases clerks kept in review. Who may see: `permissions`; the figures: `stats`."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dondoc.org.models import UnitAlias

from . import aliases, stats
from .charts import month_chart
from .models import DOCUMENT_FIELDS, TASK_FIELDS
from .permissions import can_remove_alias, can_view_quality

PAGE_SIZE = 50
DENIED = "Chỉ quản trị viên và chuyên viên theo dõi, đôn đốc của Văn phòng được xem chất lượng trích xuất."


def quality_required(view):
    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can_view_quality(request.user):
            raise PermissionDenied(DENIED)
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _keep(request) -> str:
    """The list's query string without the page number (for the pager's links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@quality_required
def overview(request):
    filters = stats.Filters.from_query(request.GET)
    fig = stats.figures(filters)
    monthly = stats.monthly(filters)
    documents = (
        stats.records(filters)
        .select_related("document", "registered_by__person")
        .only(
            "document__id",
            "document__number",
            "document__symbol",
            "document__original_name",
            "registered_at",
            "registered_by__username",
            "registered_by__person__full_name",
            "extractor_version",
            "proposed",
            "kept",
            "edited",
            "merged",
            "dropped",
            "added",
        )
    )
    return render(
        request,
        "quality/overview.html",
        {
            "filters": filters,
            "fig": fig,
            "rates": stats.field_rates(filters, fig),
            "monthly": monthly,
            "chart": month_chart(list(reversed(monthly)), filters),
            "versions": stats.by_version(filters),
            "frequent": stats.frequent(filters),
            "page": _page(request, documents),
            "keep": _keep(request),
            "alias_count": UnitAlias.objects.filter(removed_at__isnull=True).count(),
        },
    )


@quality_required
def task_list(request):
    """The proposed or added tasks behind a figure: `ket_qua` an outcome or group,
    `truong` a task field the clerk changed."""
    filters = stats.Filters.from_query(request.GET)
    group = request.GET.get("ket_qua") or None
    if group not in stats.GROUPS:
        group = None
    name = request.GET.get("truong") or None
    if name not in TASK_FIELDS:
        name = None
    qs = (
        stats.outcomes(filters, group=group, task_field=name)
        .select_related("record__document", "task")
        .prefetch_related("corrections")
        .order_by("-record__registered_at", "record_id", "index", "id")
    )
    title = stats.GROUPS[group][0] if group else "Nhiệm vụ đề xuất và nhiệm vụ thêm"
    if name:
        title = f"Nhiệm vụ đã sửa trường “{TASK_FIELDS[name]}”"
    return render(
        request,
        "quality/tasks.html",
        {
            "filters": filters,
            "page": _page(request, qs),
            "title": title,
            "keep": _keep(request),
            "field": name,
        },
    )


@quality_required
def document_list(request):
    """The reviewed documents behind a figure; `truong` a document field changed."""
    filters = stats.Filters.from_query(request.GET)
    name = request.GET.get("truong") or None
    if name not in DOCUMENT_FIELDS:
        name = None
    qs = (
        stats.records(filters, document_field=name)
        .select_related("document", "registered_by__person")
        .prefetch_related("corrections")
        .order_by("-registered_at", "-id")
    )
    title = f"Văn bản đã sửa “{DOCUMENT_FIELDS[name]}”" if name else "Văn bản đã rà soát"
    return render(
        request,
        "quality/documents.html",
        {
            "filters": filters,
            "page": _page(request, qs),
            "title": title,
            "keep": _keep(request),
            "field": name,
        },
    )


@quality_required
def correction_list(request):
    """The corrections behind a figure: one field, from (`truoc`) and to (`sau`) a value."""
    filters = stats.Filters.from_query(request.GET)
    name = request.GET.get("truong") or None
    if name not in TASK_FIELDS and name not in DOCUMENT_FIELDS:
        name = None
    qs = (
        stats.corrections(filters, name=name, before=request.GET.get("truoc"), after=request.GET.get("sau"))
        .select_related("record__document", "outcome__task")
        .order_by("-record__registered_at", "record_id", "id")
    )
    return render(
        request,
        "quality/corrections.html",
        {
            "filters": filters,
            "page": _page(request, qs),
            "label": stats.field_label(name) if name else "",
            "before": request.GET.get("truoc"),
            "after": request.GET.get("sau"),
            "keep": _keep(request),
        },
    )


@quality_required
def alias_list(request):
    active = UnitAlias.objects.filter(removed_at__isnull=True).select_related(
        "unit", "created_by__person", "document"
    )
    removed = UnitAlias.objects.filter(removed_at__isnull=False).select_related(
        "unit", "created_by__person", "removed_by__person", "document"
    )
    return render(
        request,
        "quality/aliases.html",
        {
            "active": active,
            "removed": removed.order_by("-removed_at")[:50],
            "can_remove": can_remove_alias(request.user),
        },
    )


@require_POST
@login_required
def alias_remove(request, pk: int):
    if not can_remove_alias(request.user):
        raise PermissionDenied("Chỉ quản trị viên được gỡ tên gọi khác của đơn vị.")
    alias = get_object_or_404(UnitAlias, pk=pk)
    if aliases.remove(alias, by=request.user):
        messages.success(
            request,
            f"Đã gỡ tên gọi khác “{alias.name}” của {alias.unit.name}; lần trích xuất sau không dùng nữa.",
        )
    else:
        messages.info(request, f"Tên gọi khác “{alias.name}” đã được gỡ trước đó.")
    return redirect("quality-aliases")
