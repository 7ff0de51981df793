"""A breakdown (Phân công to a division and a person) is part of its task, not a new task:
the parts keep the notice's paragraph and document, whoever holds a part sees them,
the parts' products show on the parent the leader judges, and every count and list of
the notice's tasks counts the task once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.documents.models import Document, DocumentStatus
from dondoc.notifications.urging import overdue_tasks
from dondoc.tasks import services
from dondoc.tasks.choices import Status

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)
TEXT = (
    "THÔNG BÁO\n"
    "1. Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ "
    "đối với cán bộ, công chức; báo cáo UBND tỉnh trong tháng 5/2026.\n"
    "2. Giao Sở Tài chính bố trí kinh phí.\n"
)
PARAGRAPH = TEXT.splitlines()[1]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def notice(db):
    return Document.objects.create(
        original_name="tb-12.txt",
        sha256="b" * 64,
        size=len(TEXT),
        content_type="text/plain",
        status=DocumentStatus.REGISTERED,
        text=TEXT,
        kind="TB",
        number="12",
        symbol="TB-UBND",
        subject="Kết luận của Chủ tịch UBND tỉnh",
    )


@pytest.fixture
def tasks(cast, make_task, notice):
    """The notice's two tasks; the first broken down to Phòng CCVC, then to its specialist."""
    start = TEXT.index(PARAGRAPH)
    criteria = make_task(
        "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức",
        lead_unit=cast.snv,
        due=dt.date(2026, 5, 31),
        assigned_by=cast.leader.person,
        coordinating_units=[cast.stc],
        document=notice,
        source_start=start,
        source_end=start + len(PARAGRAPH),
        section=["III. Nhiệm vụ"],
        number=1,
    )
    budget = make_task(
        "Bố trí kinh phí", lead_unit=cast.stc, due=dt.date(2026, 6, 30), document=notice, number=2
    )
    division = services.assign(
        criteria, by=cast.snv_director, unit=cast.snv_ccvc, due_date=dt.date(2026, 5, 20)
    )
    person = services.assign(
        division, by=cast.ccvc_head, assignee=cast.specialist.person, due_date=dt.date(2026, 5, 15)
    )
    return criteria, budget, division, person


def counts(page: str) -> dict[str, int]:
    found = re.findall(r'<span class="badge ([a-z_]+)">[^<]+</span> <strong>(\d+)</strong>', page)
    return {category: int(n) for category, n in found}


def test_the_parts_keep_the_notice_paragraph_and_document(cast, tasks, notice):
    criteria, _budget, division, person = tasks
    for part in (division, person):
        assert part.document == notice
        assert (part.source_start, part.source_end) == (criteria.source_start, criteria.source_end)
        assert part.section == criteria.section and part.number == 1
        assert part.source_excerpt() == PARAGRAPH


def test_the_specialist_sees_the_source_paragraph_and_the_document(login, cast, tasks, notice):
    criteria, _budget, _division, person = tasks
    client = login(cast.specialist)
    page = client.get(reverse("task-detail", args=[person.pk])).content.decode()
    assert "Nhiệm vụ nhập trực tiếp" not in page
    excerpt = page.split("Trích đoạn văn bản nguồn", 1)[1]
    assert "xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ" in excerpt
    assert reverse("document-detail", args=[notice.pk]) in page
    # The part it belongs to is named (the division's, which the specialist may open).
    assert "do Phòng Công chức, viên chức chủ trì" in page
    assert reverse("task-detail", args=[person.parent_id]) in page
    # The department's task is named on the division's page, without a link the
    # specialist could not follow.
    page = client.get(reverse("task-detail", args=[person.parent_id])).content.decode()
    assert f"#{criteria.pk} do Sở Nội vụ chủ trì" in page
    assert f'href="{reverse("task-detail", args=[criteria.pk])}"' not in page
    assert (
        "xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ"
        in page.split("Trích đoạn văn bản nguồn", 1)[1]
    )
    assert client.get(reverse("task-detail", args=[criteria.pk])).status_code == 404
    document_page = client.get(reverse("document-detail", args=[notice.pk]))
    assert document_page.status_code == 200
    assert "Phần việc phân công của nhiệm vụ" in document_page.content.decode()


def test_the_leaders_counts_do_not_change_with_a_breakdown(login, cast, tasks, notice):
    criteria, budget, division, person = tasks
    for viewer in (cast.leader, cast.followup):
        page = login(viewer).get(reverse("task-list")).content.decode()
        assert "2 nhiệm vụ theo văn bản" in page
        assert counts(page)[Status.OPEN_ON_TIME] == 2 and sum(counts(page).values()) == 2
        assert f'href="/nhiem-vu/{division.pk}/"' not in page and f'href="/nhiem-vu/{person.pk}/"' not in page
    # The director's register shows his task once; its parts are on its page.
    page = login(cast.snv_director).get(reverse("task-list")).content.decode()
    assert "1 nhiệm vụ theo văn bản" in page and sum(counts(page).values()) == 1
    assert "phần việc được phân công" not in page
    # The notice's own counts.
    page = login(cast.followup).get(reverse("document-list")).content.decode()
    assert ">2 nhiệm vụ</a>" in page
    page = login(cast.followup).get(reverse("document-tasks", args=[notice.pk])).content.decode()
    assert len(re.findall(r'href="/nhiem-vu/\d+/"', page)) == 2


def test_every_count_links_to_the_list_behind_it(login, cast, tasks):
    client = login(cast.leader)
    page = client.get(reverse("task-list")).content.decode()
    links = re.findall(r'<a href="\?([^"]*status=([a-z_]+)[^"]*)"><span class="badge', page)
    assert {category for _, category in links} == set(Status.values)
    for query, category in links:
        listed = client.get(reverse("task-list") + "?" + query.replace("&amp;", "&")).content.decode()
        assert f"{counts(page)[category]} nhiệm vụ theo văn bản" in listed, category


def test_a_division_and_a_specialist_find_their_parts_marked(login, cast, tasks):
    criteria, _budget, division, person = tasks
    client = login(cast.specialist)
    page = client.get(reverse("task-list")).content.decode()
    assert "0 nhiệm vụ theo văn bản" in page
    assert "1 phần việc được phân công cho đơn vị, cá nhân" in page
    # The highest part of it they may see: the division's (theirs is on its page).
    for viewer in (cast.specialist, cast.ccvc_head):
        parts = login(viewer).get(reverse("task-list"), {"part": "phan-cong"}).content.decode()
        assert f'href="/nhiem-vu/{division.pk}/"' in parts and f'href="/nhiem-vu/{person.pk}/"' not in parts
        assert f"Phần việc phân công của nhiệm vụ #{criteria.pk} (Sở Nội vụ)" in parts
        assert "không tính vào số liệu thống kê" in parts
    mine = login(cast.specialist).get(reverse("my-tasks")).content.decode()
    assert f"Phần việc phân công của nhiệm vụ #{division.pk}" in mine


def test_the_parts_products_show_on_the_parent_the_leader_judges(login, cast, tasks):
    criteria, _budget, division, person = tasks
    draft = SimpleUploadedFile("du-thao-bo-tieu-chi.txt", "Dự thảo bộ tiêu chí.\n".encode())
    services.report_progress(person, by=cast.specialist, percent=60, text="Đã có dự thảo", files=[draft])
    for viewer in (cast.leader, cast.snv_director, cast.followup):
        page = login(viewer).get(reverse("task-detail", args=[criteria.pk])).content.decode()
        assert "du-thao-bo-tieu-chi.txt" in page, viewer
        assert f"Phần việc phân công #{person.pk} – Phòng Công chức, viên chức – Lý Văn Tú" in page
    # A coordinating unit sees the task, not the division's internal drafts.
    page = login(cast.outsider).get(reverse("task-detail", args=[criteria.pk])).content.decode()
    assert "du-thao-bo-tieu-chi.txt" not in page


def test_the_office_urges_the_notices_tasks_not_their_parts(cast, tasks):
    criteria, _budget, division, _person = tasks
    late = dt.date(2026, 6, 10)
    assert list(overdue_tasks(cast.snv, late)) == [criteria]
    assert list(overdue_tasks(cast.snv_ccvc, late)) == []
