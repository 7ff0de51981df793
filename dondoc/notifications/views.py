"""Inbox, calendar feed and urging screens: permission, form, call, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dondoc.lib.dates import local_today
from dondoc.lib.downloads import DOCX, attachment
from dondoc.tasks.visibility import visible_tasks, visible_units
from dondoc.web import refused

from .feeds import build_feed
from .forms import UrgingForm
from .letters import task_urging_text, unit_urging_text, urging_letter_docx
from .models import Notification, Urging
from .urging import (
    UrgingError,
    all_overdue_tasks,
    can_urge,
    email_delivery,
    overdue_tasks,
    resend_email,
    urge_task,
    urge_unit,
)

PAGE_SIZE = 50


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "notifications/inbox.html", {"page": page, "unread": unread})


@login_required
@require_POST
def inbox_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read_all(request):
    n = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if n:
        messages.success(request, f"Đã đánh dấu {n} thông báo là đã đọc.")
    return redirect("inbox")


def calendar_feed(request, token: str):
    """No login (calendar clients cannot log in): the secret token in the URL is the key."""
    user = (
        get_user_model()
        .objects.filter(calendar_token=token, is_active=True)
        .select_related("person__unit")
        .first()
    )
    if user is None:
        raise Http404("Không tìm thấy lịch.")
    response = HttpResponse(build_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dondoc.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def calendar_settings(request):
    if request.method == "POST":
        request.user.reset_calendar_token()
        messages.success(request, "Đã tạo địa chỉ lịch mới. Địa chỉ cũ không còn dùng được.")
        return redirect("calendar-settings")
    feed_url = request.build_absolute_uri(reverse("calendar-feed", args=[request.user.calendar_token]))
    return render(request, "notifications/calendar_settings.html", {"feed_url": feed_url})


def _tell_delivery(request, urging: Urging, done: str) -> None:
    """Say the urging is recorded, and whether its e-mails left: one the mail server
    refused is named, with where to send it again."""
    delivery = email_delivery([urging])[urging.pk]
    if delivery.failed:
        messages.warning(
            request,
            f"{done} Văn bản đã được ghi nhận và gửi vào hộp thông báo, nhưng chưa gửi được thư điện tử tới: "
            f"{', '.join(delivery.failed)}. Hệ thống sẽ tự thử lại; anh/chị có thể bấm “Gửi lại thư” "
            "ở danh sách văn bản đôn đốc.",
        )
    else:
        messages.success(request, done)


def _require_urging_right(user) -> None:
    if not can_urge(user):
        raise PermissionDenied(
            "Chỉ chuyên viên theo dõi, đôn đốc của Văn phòng hoặc quản trị viên được đôn đốc."
        )


def _urging_form(request, initial: dict) -> UrgingForm:
    """The urging form: posted, or refused before and shown again with what was typed
    (post/redirect/get: `dondoc.web.refused`), or blank with the proposed text."""
    if request.method == "POST":
        return UrgingForm(request.POST, initial=initial)
    kept = refused.take(request, request.path)
    if kept is not None:
        return refused.rebind(UrgingForm, kept, initial=initial)
    return UrgingForm(initial=initial)


def _refuse(request, form):
    """A refused urging: what was typed and why wait for the next GET of this page."""
    refused.keep(request, page=request.path, key="urge", form=form)
    messages.error(request, "Chưa gửi: vui lòng sửa các lỗi được đánh dấu bên dưới.")
    return redirect(request.path)


@login_required
def task_urge(request, pk: int):
    _require_urging_right(request.user)
    task = visible_tasks(request.user).select_related("lead_unit", "assignee").filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    initial = {"text": task_urging_text(task)}
    form = _urging_form(request, initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                urging = urge_task(task, by=request.user, text=form.cleaned_data["text"])
            except UrgingError as exc:
                form.add_error(None, str(exc))
            else:
                _tell_delivery(request, urging, f"Đã gửi {urging.label} tới {task.lead_unit.name}.")
                return redirect("task-detail", pk=task.pk)
        return _refuse(request, form)
    previous = list(task.urgings.select_related("by__person").order_by("-at"))
    deliveries = email_delivery(previous)
    return render(
        request,
        "notifications/task_urge.html",
        {
            "task": task,
            "form": form,
            "previous": [(u, deliveries[u.pk]) for u in previous],
            "today": local_today(),
        },
    )


@login_required
def unit_urge(request, pk: int):
    _require_urging_right(request.user)
    unit = visible_units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    today = local_today()
    initial = {"text": unit_urging_text(unit)}
    form = _urging_form(request, initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                urging = urge_unit(unit, by=request.user, text=form.cleaned_data["text"])
            except UrgingError as exc:
                form.add_error(None, str(exc))
            else:
                _tell_delivery(
                    request,
                    urging,
                    f"Đã gửi {urging.label} tới {unit.name} về {urging.tasks.count()} nhiệm vụ quá hạn.",
                )
                return redirect("urging-list")
        return _refuse(request, form)
    tasks = list(overdue_tasks(unit, today).select_related("assignee"))
    for task in tasks:
        task.days_overdue = (today - task.effective_due_date).days
    return render(request, "notifications/unit_urge.html", {"unit": unit, "form": form, "tasks": tasks})


@login_required
def unit_urge_letter(request, pk: int):
    """The draft urging letter (.docx) to a unit about its overdue tasks today, for the
    Office to number and sign (Nghị định 30/2020/NĐ-CP); the same tasks and wording as
    "Gửi đôn đốc" on the unit's urging page."""
    _require_urging_right(request.user)
    unit = visible_units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    today = local_today()
    data = urging_letter_docx(unit, today=today)
    return attachment(data, f"Dự thảo công văn đôn đốc - {unit.name} - {today:%d-%m-%Y}.docx", DOCX)


@login_required
def urging_list(request):
    urgings = Urging.objects.all()
    if not request.user.sees_everything():
        urgings = urgings.filter(unit__in=visible_units(request.user))
    year = request.GET.get("nam", "")
    if year.isdigit():
        urgings = urgings.filter(year=int(year))
    urgings = (
        urgings.select_related("unit", "by__person")
        .annotate(task_count=Count("tasks"))
        .prefetch_related("tasks")
        .order_by("-at", "-id")
    )
    page = Paginator(urgings, PAGE_SIZE).get_page(request.GET.get("page"))
    allowed = can_urge(request.user)
    deliveries = email_delivery(list(page.object_list)) if allowed else {}
    rows = [(u, deliveries.get(u.pk)) for u in page.object_list]
    late_units = []
    if allowed:
        # Where to urge next: the units leading overdue tasks, most first.
        late_units = (
            all_overdue_tasks(local_today())
            .values("lead_unit", "lead_unit__name")
            .annotate(n=Count("id"))
            .order_by("-n", "lead_unit__name")
        )
    return render(
        request,
        "notifications/urging_list.html",
        {"page": page, "rows": rows, "year": year, "can_urge": allowed, "late_units": late_units},
    )


@login_required
def urging_resend(request, pk: int):
    """Gửi lại thư: the e-mails of an urging that did not leave, sent again now."""
    _require_urging_right(request.user)
    urging = Urging.objects.filter(pk=pk).select_related("unit").first()
    if urging is None:
        raise Http404("Không tìm thấy văn bản đôn đốc.")
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("urging-list")
    if request.method != "POST":
        return redirect(back)
    try:
        delivery = resend_email(urging, by=request.user)
    except UrgingError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if delivery.failed or delivery.waiting:
        reason = f" (lỗi: {delivery.errors[0]})" if delivery.errors else ""
        messages.warning(
            request,
            f"Vẫn chưa gửi được thư điện tử của {urging.label} tới: "
            f"{', '.join(delivery.failed + delivery.waiting)}{reason}. "
            "Vui lòng kiểm tra máy chủ thư (SMTP) hoặc báo quản trị hệ thống; hệ thống sẽ tự thử lại.",
        )
    elif delivery.sent:
        messages.success(request, f"Đã gửi thư điện tử của {urging.label} tới {', '.join(delivery.sent)}.")
    else:
        messages.info(request, f"{urging.label} không có thư điện tử nào cần gửi.")
    return redirect(back)
