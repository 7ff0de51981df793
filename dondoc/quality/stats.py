"""The figures of the extraction quality page, and the lists behind each of them.

Every figure is a count of one of the querysets below (`records`, `outcomes`,
`corrections`) under a `Filters`; the page links each figure to the list view of the
same queryset with the same filters, so a number and its list cannot disagree.

Definitions (per document, month, extractor version or overall):

- proposed: tasks the extractor proposed; each was kept as proposed, edited, merged
  into another task, or dropped; added: tasks the clerk registered that match no proposal
  (typed in, or split off a proposal).
- precision = (kept + edited + merged) / proposed: how many proposals were real tasks.
- recall = (kept + edited) / (kept + edited + added): how many registered tasks the
  extractor had found.
- exact = kept / proposed: proposals registered without any change.
- a field's edit rate: proposals registered (kept or edited) whose field the clerk
  changed / proposals registered; a document field's: documents where it was changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import DOCUMENT_FIELDS, TASK_FIELDS, Correction, Outcome, ReviewRecord, TaskOutcome

# Groups of outcomes a list can show, besides each outcome alone.
GROUPS = {
    "proposed": ("Nhiệm vụ đề xuất", [Outcome.KEPT, Outcome.EDITED, Outcome.MERGED, Outcome.DROPPED]),
    "matched": ("Đề xuất đúng là nhiệm vụ", [Outcome.KEPT, Outcome.EDITED, Outcome.MERGED]),
    "registered": ("Nhiệm vụ đã đăng ký", [Outcome.KEPT, Outcome.EDITED, Outcome.ADDED]),
    "found": ("Nhiệm vụ đã đăng ký do bộ trích xuất tìm thấy", [Outcome.KEPT, Outcome.EDITED]),
    **{value: (label, [value]) for value, label in Outcome.choices},
}


def _month_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, 1))


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Filters:
    """Which reviews count: registered in `month` (its first day), by extractor
    `version`, of one `document` (its id). Read from and written to query strings."""

    month: dt.date | None = None
    version: str | None = None
    document: int | None = None

    @classmethod
    def from_query(cls, query) -> Filters:
        month = None
        text = (query.get("thang") or "").strip()
        if text:
            try:
                month = dt.date.fromisoformat(f"{text}-01")
            except ValueError:
                month = None
        document = query.get("van_ban") or ""
        return cls(
            month=month,
            version=(query.get("phien_ban") or None),
            document=int(document) if str(document).isdigit() else None,
        )

    def params(self) -> dict:
        out = {}
        if self.month:
            out["thang"] = f"{self.month:%Y-%m}"
        if self.version is not None:
            out["phien_ban"] = self.version
        if self.document:
            out["van_ban"] = str(self.document)
        return out

    def query(self, **extra) -> str:
        params = {**self.params(), **{k: v for k, v in extra.items() if v not in (None, "")}}
        return "?" + urlencode(params) if params else ""

    def apply(self, qs, prefix: str = ""):
        if self.month:
            qs = qs.filter(
                **{
                    f"{prefix}registered_at__gte": _month_start(self.month),
                    f"{prefix}registered_at__lt": _month_start(_next_month(self.month)),
                }
            )
        if self.version is not None:
            qs = qs.filter(**{f"{prefix}extractor_version": self.version})
        if self.document:
            qs = qs.filter(**{f"{prefix}document_id": self.document})
        return qs

    def describe(self) -> list[str]:
        parts = []
        if self.month:
            parts.append(f"tháng {self.month:%m/%Y}")
        if self.version is not None:
            parts.append(f"phiên bản {self.version or '(không rõ)'}")
        if self.document:
            parts.append(f"văn bản #{self.document}")
        return parts


def records(filters: Filters, *, document_field: str | None = None):
    """The reviews recorded under `filters`; with `document_field`, those that changed it."""
    qs = filters.apply(ReviewRecord.objects.all())
    if document_field:
        qs = qs.filter(
            pk__in=Correction.objects.filter(field=document_field, outcome__isnull=True).values("record_id")
        )
    return qs


def outcomes(filters: Filters, *, group: str | None = None, task_field: str | None = None):
    """The proposed and added tasks under `filters`: of an outcome or group, or (with
    `task_field`) the registered proposals whose field the clerk changed."""
    qs = filters.apply(TaskOutcome.objects.all(), "record__")
    if group:
        qs = qs.filter(outcome__in=GROUPS[group][1])
    if task_field:
        qs = qs.filter(pk__in=Correction.objects.filter(field=task_field).values("outcome_id"))
    return qs


def corrections(filters: Filters, *, name: str | None = None, before=None, after=None):
    """The changes review made under `filters`, of one field, from and to given values."""
    qs = filters.apply(Correction.objects.all(), "record__")
    if name:
        qs = qs.filter(field=name)
    if before is not None:
        qs = qs.filter(before=before)
    if after is not None:
        qs = qs.filter(after=after)
    return qs


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Figures:
    filters: Filters
    documents: int = 0
    counts: dict = field(default_factory=dict)

    def count(self, group: str) -> int:
        return sum(self.counts.get(o, 0) for o in GROUPS[group][1])

    @property
    def proposed(self) -> int:
        return self.count("proposed")

    @property
    def precision(self) -> float | None:
        return _ratio(self.count("matched"), self.proposed)

    @property
    def recall(self) -> float | None:
        return _ratio(self.count("found"), self.count("registered"))

    @property
    def exact(self) -> float | None:
        return _ratio(self.counts.get(Outcome.KEPT, 0), self.proposed)


def figures(filters: Filters) -> Figures:
    counts = dict(
        outcomes(filters).values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    return Figures(filters, records(filters).count(), counts)


def field_rates(filters: Filters, fig: Figures) -> dict:
    """Per task field and per document field: (label, changed count, rate)."""
    compared = fig.count("found")
    task = dict(
        corrections(filters)
        .filter(outcome__isnull=False)
        .values_list("field")
        .annotate(n=Count("outcome_id", distinct=True))
        .values_list("field", "n")
    )
    document = dict(
        corrections(filters)
        .filter(outcome__isnull=True)
        .values_list("field")
        .annotate(n=Count("record_id", distinct=True))
        .values_list("field", "n")
    )
    return {
        "task": [
            (name, label, task.get(name, 0), _ratio(task.get(name, 0), compared))
            for name, label in TASK_FIELDS.items()
        ],
        "document": [
            (name, label, document.get(name, 0), _ratio(document.get(name, 0), fig.documents))
            for name, label in DOCUMENT_FIELDS.items()
        ],
    }


def months(filters: Filters) -> list[dt.date]:
    """The months (first days, local time) with recorded reviews, newest first."""
    stamps = (
        filters.apply(ReviewRecord.objects.all())
        .annotate(month=TruncMonth("registered_at", tzinfo=timezone.get_current_timezone()))
        .values_list("month", flat=True)
        .distinct()
    )
    days = {(stamp.date() if isinstance(stamp, dt.datetime) else stamp) for stamp in stamps}
    return sorted(days, reverse=True)


def versions() -> list[str]:
    return list(ReviewRecord.objects.order_by().values_list("extractor_version", flat=True).distinct())


def frequent(filters: Filters, limit: int = 20) -> list[dict]:
    """The most frequent corrections (field, proposed value, registered value), content
    excepted (every content edit is its own)."""
    rows = (
        corrections(filters)
        .exclude(field="text")
        .values("field", "before", "after")
        .annotate(n=Count("id"))
        .order_by("-n", "field", "before", "after")[:limit]
    )
    labels = {**TASK_FIELDS, **DOCUMENT_FIELDS}
    return [{**row, "label": labels.get(row["field"], row["field"])} for row in rows]


def field_label(name: str) -> str:
    return {**TASK_FIELDS, **DOCUMENT_FIELDS}.get(name, name)


def monthly(filters: Filters) -> list[tuple[dt.date, Figures]]:
    out = []
    for month in months(filters):
        scoped = Filters(month=month, version=filters.version, document=filters.document)
        out.append((month, figures(scoped)))
    return out


def by_version(filters: Filters) -> list[tuple[str, Figures]]:
    out = []
    for version in versions():
        scoped = Filters(month=filters.month, version=version, document=filters.document)
        fig = figures(scoped)
        if fig.documents:
            out.append((version, fig))
    return out
