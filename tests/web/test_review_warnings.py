"""Nothing disappears silently in review: a deadline phrase without a date, a date before
the document's day, units named but not resolved, a missing leader are shown on their
task; registration lists what is still unresolved and waits for a confirmation of
exactly that list. "Thường xuyên" is proposed as continuous, apart from "no deadline"."""

from __future__ import annotations

import re

import pytest
from conftest_intake import NOTICE, extraction_for, make_ready_document, payload
from django.urls import reverse

from dondoc.documents import review
from dondoc.documents.models import DocumentStatus
from dondoc.documents.services import CONTINUOUS
from dondoc.tasks.choices import Recurrence, Status
from dondoc.tasks.models import Task
from dondoc.tasks.status import status_as_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.clerk)
    return client


def messy(cast):
    """NOTICE's three tasks: the first dated before the notice, the second with a phrase
    and no date, a coordinator nobody knows; the third "thường xuyên"."""
    extraction = extraction_for(NOTICE)
    first, second, third = extraction["tasks"]
    first["deadline"] = {"text": "trước ngày 20/4/2026", "due": "2026-04-19"}
    second["deadline"] = {"text": "kịp thời", "due": None}
    second["coordinators"] = ["Hội Cựu chiến binh tỉnh"]
    second["lead"] = "Ban Chỉ đạo 35 tỉnh"
    third["deadline"] = {"text": "thường xuyên", "due": None}
    third["recurrence"] = None
    return make_ready_document(cast, NOTICE, extraction)


def rows_of(page: str) -> list[str]:
    return re.split(r'<fieldset class="panel task-row', page)[1:]


def test_each_loss_shows_on_its_task(clerk, cast):
    document = messy(cast)
    page = clerk.get(reverse("document-review", args=[document.pk])).content.decode()
    first, second, third = rows_of(page)
    assert "Hạn hoàn thành 19/04/2026 trước ngày ban hành văn bản (25/04/2026): kiểm tra lại." in first
    assert "Có thời hạn “kịp thời” nhưng chưa tính được ngày" in second
    assert "Chưa xác định được đơn vị chủ trì “Ban Chỉ đạo 35 tỉnh”: hãy chọn đơn vị." in second
    assert "Chưa xác định được đơn vị phối hợp “Hội Cựu chiến binh tỉnh”" in second
    assert "row-warnings" not in third  # "thường xuyên" is a recurrence, not a lost date
    assert "Đề xuất “thường xuyên, liên tục” theo cụm từ “thường xuyên”" in third
    assert document.review["rows"][2]["recurrence"] == CONTINUOUS == Recurrence.CONTINUOUS


def test_registration_waits_for_a_confirmation_of_what_is_unresolved(clerk, cast):
    document = messy(cast)
    url = reverse("document-review", args=[document.pk])
    data = payload(document, **{"form-1-lead_unit": str(cast.stc.pk), "form-1-products": "báo cáo"})
    response = clerk.post(url, data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"{url}#xac-nhan", 302)] and not Task.objects.exists()
    panel = page.split('id="xac-nhan"', 1)[1].split("</div>", 1)[0]
    assert "Còn 3 điểm chưa giải quyết" in panel
    assert 'href="#task-0">Nhiệm vụ 1</a>: Hạn hoàn thành 19/04/2026' in panel
    assert 'href="#task-1">Nhiệm vụ 2</a>: Có thời hạn “kịp thời”' in panel
    assert "đơn vị phối hợp “Hội Cựu chiến binh tỉnh”" in panel
    # The second step is not a lost form: what was typed is in the draft and on the page.
    document.refresh_from_db()
    assert document.review["rows"][1]["products"] == "báo cáo"
    confirm = re.search(r'value="(register-confirmed:[0-9a-f]+)"', panel).group(1)

    # A confirmation of another list (the clerk changed something meanwhile) asks again.
    changed = {**data, "form-0-due": "2026-04-18", "action": confirm}
    again = clerk.post(url, changed, follow=True)
    assert again.status_code == 200 and 'id="xac-nhan"' in again.content.decode()
    # the confirmation is asked once: a reload shows the review without it, the draft kept
    assert 'id="xac-nhan"' not in clerk.get(url).content.decode()
    assert not Task.objects.exists()

    response = clerk.post(url, {**data, "action": confirm})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REGISTERED
    first, second, third = Task.objects.order_by("number")
    day = first.assigned_on
    assert status_as_of(second, day).category == Status.NO_DEADLINE and second.deadline_text == "kịp thời"
    assert status_as_of(third, day).category == Status.RECURRING and third.recurrence == Recurrence.CONTINUOUS


def test_a_clean_notice_registers_at_once(clerk, cast):
    document = make_ready_document(cast)
    assert review.unresolved(document, document.review) == []
    response = clerk.post(reverse("document-review", args=[document.pk]), payload(document))
    assert response.status_code == 302 and Task.objects.count() == 3


def test_resolving_every_point_removes_the_confirmation(clerk, cast):
    document = messy(cast)
    url = reverse("document-review", args=[document.pk])
    data = payload(
        document,
        **{
            "form-0-due": "2026-05-29",
            "form-1-due": "2026-06-30",
            "form-1-lead_unit": str(cast.stc.pk),
            "form-1-coordinating_units": str(cast.snv.pk),
        },
    )
    response = clerk.post(url, data)
    assert response.status_code == 302, rows_of(response.content.decode())
    assert Task.objects.count() == 3


def test_a_dropped_row_has_nothing_to_confirm(cast):
    document = messy(cast)
    draft = review.draft_of(document)
    for row in draft["rows"][:2]:
        row["drop"] = True
    assert review.unresolved(document, draft) == []
