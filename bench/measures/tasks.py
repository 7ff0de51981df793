"""The task screens: the list in each mode, a task's page, "Việc của tôi", and the
other lists a user opens every day (documents, inbox, urgings)."""

from __future__ import annotations

from bench.registry import fixture, page


@fixture("busy_task")
def busy_task(ctx) -> int:
    """A top-level task with a breakdown, reports and a long history, as the follow-up
    staff open them: the most recent task that has at least two children."""
    from django.db.models import Count

    from dondoc.tasks.models import Task

    found = (
        Task.objects.filter(parent__isnull=False, deleted_at__isnull=True)
        .order_by("-parent_id")
        .values("parent_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values_list("parent_id", flat=True)
        .first()
    )
    return found or Task.objects.order_by("-pk").values_list("pk", flat=True).first()


@fixture("deep_page")
def deep_page(ctx) -> int:
    """Page 5,000 of the Office's full list (the issue's deep page), or its last page when
    it has fewer: read from the pager of page 1, so it follows what the list shows."""
    import re

    body = ctx.get("followup", "/nhiem-vu/").content.decode()
    found = re.search(r"Trang 1/([\d.]+)", body)
    pages = int(found.group(1).replace(".", "")) if found else 1
    return min(5000, pages)


@page("task_list_all", target_ms=150, title="Danh sách nhiệm vụ — Văn phòng (tất cả)")
def task_list_all(ctx):
    ctx.get("followup", "/nhiem-vu/", expect="nhiệm vụ")


@page("task_list_scoped", target_ms=150, title="Danh sách nhiệm vụ — Giám đốc sở (phạm vi sở)")
def task_list_scoped(ctx):
    ctx.get("head", "/nhiem-vu/", expect="nhiệm vụ")


@page("task_list_search", target_ms=150, title="Tìm “noi vu” (không dấu)")
def task_list_search(ctx):
    ctx.get("followup", "/nhiem-vu/", {"q": "noi vu"}, expect="Nội vụ")


@page("task_list_overdue", target_ms=150, title="Lọc: chưa hoàn thành, quá hạn")
def task_list_overdue(ctx):
    ctx.get("followup", "/nhiem-vu/", {"status": "open_overdue"}, expect="quá hạn")


@page("task_list_as_of", target_ms=150, title="Tình trạng tính đến một ngày đã qua")
def task_list_as_of(ctx):
    day = ctx.past_day
    ctx.get("followup", "/nhiem-vu/", {"as_of": day.isoformat()}, expect=f"{day:%d/%m/%Y}")


@page("task_list_deep_page", target_ms=300, title="Danh sách nhiệm vụ, trang 5.000")
def task_list_deep_page(ctx):
    number = ctx.fixture("deep_page")
    ctx.get("followup", "/nhiem-vu/", {"page": number}, expect=f"Trang {number}/")


@page("task_detail", target_ms=300, title="Trang một nhiệm vụ (có giao xử lý, lịch sử)")
def task_detail(ctx):
    ctx.get("followup", f"/nhiem-vu/{ctx.fixture('busy_task')}/", expect="Lịch sử")


@page("my_tasks_head", target_ms=300, title="Việc của tôi — Giám đốc sở")
def my_tasks_head(ctx):
    ctx.get("head", "/viec-cua-toi/", expect="Việc của tôi")


@page("document_list", target_ms=300, title="Danh sách văn bản")
def document_list(ctx):
    ctx.get("followup", "/van-ban/", expect="văn bản")


@page("inbox", target_ms=300, title="Hộp thông báo — Giám đốc sở")
def inbox(ctx):
    ctx.get("head", "/thong-bao/")


@page("urging_list", target_ms=300, title="Đôn đốc — danh sách và đơn vị có việc quá hạn")
def urging_list(ctx):
    ctx.get("followup", "/don-doc/")


@page("office_queues", target_ms=300, title="Hàng chờ của Văn phòng (theo lãnh đạo giao)")
def office_queues(ctx):
    ctx.get("followup", "/hang-cho/", expect="Hàng chờ")


# The counts without the cache (dondoc/tasks/counts.py): what the first request after a
# change pays. Not a page: the official counts of every top-level task, in the database.


@page("count_all_today_cold", target_ms=300, title="Đếm theo tình trạng hôm nay, toàn tỉnh (không cache)")
def count_all_today_cold(ctx):
    from dondoc.tasks.models import Task
    from dondoc.tasks.status import count_by_status_today

    count_by_status_today(Task.objects.filter(deleted_at__isnull=True), ctx.today, with_total=True)


@page(
    "count_all_as_of_cold",
    target_ms=300,
    title="Đếm theo tình trạng tại một ngày đã qua, toàn tỉnh (không cache)",
)
def count_all_as_of_cold(ctx):
    from dondoc.tasks.models import Task
    from dondoc.tasks.status import count_by_status_on

    count_by_status_on(Task.objects.filter(deleted_at__isnull=True), ctx.past_day)
