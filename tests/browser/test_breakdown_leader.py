"""A new user's first hour, in the browser: a notice whose leader cannot be told is
refused until one is chosen; a breakdown to a division and a person leaves the leader's
counts as they were and brings the part's product to the parent; the specialist sees
the notice's paragraph. Every screen visited fits the window."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect
from util import assert_fits

from dondoc.documents.models import Document, DocumentStatus
from dondoc.tasks.models import Task

_spec = importlib.util.spec_from_file_location(
    "conftest_intake", Path(__file__).resolve().parents[1] / "web" / "conftest_intake.py"
)
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)
BOTH = pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
PARAGRAPH = (
    "1. Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ đối với cán bộ, "
    "công chức, viên chức; báo cáo UBND tỉnh trong tháng 5/2026."
)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def visit(page: Page, url: str):
    page.goto(url)
    assert_fits(page)


def flash(page: Page, text: str):
    expect(page.locator(".messages li.success")).to_contain_text(text)


@BOTH
def test_a_notice_without_a_resolvable_leader_is_refused_until_one_is_chosen(page, log_in, cast):
    text = _helpers.NOTICE.replace("đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh", "Hội nghị giao ban")
    extraction = _helpers.extraction_for(text)
    extraction["document"]["subject"] = "Kết luận tại Hội nghị giao ban tháng 4"
    document = _helpers.make_ready_document(cast, text, extraction)
    log_in(cast.clerk.username, cast.password)
    visit(page, f"/van-ban/{document.pk}/ra-soat/")
    expect(page.locator("#leader-note")).to_contain_text("Không xác định được lãnh đạo giao nhiệm vụ")
    page.get_by_role("button", name="Đăng ký nhiệm vụ").click()
    expect(page.locator(".messages li.error")).to_contain_text(
        "Chưa đăng ký: 3 nhiệm vụ chưa có lãnh đạo giao (nhiệm vụ 1, 2, 3)."
    )
    expect(page.locator("fieldset.task-row.has-error")).to_have_count(3)
    assert_fits(page)
    assert not Task.objects.exists()
    # post/redirect/get: the address is the review's own; a reload is a GET, never a 405
    assert page.url.endswith(f"/van-ban/{document.pk}/ra-soat/")
    response = page.reload()
    assert response.status == 200 and response.request.method == "GET"
    expect(page.get_by_role("heading", name="Rà soát nhiệm vụ trước khi đăng ký")).to_be_visible()

    page.get_by_label("Lãnh đạo giao nhiệm vụ (cho mọi nhiệm vụ của văn bản)").select_option(
        label="Nguyễn Văn Lãnh – Chủ tịch UBND tỉnh"
    )
    page.get_by_role("button", name="Đăng ký nhiệm vụ").click()
    flash(page, "Đã đăng ký 3 nhiệm vụ")
    assert_fits(page)
    assert set(Task.objects.values_list("assigned_by", flat=True)) == {cast.leader.person.pk}


@pytest.fixture
def notice_task(cast, make_task):
    text = f"THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n{PARAGRAPH}\nNơi nhận:\n"
    document = Document.objects.create(
        original_name="tb-12.txt",
        sha256="c" * 64,
        size=len(text),
        content_type="text/plain",
        status=DocumentStatus.REGISTERED,
        text=text,
        kind="TB",
        number="12",
        symbol="TB-UBND",
    )
    start = text.index(PARAGRAPH)
    task = make_task(
        "Xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ đối với cán bộ, công chức, viên chức",
        lead_unit=cast.snv,
        due=dt.date(2026, 5, 31),
        assigned_by=cast.leader.person,
        document=document,
        source_start=start,
        source_end=start + len(PARAGRAPH),
    )
    make_task("Bố trí kinh phí bồi dưỡng", lead_unit=cast.stc, due=dt.date(2026, 6, 30), document=document)
    return task


def leader_counts(page: Page) -> dict[str, str]:
    visit(page, "/nhiem-vu/")
    counts = {}
    for item in page.locator("ul.summary li").all():
        counts[item.locator(".badge").inner_text()] = item.locator("strong").inner_text()
    counts["total"] = page.locator("p.count").inner_text().split(" ·")[0]
    return counts


@BOTH
def test_a_breakdown_leaves_the_leaders_counts_and_brings_the_product_to_the_parent(
    page, log_in, cast, notice_task, tmp_path
):
    log_in(cast.leader.username, cast.password)
    before = leader_counts(page)
    assert before["total"] == "2 nhiệm vụ theo văn bản"

    # The director breaks the task down: to a division, and to a division and a person.
    log_in(cast.snv_director.username, cast.password)
    visit(page, f"/nhiem-vu/{notice_task.pk}/")
    for unit, person in (("Phòng Tổ chức, biên chế", None), ("Phòng Công chức, viên chức", "Lý Văn Tú")):
        panel = page.locator("#act-assign")
        panel.locator("summary").click()
        panel.get_by_label("Phòng, đơn vị thực hiện").select_option(label=unit)
        if person:
            panel.get_by_label("Người thực hiện").select_option(label=f"{person} – {unit}")
        panel.locator("button[type=submit]").click()
        flash(page, "Đã phân công xử lý nhiệm vụ.")
    expect(page.locator("table.children tbody tr")).to_have_count(2)
    assert_fits(page)

    # The specialist reports progress on their part with a product file.
    log_in(cast.specialist.username, cast.password)
    part = Task.objects.get(parent=notice_task, assignee=cast.specialist.person)
    visit(page, f"/nhiem-vu/{part.pk}/")
    (tmp_path / "du-thao-bo-tieu-chi.txt").write_text("Dự thảo bộ tiêu chí đánh giá.\n", encoding="utf-8")
    panel = page.locator("#act-report-progress")
    panel.locator("summary").click()
    panel.get_by_label("Tiến độ (%)").fill("60")
    panel.get_by_label("Nội dung báo cáo").fill("Đã có dự thảo bộ tiêu chí.")
    panel.locator("input[type=file]").set_input_files(str(tmp_path / "du-thao-bo-tieu-chi.txt"))
    panel.locator("button[type=submit]").click()
    flash(page, "Đã gửi báo cáo tiến độ.")

    # The Chairman's counts are as they were; the product shows on the task he judges.
    log_in(cast.leader.username, cast.password)
    assert leader_counts(page) == before
    visit(page, f"/nhiem-vu/{notice_task.pk}/")
    report = page.locator("article.report", has_text="Đã có dự thảo bộ tiêu chí.")
    expect(report.locator(".part-of")).to_contain_text(
        f"Phần việc phân công #{part.pk} – Phòng Công chức, viên chức"
    )
    with page.expect_download() as download:
        report.get_by_role("link", name="du-thao-bo-tieu-chi.txt").click()
    assert download.value.suggested_filename == "du-thao-bo-tieu-chi.txt"


@BOTH
def test_the_specialist_sees_the_source_paragraph_of_their_part(page, log_in, cast, notice_task):
    from dondoc.tasks import services

    division = services.assign(notice_task, by=cast.snv_director, unit=cast.snv_ccvc)
    part = services.assign(division, by=cast.ccvc_head, assignee=cast.specialist.person)
    log_in(cast.specialist.username, cast.password)
    visit(page, "/viec-cua-toi/")
    page.locator(f'a[href="/nhiem-vu/{part.pk}/"]').click()
    expect(page.locator("blockquote.source")).to_contain_text(
        "xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ đối với cán bộ"
    )
    assert_fits(page)
    expect(page.get_by_text("Nhiệm vụ nhập trực tiếp")).to_have_count(0)
    page.locator("dd a", has_text="12/TB-UBND").click()
    expect(page.locator("h1")).to_contain_text("12/TB-UBND")
    assert_fits(page)
