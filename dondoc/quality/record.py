"""Recording, at registration, what review changed against the extractor's proposal.

`baseline` is the proposal as extracted (kept in the review draft by
`dondoc.documents.review.initial_draft`); `record_review` compares the registered rows
with it and writes a `ReviewRecord` with its `TaskOutcome`s and `Correction`s. The
caller runs it in the registration's transaction: the record exists exactly when the
tasks do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dondoc.org.models import Person, Unit

from .models import DOCUMENT_FIELDS, TASK_FIELDS, Correction, Outcome, ReviewRecord, TaskOutcome

_KEY = re.compile(r"^k(\d+)$")


def baseline(document, draft: dict) -> dict:
    """The proposal as extracted: the draft's copy, or (a draft saved before proposals
    were kept) the one rebuilt from the stored extraction. Call it before registration
    applies the reviewed metadata to the document."""
    if draft.get("proposal"):
        return draft["proposal"]
    from dondoc.documents.review import initial_draft

    return initial_draft(document)["proposal"]


def _key_order(key: str) -> int:
    match = _KEY.match(key or "")
    return int(match.group(1)) if match else 10**9


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _products(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(p.strip() for p in value or [] if p and p.strip())


def _date(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return value


def _shown_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


@dataclass
class _Names:
    """Unit and person names by id (str), looked up once per registration."""

    units: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, unit_ids, person_ids) -> _Names:
        units = {
            str(pk): name
            for pk, name in Unit.objects.filter(pk__in=_ints(unit_ids)).values_list("pk", "name")
        }
        people = {
            str(pk): name
            for pk, name in Person.objects.filter(pk__in=_ints(person_ids)).values_list("pk", "full_name")
        }
        return cls(units, people)


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def proposed_values(row: dict, leader: str) -> dict:
    """The comparable value of each task field of a proposed row (strings as drafted)."""
    return {
        "text": _text(row.get("text")),
        "lead_unit": str(row.get("lead_unit") or ""),
        "coordinating_units": tuple(sorted({str(u) for u in row.get("coordinating_units") or [] if str(u)})),
        "products": _products(row.get("products")),
        "deadline": ((row.get("deadline_text") or "").strip(), _date(row.get("due"))),
        "recurrence": row.get("recurrence") or "",
        "urgent": bool(row.get("urgent")),
        "assigned_by": str(leader or ""),
    }


def registered_values(item: dict) -> dict:
    """The comparable value of each task field of a registered item (as given to
    `register_document`: units and people as objects, the date as a date)."""
    leader = item.get("assigned_by")
    return {
        "text": _text(item.get("text")),
        "lead_unit": str(item["lead_unit"].pk) if item.get("lead_unit") else "",
        "coordinating_units": tuple(sorted(str(u.pk) for u in item.get("coordinating_units") or [])),
        "products": _products(item.get("products")),
        "deadline": ((item.get("deadline_text") or "").strip(), _date(item.get("due"))),
        "recurrence": item.get("recurrence") or "",
        "urgent": bool(item.get("urgent")),
        "assigned_by": str(leader.pk) if leader else "",
    }


def _shown(name: str, value, names: _Names, row: dict | None = None) -> str:
    """A field's value as people read it, for the list of corrections."""
    from dondoc.tasks.choices import Recurrence

    if name == "text":
        return value or "(trống)"
    if name == "lead_unit":
        if value:
            return names.units.get(value, f"đơn vị #{value}")
        written = (row or {}).get("lead") or ""
        return f"“{written}” (chưa xác định được đơn vị)" if written else "(văn bản không nêu)"
    if name == "coordinating_units":
        shown = [names.units.get(v, f"đơn vị #{v}") for v in value]
        shown += [f"“{n}” (chưa xác định)" for n in (row or {}).get("unresolved_coordinators") or []]
        return "; ".join(shown) or "(không có)"
    if name == "products":
        return ", ".join(value) or "(không có)"
    if name == "deadline":
        phrase, due = value
        parts = [f"“{phrase}”" if phrase else "", _shown_date(due) if due else ""]
        return " – ".join(p for p in parts if p) or "(không có thời hạn)"
    if name == "recurrence":
        return dict(Recurrence.choices).get(value, value) if value else "Không"
    if name == "urgent":
        return "Khẩn" if value else "Không khẩn"
    if name == "assigned_by":
        return names.people.get(value, f"#{value}") if value else "(chưa chọn)"
    return str(value)


def _meta_value(name: str, value) -> str:
    if name == "issued_on":
        return _date(value)
    return _text(value)


def _meta_shown(name: str, value: str) -> str:
    if not value:
        return "(trống)"
    return _shown_date(value) if name == "issued_on" else value


def record_review(
    document,
    proposal: dict,
    kept: list[tuple[dict, dict, object]],
    *,
    meta: dict | None,
    by=None,
    now: dt.datetime,
) -> ReviewRecord:
    """Write what review changed. `kept` holds, for each registered task, its draft row
    (key, merged keys, the lead as written), the item registered and the Task created;
    `meta` the reviewed document fields (None: unchanged)."""
    proposed_rows = proposal.get("rows") or {}
    keys = sorted(proposed_rows, key=lambda k: (_key_order(k), k))
    leader = proposal.get("assigned_by") or ""
    names = _Names.load(
        {
            u
            for r in proposed_rows.values()
            for u in [r.get("lead_unit"), *(r.get("coordinating_units") or [])]
            if u
        }
        | {
            str(u.pk)
            for _r, item, _t in kept
            for u in [item.get("lead_unit"), *item.get("coordinating_units", [])]
            if u
        },
        {leader} | {str(item["assigned_by"].pk) for _r, item, _t in kept if item.get("assigned_by")},
    )
    record = ReviewRecord.objects.create(
        document=document,
        registered_at=now,
        registered_by=by,
        extractor_version=((document.extraction or {}).get("extractor_version") or "")[:60],
        proposed=len(keys),
    )
    by_key = {row.get("key"): (row, item, task) for row, item, task in kept}
    merged = {k for row, _item, _task in kept for k in row.get("merged") or [] if k not in by_key}
    outcomes: list[tuple[TaskOutcome, list[tuple[str, str, str]]]] = []
    for index, key in enumerate(keys):
        base = proposed_rows[key]
        if key in by_key:
            _row, item, task = by_key[key]
            before, after = proposed_values(base, leader), registered_values(item)
            changed = [name for name in TASK_FIELDS if before[name] != after[name]]
            outcome = TaskOutcome(
                record=record,
                index=index,
                outcome=Outcome.EDITED if changed else Outcome.KEPT,
                fields=changed,
                text=base.get("text") or "",
                task=task,
            )
            corrections = [
                (name, _shown(name, before[name], names, base), _shown(name, after[name], names))
                for name in changed
            ]
        else:
            outcome = TaskOutcome(
                record=record,
                index=index,
                outcome=Outcome.MERGED if key in merged else Outcome.DROPPED,
                text=base.get("text") or "",
            )
            corrections = []
        outcomes.append((outcome, corrections))
    for row, item, task in kept:
        if row.get("key") not in proposed_rows:
            outcomes.append(
                (
                    TaskOutcome(record=record, outcome=Outcome.ADDED, text=item.get("text") or "", task=task),
                    [],
                )
            )
    TaskOutcome.objects.bulk_create([outcome for outcome, _c in outcomes])
    rows = [
        Correction(record=record, outcome=outcome, field=name, before=before, after=after)
        for outcome, corrections in outcomes
        for name, before, after in corrections
    ]
    edited_meta = []
    proposed_meta = proposal.get("meta") or {}
    for name in DOCUMENT_FIELDS:
        if meta is None or name not in meta:
            continue
        before, after = _meta_value(name, proposed_meta.get(name)), _meta_value(name, meta[name])
        if before != after:
            edited_meta.append(name)
            rows.append(
                Correction(
                    record=record,
                    field=name,
                    before=_meta_shown(name, before),
                    after=_meta_shown(name, after),
                )
            )
    Correction.objects.bulk_create(rows)
    counts = {kind: sum(1 for o, _c in outcomes if o.outcome == kind) for kind in Outcome.values}
    record.kept, record.edited = counts[Outcome.KEPT], counts[Outcome.EDITED]
    record.merged, record.dropped = counts[Outcome.MERGED], counts[Outcome.DROPPED]
    record.added = counts[Outcome.ADDED]
    record.document_fields_edited = edited_meta
    record.save(update_fields=["kept", "edited", "merged", "dropped", "added", "document_fields_edited"])
    return record
