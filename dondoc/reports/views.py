"""The overview pages: the province's (leaders, the Office), a unit's (its head), and a
personal one. Every figure comes from `dondoc.reports.stats` and links to the task
list with the same filters (`stats.Criteria.query()`), which counts with the same code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dondoc.lib.dates import local_today
from dondoc.org.choices import Role
from dondoc.org.models import Person
from dondoc.tasks.choices import Status
from dondoc.tasks.permissions import is_followup, is_province_leader
from dondoc.tasks.visibility import visible_units

from . import stats
from .charts import STACKED, list_url, trend_chart
from .forms import PeriodForm

# The categories shown as columns of the breakdown tables, in the official order.
COLUMNS = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.OPEN_ON_TIME, Status.OPEN_OVERDUE]


def _criteria(request, today) -> tuple[PeriodForm, stats.Criteria]:
    """The period and as-of day asked for; the year to date when nothing (or nothing
    valid) is asked."""
    form = PeriodForm(request.GET or None)
    criteria = stats.default_criteria(today)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        on = data["as_of"] or today
        criteria = stats.Criteria(on=on, start=data["start"], end=data["end"])
    elif not request.GET:
        form = PeriodForm(initial={"start": criteria.start, "end": criteria.end, "as_of": criteria.on})
    return form, criteria


def _figures(summary: stats.Summary, criteria: stats.Criteria) -> dict:
    """Each figure of a summary with the URL of its list."""
    return {
        "total": (summary.total, list_url(criteria.but(status="counted"))),
        "due": (summary.due, list_url(criteria.but(status="due"))),
        "rate": summary.rate_on_time,
        "categories": [
            (category, summary.counts[category], list_url(criteria.but(status=category)))
            for category in Status
        ],
        "ageing": [
            (code, stats.AGEING_LABELS[code], summary.ageing[code], list_url(criteria.but(ageing=code)))
            for code in stats.AGEING_CODES
        ],
    }


def _table(rows: list[stats.Row], link_label=None) -> list[dict]:
    out = []
    for row in rows:
        url = _status_urls(row.criteria)
        out.append(
            {
                "label": row.label,
                "note": row.note,
                "href": link_label(row) if link_label else None,
                "total": (row.summary.total, url("counted")),
                "cells": [(cat, row.summary.counts[cat], url(cat)) for cat in COLUMNS],
                "rate": row.summary.rate_on_time,
                "due_url": url("due"),
            }
        )
    return out


def _status_urls(criteria: stats.Criteria):
    """`category -> list_url(criteria.but(status=category))`, the common part encoded
    once: a table has a thousand links (the status comes last in `Criteria.query()`)."""
    if criteria.status or criteria.ageing:
        return lambda category: list_url(criteria.but(status=category))
    base = list_url(criteria)
    return lambda category: f"{base}&{urlencode({'status': category})}"


def _unit_link(row: stats.Row) -> str | None:
    if row.note == "own" or row.criteria.unit is None:
        return None
    return reverse("overview-unit", args=[row.criteria.unit.pk])


def _period_query(criteria: stats.Criteria) -> str:
    params = {"as_of": f"{criteria.on:%d/%m/%Y}"}
    if criteria.start:
        params["start"] = f"{criteria.start:%d/%m/%Y}"
    if criteria.end:
        params["end"] = f"{criteria.end:%d/%m/%Y}"
    return urlencode(params)


def _render(request, template, form, criteria, data, **extra):
    today = local_today()
    context = {
        "form": form,
        "criteria": criteria,
        "today": today,
        "period_query": _period_query(criteria),
        "columns": COLUMNS,
        "stacked": STACKED,
        **data,
        **extra,
    }
    return render(request, template, context)


def _overview_context(user, criteria, today) -> dict:
    o = stats.overview(user, criteria, today=today)
    return {
        "overview": o,
        "figures": _figures(o.summary, criteria),
        "empty": o.summary.total + o.summary.counts[Status.NOT_COUNTED] == 0,
        "units": _table(o.units, _unit_link),
        "fields": _table(o.fields),
        "leaders": _table(o.leaders),
        "documents": _table(o.documents),
        "trend": trend_chart(o.trend),
        "trend_rows": _table(o.trend),
        "actions": [
            (a, reverse("task-list") + "?" + urlencode(a.query))
            for a in (o.actions.items if o.actions else [])
        ],
    }


def lands_on_overview(user) -> bool:
    """The overview is the landing page of the province's leaders (Chủ tịch, Phó Chủ
    tịch) and the Office's follow-up staff; everybody else lands on the task list."""
    return is_province_leader(user) or is_followup(user)


def home(request):
    """ "/": the overview for the leaders and the Office's follow-up staff, else the task list."""
    if request.user.is_authenticated and lands_on_overview(request.user):
        return redirect("overview")
    return redirect("task-list")


@login_required
def overview(request):
    """Tổng quan: the figures of everything the user may see (the province for leaders and
    the Office; a unit's head sees their unit: the same page as `unit_overview`)."""
    today = local_today()
    form, criteria = _criteria(request, today)
    user = request.user
    scope_unit = None if user.sees_everything() else user.unit
    if scope_unit is not None:
        criteria = criteria.but(unit=scope_unit)
    data = _overview_context(user, criteria, today)
    title = "Tổng quan toàn tỉnh" if user.sees_everything() else "Tổng quan"
    if scope_unit is not None:
        title = f"Tổng quan — {scope_unit.name}"
    return _render(request, "reports/overview.html", form, criteria, data, title=title, scope_unit=scope_unit)


@login_required
def unit_overview(request, pk: int):
    """A unit's overview: its divisions (units below rolled up) and its people; only
    for a unit the user may see."""
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    today = local_today()
    form, criteria = _criteria(request, today)
    criteria = criteria.but(unit=unit)
    data = _overview_context(request.user, criteria, today)
    tasks = stats.scope_tasks(request.user)
    people = list(Person.objects.filter(unit=unit, active=True).order_by("full_name")[:60])
    person_rows = [
        stats.Row(p.pk, p.full_name, stats.summary(tasks, criteria.but(assignee=p.pk)), criteria.but(assignee=p.pk), p.title)
        for p in people
    ]  # fmt: skip
    person_rows = [r for r in person_rows if r.summary.total or r.summary.counts[Status.NOT_COUNTED]]
    return _render(
        request,
        "reports/overview.html",
        form,
        criteria,
        data,
        title=f"Tổng quan — {unit.name}",
        scope_unit=unit,
        parent_link=_parent_link(request.user, unit),
        people=_table(person_rows),
    )


def _parent_link(user, unit):
    if unit.parent_id and visible_units(user).filter(pk=unit.parent_id).exists():
        return (
            reverse("overview-unit", args=[unit.parent_id]) if unit.parent.parent_id else reverse("overview")
        )
    return None


@login_required
def personal_overview(request):
    """The user's own figures: the tasks in which they are assigned (directly or through a
    breakdown) and, for a leader, the tasks they assigned."""
    person = request.user.person
    if person is None:
        raise Http404("Tài khoản chưa gắn với cán bộ nào.")
    today = local_today()
    form, criteria = _criteria(request, today)
    tasks = stats.scope_tasks(request.user)
    sections = []
    mine = criteria.but(assignee=person.pk)
    sections.append(("Nhiệm vụ anh/chị được giao thực hiện", _figures(stats.summary(tasks, mine), mine)))
    if request.user.has_role(Role.LEADER):
        given = criteria.but(leader=person.pk)
        sections.append(("Nhiệm vụ anh/chị giao", _figures(stats.summary(tasks, given), given)))
    trend = stats.trend(tasks, mine)
    return _render(
        request,
        "reports/personal.html",
        form,
        criteria,
        {"sections": sections, "trend": trend_chart(trend), "trend_rows": _table(trend)},
        title=f"Tổng quan cá nhân — {person.full_name}",
    )
