import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_logs_in_and_sees_the_tasks(page, log_in, cast, make_task):
    make_task("Xây dựng bộ tiêu chí đánh giá cán bộ, công chức", due=dt.date(2026, 5, 31))
    make_task("Sơ kết 01 năm thực hiện chính quyền địa phương 02 cấp", due=dt.date(2026, 5, 5))
    make_task("Lập dự toán ngân sách năm 2027", lead_unit=cast.stc)

    log_in("lanhdao", cast.password)

    # The Chairman lands on the overview, and opens the list from the menu.
    expect(page.get_by_role("heading", name="Tổng quan toàn tỉnh")).to_be_visible()
    page.locator(".menu nav").get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page.get_by_role("heading", name="Danh sách nhiệm vụ")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("Nguyễn Văn Lãnh")
    table = page.locator("table.tasks")
    expect(table).to_contain_text("Xây dựng bộ tiêu chí đánh giá cán bộ, công chức")
    expect(table).to_contain_text("Sơ kết 01 năm thực hiện chính quyền địa phương 02 cấp")
    expect(table).to_contain_text("Lập dự toán ngân sách năm 2027")
    expect(page.locator("p.count")).to_contain_text("3 nhiệm vụ")

    page.get_by_role("link", name="Xây dựng bộ tiêu chí đánh giá cán bộ, công chức").click()
    expect(page.get_by_role("heading", name="Lịch sử")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("31/05/2026")


def test_a_wrong_password_is_refused_in_vietnamese(page, log_in, cast):
    log_in("lanhdao", "khong-dung")
    expect(page.locator(".login .error")).to_have_text(
        "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại."
    )
    assert "/dang-nhap/" in page.url
