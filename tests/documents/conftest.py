from __future__ import annotations

import pytest

TEXT = "Dòng một.\n1. Sở Nội vụ chủ trì xây dựng kế hoạch.\n2. Sở Tài chính bố trí kinh phí.\n"


@pytest.fixture
def stored(cast, settings):
    """A stored, READY document with two hand-made proposals."""
    from dondoc.documents import review
    from dondoc.documents.models import DocumentStatus
    from dondoc.documents.services import apply_metadata, ingest

    document, _ = ingest(TEXT.encode(), "tb.txt", by=cast.clerk)
    tasks = []
    for anchor, lead, due in (
        ("1. Sở Nội vụ", "Sở NV", "2026-05-31"),
        ("2. Sở Tài chính", "Sở Tài chính", None),
    ):
        start = TEXT.index(anchor)
        end = TEXT.index("\n", start)
        tasks.append(
            {
                "text": TEXT[start:end],
                "lead": lead,
                "coordinators": [],
                "products": ["kế hoạch"],
                "deadline": {"text": "trong tháng 5/2026" if due else None, "due": due},
                "urgent": False,
                "recurrence": None,
                "span": {"start": start, "end": end},
            }
        )
    apply_metadata(document, TEXT, "txt", {"document": {"kind": "TB", "subject": "Kết luận"}, "tasks": tasks})
    document.review = review.initial_draft(document)
    document.status = DocumentStatus.READY
    document.save()
    return document
