"""The personal iCalendar feed: the deadlines of the open tasks a user can see."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from dondoc.tasks.choices import OPEN_STATES
from dondoc.tasks.visibility import visible_tasks

# A province-wide viewer (Office staff, the Chairman) sees thousands of tasks; a calendar
# client polling the feed does not need more than the nearest ones.
MAX_EVENTS = 2000


def feed_tasks(user):
    """The user's visible open tasks with a deadline, nearest deadline first."""
    return (
        visible_tasks(user)
        .filter(state__in=OPEN_STATES, effective_due_date__isnull=False)
        .select_related("lead_unit")
        .order_by("effective_due_date", "pk")[:MAX_EVENTS]
    )


def task_uid(task) -> str:
    """Stable per task, so clients update an event when its deadline moves."""
    host = urlsplit(settings.SITE_URL).hostname or "dondoc"
    return f"task-{task.pk}@{host}"


def build_feed(user) -> bytes:
    name = user.person.full_name if user.person_id else user.get_username()
    cal = Calendar()
    cal.add("prodid", "-//dondoc//Hạn nhiệm vụ//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"dondoc – Hạn nhiệm vụ ({name})")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC)
    for task in feed_tasks(user):
        content = " ".join(task.content.split())
        short = content if len(content) <= 90 else content[:89] + "…"
        unit = task.lead_unit.short_name or task.lead_unit.name
        url = settings.SITE_URL + reverse("task-detail", args=[task.pk])
        event = Event()
        event.add("uid", task_uid(task))
        event.add("dtstamp", stamp)
        event.add("last-modified", task.updated_at.astimezone(dt.UTC))
        # All day, on the effective deadline (Bộ luật Dân sự 2015, Điều 148).
        event.add("dtstart", task.effective_due_date)
        event.add("dtend", task.effective_due_date + dt.timedelta(days=1))
        event.add("summary", f"Hạn nhiệm vụ #{task.pk}: {short} ({unit})")
        event.add(
            "description",
            f"{content}\nĐơn vị chủ trì: {task.lead_unit.name}\nTrạng thái: {task.get_state_display()}\n{url}",
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
