"""A document whose worker died mid-read can be queued again, and only then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dondoc.documents import jobs
from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.services import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def processing(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    document, _ = ingest("1. Sở Nội vụ chủ trì xây dựng kế hoạch.\n".encode(), "tb.txt", by=cast.clerk)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.PROCESSING,
        progress=10,
        processing_started_at=timezone.now() - dt.timedelta(hours=2),
    )
    document.refresh_from_db()
    return document


def test_it_calls_a_document_stuck_when_its_worker_stopped_long_ago(processing, settings):
    assert processing.is_stuck()
    settings.DONDOC = {**settings.DONDOC, "PROCESSING_STUCK_MINUTES": 180}
    assert not processing.is_stuck()


def test_a_stuck_document_is_queued_again_once(processing):
    assert jobs.retry(processing)
    processing.refresh_from_db()
    assert processing.status == DocumentStatus.PENDING and processing.processing_started_at is None
    assert not jobs.retry(processing)  # pending now: nothing to do


def test_a_document_still_being_read_is_not_queued_twice(processing):
    Document.objects.filter(pk=processing.pk).update(processing_started_at=timezone.now())
    processing.refresh_from_db()
    assert not jobs.retry(processing)
    processing.refresh_from_db()
    assert processing.status == DocumentStatus.PROCESSING


def test_a_worker_that_claimed_it_again_meanwhile_wins(processing):
    stale = Document.objects.get(pk=processing.pk)  # the page loaded before the new claim
    Document.objects.filter(pk=processing.pk).update(processing_started_at=timezone.now())
    assert not jobs.retry(stale)
    assert Document.objects.get(pk=processing.pk).status == DocumentStatus.PROCESSING


def test_the_document_page_offers_the_retry_to_intake_staff(processing, client, cast):
    client.force_login(cast.clerk)
    page = client.get(reverse("document-detail", args=[processing.pk])).content.decode()
    assert "đang đọc quá lâu" in page and reverse("document-retry", args=[processing.pk]) in page
    client.post(reverse("document-retry", args=[processing.pk]))
    assert Document.objects.get(pk=processing.pk).status == DocumentStatus.PENDING
