"""Quality in use: what review changed against the extractor's proposal, recorded at
registration in the same transaction (dondoc.quality.record)."""

from __future__ import annotations

import pytest
from conftest_intake import make_ready_document, payload
from django.urls import reverse

from dondoc.documents.models import DocumentStatus
from dondoc.quality.models import Correction, Outcome, ReviewRecord, TaskOutcome
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.clerk)
    return client


def _review(document):
    return reverse("document-review", args=[document.pk])


def test_a_review_with_keep_edit_drop_and_add_is_recorded(clerk, cast):
    document = make_ready_document(cast)
    url = _review(document)
    # the clerk adds a task the extractor missed
    response = clerk.post(url, payload(document, action="add"))
    assert response["Location"] == f"{url}#task-3"
    document.refresh_from_db()
    changes = {
        # proposal 1: another lead unit and another due date
        "form-0-lead_unit": str(cast.stc.pk),
        "form-0-due": "15/06/2026",
        # proposal 2: dropped; proposal 3: kept as proposed
        "form-1-drop": "on",
        # the added task
        "form-3-text": "Sở Nội vụ tổng kết công tác cải cách hành chính.",
        "form-3-lead_unit": str(cast.snv.pk),
        # the document's number corrected
        "meta-number": "13",
    }
    response = clerk.post(url, payload(document, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert document.status == DocumentStatus.REGISTERED
    record = ReviewRecord.objects.get(document=document)
    assert (record.proposed, record.kept, record.edited, record.merged, record.dropped, record.added) == (
        3,
        1,
        1,
        0,
        1,
        1,
    )
    assert record.registered_by == cast.clerk and record.registered_at == document.registered_at
    outcomes = {o.index: o for o in TaskOutcome.objects.filter(record=record)}
    assert outcomes[0].outcome == Outcome.EDITED and outcomes[0].fields == ["lead_unit", "deadline"]
    assert outcomes[1].outcome == Outcome.DROPPED and outcomes[1].task is None
    assert outcomes[1].text.startswith("2. Sở Tài chính rà soát")
    assert outcomes[2].outcome == Outcome.KEPT and outcomes[2].fields == []
    added = outcomes[None]
    assert added.outcome == Outcome.ADDED and added.task.content.startswith("Sở Nội vụ tổng kết")
    tasks = {t.number: t for t in Task.objects.filter(document=document)}
    assert outcomes[0].task == tasks[1] and outcomes[2].task == tasks[2]
    lead = Correction.objects.get(outcome=outcomes[0], field="lead_unit")
    assert (lead.before, lead.after) == ("Sở Nội vụ", "Sở Tài chính")
    deadline = Correction.objects.get(outcome=outcomes[0], field="deadline")
    assert (deadline.before, deadline.after) == (
        "“trước ngày 30/5/2026” – 29/05/2026",
        "“trước ngày 30/5/2026” – 15/06/2026",
    )
    assert record.document_fields_edited == ["number"]
    number = Correction.objects.get(record=record, outcome=None)
    assert (number.field, number.before, number.after) == ("number", "12", "13")


def test_an_unresolved_lead_corrected_names_what_was_written(clerk, cast):
    from conftest_intake import NOTICE, extraction_for

    document = make_ready_document(
        cast, extraction=extraction_for(NOTICE, leads=("Sở KH&ĐT", "Sở Tài chính", "Sở Nội vụ"))
    )
    assert document.review["rows"][0]["lead_unit"] == ""
    clerk.post(_review(document), payload(document, **{"form-0-lead_unit": str(cast.stc.pk)}))
    correction = Correction.objects.get(field="lead_unit")
    assert correction.before == "“Sở KH&ĐT” (chưa xác định được đơn vị)"
    assert correction.after == "Sở Tài chính"


def test_merged_and_split_proposals(clerk, cast):
    document = make_ready_document(cast)
    url = _review(document)
    clerk.post(url, payload(document, action="merge:0"))
    document.refresh_from_db()
    clerk.post(url, payload(document, action="split:1"))
    document.refresh_from_db()
    assert len(document.review["rows"]) == 3
    clerk.post(url, payload(document, **{"form-2-text": "Phần tách thêm"}))
    record = ReviewRecord.objects.get(document=document)
    by_index = {o.index: o for o in record.outcomes.all()}
    # the merged task's content joins both proposals' (and the split duplicated it)
    assert by_index[0].outcome == Outcome.EDITED and by_index[0].fields == ["text"]
    assert by_index[1].outcome == Outcome.MERGED
    assert by_index[2].outcome == Outcome.KEPT
    assert by_index[None].outcome == Outcome.ADDED
    assert (record.proposed, record.kept, record.edited, record.merged, record.dropped, record.added) == (
        3,
        1,
        1,
        1,
        0,
        1,
    )


def test_nothing_is_recorded_when_registration_is_refused(clerk, cast):
    document = make_ready_document(cast)
    clerk.post(_review(document), payload(document, **{"form-1-lead_unit": ""}))
    assert not ReviewRecord.objects.exists() and not Task.objects.exists()


def test_the_record_and_the_tasks_are_one_transaction(clerk, cast, monkeypatch):
    document = make_ready_document(cast)

    def broken(*args, **kwargs):
        raise RuntimeError("disk")

    monkeypatch.setattr("dondoc.web.intake.record_review", broken)
    with pytest.raises(RuntimeError):
        clerk.post(_review(document), payload(document))
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert not Task.objects.exists() and not ReviewRecord.objects.exists()


def test_the_proposal_is_kept_as_extracted_whatever_the_draft(clerk, cast):
    document = make_ready_document(cast)
    url = _review(document)
    # a draft saved with an edit, then registered without further change: still an edit
    clerk.post(url, payload(document, action="save", **{"form-2-text": "Nội dung đã sửa ở bản nháp"}))
    document.refresh_from_db()
    assert document.review["proposal"]["rows"]["k3"]["text"].startswith("3. Sở Nội vụ tổng hợp")
    clerk.post(url, payload(document))
    outcome = TaskOutcome.objects.get(index=2)
    assert outcome.outcome == Outcome.EDITED and outcome.fields == ["text"]


def test_a_draft_without_a_kept_proposal_is_compared_with_the_extraction(clerk, cast):
    document = make_ready_document(cast)
    del document.review["proposal"]  # a draft saved before proposals were kept
    document.save(update_fields=["review"])
    clerk.post(_review(document), payload(document, **{"form-1-drop": "on"}))
    record = ReviewRecord.objects.get()
    assert (record.kept, record.dropped) == (2, 1)


def test_the_job_records_the_extractor_version(cast, settings, monkeypatch):
    from conftest_intake import NOTICE, extraction_for

    from dondoc.documents.services import ingest, process
    from dondoc.extraction.version import extractor_version

    monkeypatch.setattr(
        "dondoc.extraction.sandbox.extract_isolated",
        lambda data, name, entries: (NOTICE, "txt", extraction_for(NOTICE)),
    )
    document, _created = ingest(NOTICE.encode(), "tb.txt", by=cast.clerk)
    process(document)
    assert document.extraction["extractor_version"] == extractor_version()
    assert extractor_version().startswith("0.") and "+" in extractor_version()
