"""The official report's screen, its files and "Khóa kỳ báo cáo": permission, form, call."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dondoc.lib.dates import local_today
from dondoc.lib.downloads import DOCX, PDF, XLSX, attachment
from dondoc.tasks.choices import Status
from dondoc.web.widgets import use_unit_tree

from . import official, official_files
from .stats import AGEING

FORMATS = {"xlsx": "Bảng tính Excel (.xlsx)", "docx": "Văn bản Word (.docx)", "pdf": "PDF"}
PROVINCE = ""


class ReportForm(forms.Form):
    period = forms.ChoiceField(
        label="Kỳ báo cáo", error_messages={"invalid_choice": "Kỳ báo cáo không hợp lệ."}
    )
    unit = forms.ChoiceField(
        label="Phạm vi",
        required=False,
        error_messages={"invalid_choice": "Đơn vị này không thuộc phạm vi anh/chị được xem."},
    )
    format = forms.ChoiceField(
        label="Định dạng", choices=list(FORMATS.items()), required=False, initial="xlsx"
    )

    def __init__(self, data, *, user, today):
        super().__init__(data)
        self.user = user
        self.periods = {p.key: p for p in official.ReportPeriod.recent(today)}
        self.fields["period"].choices = [(key, p.label.capitalize()) for key, p in self.periods.items()]
        self.units = official.scope_units(user)
        everything = user.sees_everything()
        use_unit_tree(
            self.fields["unit"], self.units, empty_label="Toàn tỉnh (tất cả đơn vị)" if everything else None
        )

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]

    def clean_unit(self):
        value = self.cleaned_data.get("unit") or PROVINCE
        if value == PROVINCE:
            if not self.user.sees_everything():
                raise forms.ValidationError("Chọn một đơn vị trong phạm vi anh/chị được xem.")
            return None
        unit = self.units.filter(pk=value).first()
        if unit is None:
            raise forms.ValidationError("Đơn vị này không thuộc phạm vi anh/chị được xem.")
        if unit.parent_id is None and self.user.sees_everything():
            return None  # the province's committee: the whole province's report
        return unit


def _default_query(user, today) -> QueryDict:
    """The last quarter that ended, for the user's scope."""
    quarter = (today.month - 1) // 3  # the quarter before this one (0 = last year's Q4)
    period = (
        official.ReportPeriod("quarter", today.year, quarter)
        if quarter
        else official.ReportPeriod("quarter", today.year - 1, 4)
    )
    query = QueryDict(mutable=True)
    query["period"] = period.key
    if not user.sees_everything() and user.unit is not None:
        query["unit"] = str(user.unit.pk)
    return query


def _form(request, today):
    """The form on the request's parameters, else the default; a scoped user who names
    no unit gets their own (the overview's links name none)."""
    user = request.user
    data = request.GET.copy() if "period" in request.GET else _default_query(user, today)
    if "unit" not in data and not user.sees_everything() and user.unit is not None:
        data["unit"] = str(user.unit.pk)
    return ReportForm(data, user=user, today=today)


@login_required
def report_page(request):
    """Báo cáo: choose the period, the scope and the format; the report's figures on
    screen (each a link to the task list behind it) and its files to download."""
    today = local_today()
    form = _form(request, today)
    result = None
    if form.is_valid():
        result = official.report(
            request.user, form.cleaned_data["period"], form.cleaned_data["unit"], today=today
        )
    query = form.data.copy()
    query.pop("format", None)
    data = result.data if result else None
    return render(
        request,
        "reports/official_report.html",
        {
            "form": form,
            "result": result,
            "data": data,
            "rows": _rows(data) if data else [],
            "ageing": [(label, data["summary"]["ageing"][code]) for code, label, *_ in AGEING]
            if data
            else [],
            "figures": official_files.figures_text(data) if data else [],
            "on": f"{dt.date.fromisoformat(data['on']):%d/%m/%Y}" if data else "",
            "overdue": [
                {**t, "due_display": f"{dt.date.fromisoformat(t['due']):%d/%m/%Y}"} for t in data["overdue"]
            ]
            if data
            else [],
            "query": query.urlencode(),
            "formats": FORMATS,
            "can_close": official.can_close(request.user),
            "period_ended": bool(form.is_valid() and form.cleaned_data["period"].end < today),
        },
    )


def _rows(data: dict) -> list[dict]:
    """Rows for the screen: each unit's figures with the list query of each."""
    rows = []
    for unit in [*data["units"], {**data["summary"], "label": "Tổng cộng", "query": data["query"], "urgings": data["urgings"], "total_row": True}]:  # fmt: skip
        c = unit["counts"]
        query = unit["query"]

        def link(status="", _query=query):
            params = QueryDict(mutable=True)
            params.update(_query)
            if status:
                params["status"] = status
            return f"{reverse('task-list')}?{params.urlencode()}"

        rows.append(
            {
                "label": unit["label"],
                "total_row": unit.get("total_row", False),
                "cells": [
                    (unit["total"], link("counted")),
                    (c[Status.DONE_ON_TIME.value], link(Status.DONE_ON_TIME.value)),
                    (c[Status.DONE_LATE.value], link(Status.DONE_LATE.value)),
                    (c[Status.OPEN_ON_TIME.value], link(Status.OPEN_ON_TIME.value)),
                    (c[Status.OPEN_OVERDUE.value], link(Status.OPEN_OVERDUE.value)),
                    (c[Status.RECURRING.value], link(Status.RECURRING.value)),
                    (c[Status.NO_DEADLINE.value], link(Status.NO_DEADLINE.value)),
                ],
                "rate": official_files._rate(unit["rate_on_time"]),
                "urgings": unit["urgings"],
            }
        )
    return rows


@login_required
def report_file(request):
    """The report as .xlsx, .docx or PDF (`format`), for the same period and scope."""
    today = local_today()
    form = _form(request, today)
    if not form.is_valid():
        messages.error(
            request, "Không tạo được báo cáo: " + " ".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect(f"{reverse('official-report')}?{request.GET.urlencode()}")
    period, unit = form.cleaned_data["period"], form.cleaned_data["unit"]
    kind = form.cleaned_data["format"] or "xlsx"
    data = official.report(request.user, period, unit, today=today).data
    name = f"Báo cáo kết quả thực hiện nhiệm vụ {period.label} - {data['scope']['name']}"
    if kind == "xlsx":
        return attachment(official_files.report_xlsx(data), f"{name}.xlsx", XLSX)
    docx = official_files.report_docx(data, today=today)
    if kind == "docx":
        return attachment(docx, f"{name}.docx", DOCX)
    try:
        pdf = official_files.report_pdf(docx)
    except official_files.PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('official-report')}?{request.GET.urlencode()}")
    return attachment(pdf, f"{name}.pdf", PDF)


@login_required
@require_POST
def report_close(request):
    """Khóa kỳ báo cáo (Office follow-up staff, administrators): freeze the period's reports."""
    if not official.can_close(request.user):
        raise PermissionDenied(
            "Chỉ chuyên viên theo dõi của Văn phòng hoặc quản trị viên được khóa kỳ báo cáo."
        )
    today = local_today()
    period = official.ReportPeriod.from_key(request.POST.get("period", ""))
    back = f"{reverse('official-report')}?period={period.key}" if period else reverse("official-report")
    if period is None:
        messages.error(request, "Kỳ báo cáo không hợp lệ.")
        return redirect(back)
    try:
        closure = official.close(period, by=request.user, today=today, note=request.POST.get("note", ""))
    except official.CloseError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        f"Đã khóa kỳ báo cáo {period.label}: số liệu của toàn tỉnh và {closure.snapshots.count() - 1} đơn vị "
        "được chốt, báo cáo của kỳ này từ nay không thay đổi.",
    )
    return redirect(back)
