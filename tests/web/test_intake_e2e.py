"""Intake end to end through the real readers and extractor."""

from __future__ import annotations

import re

import pytest
from conftest_intake import payload
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.documents.models import Document, DocumentStatus
from dondoc.tasks.models import Task, TaskEvent
from dondoc.web.samples import SAMPLE_NOTICE

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLE_NOTICE  # shipped with the package

SMALL_NOTICE = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN

Số: 15/TB-UBND

Lạng Sơn, ngày 05 tháng 5 năm 2026

THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại cuộc họp về công tác cán bộ

Ngày 04/5/2026, đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh chủ trì cuộc họp về công tác cán bộ. Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:

1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng Kế hoạch bồi dưỡng cán bộ năm 2026, trình UBND tỉnh trong tháng 6/2026.

2. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch, báo cáo UBND tỉnh trước ngày 30/6/2026.

3. Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện Thông báo này.

UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Sở Nội vụ;
- Sở Tài chính;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Văn Ký
"""


@pytest.fixture
def clerk(client, cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(cast.clerk)
    return client


def _upload_and_read(client, name, data, capture) -> Document:
    with capture(execute=True):
        response = client.post(reverse("document-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.status == DocumentStatus.READY, document.error
    return document


def _fill_missing_leads(document, unit) -> dict:
    data = payload(document)
    for i in range(int(data["form-TOTAL_FORMS"])):
        if not data[f"form-{i}-lead_unit"]:
            data[f"form-{i}-lead_unit"] = str(unit.pk)
    return data


def test_a_small_notice_goes_from_upload_to_registered_tasks(clerk, cast, django_capture_on_commit_callbacks):
    document = _upload_and_read(
        clerk, "thong-bao.txt", SMALL_NOTICE.encode(), django_capture_on_commit_callbacks
    )
    assert document.symbol == "TB-UBND" and document.number == "15"
    assert document.proposed_count == 3
    rows = document.review["rows"]
    assert rows[0]["lead_unit"] == str(cast.snv.pk)
    assert rows[1]["lead_unit"] == str(cast.stc.pk)
    assert document.review["assigned_by"] == str(cast.leader.person.pk)
    for row in rows:
        assert document.text[row["span"]["start"] : row["span"]["end"]].strip()

    page = clerk.get(reverse("document-review", args=[document.pk])).content.decode()
    assert page.count('<mark id="span-') == 3

    response = clerk.post(
        reverse("document-review", args=[document.pk]), _fill_missing_leads(document, cast.office)
    )
    assert response.status_code == 302
    tasks = list(Task.objects.order_by("number"))
    assert len(tasks) == 3
    assert tasks[0].lead_unit == cast.snv and tasks[0].due_date.isoformat() == "2026-06-30"
    assert tasks[0].assigned_by == cast.leader.person
    assert TaskEvent.objects.count() >= 3


def test_the_lang_son_sample_notice_is_read_reviewed_and_registered(
    clerk, cast, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    document = _upload_and_read(clerk, SAMPLE.name, SAMPLE.read_bytes(), django_capture_on_commit_callbacks)
    assert document.kind == "TB" and document.symbol == "TB-VP"
    assert document.proposed_count >= 10
    with django_assert_max_num_queries(12):
        page = clerk.get(reverse("document-review", args=[document.pk])).content.decode()
    assert page.count('<mark id="span-') >= 10
    url = reverse("document-review", args=[document.pk])
    data = _fill_missing_leads(document, cast.office)
    # Deadline phrases without a date ("kịp thời", "Khẩn trương") are listed and
    # registration waits for a confirmation of exactly that list.
    response = clerk.post(url, data, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "điểm chưa giải quyết" in page
    assert "Có thời hạn “kịp thời” nhưng chưa tính được ngày" in page
    assert not Task.objects.exists()
    confirm = re.search(r'value="(register-confirmed:[0-9a-f]+)"', page).group(1)
    response = clerk.post(url, {**data, "action": confirm})
    assert response.status_code == 302, response.content.decode()
    assert Task.objects.filter(document=document).count() == document.proposed_count
