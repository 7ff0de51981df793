"""Helpers of the intake tests (plain functions, imported by tests/web/test_intake*.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.base import ContentFile

NOTICE = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 12/TB-UBND
Lạng Sơn, ngày 25 tháng 4 năm 2026
THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại cuộc họp ngày 21/4/2026
1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch bồi dưỡng cán bộ, trình UBND tỉnh trước ngày 30/5/2026.
2. Sở Tài chính rà soát, bố trí kinh phí thực hiện trong tháng 6/2026.
3. Sở Nội vụ tổng hợp báo cáo <script>alert("x")</script> kết quả định kỳ hằng tháng.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""

ANCHORS = [
    "1. Sở Nội vụ chủ trì",
    "2. Sở Tài chính rà soát",
    "3. Sở Nội vụ tổng hợp",
]


def span_of(text: str, anchor: str) -> dict:
    start = text.index(anchor)
    return {"start": start, "end": text.index("\n", start)}


def extraction_for(text: str, *, leads=("Sở Nội vụ", "Sở Tài chính", "Sở Nội vụ")) -> dict:
    """A hand-made result in schema dondoc.extraction/1 for NOTICE-like texts."""
    tasks = []
    for anchor, lead, due in zip(ANCHORS, leads, ("2026-05-29", "2026-06-30", None), strict=True):
        span = span_of(text, anchor)
        tasks.append(
            {
                "text": text[span["start"] : span["end"]],
                "section": [],
                "lead": lead,
                "lead_id": None,
                "coordinators": ["Sở Tài chính"] if anchor.startswith("1.") else [],
                "coordinator_ids": [],
                "products": ["kế hoạch"] if anchor.startswith("1.") else [],
                "deadline": {"text": "trước ngày 30/5/2026" if due else "", "due": due},
                "urgent": False,
                "recurrence": "monthly" if anchor.startswith("3.") else None,
                "span": span,
            }
        )
    return {
        "schema": "dondoc.extraction/1",
        "document": {
            "kind": "TB",
            "number": "12",
            "symbol": "TB-UBND",
            "issued_on": "2026-04-25",
            "subject": "Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại cuộc họp ngày 21/4/2026",
            "signer": {"name": "", "title": "", "authority": ""},
            "recipients": [],
        },
        "tasks": tasks,
    }


def make_ready_document(cast, text: str = NOTICE, extraction: dict | None = None, *, draft: bool = True):
    """A READY document as the background job leaves it, built without the extractor."""
    import hashlib

    from dondoc.documents import review
    from dondoc.documents.models import Document, DocumentStatus
    from dondoc.documents.services import apply_metadata

    data = text.encode()
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        original_name="thong-bao.txt",
        sha256=digest,
        size=len(data),
        content_type="text/plain",
        uploaded_by=cast.clerk,
        status=DocumentStatus.READY,
        progress=100,
    )
    document.file.save(digest, ContentFile(data), save=False)
    apply_metadata(document, text, "txt", extraction or extraction_for(text))
    if draft:
        document.review = review.initial_draft(document)
    document.save()
    return document


def payload(document, action: str = "register", **changes) -> dict:
    """The review form as the page would post it, from the document's draft; `changes`
    override fields by their posted name ("form-0-lead_unit": "")."""
    from dondoc.documents import review

    draft = review.draft_of(document)
    data = {
        "form-TOTAL_FORMS": str(len(draft["rows"])),
        "form-INITIAL_FORMS": str(len(draft["rows"])),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "action": action,
    }
    for i, row in enumerate(draft["rows"]):
        for name in ("key", *review.EDITABLE):
            value = row.get(name)
            if name in review.BOOLEANS:
                if value:
                    data[f"form-{i}-{name}"] = "on"
            else:
                data[f"form-{i}-{name}"] = value if value is not None else ""
    for name, value in (draft.get("meta") or {}).items():
        data[f"meta-{name}"] = value or ""
    data["meta-assigned_by"] = draft.get("assigned_by") or ""
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


LONG_HEAD = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 40/TB-UBND
Lạng Sơn, ngày 25 tháng 4 năm 2026
THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại hội nghị tổng kết năm 2025
"""
LEADS = ("Sở Nội vụ", "Sở Tài chính")


def long_notice(count: int) -> tuple[str, dict]:
    """A notice of `count` numbered tasks and its extraction (schema dondoc.extraction/1),
    every task with a lead unit and a date: nothing for the review to warn about."""
    lines, tasks, text = [], [], LONG_HEAD
    for number in range(1, count + 1):
        lead = LEADS[number % 2]
        line = f"{number}. {lead} chủ trì thực hiện nội dung số {number} của kết luận, hoàn thành trước ngày 30/6/2026."
        start = len(text)
        text += line + "\n"
        lines.append(line)
        tasks.append(
            {
                "text": line,
                "section": [],
                "lead": lead,
                "lead_id": None,
                "coordinators": [],
                "coordinator_ids": [],
                "products": [],
                "deadline": {"text": "trước ngày 30/6/2026", "due": "2026-06-30"},
                "urgent": False,
                "recurrence": None,
                "span": {"start": start, "end": start + len(line)},
            }
        )
    text += "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    extraction = {
        "schema": "dondoc.extraction/1",
        "document": {
            "kind": "TB",
            "number": "40",
            "symbol": "TB-UBND",
            "issued_on": "2026-04-25",
            "subject": "Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại hội nghị tổng kết năm 2025",
            "signer": {"name": "", "title": "", "authority": ""},
            "recipients": [],
        },
        "tasks": tasks,
    }
    return text, extraction
