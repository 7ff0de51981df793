"""The clerk's review of a document's proposed tasks, kept as a draft on the Document.

The draft is plain JSON (`Document.review`) so that what the clerk typed survives a
validation error, a reload or a lost session:

    {"seq": 7, "rows": [ROW, ...], "meta": {...}, "assigned_by": "12", "leader_note": "…"}

`assigned_by` is the leader who assigned the document's tasks, proposed from the notice
(`dondoc.org.leaders`: the leader it quotes, else the signer), `leader_note` says why;
a row's own `assigned_by` ("" = the document's) lets the reviewer change one task.

A ROW holds the editable fields as the clerk typed them (strings, unit ids as
strings, `due` as an ISO date string, `field` as the code of a lĩnh vực, proposed from
the content by `dondoc.extraction.fields`, booleans for `urgent` and `drop`) and what comes
from the source and is never posted back: its `key`, the `lead` and `coordinators` as
written, the `span` in the document text and the `section`. Posted rows are matched to
the stored ones by `key`, so a tampered or stale form cannot move a highlight.

`proposal` keeps the rows (by key) and metadata as the extractor proposed them; a row
keeps its key through edits and a split's first part, a merged row lists the keys it
absorbed in `merged`, and a row added or split off gets a new key: registration records
against it what review changed (`dondoc.quality.record`).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re

from django.utils import timezone

from dondoc.extraction.fields import propose_field
from dondoc.org.leaders import Proposal, propose_leader
from dondoc.org.models import Person

from .models import Document

EDITABLE = (
    "text",
    "assigned_by",
    "lead_unit",
    "coordinating_units",
    "products",
    "deadline_text",
    "due",
    "urgent",
    "recurrence",
    "field",
    "drop",
    "alias_lead",
    "alias_coordinator",
)
BOOLEANS = ("urgent", "drop", "alias_lead", "alias_coordinator")
# The row fields the extractor proposed, kept as proposed in `draft["proposal"]`.
PROPOSED = (
    "text",
    "lead",
    "lead_unit",
    "coordinators",
    "unresolved_coordinators",
    "coordinating_units",
    "products",
    "deadline_text",
    "due",
    "urgent",
    "recurrence",
    "field",
)
# Document fields a reviewer may correct before registering (Nghị định 30/2020/NĐ-CP).
META_FIELDS = (
    "kind",
    "number",
    "symbol",
    "issued_on",
    "subject",
    "signer_name",
    "signer_title",
    "signing_authority",
)
# A line of three or more dashes in a task's content marks where the clerk splits it.
SPLIT_MARKER = re.compile(r"^[ \t]*-{3,}[ \t\r]*$", re.MULTILINE)


def _new_key(draft: dict) -> str:
    draft["seq"] = draft.get("seq", 0) + 1
    return f"k{draft['seq']}"


def initial_draft(document: Document) -> dict:
    """The draft as the extractor proposes it: one row per extracted task, units resolved."""
    from .services import proposals

    draft: dict = {"seq": 0, "rows": []}
    for item in proposals(document):
        draft["rows"].append(
            {
                "key": _new_key(draft),
                "text": item["text"],
                "assigned_by": "",
                "lead": item["lead"],
                "lead_unit": str(item["lead_unit"].pk) if item["lead_unit"] else "",
                "coordinators": list(item["coordinators"]),
                "unresolved_coordinators": list(item["unresolved_coordinators"]),
                "coordinating_units": [str(unit.pk) for unit in item["coordinating_units"]],
                "products": ", ".join(item["products"]),
                "deadline_text": item["deadline_text"],
                "due": item["due"].isoformat() if item["due"] else "",
                "urgent": item["urgent"],
                "recurrence": item["recurrence"],
                "recurrence_guessed": item["recurrence_guessed"],
                "field": propose_field(
                    item["text"], names=[item["lead"], *item["coordinators"]], headings=item["section"]
                ),
                "drop": False,
                "alias_lead": False,
                "alias_coordinator": False,
                "merged": [],
                "span": _valid_span(item["span"], len(document.text)),
                "section": list(item["section"]),
            }
        )
    draft["meta"] = {
        "kind": document.kind,
        "number": document.number,
        "symbol": document.symbol,
        "issued_on": document.issued_on.isoformat() if document.issued_on else "",
        "subject": document.subject,
        "signer_name": document.signer_name,
        "signer_title": document.signer_title,
        "signing_authority": document.signing_authority,
    }
    proposal = propose_leader_of(document)
    draft["assigned_by"] = str(proposal.person.pk) if proposal.person else ""
    draft["leader_note"] = proposal.reason
    # The proposal as extracted, kept apart from the rows the clerk edits: at
    # registration `dondoc.quality.record` compares the reviewed rows with it.
    draft["proposal"] = {
        "rows": {row["key"]: {name: copy.deepcopy(row[name]) for name in PROPOSED} for row in draft["rows"]},
        "meta": dict(draft["meta"]),
        "assigned_by": draft["assigned_by"],
    }
    return draft


def leaders() -> list[Person]:
    """The people who may assign tasks: active, with an account holding the leader role."""
    return list(Person.leaders().select_related("unit").order_by("unit__order", "full_name"))


def propose_leader_of(document: Document) -> Proposal:
    """The leader who assigned `document`'s tasks as the notice tells (see `dondoc.org.leaders`)."""
    return propose_leader(
        subject=document.subject,
        text=document.text,
        signer_name=document.signer_name,
        signer_title=document.signer_title,
        signing_authority=document.signing_authority,
        candidates=leaders(),
    )


def draft_of(document: Document) -> dict:
    """The saved draft, or the extractor's proposal when the review has not started."""
    return copy.deepcopy(document.review) if document.review else initial_draft(document)


def save_draft(document: Document, draft: dict) -> None:
    document.review = draft
    document.save(update_fields=["review"])


def _valid_span(span, length: int) -> dict:
    try:
        start, end = int(span["start"]), int(span["end"])
    except (KeyError, TypeError, ValueError):
        return {}
    return {"start": start, "end": end} if 0 <= start < end <= length else {}


def _captured_row(posted: dict, base: dict, new: dict) -> dict:
    row = {
        "key": base.get("key") or _new_key(new),
        "lead": base.get("lead", ""),
        "coordinators": base.get("coordinators", []),
        "unresolved_coordinators": base.get("unresolved_coordinators", []),
        "recurrence_guessed": base.get("recurrence_guessed", False),
        "merged": base.get("merged", []),
        "span": base.get("span", {}),
        "section": base.get("section", []),
    }
    for name in EDITABLE:
        value = posted.get(name)
        if name in BOOLEANS:
            row[name] = bool(value)
        elif name == "coordinating_units":
            row[name] = [str(v) for v in (value or []) if str(v)]
        else:
            # Browsers post a textarea's line breaks as CRLF; the source text has LF.
            row[name] = "" if value is None else str(value).replace("\r\n", "\n")
    return row


def capture(draft: dict, posted_rows: list[dict], posted_meta: dict | None, assigned_by) -> dict:
    """A new draft: the stored rows, each one posted (one page of the review) replaced in
    place by what was posted, with the source data of the stored row of the same key;
    the rows not posted (other pages) are kept as they are. A posted row with an
    unknown key (a stale or tampered form) gets no source data and a new key, and goes
    after the posted row before it: nothing typed is lost."""
    stored = draft.get("rows", [])
    by_key = {row.get("key"): row for row in stored}
    new = {"seq": draft.get("seq", 0), "rows": []}
    replaced: dict[str, dict] = {}
    after: dict[str | None, list[dict]] = {}
    anchor = None
    for posted in posted_rows:
        key = posted.get("key")
        if key in by_key and key not in replaced:
            replaced[key] = _captured_row(posted, by_key[key], new)
            anchor = key
        else:
            after.setdefault(anchor, []).append(_captured_row(posted, {}, new))
    leading = after.pop(None, [])
    for row in stored:
        key = row.get("key")
        if key in replaced:
            new["rows"].extend(leading)
            leading = []
            new["rows"].append(replaced[key])
            new["rows"].extend(after.get(key, []))
        else:
            new["rows"].append(copy.deepcopy(row))
    new["rows"].extend(leading)
    meta = dict(draft.get("meta") or {})
    for name in META_FIELDS:
        if posted_meta is not None and name in posted_meta:
            meta[name] = "" if posted_meta[name] is None else str(posted_meta[name])
    new["meta"] = meta
    new["assigned_by"] = "" if assigned_by is None else str(assigned_by)
    new["leader_note"] = draft.get("leader_note", "")
    if "proposal" in draft:
        new["proposal"] = draft["proposal"]
    return new


def add_row(draft: dict) -> int:
    """Append an empty task the clerk fills in (one the extractor missed). Returns its index."""
    draft["rows"].append(
        {
            "key": _new_key(draft),
            "text": "",
            "assigned_by": "",
            "lead": "",
            "lead_unit": "",
            "coordinators": [],
            "unresolved_coordinators": [],
            "coordinating_units": [],
            "products": "",
            "deadline_text": "",
            "due": "",
            "urgent": False,
            "recurrence": "",
            "recurrence_guessed": False,
            "field": "",
            "drop": False,
            "alias_lead": False,
            "alias_coordinator": False,
            "merged": [],
            "span": {},
            "section": [],
        }
    )
    return len(draft["rows"]) - 1


def merge_with_next(draft: dict, index: int) -> bool:
    """Join row `index` and the next into one task (texts joined, units, products and the
    spans united; the first row's lead and deadline win when set). False if there is no next."""
    rows = draft["rows"]
    if not 0 <= index < len(rows) - 1:
        return False
    first, second = rows[index], rows.pop(index + 1)
    first["text"] = f"{first['text'].rstrip()}\n{second['text'].lstrip()}".strip()
    first["lead_unit"] = first["lead_unit"] or second["lead_unit"]
    first["assigned_by"] = first.get("assigned_by") or second.get("assigned_by") or ""
    first["lead"] = first["lead"] or second["lead"]
    first["coordinating_units"] = list(
        dict.fromkeys(first["coordinating_units"] + second["coordinating_units"])
    )
    first["coordinators"] = list(dict.fromkeys(first["coordinators"] + second["coordinators"]))
    first["unresolved_coordinators"] = list(
        dict.fromkeys(first.get("unresolved_coordinators", []) + second.get("unresolved_coordinators", []))
    )
    products = [p.strip() for p in f"{first['products']},{second['products']}".split(",")]
    first["products"] = ", ".join(dict.fromkeys(p for p in products if p))
    if not (first["deadline_text"] or first["due"]):
        first["deadline_text"], first["due"] = second["deadline_text"], second["due"]
    first["urgent"] = first["urgent"] or second["urgent"]
    first["recurrence"] = first["recurrence"] or second["recurrence"]
    first["field"] = first.get("field") or second.get("field") or ""
    first["drop"] = False
    # Which proposals this task also carries (`dondoc.quality.record`: "merged").
    first["merged"] = [*first.get("merged", []), second.get("key"), *second.get("merged", [])]
    spans = [s for s in (first["span"], second["span"]) if s]
    if spans:
        first["span"] = {"start": min(s["start"] for s in spans), "end": max(s["end"] for s in spans)}
    return True


def split(draft: dict, index: int, source_text: str) -> int:
    """Split row `index` at its "---" lines into several tasks with the same lead,
    deadline and other fields; without such a line, duplicate it so the clerk edits
    each part. Each part's span is narrowed to where its text is found in the source.
    Returns the number of rows it became (0 if `index` is out of range)."""
    rows = draft["rows"]
    if not 0 <= index < len(rows):
        return 0
    row = rows[index]
    parts = [part.strip() for part in SPLIT_MARKER.split(row["text"])]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        parts = [row["text"], row["text"]]
    span = row["span"]
    new_rows = []
    for number, part in enumerate(parts):
        piece = copy.deepcopy(row)
        piece["text"] = part
        if number:
            piece["key"] = _new_key(draft)
            piece["merged"] = []
        if span:
            found = source_text.find(part, span["start"], span["end"])
            if found >= 0 and len(parts) > 1 and part != row["text"]:
                piece["span"] = {"start": found, "end": found + len(part)}
        new_rows.append(piece)
    rows[index : index + 1] = new_rows
    return len(new_rows)


def apply_split_markers(draft: dict, source_text: str) -> int:
    """Split every row whose content has a "---" line. Returns how many rows were split."""
    count = 0
    for index in range(len(draft["rows"]) - 1, -1, -1):
        if SPLIT_MARKER.search(draft["rows"][index]["text"]):
            split(draft, index, source_text)
            count += 1
    return count


# --- What would be lost silently: warnings shown on each row, confirmed at registration --


def _iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def reference_day(document: Document, draft: dict) -> tuple[dt.date, str]:
    """The day a task's deadline may not precede, and what it is called: the issue date
    as reviewed, else the meeting's, else the upload day (the assignment date's rule)."""
    issued = _iso((draft.get("meta") or {}).get("issued_on", ""))
    if issued:
        return issued, "ngày ban hành văn bản"
    if document.meeting_on:
        return document.meeting_on, "ngày họp"
    return timezone.localdate(document.created_at), "ngày tải lên văn bản"


def row_warnings(row: dict, *, leader: str, reference: tuple[dt.date, str]) -> list[str]:
    """What the extraction found but the row does not carry yet, in Vietnamese: a
    deadline phrase without a date, a date before the document's day, a lead unit or
    coordinators named but not resolved to units, no assigning leader. A dropped row
    has none."""
    if row.get("drop"):
        return []
    warnings = []
    deadline_text = (row.get("deadline_text") or "").strip()
    due = _iso(row.get("due") or "")
    if deadline_text and not row.get("due") and not row.get("recurrence"):
        warnings.append(
            f"Có thời hạn “{deadline_text}” nhưng chưa tính được ngày: nhập hạn hoàn thành, "
            "hoặc chọn “thường xuyên, định kỳ” nếu là nhiệm vụ thường xuyên."
        )
    day, label = reference
    if due is not None and due < day:
        warnings.append(f"Hạn hoàn thành {due:%d/%m/%Y} trước {label} ({day:%d/%m/%Y}): kiểm tra lại.")
    if not row.get("lead_unit"):
        lead = (row.get("lead") or "").strip()
        warnings.append(
            f"Chưa xác định được đơn vị chủ trì “{lead}”: hãy chọn đơn vị."
            if lead
            else "Văn bản không nêu rõ đơn vị chủ trì: hãy chọn đơn vị."
        )
    unresolved = row.get("unresolved_coordinators") or []
    if unresolved and len(row.get("coordinating_units") or []) < len(row.get("coordinators") or []):
        names = ", ".join(f"“{name}”" for name in unresolved)
        warnings.append(f"Chưa xác định được đơn vị phối hợp {names}: chọn đơn vị nếu cần.")
    if not (row.get("assigned_by") or leader):
        warnings.append("Chưa có lãnh đạo giao nhiệm vụ.")
    return warnings


def unresolved(document: Document, draft: dict) -> list[tuple[int, list[str]]]:
    """(row index, warnings) for every kept row that has some."""
    reference = reference_day(document, draft)
    leader = draft.get("assigned_by") or ""
    found = []
    for index, row in enumerate(draft.get("rows", [])):
        warnings = row_warnings(row, leader=leader, reference=reference)
        if warnings:
            found.append((index, warnings))
    return found


def fingerprint(found: list[tuple[int, list[str]]]) -> str:
    """A short digest of the warnings a reviewer confirmed: registration goes ahead only
    if what they confirmed is still what is unresolved."""
    text = "\n".join(f"{index}:{warning}" for index, warnings in found for warning in warnings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
