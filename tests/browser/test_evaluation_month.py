"""A month of evaluation for a division, through the browser, at desktop size and on a
phone (390×844): dondoc computes the task-results part from May's tasks, the specialist
self-assesses, the head of division changes a score with a reason, the director approves
and the evaluation is locked; the .docx form and the .xlsx table are downloaded, opened
and checked. Every screen fits the width of the window."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evaluation"))
from eval_helpers import Work  # noqa: E402
from util import DESKTOP, PHONE, assert_fits, nav  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = dt.timezone(dt.timedelta(hours=7))
JUNE_3 = dt.datetime(2026, 6, 3, 8, 30, tzinfo=VN)  # May has ended: its evaluation is due
SCORES = {
    "Chính trị tư tưởng": "5",
    "Đạo đức, lối sống": "5",
    "Ý thức tổ chức kỷ luật": "5",
    "Văn hóa công vụ": "5",
    "Thái độ phục vụ nhân dân": "5",
    "Đổi mới, sáng tạo": "4,5",
}


@pytest.fixture
def may_of_the_division(cast):
    """The defaults (a transactional test starts from empty tables) and the specialist's
    May: a plan on time, a report returned once and delivered late, a submission overdue."""
    from dondoc.evaluation.defaults import ensure_defaults

    ensure_defaults()
    work = Work(cast)
    on_time = work.child("Xây dựng kế hoạch bồi dưỡng", due=dt.date(2026, 5, 15), products=["Kế hoạch"])
    work.done(on_time, dt.date(2026, 5, 14), dt.date(2026, 5, 15))
    returned = work.child("Báo cáo sơ kết công tác cán bộ", due=dt.date(2026, 5, 20), products=["Báo cáo"])
    work.submit(returned, dt.date(2026, 5, 18))
    work.return_(returned, dt.date(2026, 5, 19))
    work.done(returned, dt.date(2026, 5, 22))
    work.child("Tờ trình kiện toàn Hội đồng", due=dt.date(2026, 5, 25), products=["Tờ trình"])
    return cast


def open_tab(page, name):
    nav(page, "Đánh giá")
    page.locator("nav.tabs").get_by_role("link", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_month_of_evaluation_for_a_division(page, log_in, may_of_the_division, size):
    cast = may_of_the_division
    page.set_viewport_size(size)
    with time_machine.travel(JUNE_3, tick=True):
        # 1. The specialist sees the computed part and the tasks behind it, and self-assesses.
        log_in("cv.ccvc", cast.password)
        nav(page, "Đánh giá")
        expect(page.get_by_role("heading", name="Phiếu đánh giá tháng 05/2026 – Lý Văn Tú")).to_be_visible()
        expect(page.locator("#diem-nhiem-vu")).to_contain_text("58,67")
        lines = page.locator("table.lines")
        expect(lines).to_contain_text("Báo cáo sơ kết công tác cán bộ")
        expect(lines).to_contain_text("Bị trả lại 1 lần: trừ 25% điểm chất lượng")
        expect(lines).to_contain_text("Chưa hoàn thành, hạn 25/05/2026 đã qua")
        assert_fits(page)
        form = page.locator("#act-self-assess")
        for label, value in SCORES.items():
            form.get_by_label(label).fill(value)
        form.get_by_label("Ý kiến của bạn").fill("Tờ trình chậm do chờ ý kiến các sở.")
        form.get_by_role("button", name="Gửi tự đánh giá").click()
        expect(page.locator(".messages")).to_contain_text("Đã gửi phiếu tự đánh giá.")
        expect(page.locator("#tong-diem")).to_contain_text("88,17")
        expect(page.locator("#xep-loai")).to_have_text("Hoàn thành tốt nhiệm vụ")
        assert_fits(page)

        # 2. The head of division reviews: a changed score needs a reason.
        log_in("tp.ccvc", cast.password)
        open_tab(page, "Phòng, đơn vị")
        expect(
            page.get_by_role("heading", name="Bảng đánh giá của phòng, đơn vị: Phòng Công chức, viên chức")
        ).to_be_visible()
        row = page.locator("table.evaluations tr", has_text="Lý Văn Tú")
        expect(row).to_contain_text("88,17")
        assert_fits(page)
        row.get_by_role("link", name="Lý Văn Tú").click()
        review = page.locator("#act-review")
        expect(review.get_by_label("Đổi mới, sáng tạo")).to_have_value("4,5")
        review.get_by_label("Đổi mới, sáng tạo").fill("3")
        review.get_by_role("button", name="Ghi nhận đánh giá").click()
        expect(page.locator(".alert")).to_have_text("Cần ghi lý do thay đổi (điểm tiêu chí chung).")
        review = page.locator("#act-review")
        expect(review.get_by_label("Đổi mới, sáng tạo")).to_have_value("3")  # nothing typed is lost
        review.get_by_label("Lý do thay đổi").fill("Chưa có sáng kiến được công nhận trong tháng.")
        review.get_by_label("Nhận xét của trưởng phòng").fill("Hoàn thành tốt nhiệm vụ được giao.")
        assert_fits(page)
        review.get_by_role("button", name="Ghi nhận đánh giá").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi nhận đánh giá của trưởng phòng.")
        expect(page.locator("#tong-diem")).to_contain_text("86,67")
        expect(page.locator("#tinh-trang")).to_have_text("Trưởng phòng đã đánh giá, chờ phê duyệt")

        # 3. The director approves from the agency's table; the evaluation is locked.
        log_in("gd.snv", cast.password)
        open_tab(page, "Cơ quan")
        expect(page.locator("#ty-le-xuat-sac")).to_contain_text("Tỷ lệ hoàn thành xuất sắc tối đa 20%")
        assert_fits(page)
        page.locator("table.evaluations tr", has_text="Lý Văn Tú").get_by_role(
            "link", name="Lý Văn Tú"
        ).click()
        approve = page.locator("#act-approve")
        expect(approve.get_by_label("Đổi mới, sáng tạo")).to_have_value("3")
        approve.get_by_label("Ý kiến của lãnh đạo").fill("Đồng ý.")
        assert_fits(page)
        approve.get_by_role("button", name="Phê duyệt và khóa phiếu").click()
        expect(page.locator(".messages")).to_contain_text("Đã phê duyệt; phiếu đánh giá đã được khóa.")
        expect(page.locator("#tinh-trang")).to_have_text("Đã phê duyệt (khóa)")
        expect(page.locator("#act-approve")).to_have_count(0)
        expect(page.locator("#act-amend")).to_have_count(1)
        expect(page.locator("ol.history-list")).to_contain_text(
            "Chưa có sáng kiến được công nhận trong tháng."
        )

        # 4. The form, downloaded and opened.
        from docx import Document

        with page.expect_download() as download:
            page.get_by_role("link", name="Tải phiếu đánh giá (.docx)").click()
        assert download.value.suggested_filename.endswith(".docx")
        doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
        assert "Họ và tên: Lý Văn Tú" in text
        assert "Xếp loại: Hoàn thành tốt nhiệm vụ" in text
        assert "Trưởng phòng (Nông Thị Hà) " not in text  # no adjustment of the computed part
        assert "Lý do thay đổi của trưởng phòng: Chưa có sáng kiến được công nhận trong tháng." in text
        assert "86,67" in cells and "Báo cáo sơ kết công tác cán bộ" in cells and "Vi Văn Hùng" in cells

        # 5. The agency's summary table, downloaded and opened.
        from openpyxl import load_workbook

        open_tab(page, "Cơ quan")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải bảng tổng hợp (.xlsx)").click()
        sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        rows = list(sheet.iter_rows(values_only=True))
        header = next(r for r in rows if r and r[0] == "STT")
        person = next(r for r in rows if r and r[1] == "Lý Văn Tú")
        assert person[header.index("Cá nhân tự chấm")] == pytest.approx(88.17)
        assert person[header.index("Trưởng phòng")] == pytest.approx(86.67)
        assert person[header.index("Lãnh đạo phê duyệt")] == pytest.approx(86.67)
        assert person[header.index("Xếp loại")] == "Hoàn thành tốt nhiệm vụ"
        assert person[header.index("Tình trạng")] == "Đã phê duyệt"

        # 6. Locked: the specialist can no longer change anything.
        log_in("cv.ccvc", cast.password)
        nav(page, "Đánh giá")
        expect(page.locator("#tinh-trang")).to_have_text("Đã phê duyệt (khóa)")
        expect(page.locator("#act-self-assess")).to_have_count(0)
        assert_fits(page)
