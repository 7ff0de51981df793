"""The extraction quality page: figures per document, per month and per extractor
version, the most frequent corrections, every number linked to the list behind it."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from conftest_intake import NOTICE, extraction_for, make_ready_document, payload
from django.urls import reverse

from dondoc.org.choices import Role
from dondoc.org.models import User, UserRole
from dondoc.quality.models import ReviewRecord

pytestmark = pytest.mark.django_db

MAY = dt.datetime(2026, 5, 10, 9, 0, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_user(cast):
    user = User.objects.create(username="quantri")
    UserRole.objects.create(user=user, role=Role.ADMIN)
    return user


def register(client, cast, text, when, extraction=None, version="", **changes):
    extraction = extraction or extraction_for(text)
    extraction["extractor_version"] = version
    document = make_ready_document(cast, text, extraction)
    with time_machine.travel(when, tick=False):
        client.force_login(cast.clerk)
        response = client.post(reverse("document-review", args=[document.pk]), payload(document, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return document


@pytest.fixture
def reviewed(client, cast):
    """May: the lead of task 1 corrected from Sở Nội vụ to Sở Tài chính, task 2 dropped.
    June: the same correction, the number corrected; everything else kept."""
    first = register(
        client, cast, NOTICE, MAY, version="v1", **{"form-0-lead_unit": str(cast.stc.pk), "form-1-drop": "on"}
    )
    second_text = NOTICE.replace("Số: 12/TB-UBND", "Số: 14/TB-UBND")
    second = register(
        client,
        cast,
        second_text,
        JUNE,
        version="v2",
        **{"form-0-lead_unit": str(cast.stc.pk), "meta-number": "15"},
    )
    return first, second


def links_with_numbers(page: str) -> list[tuple[str, int]]:
    return [
        (html.unescape(href), int(number))
        for href, number in re.findall(r'<a href="(/chat-luong/[^"]+)"[^>]*>(\d+)</a>', page)
    ]


def listed(client, url: str) -> int:
    page = client.get(url).content.decode()
    match = re.search(r'id="so-dong">(\d+) ', page)
    assert match, url
    return int(match.group(1))


def test_the_figures(client, cast, reviewed):
    client.force_login(cast.followup)
    page = client.get(reverse("quality-overview")).content.decode()
    assert re.search(r'id="so-van-ban">2<', page)
    assert re.search(r'id="so-de-xuat">6<', page)
    assert re.search(r'id="so-kept">3<', page) and re.search(r'id="so-edited">2<', page)
    assert re.search(r'id="so-dropped">1<', page) and re.search(r'id="so-added">0<', page)
    # precision 5/6, recall 5/5, unchanged 3/6
    assert re.search(r'id="ty-le-chinh-xac">83%<', page)
    assert re.search(r'id="ty-le-bao-phu">100%<', page)
    assert re.search(r'id="ty-le-giu-nguyen">50%<', page)
    # the most frequent correction: the lead, twice
    table = page[page.index('id="bang-chinh-sua"') :]
    table = table[table.index("<tbody>") :]
    first_row = table[: table.index("</tr>")]
    assert "Đơn vị chủ trì" in first_row and "Sở Nội vụ" in first_row and "Sở Tài chính" in first_row
    assert ">2</a>" in first_row
    # per month, per version
    assert "Tháng 06/2026" in page and "Tháng 05/2026" in page
    assert "<code>v1</code>" in page and "<code>v2</code>" in page
    # the chart: server-side SVG, no inline style
    assert "<svg" in page and "style=" not in page


def test_every_number_links_to_a_list_of_that_many(client, cast, reviewed):
    client.force_login(cast.followup)
    page = client.get(reverse("quality-overview")).content.decode()
    links = links_with_numbers(page)
    assert len(links) > 40
    for url, number in links:
        if url.split("?")[0] == reverse("quality-overview"):
            continue
        assert listed(client, url) == number, url


def test_a_month_filter_and_its_lists(client, cast, reviewed):
    client.force_login(cast.followup)
    page = client.get(reverse("quality-overview") + "?thang=2026-05").content.decode()
    assert re.search(r'id="so-van-ban">1<', page) and re.search(r'id="so-dropped">1<', page)
    for url, number in links_with_numbers(page):
        if url.split("?")[0] != reverse("quality-overview"):
            assert listed(client, url) == number, url
    assert listed(client, reverse("quality-tasks") + "?thang=2026-06&ket_qua=dropped") == 0


def test_per_field_rates_match_the_records(client, cast, reviewed):
    client.force_login(cast.followup)
    page = client.get(reverse("quality-overview")).content.decode()
    table = page[page.index('id="bang-truong-nhiem-vu"') : page.index('id="bang-truong-van-ban"')]
    lead_row = table[table.index("Đơn vị chủ trì") :]
    lead_row = lead_row[: lead_row.index("</tr>")]
    # 2 of the 5 registered proposals had their lead corrected
    assert ">2</a>" in lead_row and ">40%</a>" in lead_row
    table = page[page.index('id="bang-truong-van-ban"') :]
    number_row = table[table.index(">Số<") :]
    number_row = number_row[: number_row.index("</tr>")]
    assert ">1</a>" in number_row and ">50%</a>" in number_row
    records = ReviewRecord.objects.all()
    assert sum(r.edited for r in records) == 2 and sum(r.kept for r in records) == 3


def test_the_correction_list(client, cast, reviewed):
    client.force_login(cast.followup)
    url = reverse("quality-corrections") + "?truong=lead_unit&truoc=Sở+Nội+vụ&sau=Sở+Tài+chính"
    page = client.get(url).content.decode()
    assert 'id="so-dong">2 lần sửa' in page
    assert page.count('class="correction"') == 2


def test_the_empty_state(client, cast):
    client.force_login(cast.followup)
    page = client.get(reverse("quality-overview")).content.decode()
    assert 'id="khong-co-du-lieu"' in page
    assert "Chưa có văn bản nào được đăng ký nhiệm vụ sau khi rà soát" in page


def test_who_sees_the_page(client, cast, admin_user):
    url = reverse("quality-overview")
    assert client.get(url).status_code == 302
    for user, status in (
        (cast.clerk, 403),
        (cast.specialist, 403),
        (cast.leader, 403),
        (cast.followup, 200),
        (admin_user, 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        for name in ("quality-tasks", "quality-documents", "quality-corrections", "quality-aliases"):
            assert client.get(reverse(name)).status_code == status, (user, name)
    client.force_login(admin_user)
    assert "Chất lượng trích xuất" in client.get(reverse("task-list")).content.decode()
    client.force_login(cast.clerk)
    assert reverse("quality-overview") not in client.get(reverse("task-list")).content.decode()


def test_bad_filters_are_ignored(client, cast, reviewed):
    client.force_login(cast.followup)
    for query in ("?thang=2026-13", "?thang=abc&van_ban=x", "?ket_qua=zzz&truong=zzz"):
        assert client.get(reverse("quality-overview") + query).status_code == 200
        assert client.get(reverse("quality-tasks") + query).status_code == 200
        assert client.get(reverse("quality-corrections") + query).status_code == 200
