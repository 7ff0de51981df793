"""The top bar's menu: the screens this user may use, the current one marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from dondoc.evaluation.permissions import is_hr
from dondoc.notifications.urging import can_urge
from dondoc.org.choices import Role
from dondoc.quality.permissions import can_view_quality
from dondoc.tasks.queues import can_view_office_queues


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    current: bool = False
    badge: int = 0


def nav_items(user, path: str, unread: int = 0) -> list[NavItem]:
    """The menu of `user`, in order: Đôn đốc for those who may urge (`can_urge`), Hàng
    chờ for those who follow up for the leaders (`can_view_office_queues`), Lịch for
    anyone with a person record (their deadlines' calendar feed), Đánh giá for anyone with
    a person record (their own evaluation) and Sở Nội vụ's evaluation managers."""
    items = [
        ("overview", "Tổng quan", "overview", True),
        ("tasks", "Nhiệm vụ", "task-list", True),
        ("mine", "Việc của tôi", "my-tasks", True),
        ("reports", "Báo cáo", "official-report", True),
        ("queues", "Hàng chờ", "office-queues", can_view_office_queues(user)),
        ("documents", "Văn bản", "document-list", True),
        ("urging", "Đôn đốc", "urging-list", can_urge(user)),
        ("inbox", "Thông báo", "inbox", True),
        ("evaluation", "Đánh giá", "evaluation-mine", user.person_id is not None or is_hr(user)),
        ("calendar", "Lịch", "calendar-settings", user.person_id is not None),
        ("quality", "Chất lượng trích xuất", "quality-overview", can_view_quality(user)),
    ]
    result = []
    for key, label, name, allowed in items:
        if not allowed:
            continue
        url = reverse(name)
        result.append(
            NavItem(key, label, url, current=path.startswith(url), badge=unread if key == "inbox" else 0)
        )
    if user.is_staff:
        url = reverse("admin:index")
        result.append(NavItem("admin", "Quản trị", url, current=path.startswith(url)))
    return result


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from dondoc.notifications.models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {
        "nav_unread": unread,
        "nav_items": nav_items(user, request.path, unread),
        "nav_can_upload": user.is_superuser or user.has_role(Role.CLERK, Role.FOLLOWUP, Role.ADMIN),
    }
