"""`extract(source)`: the schema `dondoc.extraction/1` dict of a read document.

Besides the keys SCHEMA.md defines, the result carries what the web app needs:

* ``document``: ``year`` (of the date line, even when the day is blank), ``issuer`` and
  ``issuer_parent`` (as written), ``type_name``, ``addressees`` (Kính gửi), ``outline``
  (headings: label, text, level, start, end) and ``tables`` (content tables, whether
  read as task tables);
* each task: ``no``, ``span`` {start, end} (offsets in ``source.text``), ``lead_id`` and
  ``coordinator_ids`` (ids of the gazetteer entries matched, or null), ``deadline``
  {text, due, kind[, amount, unit]} where kind says how the date was derived (date,
  before_date, month, before_month, quarter, half_year, year, before_year, week,
  relative_days, relative_working_days, relative_weeks, relative_months, recurring,
  none), and ``source`` ("paragraph" or "table").
"""

from __future__ import annotations

import os
from typing import Any

from .source import Source
from .structure import analyse
from .tasks import Options, find_tasks
from .units import Gazetteer

__all__ = ["SCHEMA", "extract", "extract_file", "Options"]

SCHEMA = "dondoc.extraction/1"


def _entry_id(entry: object | None) -> Any:
    return getattr(entry, "id", None) if entry is not None else None


def _options(options: Options | dict | None) -> Options:
    if options is None:
        return Options()
    if isinstance(options, Options):
        return options
    known = {k: v for k, v in dict(options).items() if k in Options.__dataclass_fields__}
    return Options(**known)


def extract(
    source: Source, *, gazetteer: Gazetteer | None = None, options: Options | dict | None = None
) -> dict:
    """Metadata and tasks of a document, by schema dondoc.extraction/1 (SCHEMA.md), with
    the extra keys the web app uses (spans, gazetteer ids, deadline kind)."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    opts = _options(options)
    layout = analyse(source)
    h, foot = layout.header, layout.footer
    outline: list[dict] = []
    tables: dict[int, dict] = {}
    tasks = find_tasks(layout, source.text, gaz, opts, outline=outline, tables=tables)
    doc = {
        "kind": h.kind,
        "number": h.number,
        "symbol": h.symbol,
        "place": h.place,
        "issued_on": h.issued_on.isoformat() if h.issued_on else None,
        "year": h.year,
        "issuer": h.issuer,
        "issuer_parent": h.issuer_parent,
        "type_name": h.type_name,
        "subject": h.subject,
        "meeting_on": layout.meeting_on.isoformat() if layout.meeting_on else None,
        "signer": {"name": foot.signer_name, "title": foot.signer_title, "authority": foot.authority},
        "recipients": list(foot.recipients),
        "addressees": list(h.addressees),
        "outline": outline,
        "tables": [
            {"index": k, "rows": v["rows"], "header": v["header"], "task_table": v["header"] is not None}
            for k, v in sorted(tables.items())
        ],
    }
    out_tasks = []
    for n, t in enumerate(tasks, 1):
        dl = t.deadline
        deadline: dict[str, Any] = {"text": None, "due": None, "kind": "none"}
        if dl is not None:
            deadline = dl.as_dict()
        out_tasks.append(
            {
                "no": n,
                "text": t.text,
                "span": {"start": t.start, "end": t.end},
                "section": t.section,
                "lead": t.lead,
                "lead_id": _entry_id(t.lead_entry),
                "coordinators": t.coordinators,
                "coordinator_ids": [_entry_id(e) for e in t.coordinator_entries] if t.coordinators else None,
                "products": t.products,
                "deadline": deadline,
                "urgent": t.urgent,
                "recurrence": t.recurrence,
                "source": t.source,
            }
        )
    return {
        "schema": SCHEMA,
        "format": source.format,
        "warnings": list(source.warnings),
        "document": doc,
        "tasks": out_tasks,
    }


def extract_file(path: str | os.PathLike, **kw: Any) -> tuple[Source, dict]:
    """Read a file with the readers and extract it: (Source, result dict).
    Raises ReadError (a one-line Vietnamese reason) when the file cannot be read."""
    from .readers import read_file

    source = read_file(path)
    return source, extract(source, **kw)
