"""The month chart of the quality page: server-side SVG (no script, no inline style;
colours are CSS classes in quality.css). One bar per month, 100% high, stacked by what
review did with the tasks (kept, edited, merged, dropped, added); each part links to
its list."""

from __future__ import annotations

from django.urls import reverse

from .models import Outcome
from .stats import Figures, Filters

BAR, GAP, HEIGHT, TOP, BOTTOM = 36, 14, 140, 22, 34
ORDER = [Outcome.KEPT, Outcome.EDITED, Outcome.MERGED, Outcome.DROPPED, Outcome.ADDED]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def month_chart(monthly, filters: Filters) -> dict | None:
    """`monthly`: (first day of month, Figures), oldest first. None when empty."""
    if not monthly:
        return None
    labels = dict(Outcome.choices)
    url = reverse("quality-tasks")
    bars = []
    for position, (month, fig) in enumerate(monthly):
        fig: Figures
        total = sum(fig.counts.get(o, 0) for o in ORDER)
        x = GAP + position * (BAR + GAP)
        y, parts = TOP + HEIGHT, []
        scoped = Filters(month=month, version=filters.version, document=filters.document)
        for outcome in ORDER:
            n = fig.counts.get(outcome, 0)
            if not n or not total:
                continue
            h = HEIGHT * n / total
            y -= h
            parts.append(
                {
                    "y": round(y, 2),
                    "h": round(h, 2),
                    "cls": f"bar-{outcome}",
                    "href": url + scoped.query(ket_qua=outcome),
                    "title": f"{month:%m/%Y}: {labels[outcome]} {n}",
                }
            )
        bars.append(
            {
                "x": x,
                "mid": x + BAR / 2,
                "label": f"{month:%m/%y}",
                "parts": parts,
                "precision": percent(fig.precision),
            }
        )
    width = GAP + len(monthly) * (BAR + GAP)
    return {
        "width": width,
        "height": TOP + HEIGHT + BOTTOM,
        "bar": BAR,
        "base": TOP + HEIGHT,
        "label_y": TOP + HEIGHT + 18,
        "bars": bars,
        "legend": [(f"bar-{o}", labels[o]) for o in ORDER],
    }
