"""Exports and official reports: the task list's .xlsx of 100,000 rows (target ≤ 10 s)
and a year's official report as .xlsx (a page: ≤ 300 ms is the page target, the report
is measured against it too)."""

from __future__ import annotations

from bench.registry import fixture, page

EXPORT_ROWS = 100_000


@fixture("export_100k_due_to")
def export_100k_due_to(ctx) -> str:
    """The deadline up to which the Office's list holds about 100,000 notice tasks (the
    earliest first): the `due_to` filter of the 100,000-row export."""
    from dondoc.tasks.models import Task

    day = (
        Task.objects.filter(parent__isnull=True, deleted_at__isnull=True, effective_due_date__isnull=False)
        .order_by("effective_due_date")
        .values_list("effective_due_date", flat=True)[EXPORT_ROWS - 1 : EXPORT_ROWS]
        .first()
    )
    if day is None:  # a smaller database: everything
        day = (
            Task.objects.order_by("-effective_due_date").values_list("effective_due_date", flat=True).first()
        )
    return f"{day:%d/%m/%Y}"


@page("task_list_xlsx_100k", target_ms=10_000, title="Xuất danh sách nhiệm vụ (.xlsx), ~100.000 dòng")
def task_list_xlsx_100k(ctx):
    response = ctx.get("followup", "/nhiem-vu/xuat-excel/", {"due_to": ctx.fixture("export_100k_due_to")})
    if not response.content.startswith(b"PK"):
        from bench.registry import BenchError

        raise BenchError("the export is not an .xlsx file")


@page("report_year_xlsx", target_ms=300, title="Báo cáo kết quả thực hiện nhiệm vụ cả năm (.xlsx)")
def report_year_xlsx(ctx):
    year = ctx.today.year - 1
    response = ctx.get("leader", "/bao-cao/tai-ve/", {"period": str(year), "format": "xlsx"})
    if not response.content.startswith(b"PK"):
        from bench.registry import BenchError

        raise BenchError("the report is not an .xlsx file")
