"""Charts drawn on the server as SVG (no script, no style attribute: the strict CSP
allows both). Each mark is a link to the task list behind it; the shapes carry classes
coloured by the stylesheet (`reports/overview.css`)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from dondoc.tasks.choices import Status

# The categories stacked in the trend's columns (those with a dated deadline), bottom up.
STACKED = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.OPEN_ON_TIME, Status.OPEN_OVERDUE]


@dataclass
class Mark:
    x: float
    y: float
    width: float
    height: float
    css: str
    href: str
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    href: str = ""


@dataclass
class Chart:
    width: int
    height: int
    marks: list[Mark]
    labels: list[Label]
    title: str


def list_url(criteria) -> str:
    return reverse("task-list") + "?" + urlencode(criteria.query())


def trend_chart(rows, width: int = 360, height: int = 180) -> Chart:
    """Stacked columns, one per month: the month's tasks by category at the as-of day."""
    top = max((sum(r.summary.counts[c] for c in STACKED) for r in rows), default=0) or 1
    plot_top, plot_bottom = 16, height - 22
    span = plot_bottom - plot_top
    step = width / max(len(rows), 1)
    marks, labels = [], []
    for i, row in enumerate(rows):
        x = i * step + step * 0.15
        y = plot_bottom
        total = 0
        for category in STACKED:
            n = row.summary.counts[category]
            if not n:
                continue
            total += n
            h = span * n / top
            y -= h
            marks.append(
                Mark(
                    round(x, 1), round(y, 1), round(step * 0.7, 1), round(h, 1), category.value,
                    list_url(row.criteria.but(status=category)), f"{row.label}: {category.label} {n}",
                )
            )  # fmt: skip
        labels.append(Label(round(x + step * 0.35, 1), height - 6, row.label[:2] + "/" + row.label[-2:]))
        if total:
            href = list_url(row.criteria.but(status="counted"))
            labels.append(Label(round(x + step * 0.35, 1), round(y - 3, 1), str(total), href))
    return Chart(width, height, marks, labels, "Nhiệm vụ giao theo tháng, theo tình trạng")
