"""The review of a long document: a notice of 300 tasks, a page of rows at a time
(dondoc/web/intake.py), against the province's whole unit tree.

The document is made for the run (READY, its draft proposed by `review.initial_draft`
with the real units as leads, no file) and deleted when the run ends; a leftover from
a killed run is found by its SHA-256 and reused."""

from __future__ import annotations

import atexit
import hashlib

from bench.registry import fixture, page

TASKS = 300
NAME = "bench-thong-bao-300-nhiem-vu.txt"


def notice_text(leads: list[str]) -> tuple[str, list[dict]]:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 300/TB-UBND\nLạng Sơn, ngày 05 tháng 01 năm 2026\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại hội nghị tổng kết năm 2025\n"
    )
    tasks = []
    for number in range(1, TASKS + 1):
        lead = leads[number % len(leads)]
        line = (
            f"{number}. {lead} chủ trì, phối hợp với các cơ quan liên quan thực hiện nội dung số "
            f"{number} của kết luận, báo cáo kết quả trước ngày 30/6/2026."
        )
        start = len(text)
        text += line + "\n"
        tasks.append(
            {
                "text": line,
                "section": [],
                "lead": lead,
                "lead_id": None,
                "coordinators": [],
                "coordinator_ids": [],
                "products": ["báo cáo"],
                "deadline": {"text": "trước ngày 30/6/2026", "due": "2026-06-30"},
                "urgent": False,
                "recurrence": None,
                "span": {"start": start, "end": start + len(line)},
            }
        )
    return text + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n", tasks


@fixture("long_document")
def long_document(ctx) -> int:
    from dondoc.documents import review
    from dondoc.documents.models import Document, DocumentStatus
    from dondoc.documents.services import apply_metadata
    from dondoc.org.choices import UnitKind
    from dondoc.org.models import Unit

    leads = list(
        Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("pk").values_list("name", flat=True)[:20]
    ) or ["Sở Nội vụ"]
    text, tasks = notice_text(leads)
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = Document.objects.filter(sha256=digest).first() or Document(
        original_name=NAME, sha256=digest, size=len(text.encode()), content_type="text/plain"
    )
    extraction = {
        "schema": "dondoc.extraction/1",
        "document": {
            "kind": "TB",
            "number": "300",
            "symbol": "TB-UBND",
            "issued_on": "2026-01-05",
            "subject": "Kết luận của Chủ tịch UBND tỉnh tại hội nghị tổng kết năm 2025",
            "signer": {"name": "", "title": "", "authority": ""},
            "recipients": [],
        },
        "tasks": tasks,
    }
    apply_metadata(document, text, "txt", extraction)
    document.status, document.progress = DocumentStatus.READY, 100
    document.uploaded_by = ctx.user("clerk")
    document.review = review.initial_draft(document)
    document.save()
    atexit.register(lambda pk=document.pk: Document.objects.filter(pk=pk).delete())
    return document.pk


@page("review_300_first", target_ms=1000, title="Rà soát văn bản 300 nhiệm vụ — trang đầu")
def review_300_first(ctx):
    pk = ctx.fixture("long_document")
    ctx.get("clerk", f"/van-ban/{pk}/ra-soat/", expect=f"{TASKS} nhiệm vụ đề xuất")


@page("review_300_last", target_ms=1000, title="Rà soát văn bản 300 nhiệm vụ — trang cuối")
def review_300_last(ctx):
    pk = ctx.fixture("long_document")
    ctx.get("clerk", f"/van-ban/{pk}/ra-soat/", {"page": 99}, expect=f"Nhiệm vụ {TASKS}</legend>")
